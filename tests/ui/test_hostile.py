"""A hostile server and a hostile import against the real window: whatever they send is shown as
text. No widget renders it as rich text, and no local file is opened (a FIFO trap notices)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit

from ponder.core.history.export import import_json
from tests.helpers.hostile import FileTrap, hostile_html
from tests.helpers.rawserver import Reply
from tests.ui.conftest import sse


def rich_leaks(marker: str) -> list[str]:
    """Every widget that holds the hostile markup as live rich text (not shown as text)."""
    found = []
    for top in QApplication.topLevelWidgets():
        for label in [top, *top.findChildren(QLabel)] if isinstance(top, QLabel) else top.findChildren(QLabel):
            if label.textFormat() != Qt.TextFormat.PlainText and marker in label.text():
                found.append(f"QLabel {label.objectName() or type(label.parent()).__name__}: {label.text()[:80]!r}")
        for edit in top.findChildren(QTextEdit):
            html = edit.toHtml()
            if "<img" in html or "FAKE HEADING</h1" in html:
                found.append(f"{type(edit).__name__}: {html[:120]!r}")
    return found


@pytest.fixture
def hostile(rawapp: Any) -> Any:
    return rawapp


def test_nothing_a_server_or_an_import_says_is_rendered_or_opens_a_file(hostile: Any, tmp_path: Path, aloop: Any) -> None:
    trap = FileTrap(tmp_path)
    evil = hostile_html(trap.url)
    md_evil = f"{evil}\n\n![x]({trap.url}) and [a link]({trap.url})"
    replies = [
        Reply(400, json.dumps({"error": {"message": evil}}).encode(), content_type="application/json"),
        Reply(200, sse({"model": evil, "choices": [{"delta": {"content": "partial "}}]}, {"error": {"message": evil, "code": evil}})),
        Reply(200, sse({"model": evil, "choices": [{"delta": {"reasoning_content": md_evil}}]},
                       {"choices": [{"delta": {"content": md_evil}, "finish_reason": evil}]})),
        Reply(200, sse({"model": evil, "choices": [{"delta": {"tool_calls": [{"index": 0, "id": evil, "type": "function",
                       "function": {"name": evil, "arguments": json.dumps({"q": evil})}}]}}]},
                       {"choices": [{"delta": {}, "finish_reason": "tool_calls"}]})),
    ]
    h = hostile(replies)
    server, store, service, window, wait = h.server, h.store, h.service, h.window, h.wait
    window.bar.set_tools([{"name": "lookup", "description": "d", "parameters": {"type": "object", "properties": {}}}], "auto", None)

    async def scenario() -> None:
        for i, prompt in enumerate(["http error", "in-band error", "markup", "tool call"]):
            window.send(prompt)
            await wait(lambda: service.busy(), f"{prompt} to start")
            await wait(lambda: not service.busy(), f"{prompt} to end")
            await wait(lambda n=i + 1: len(server.requests) == n, prompt)
            QApplication.processEvents()
        cid = window.cid
        # A conversation brought in from a file, with markup for a title.
        export = {"format": "ponder.conversation", "version": 1,
                  "conversation": {"title": evil, "kind": "chat"},
                  "messages": [{"id": "a", "role": "user", "content": evil, "seq": 1},
                               {"id": "b", "parent_id": "a", "role": "assistant", "content": md_evil, "seq": 2,
                                "model": evil, "error": {"message": evil}, "status": "error"}]}
        imported = import_json(store, export)
        window.sidebar.refresh()
        window.open_conversation(imported)
        await wait(lambda: window.cid == imported, "the import to open")
        window.sidebar.search.setText("FAKE")
        await wait(lambda: window.sidebar.list.count() > 0, "search hits")
        QApplication.processEvents()
        leaks = rich_leaks("<img")
        assert not leaks, "\n".join(leaks)
        assert not trap.opened, "a local file was opened"
        # Shown as text: nothing lost.
        texts = [w.text() for w in window.findChildren(QLabel)]
        assert any("FAKE HEADING" in t and "<img" in t for t in texts)
        window.open_conversation(cid)
        await wait(lambda: window.cid == cid, "the first conversation again")
        QApplication.processEvents()
        assert not rich_leaks("<img") and not trap.opened
        await service.aclose()

    try:
        aloop.run_until_complete(scenario())
    finally:
        trap.close()


def test_an_answer_built_to_crash_the_renderer_is_shown_and_kept(hostile: Any, aloop: Any) -> None:
    deep = "- " * 5000 + "the end"
    pieces = [{"choices": [{"delta": {"content": deep[i:i + 997]}}]} for i in range(0, len(deep), 997)]
    h = hostile([Reply(200, sse(*pieces, {"choices": [{"delta": {}, "finish_reason": "stop"}]}))], slice_range=(512, 4096))

    async def scenario() -> None:
        h.window.send("hi")
        await h.wait(lambda: len(h.server.requests) == 1 and not h.service.busy(), "the answer")
        await asyncio.sleep(0.1)
        answers = [w for w in h.window.transcript.widgets.values() if w.message.role == "assistant"]
        assert answers and answers[-1].message.status == "done" and answers[-1].message.content == deep
        assert "the end" in answers[-1].answer.toPlainText()
        assert h.window.composer.button.text() == "Send"

    aloop.run_until_complete(scenario())


def test_a_full_disk_keeps_the_answer_on_screen_says_so_and_saves_it_later(hostile: Any, aloop: Any) -> None:
    text = "A long answer. " * 4000
    pieces = [{"choices": [{"delta": {"content": text[i:i + 500]}}]} for i in range(0, len(text), 500)]
    h = hostile([Reply(200, sse(*pieces, {"choices": [{"delta": {}, "finish_reason": "stop"}]}))], slice_range=(2048, 8192))
    store, service, window = h.store, h.service, h.window

    async def scenario() -> None:
        window.send("hi")
        await h.wait(service.busy, "the answer to start")  # the question is saved; then the disk fills up
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "database or disk is full"
        await h.wait(lambda: not service.busy(), "the answer to end")
        await asyncio.sleep(0.1)
        mid = next(iter(service.unsaved))
        w = window.transcript.widgets[mid]
        assert w.message.content == text and w.answer.toPlainText().count("A long answer.") == 4000
        assert "not saved" in window.statusBar().currentMessage() and "full" in window.statusBar().currentMessage()
        assert w.notice.isVisible()
        window.open_conversation(None)
        window.open_conversation(w.message.conversation_id)  # opened again: still from memory
        assert window.transcript.widgets[mid].message.content == text
        store._db.execute("PRAGMA max_page_count = 1073741823")  # room again
        service.save_unsaved()
        assert not service.unsaved and store.message(mid).content == text and store.message(mid).status == "done"
        assert "saved now" in window.statusBar().currentMessage()

    aloop.run_until_complete(scenario())
