"""Structured output (a schema checked as given, an answer checked against it), an answer's
sources numbered as the text cites them, and log probabilities read from a stream."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from ponder.core.answers.citations import marked, source_lines, sources
from ponder.core.answers.structured import SchemaError, check_answer, schema_format
from ponder.core.wire.accumulate import StreamState

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 0}},
          "required": ["city", "population"], "additionalProperties": False}


def test_a_schema_is_checked_when_given_and_an_answer_against_it() -> None:
    fmt = schema_format(json.dumps(SCHEMA), "my city!")
    assert fmt == {"type": "json_schema", "json_schema": {"name": "my_city", "schema": SCHEMA, "strict": True}}
    wrapped = schema_format(json.dumps({"name": "c", "schema": SCHEMA, "strict": False}))
    assert wrapped["json_schema"]["name"] == "c" and wrapped["json_schema"]["strict"] is False
    with pytest.raises(SchemaError, match="not valid JSON"):
        schema_format("{nope")
    with pytest.raises(SchemaError, match="at properties/population/minimum"):
        schema_format(json.dumps({**SCHEMA, "properties": {"population": {"type": "integer", "minimum": "zero"}}}))
    ok = check_answer('{"city": "Oslo", "population": 709000}', fmt)
    assert ok is not None and ok.valid and ok.describe() == "Valid JSON for the schema"
    bad = check_answer('```json\n{"city": 5, "population": -1, "x": 1}\n```', fmt)
    assert bad is not None and bad.parsed and not bad.valid
    assert bad.errors[0].startswith("(the whole answer): Additional properties") and any(e.startswith("city:") for e in bad.errors)
    assert check_answer("not json", fmt).describe().startswith("The answer is not JSON")  # type: ignore[union-attr]
    assert check_answer("anything", None) is None


def test_sources_are_numbered_as_the_text_cites_them_and_only_web_addresses_kept() -> None:
    text = "Blue sky. Sunsets are red. Violet too."
    ann = [
        {"type": "url_citation", "url_citation": {"url": "https://b.example/sun", "title": "Sunsets", "start_index": 10, "end_index": 26}},
        {"type": "url_citation", "url_citation": {"url": "https://www.a.example/sky", "title": "Sky\n  facts", "start_index": 0, "end_index": 9}},
        {"type": "url_citation", "url_citation": {"url": "https://www.a.example/sky", "start_index": 27, "end_index": 38}},
        {"type": "url_citation", "url_citation": {"url": "javascript:alert(1)", "title": "x", "start_index": 0, "end_index": 3}},
        {"type": "url_citation", "url": "file:///etc/passwd", "title": "flat"},
        {"type": "file_citation"},
    ]
    cited = sources(ann, text)
    assert [(s.n, s.url, s.title, s.domain) for s in cited] == [
        (1, "https://www.a.example/sky", "Sky facts", "a.example"), (2, "https://b.example/sun", "Sunsets", "b.example")]
    assert marked(text, cited) == "Blue sky.[1] Sunsets are red.[2] Violet too.[1]"
    assert source_lines(cited)[0] == "[1] Sky facts (a.example) https://www.a.example/sky"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["type", "url_citation", "url", "start_index", "end_index", "title"]),
                                st.none() | st.integers() | st.text(max_size=20) | st.just("url_citation")
                                | st.fixed_dictionaries({}, optional={"url": st.text(max_size=20) | st.just("https://x.example/"),
                                                                      "start_index": st.integers(-5, 50), "end_index": st.integers(-5, 50)})),
                max_size=6), st.text(st.characters(blacklist_characters="\x00\x01"), max_size=40))
def test_no_annotation_breaks_the_sources(ann: list, text: str) -> None:  # type: ignore[type-arg]
    import re

    cited = sources(ann, text)
    assert [s.n for s in cited] == list(range(1, len(cited) + 1))
    assert re.sub("\x00\\d+\x01", "", marked(text, cited, "\x00{}\x01")) == text  # markers added, nothing else changed


def test_log_probabilities_are_read_and_checked() -> None:
    acc = StreamState()
    acc.handle({"choices": [{"index": 0, "delta": {"content": "Hi"}, "logprobs": {"content": [
        {"token": "Hi", "logprob": -0.1, "top_logprobs": [{"token": "Hi", "logprob": -0.1}, {"token": "Hey", "logprob": -2.5}]},
        {"token": "x", "logprob": float("nan")}, {"token": 5, "logprob": -1}, "junk",
        {"token": "!", "logprob": -3, "top_logprobs": [{"token": None, "logprob": 1}, {"token": "?", "logprob": "high"}]}]}}]})
    r = acc.snapshot()
    assert r.logprobs == [{"token": "Hi", "logprob": -0.1, "top": [["Hi", -0.1], ["Hey", -2.5]]},
                          {"token": "!", "logprob": -3.0, "top": []}]
    assert "logprobs" in r.to_json() and StreamState().snapshot().logprobs is None


def test_cached_prompt_tokens_are_shown_in_the_figures() -> None:
    from ponder.core.answers.figures import figures

    shown = figures("m", 100, 2100, {"prompt_tokens": 1204, "completion_tokens": 16,
                                      "prompt_tokens_details": {"cached_tokens": 1024}}, None, "stop")
    assert "1,204 in (1,024 cached) / 16 out" in shown
    assert "12 in (8 cached) / 3 out" in figures("m", None, None, {"prompt_tokens": 12, "completion_tokens": 3,
                                                                   "prompt_cache_hit_tokens": 8}, None, None)  # DeepSeek
    assert "5 in / 3 out" in figures("m", None, None, {"prompt_tokens": 5, "completion_tokens": 3,
                                                       "prompt_tokens_details": {"cached_tokens": 0}}, None, None)


def test_a_sweep_is_one_column_per_effort_least_to_most() -> None:
    from ponder.core.answers.columns import is_sweep, sweep

    cols = sweep("openrouter", "openai/o4-mini", ["high", "low", "medium", "none"])
    assert [c.effort for c in cols] == ["none", "low", "medium", "high"] and is_sweep(cols)
    with pytest.raises(ValueError, match="nothing to compare"):
        sweep("ollama", "llama3", [])
    many = sweep("x", "m", ["none", "minimal", "low", "medium", "high", "xhigh", "max", "extra1", "extra2"])
    assert len(many) == 8 and many[0].effort == "none" and many[-1].effort == "extra2"
