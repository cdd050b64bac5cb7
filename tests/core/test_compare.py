"""Comparison data: column specs, labels, each column's thread in a real store, figures, best
values and cost; model sets in the settings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.core.answers.columns import (
    Column, Figures, best, column_threads, fmt, labels, parse_spec, parse_specs, summarize, with_keys,
)
from ponder.core.models import Message, StreamResult
from ponder.core.settings import Settings, load_settings, save_settings
from ponder.core.history.store import Store

PROVIDERS = ["demo", "openrouter", "ollama"]


def test_specs_take_providers_models_with_colons_and_efforts() -> None:
    assert parse_spec("openrouter:openai/gpt-5@high", "demo", PROVIDERS) == Column("openrouter", "openai/gpt-5", "high")
    assert parse_spec("ollama:llama3:8b", "demo", PROVIDERS) == Column("ollama", "llama3:8b")
    # An unknown prefix is part of the model id; an '@' not followed by an effort too.
    assert parse_spec("qwen3:32b", "ollama", PROVIDERS) == Column("ollama", "qwen3:32b")
    assert parse_spec("claude-3@20240229", "demo", PROVIDERS) == Column("demo", "claude-3@20240229")
    cols = parse_specs("demo/fast, demo/reasoning@low,demo/reasoning@high", "demo", PROVIDERS)
    assert [c.spec() for c in cols] == ["demo:demo/fast", "demo:demo/reasoning@low", "demo:demo/reasoning@high"]


@pytest.mark.parametrize("text, why", [
    ("demo/fast", "2 to 8"),
    (",".join(f"m{i}" for i in range(9)), "2 to 8"),
    ("demo/fast,demo/fast", "twice"),
    ("demo:,demo/fast", "No model"),
])
def test_bad_column_lists_are_refused_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_specs(text, "demo", PROVIDERS)


def test_labels_add_only_what_tells_columns_apart() -> None:
    cols = [Column("demo", "demo/reasoning", "low"), Column("demo", "demo/reasoning", "high"),
            Column("openrouter", "x/fast"), Column("demo", "demo/fast"), Column("demo", "m", temperature=0.2),
            Column("demo", "m")]
    assert labels(cols) == ["reasoning · low", "reasoning · high", "openrouter: fast", "demo: fast",
                            "m · t=0.2", "m · default temp."]
    keyed = with_keys([Column("demo", "a", key="c2"), Column("demo", "b"), Column("demo", "c")])
    assert [c.key for c in keyed] == ["c2", "c1", "c3"]


def _answer(store: Store, cid: str, parent: str, variant: str, text: str, **kw: object) -> str:
    mid = store.add_message(cid, Message("assistant"), parent_id=parent, status="streaming", variant=variant, make_head=False)
    usage = kw.get("usage")
    store.save_answer(mid, StreamResult(content=text, usage=usage, finish_reason="stop"),  # type: ignore[arg-type]
                      status=str(kw.get("status", "done")), timing=kw.get("timing"), cost=kw.get("cost"))  # type: ignore[arg-type]
    return mid


def test_each_column_has_its_own_thread_and_the_cost_adds_up(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    cid = store.create_conversation("t", kind="compare").id
    root = store.add_message(cid, Message("user", "q1"))
    a1 = _answer(store, cid, root, "c1", "a1", cost=0.01)
    b1 = _answer(store, cid, root, "c2", "b1", status="error")  # failed before a token: costs nothing
    b1b = _answer(store, cid, root, "c2", "b1 again", cost=None, usage={"completion_tokens": 3})  # retried
    q2 = store.add_message(cid, Message("user", "q2"), parent_id=a1, variant="c1", make_head=False)
    a2 = _answer(store, cid, q2, "c1", "a2", cost=0.02)
    t = column_threads(store.messages(cid), ["c1", "c2", "c3"])
    assert [m.id for m in t["c1"]] == [root, a1, q2, a2]
    assert [m.id for m in t["c2"]] == [root, b1b]  # the retry is what the column shows
    assert t["c3"] == []
    s = summarize(t, ["c1", "c2", "c3"])
    assert s.total_cost == pytest.approx(0.03) and s.unknown == 1 and s.per_column == [pytest.approx(0.03), None, None]
    assert b1 in [m.id for m in store.siblings(b1b)]
    store.close()


def test_figures_and_the_best_of_each() -> None:
    from ponder.core.history.records import StoredMessage

    def msg(ttft: float, total: float, comp: int, cost: float | None, think: float | None = None) -> StoredMessage:
        return StoredMessage("x", "c", None, 1, "assistant", ttft_ms=ttft, total_ms=total, thinking_ms=think, cost=cost,
                             usage={"prompt_tokens": 10, "completion_tokens": comp}, finish_reason="stop")

    a = Figures.of(msg(200, 2200, 1000, 0.002))  # 500 tokens/s after the first token
    b = Figures.of(msg(900, 1900, 1000, None, think=700))  # 1,000 tokens/s, but a late first token
    assert a.tokens_per_s == pytest.approx(500) and b.tokens_per_s == pytest.approx(1000)
    hidden = msg(1200, 2200, 1500, None)
    hidden.usage["completion_tokens_details"] = {"reasoning_tokens": 1000}  # reasoned unseen before the first token
    assert Figures.of(hidden).tokens_per_s == pytest.approx(500)
    hidden.reasoning = "shown"  # reasoning that streamed counts as streamed
    assert Figures.of(hidden).tokens_per_s == pytest.approx(1500)
    marks = best([a, b, None])
    assert marks["ttft_ms"] == {0} and marks["tokens_per_s"] == {1} and marks["total_ms"] == {1}
    assert marks["completion_tokens"] == {0, 1}  # a tie is shared
    assert "cost" not in marks and "thinking_ms" not in marks  # one known value is not "best" of anything
    assert fmt("ttft_ms", 200) == "0.20 s" and fmt("cost", None) == "–" and fmt("tokens_per_s", 1234.4) == "1,234"


def test_model_sets_are_kept_in_settings_and_bad_ones_skipped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings(model_sets={"fast vs deep": [Column("demo", "demo/fast").to_dict(), Column("demo", "demo/reasoning", "high").to_dict()]},
                 last_model_set=[Column("demo", "a").to_dict()], compare_local_parallel=True)
    save_settings(path, s)
    back, warnings = load_settings(path)
    assert warnings == [] and back.model_sets == s.model_sets and back.compare_local_parallel
    raw = json.loads(path.read_text())
    raw["model_sets"]["broken"] = [{"model": "no provider"}]
    raw["compare_local_parallel"] = "yes"
    path.write_text(json.dumps(raw))
    back, warnings = load_settings(path)
    assert "broken" not in back.model_sets and "fast vs deep" in back.model_sets and not back.compare_local_parallel
    assert any("model set 'broken'" in w for w in warnings) and any("compare_local_parallel" in w for w in warnings)


def test_a_cost_under_a_cent_is_never_shown_as_zero() -> None:
    from ponder.core.answers.figures import usd

    assert usd(0.000027) == "$0.000027" and usd(0.000169) == "$0.00017"
    assert usd(0.0123) == "$0.0123" and usd(1.25) == "$1.25" and usd(0) == "$0"
    assert all(usd(v) != "$0.0000" and float(usd(v)[1:]) > 0 for v in (1e-9, 3.4e-7, 0.00004))
