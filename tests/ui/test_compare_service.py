"""Comparisons in the chat service, against the demo provider: columns stream at once, one
column's failure or Stop leaves the others, a local server takes its columns in turn, follow-ups
continue every column, and "continue with this answer" turns the comparison into a chat."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from ponder.core.wire.client import ChatClient
from ponder.core.answers.columns import Column, column_threads
from ponder.core.providers.presets import PRESETS, Provider
from ponder.core.safety.secrets import KeyStore, MemoryKeyring
from ponder.core.history.store import Store
from ponder.demo.server import DemoServer
from ponder.core.models import ChatSettings
from ponder.services.chat import ChatService, Progress


async def until(cond: Any, timeout: float = 15.0, what: str = "") -> None:
    end = asyncio.get_running_loop().time() + timeout
    while not cond():
        if asyncio.get_running_loop().time() > end:
            raise AssertionError(f"timed out waiting for {what or cond}")
        await asyncio.sleep(0.01)


@pytest.fixture
def svc(demo: DemoServer, tmp_path: Path, aloop: Any) -> Any:
    store = Store(tmp_path / "p.db")
    client = ChatClient(backoff_s=(0.01,))

    def resolve(pid: str) -> Provider:
        if pid == "boom":
            raise RuntimeError("a bug, say")
        if pid == "local":  # a server on this machine: one request at a time unless told otherwise
            return Provider("local", "My llama.cpp", demo.base_url, "llamacpp", local=True)
        return PRESETS["demo"].with_base_url(demo.base_url)

    s = ChatService(store, KeyStore(MemoryKeyring(), env={}), client, resolve)
    seen: list[Progress] = []
    s.progress.connect(seen.append)
    s.seen = seen  # type: ignore[attr-defined]
    yield s
    aloop.run_until_complete(s.tasks.shutdown())
    aloop.run_until_complete(client.aclose())
    store.close()


def _threads(s: ChatService, cid: str) -> dict[str, list[Any]]:
    return column_threads(s.store.messages(cid), [c.key for c in s.columns(cid)])


def test_columns_stream_at_once_and_one_failure_leaves_the_others(svc: ChatService, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        cols = [Column("demo", "demo/fast"), Column("demo", "demo/reasoning", "low"), Column("demo", "demo/no-such-model")]
        cid = svc.compare(None, "/tokens 120\nWhy is the sky blue?", cols, ChatSettings(model="x", provider="demo", system="Be brief."))
        c = svc.store.conversation(cid)
        assert c.kind == "compare" and [d["key"] for d in c.settings["columns"]] == ["c1", "c2", "c3"]
        assert c.settings["system"] == "Be brief."
        # All three requests are out before any answer ends (hosted: in parallel).
        await until(lambda: len(demo.requests) == 3 and svc.streaming(cid), what="requests")
        await until(lambda: not svc.streaming(cid), what="the end")
        t = _threads(svc, cid)
        fast, reasoning, missing = (t[k][-1] for k in ("c1", "c2", "c3"))
        assert fast.status == "done" and fast.content and fast.model == "demo/fast"
        assert reasoning.status == "done" and reasoning.reasoning and reasoning.content
        assert missing.status == "error" and "Unknown model" in missing.error["message"]
        # The shared settings reached every request; each column's own effort only its own.
        assert all(r["messages"][0] == {"role": "system", "content": "Be brief."} for r in demo.requests)
        efforts = sorted(str(r.get("chat_template_kwargs") or r.get("reasoning_effort") or r.get("reasoning")) for r in demo.requests)
        assert any("low" in e for e in efforts) and any(e == "None" for e in efforts)
        # Every column answers the same prompt, the prompt stays the head's branch root.
        assert {t[k][0].id for k in t} == {t["c1"][0].id}

    aloop.run_until_complete(scenario())


def test_stop_one_column_then_retry_it(svc: ChatService, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        cid = svc.compare(None, "/tokens 400\nTell me a story", [Column("demo", "demo/fast"), Column("demo", "demo/reasoning")])
        slow = lambda: _threads(svc, cid)["c2"][-1]  # noqa: E731  (60 tokens/s: still going after the fast one)
        await until(lambda: any(p.message_id == slow().id and p.frame and (p.frame.reasoning or p.frame.content) for p in svc.seen))
        svc.stop_message(slow().id)
        await until(lambda: not svc.streaming(cid))
        t = _threads(svc, cid)
        assert t["c2"][-1].status == "stopped" and t["c2"][-1].partial
        assert t["c1"][-1].status == "done"  # Stop on one column does not touch the other
        stopped = t["c2"][-1].id
        new = svc.retry_column(cid, stopped)
        demo.tps = 2000
        await until(lambda: not svc.streaming(cid))
        t = _threads(svc, cid)
        assert t["c2"][-1].id == new and t["c2"][-1].status == "done"
        assert [s.id for s in svc.store.siblings(new)].count(stopped) == 1  # the stopped one is kept

    aloop.run_until_complete(scenario())


def test_a_local_server_takes_its_columns_in_turn_unless_told(svc: ChatService, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        demo.tps = 400
        cols = [Column("local", "demo/fast"), Column("local", "demo/think"), Column("demo", "demo/fast")]
        cid = svc.compare(None, "/tokens 60\nhello", cols)
        await until(lambda: any(p.notice and "one request at a time" in p.notice for p in svc.seen))
        # The hosted column and the first local one are out; the second local one waits.
        assert len(demo.requests) == 2
        await until(lambda: not svc.streaming(cid))
        assert len(demo.requests) == 3
        t = _threads(svc, cid)
        first, second = t["c1"][-1], t["c2"][-1]
        assert first.status == second.status == "done"
        assert second.created_at <= first.updated_at  # created together, but asked after the first finished
        # The setting lets them run together.
        svc.local_parallel = True
        demo.requests.clear()
        svc.compare(cid, "/tokens 60\nagain", None)
        await until(lambda: len(demo.requests) == 3, what="all at once")
        await until(lambda: not svc.streaming(cid))

    aloop.run_until_complete(scenario())


def test_follow_up_continues_every_column_then_continue_with_one(svc: ChatService, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        demo.tps = 2000
        cid = svc.compare(None, "/tokens 30\nFirst question", [Column("demo", "demo/fast"), Column("demo", "demo/think")])
        await until(lambda: not svc.streaming(cid))
        svc.compare(cid, "/tokens 30\nSecond question", None)
        await until(lambda: not svc.streaming(cid))
        t = _threads(svc, cid)
        for k in ("c1", "c2"):
            assert [m.role for m in t[k]] == ["user", "assistant", "user", "assistant"]
        # Each column's follow-up carried its own earlier answer, not the other column's.
        second = [r for r in demo.requests if "Second question" in r["messages"][-1]["content"]]
        assert {r["model"]: r["messages"][1]["content"] for r in second} == {
            "demo/fast": t["c1"][1].content, "demo/think": t["c2"][1].content}
        chosen = t["c2"][-1]
        cs = svc.continue_with(cid, chosen.id)
        c = svc.store.conversation(cid)
        assert c.kind == "chat" and c.model == "demo/think" and cs.model == "demo/think"
        assert c.settings["columns"]  # the comparison can still be shown
        assert svc.store.thread(cid)[-1].id == chosen.id
        # The first answers are alternatives of each other: the other column is one step away.
        first = t["c2"][1]
        assert svc.store.alternative(first.id, -1) == t["c1"][1].id
        # The chat goes on with the chosen model, and its settings keep the columns.
        svc.send(cid, "/tokens 20\nThird", cs)
        await until(lambda: not svc.streaming(cid))
        assert demo.requests[-1]["model"] == "demo/think"
        assert svc.store.conversation(cid).settings["columns"]
        th = svc.store.thread(cid)
        assert [m.content for m in th[:4]] == [m.content for m in t["c2"]]

    aloop.run_until_complete(scenario())


def test_a_follow_up_waits_for_every_column(svc: ChatService, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        cid = svc.compare(None, "/tokens 400\nslow", [Column("demo", "demo/reasoning"), Column("demo", "demo/fast")])
        with pytest.raises(ValueError, match="finish"):
            svc.compare(cid, "next", None)
        svc.stop(cid)  # stop all
        await until(lambda: not svc.streaming(cid))
        assert {t[-1].status for t in _threads(svc, cid).values()} <= {"stopped", "done"}

    aloop.run_until_complete(scenario())


def test_a_bug_ends_the_answer_as_an_error_not_streaming_forever(svc: ChatService, aloop: Any) -> None:
    async def scenario() -> None:
        cid = svc.send(None, "hello", ChatSettings(model="m", provider="boom"))
        await until(lambda: not svc.streaming(cid))
        answer = svc.store.thread(cid)[-1]
        assert answer.status == "error" and "Something went wrong in Ponder: RuntimeError: a bug, say" in answer.error["message"]

    aloop.run_until_complete(scenario())


def test_the_comparisons_temperature_reaches_every_column_unless_one_has_its_own(svc: ChatService, demo: DemoServer,
                                                                                 aloop: Any) -> None:
    async def scenario() -> None:
        cols = [Column("demo", "demo/fast"), Column("demo", "demo/fast", temperature=0.9)]
        cid = svc.compare(None, "/tokens 5\nhi", cols, ChatSettings(model="x", provider="demo", temperature=0.3))
        await until(lambda: not svc.streaming(cid))
        assert sorted(r.get("temperature") for r in demo.requests) == [0.3, 0.9]

    aloop.run_until_complete(scenario())
