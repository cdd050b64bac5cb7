"""Shapes from shared/docs/protocol.md that the sample streams lack."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest

from ponder.core.wire.accumulate import StreamState
from ponder.core.wire.capture import parse_sse
from ponder.core.models import ContentDelta, ContentWasReasoning, Finished, ReasoningDelta, StreamResult


def sse(*chunks: Any) -> bytes:
    out = []
    for c in chunks:
        out.append(c if isinstance(c, bytes) else b"data: " + json.dumps(c).encode() + b"\n\n")
    return b"".join(out)


def parse(*chunks: Any, think: str = "auto", done: bool = True) -> StreamResult:
    body = sse(*chunks) + (b"data: [DONE]\n\n" if done else b"")
    result, _ = parse_sse([body], think)  # type: ignore[arg-type]
    return result


def ch(delta: dict | None = None, finish: str | None = None, index: int | None = 0, **top: Any) -> dict:
    choice: dict[str, Any] = {"delta": delta or {}, "finish_reason": finish}
    if index is not None:
        choice["index"] = index
    return {"choices": [choice], **top}


def test_aigateway_chunks_without_index_and_usage_without_choices() -> None:
    r = parse(
        {"id": "x", "choices": [{"delta": {"role": "assistant", "reasoning_content": "Think."}}]},
        {"choices": [{"delta": {"content": "Hi"}}]},
        {"choices": [{"delta": {}, "finish_reason": "stop"}]},
        {"usage": {"prompt_tokens": 3, "completion_tokens": 2}},
    )
    assert (r.reasoning, r.content, r.finish_reason) == ("Think.", "Hi", "stop")
    assert r.usage == {"prompt_tokens": 3, "completion_tokens": 2}


def test_ollama_reasoning_field_and_whole_tool_call_in_one_chunk() -> None:
    r = parse(
        ch({"role": "assistant", "content": "", "reasoning": "Need weather."}),
        ch({"content": "", "tool_calls": [{"id": "call_1", "index": 0, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}]}),
        ch({}, "tool_calls"),
        {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 4}},
    )
    assert r.reasoning == "Need weather."
    assert [t.to_dict() for t in r.tool_calls] == [{"id": "call_1", "name": "get_weather", "arguments": '{"city":"Oslo"}'}]
    assert r.finish_reason == "tool_calls" and r.content == ""


def test_vllm_transition_both_fields_counted_once() -> None:
    r = parse(
        ch({"reasoning": "a", "reasoning_content": "a"}),
        ch({"reasoning": "b", "reasoning_content": "b"}),
        ch({"reasoning_content": "c"}),
        ch({"content": "done"}, "stop"),
    )
    assert r.reasoning == "abc"


def test_empty_reasoning_string_does_not_hide_details_text() -> None:
    r = parse(ch({"reasoning": "", "reasoning_details": [{"type": "reasoning.summary", "summary": "S1", "index": 0}]}))
    assert r.reasoning == "S1"


def test_lone_close_tag_turns_the_answer_so_far_into_reasoning() -> None:
    state = StreamState()
    events = []
    for piece in ["Okay, the user", " wants 2+2.\n</th", "ink>\n\n", "2 + 2 = 4."]:
        events += state.handle(ch({"content": piece}))
    events += state.finish()
    r = state.snapshot()
    assert (r.reasoning, r.content) == ("Okay, the user wants 2+2.", "2 + 2 = 4.")
    moved = [e for e in events if isinstance(e, ContentWasReasoning)]
    assert moved == [ContentWasReasoning("Okay, the user wants 2+2.")]
    # The live view saw the reasoning as answer first, then the move, then the real answer.
    assert events.index(moved[0]) < max(i for i, e in enumerate(events) if isinstance(e, ContentDelta))


def test_no_lone_close_when_the_server_splits_reasoning_itself() -> None:
    r = parse(ch({"reasoning_content": "hmm"}), ch({"content": "Use </think> to end a block."}))
    assert (r.reasoning, r.content) == ("hmm", "Use </think> to end a block.")


def test_deepseek_legacy_tags_and_field_give_one_copy() -> None:
    r = parse(
        ch({"content": "<think>\nX", "reasoning_content": "X"}),
        ch({"content": "\n</think>\n\nY"}),
    )
    assert (r.reasoning, r.content) == ("X", "Y")


CONTENTS = [
    "<think>\nThe user wants 2+2.\n</think>\n\n2 + 2 = 4.",
    "  \n<think>a < b, and </thi is no tag</think>Answer with <b> & </think> kept",
    "Plain answer with a < sign and </ and <think> in the middle.",
    "First part of thought.\n</think>\n\nThe answer.",
    "<think></think>Just the answer.",
]


def _whole(text: str, think: str = "auto") -> tuple[str | None, str | None]:
    r = parse(ch({"content": text}), think=think)
    return r.reasoning, r.content


@pytest.mark.parametrize("text", CONTENTS)
def test_think_tags_split_at_every_point_give_the_same_end_state(text: str) -> None:
    want = _whole(text)
    for i, j in itertools.combinations(range(1, len(text)), 2):
        r = parse(ch({"content": text[:i]}), ch({"content": text[i:j]}), ch({"content": text[j:]}))
        assert (r.reasoning, r.content) == want, (i, j)


def test_think_tag_end_states() -> None:
    assert _whole(CONTENTS[0]) == ("The user wants 2+2.", "2 + 2 = 4.")
    assert _whole(CONTENTS[1]) == ("a < b, and </thi is no tag", "Answer with <b> & </think> kept")
    assert _whole(CONTENTS[2]) == (None, CONTENTS[2])
    assert _whole(CONTENTS[3]) == ("First part of thought.", "The answer.")
    assert _whole(CONTENTS[4]) == (None, "Just the answer.")
    assert _whole("Thinking\n</think>\nAnswer", think="off") == (None, "Thinking\n</think>\nAnswer")
    assert _whole("Thinking </think> Answer", think="prefilled") == ("Thinking", "Answer")


def test_unterminated_think_at_eof_keeps_the_reasoning() -> None:
    r = parse(ch({"content": "<think>\nstill going  "}), ch({}, "length"))
    assert (r.reasoning, r.content, r.finish_reason) == ("still going", "", "length")


def test_partial_open_tag_at_eof_is_content() -> None:
    assert _whole("<thi") == (None, "<thi")


def test_think_reasoning_streams_live_before_the_close_tag() -> None:
    state = StreamState()
    state.handle(ch({"content": "<think>step one"}))
    evs = state.handle(ch({"content": " step two"}))
    assert state.in_reasoning and ReasoningDelta(" step two") in evs


def test_interleaved_tool_calls() -> None:
    r = parse(
        ch({"tool_calls": [{"index": 0, "id": "a", "type": "function", "function": {"name": "f", "arguments": ""}}]}),
        ch({"tool_calls": [{"index": 1, "id": "b", "type": "function", "function": {"name": "g", "arguments": "{\"y\""}}]}),
        ch({"tool_calls": [{"index": 0, "function": {"arguments": "{\"x\":"}}]}),
        ch({"tool_calls": [{"index": 1, "function": {"arguments": ":2}"}}, {"index": 0, "function": {"arguments": "1}"}}]}),
        ch({}, "tool_calls"),
    )
    assert [t.to_dict() for t in r.tool_calls] == [
        {"id": "a", "name": "f", "arguments": '{"x":1}'},
        {"id": "b", "name": "g", "arguments": '{"y":2}'},
    ]


def test_id_and_name_are_never_concatenated() -> None:
    r = parse(
        ch({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f", "arguments": "{"}}]}),
        ch({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f", "arguments": "}"}}]}),
    )
    assert r.tool_calls[0].to_dict() == {"id": "c1", "name": "f", "arguments": "{}"}


def test_every_call_numbered_zero_with_new_ids_are_separate_calls() -> None:
    r = parse(
        ch({"tool_calls": [{"index": 0, "id": "a", "function": {"name": "f", "arguments": "{}"}}]}),
        ch({"tool_calls": [{"index": 0, "id": "b", "function": {"name": "g", "arguments": "{\"q\""}}]}),
        ch({"tool_calls": [{"index": 0, "function": {"arguments": ":1}"}}]}),
    )
    assert [t.to_dict() for t in r.tool_calls] == [
        {"id": "a", "name": "f", "arguments": "{}"},
        {"id": "b", "name": "g", "arguments": '{"q":1}'},
    ]


def test_tool_calls_without_index_and_object_arguments() -> None:
    r = parse(
        ch({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": {"x": 1}}}]}),
        ch({"tool_calls": [{"id": "b", "function": {"name": "g", "arguments": "{"}}]}),
        ch({"tool_calls": [{"function": {"arguments": "}"}}]}),
    )
    assert [t.to_dict() for t in r.tool_calls] == [
        {"id": "a", "name": "f", "arguments": '{"x": 1}'},
        {"id": "b", "name": "g", "arguments": "{}"},
    ]


def test_midstream_error_with_string_code_and_error_event() -> None:
    r = parse(ch({"content": "partial"}), {"error": {"code": "server_error", "message": "boom"}}, done=False)
    assert (r.content, r.finish_reason, r.error) == ("partial", "error", {"code": "server_error", "message": "boom"})
    r = parse(ch({"content": "p"}), b'event: error\ndata: {"message":"overloaded","code":529}\n\n', done=False)
    assert r.error == {"code": 529, "message": "overloaded"} and r.content == "p"


def test_malformed_payload_is_skipped_and_reported() -> None:
    body = sse(ch({"content": "a"})) + b"data: {not json\n\n" + sse(ch({"content": "b"}, "stop"))
    result, state = parse_sse([body])
    assert result.content == "ab" and result.finish_reason == "stop"
    assert state.malformed == ["{not json"]


def test_multiline_data_event_is_one_json_document() -> None:
    body = b'data: {"choices":[{"index":0,\ndata: "delta":{"content":"hi"}}]}\n\n'
    assert parse_sse([body])[0].content == "hi"


def test_usage_last_non_null_wins() -> None:
    r = parse(ch({"content": "x"}, usage={"prompt_tokens": 1}), ch({}, "stop", usage={"prompt_tokens": 2}), {"choices": [], "usage": None})
    assert r.usage == {"prompt_tokens": 2}


def test_other_choices_are_ignored() -> None:
    r = parse(ch({"content": "zero"}), ch({"content": "one"}, index=1))
    assert r.content == "zero"


def test_content_null_vs_empty_string() -> None:
    assert parse(ch({"role": "assistant", "content": None}), ch({}, "stop")).content is None
    assert parse(ch({"role": "assistant", "content": ""}), ch({}, "stop")).content == ""


def test_reasoning_details_merged_for_replay() -> None:
    r = parse(
        ch({"reasoning_details": [{"type": "reasoning.summary", "summary": "S", "index": 0, "format": "openai-responses-v1"}]}),
        ch({"reasoning_details": [{"type": "reasoning.summary", "summary": "T", "index": 0}]}),
        ch({"reasoning_details": [{"type": "reasoning.encrypted", "data": "ENC", "index": 1}]}),
        ch({"reasoning_details": [{"type": "reasoning.text", "text": "U", "index": 2, "id": None}]}),
        ch({"reasoning_details": [{"type": "reasoning.text", "text": "V", "index": 2, "id": "r2", "signature": "sig"}]}),
    )
    assert r.reasoning == "STUV"
    assert r.reasoning_details == [
        {"type": "reasoning.summary", "summary": "ST", "index": 0, "format": "openai-responses-v1"},
        {"type": "reasoning.encrypted", "data": "ENC", "index": 1},
        {"type": "reasoning.text", "text": "UV", "index": 2, "id": "r2", "signature": "sig"},
    ]


def test_annotations_without_index_in_two_deltas_are_appended() -> None:
    a1 = {"type": "url_citation", "url_citation": {"url": "https://a"}}
    a2 = {"type": "url_citation", "url_citation": {"url": "https://b", "title": "B"}}
    assert parse(ch({"annotations": [a1]}), ch({"annotations": [a2]})).annotations == [a1, a2]


def test_repeated_finish_reason_is_one_event() -> None:
    state = StreamState()
    evs = state.handle(ch({}, "stop")) + state.handle(ch({}, "stop", usage={"x": 1}))
    assert [e for e in evs if isinstance(e, Finished)] == [Finished("stop")]


def test_non_streamed_completion_parses_the_same_way() -> None:
    state = StreamState()
    state.handle({"choices": [{"index": 0, "message": {"role": "assistant", "content": "<think>r</think>a", "tool_calls": []}, "finish_reason": "stop"}]})
    state.finish()
    r = state.snapshot()
    assert (r.reasoning, r.content, r.finish_reason) == ("r", "a", "stop")


def test_random_garbage_never_raises() -> None:
    rnd = random.Random(3)
    shapes: list[Any] = [None, 1, "s", [], {}, [1], {"a": None}, {"choices": None}, {"choices": [None, 1, {}]},
                         {"choices": [{"delta": "x"}]}, {"choices": [{"delta": {"tool_calls": [None, {"index": "a"}]}}]},
                         {"choices": [{"delta": {"reasoning_details": [1, None]}}]}, {"error": None}, {"error": "text"},
                         {"usage": 5}, {"choices": [{"index": None, "delta": {"content": 5, "refusal": 3}}]}]
    state = StreamState()
    for _ in range(300):
        state.handle(rnd.choice(shapes))
    state.finish()
    state.snapshot().to_json()
