"""Any field of a valid chunk replaced by any other JSON value: the parser, the store, the figures
and the export take it. Only Ponder's typed errors may come out; the partial answer is saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponder.core.wire.accumulate import StreamState
from ponder.core.providers.catalog import ModelInfo, cost_of
from ponder.core.errors import PonderError
from ponder.core.history.export import to_json, to_markdown
from ponder.core.answers.figures import figures
from ponder.core.models import Message
from ponder.core.wire.sse import SSEDecoder
from ponder.core.history.store import Store
from tests.conftest import stream_cases


def chunks_of(path: Path) -> list[Any]:
    out = []
    for ev in SSEDecoder().feed(path.read_bytes()) + SSEDecoder().close():
        try:
            out.append(json.loads(ev.data))
        except ValueError:
            pass
    return out


STREAMS = [chunks_of(src) for _, src, _ in stream_cases() if src.suffix == ".sse"]
STREAMS = [s for s in STREAMS if s]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, prefix + (i,))
    return out


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


@st.composite
def mutated_stream(draw: Any) -> list[Any]:
    chunks = [c for c in draw(st.sampled_from(STREAMS))]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(chunks) - 1))
        where = paths(chunks[i])
        if not where:
            continue
        chunks[i] = replaced(chunks[i], draw(st.sampled_from(where)), draw(JSON))
    return chunks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_stream())
def test_any_field_of_any_type_is_taken_and_the_answer_is_saved(tmp_path: Path, chunks: list[Any]) -> None:
    state = StreamState()
    try:
        for c in chunks:
            state.handle(c)
        state.finish()
    except PonderError:
        pass
    r = state.snapshot()
    json.dumps(r.to_json())  # what `ask --json` prints
    for field, kind in (("content", str), ("reasoning", str), ("model", str), ("finish_reason", str), ("response_id", str)):
        assert getattr(r, field) is None or isinstance(getattr(r, field), kind), field
    assert all(isinstance(t.id, str) and isinstance(t.name, str) and isinstance(t.arguments, str) for t in r.tool_calls)
    cost = cost_of(r.usage, ModelInfo(id="m", provider="p", prompt_price=1e-6, completion_price=2e-6))
    figures(r.model, 10.0, 100.0, r.usage, cost, r.finish_reason, say_unknown=True)
    store = Store(tmp_path / "fuzz.db")
    try:
        c = store.create_conversation("t")
        store.add_message(c.id, Message("user", "q"))
        mid = store.add_message(c.id, Message("assistant"), status="streaming", model=r.model)
        store.save_answer(mid, r, status="error" if r.error else "done", cost=cost)
        saved = store.message(mid)
        assert saved.content == r.content and saved.reasoning == r.reasoning
        to_markdown(store, c.id)
        json.dumps(to_json(store, c.id))
    finally:
        store.close()
        (tmp_path / "fuzz.db").unlink()


def test_deep_json_and_huge_numbers_in_a_stream_are_malformed_payloads_not_crashes() -> None:
    from ponder.core.wire.sse import ServerSentEvent

    state = StreamState()
    state.handle({"choices": [{"delta": {"content": "partial"}}]})
    state.feed_event(ServerSentEvent(data="[" * 100_000 + "]" * 100_000))
    state.feed_event(ServerSentEvent(data='{"choices": [{"delta": {"content": 1e999}}]}'))
    assert state.malformed and state.snapshot().content == "partial"
    dec = SSEDecoder()
    assert dec.feed(b"retry: " + b"9" * 5000 + b"\ndata: {}\n\n")[0].retry is None
