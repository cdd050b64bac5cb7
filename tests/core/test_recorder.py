"""Saving a streaming answer: at most once an interval, and a failing save never stops it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ponder.core.wire.client import ChatClient
from ponder.core.models import Message
from ponder.core.providers.presets import PRESETS
from ponder.core.answers.recorder import AnswerRecorder
from ponder.core.history.store import Store, StoreFull
from ponder.demo.server import DemoServer


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def run_stream(store: Store, mid: str, full_disk_after: int | None = None, tokens: int = 300) -> tuple[AnswerRecorder, str]:
    clock = Clock()

    async def main() -> tuple[AnswerRecorder, str]:
        server = DemoServer(tps=0)
        await server.start()
        try:
            async with ChatClient() as c:
                body = {"model": "demo/fast", "stream": True, "messages": [{"role": "user", "content": f"/tokens {tokens}\nhi"}]}
                stream = c.stream(PRESETS["demo"].with_base_url(server.base_url), None, body)
                rec = AnswerRecorder(store, mid, stream, clock=clock)
                n = 0
                async for _ in stream:
                    n += 1
                    clock.t += 0.01  # 100 events a "second"
                    if full_disk_after is not None and n == full_disk_after:
                        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
                        store._db.execute(f"PRAGMA max_page_count = {pages}")
                    rec.tick()
                rec.finish("done")
                return rec, stream.result().content or ""
        finally:
            await server.stop()

    return asyncio.run(main())


def test_saves_about_once_a_second_and_at_the_end(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    c = store.create_conversation("t")
    mid = store.add_message(c.id, Message("assistant"), status="streaming")
    rec, content = run_stream(store, mid)
    assert 2 <= rec.saves <= 5 and rec.error is None  # ~300 events at 100 a second, plus the final save
    m = store.message(mid)
    assert m.status == "done" and m.content == content and len(content) > 1000


def test_a_full_disk_mid_stream_is_reported_and_the_answer_kept_in_memory(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    c = store.create_conversation("t")
    mid = store.add_message(c.id, Message("assistant"), status="streaming")
    rec, content = run_stream(store, mid, full_disk_after=150, tokens=3000)
    assert isinstance(rec.error, StoreFull) and "full" in str(rec.error)
    assert len(content) > 10_000  # the stream went on to the end
    saved = store.message(mid)
    assert saved.status == "streaming" and content.startswith(saved.content or "")  # what was saved before stays
