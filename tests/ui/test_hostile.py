"""A hostile server and a hostile import against the real window: whatever they send is shown as
text. No widget renders it as rich text, and no local file is opened (a FIFO trap notices)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit

from app.core.client import ChatClient
from app.core.export import import_json
from app.core.providers import PRESETS
from app.core.secrets import KeyStore, MemoryKeyring
from app.core.store import Store
from app.services.chat import ChatService, ConversationSettings
from app.ui.window import MainWindow
from tests.helpers.hostile import FileTrap, hostile_html
from tests.helpers.rawserver import RawServer, Reply


def sse(*chunks: Any) -> bytes:
    return b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"


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


def test_nothing_a_server_or_an_import_says_is_rendered_or_opens_a_file(qtbot: Any, tmp_path: Path, aloop: Any) -> None:
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
    server = RawServer(replies)
    aloop.run_until_complete(server.__aenter__())
    store = Store(tmp_path / "p.db")
    client = ChatClient(max_attempts=1)
    service = ChatService(store, KeyStore(MemoryKeyring(), env={}), client, lambda pid: PRESETS["demo"].with_base_url(server.url))
    window = MainWindow(store, service, [PRESETS["demo"]], ConversationSettings("demo", "demo/fast"), lambda pid: ["demo/fast"])
    qtbot.addWidget(window)
    window.show()
    window.bar.set_tools([{"name": "lookup", "description": "d", "parameters": {"type": "object", "properties": {}}}], "auto", None)

    async def wait(cond: Any, what: str) -> None:
        import asyncio

        for _ in range(1500):
            if cond():
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")

    async def scenario() -> None:
        for i, prompt in enumerate(["http error", "in-band error", "markup", "tool call"]):
            window.send(prompt)
            await wait(lambda: service.busy(), f"{prompt} to start")
            await wait(lambda: not service.busy(), f"{prompt} to end")
            await wait(lambda: len(server.requests) == i + 1, prompt)
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
        aloop.run_until_complete(service.tasks.shutdown())
        aloop.run_until_complete(client.aclose())
        aloop.run_until_complete(server.__aexit__())
        window.close()
        store.close()
        trap.close()


def test_an_answer_built_to_crash_the_renderer_is_shown_and_kept(qtbot: Any, tmp_path: Path, aloop: Any) -> None:
    deep = "- " * 5000 + "the end"
    pieces = [{"choices": [{"delta": {"content": deep[i:i + 997]}}]} for i in range(0, len(deep), 997)]
    server = RawServer([Reply(200, sse(*pieces, {"choices": [{"delta": {}, "finish_reason": "stop"}]}))], slice_range=(512, 4096))
    aloop.run_until_complete(server.__aenter__())
    store = Store(tmp_path / "p.db")
    client = ChatClient(max_attempts=1)
    service = ChatService(store, KeyStore(MemoryKeyring(), env={}), client, lambda pid: PRESETS["demo"].with_base_url(server.url))
    window = MainWindow(store, service, [PRESETS["demo"]], ConversationSettings("demo", "demo/fast"), lambda pid: ["demo/fast"])
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> None:
        import asyncio

        window.send("hi")
        for _ in range(1500):
            if len(server.requests) == 1 and not service.busy():
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        answers = [w for w in window.transcript.widgets.values() if w.message.role == "assistant"]
        assert answers and answers[-1].message.status == "done" and answers[-1].message.content == deep
        assert "the end" in answers[-1].answer.toPlainText()
        assert window.composer.button.text() == "Send"

    try:
        aloop.run_until_complete(scenario())
    finally:
        aloop.run_until_complete(service.tasks.shutdown())
        aloop.run_until_complete(client.aclose())
        aloop.run_until_complete(server.__aexit__())
        window.close()
        store.close()


def test_a_full_disk_keeps_the_answer_on_screen_says_so_and_saves_it_later(qtbot: Any, tmp_path: Path, aloop: Any) -> None:
    import sqlite3

    text = "A long answer. " * 4000
    pieces = [{"choices": [{"delta": {"content": text[i:i + 500]}}]} for i in range(0, len(text), 500)]
    server = RawServer([Reply(200, sse(*pieces, {"choices": [{"delta": {}, "finish_reason": "stop"}]}))], slice_range=(2048, 8192))
    aloop.run_until_complete(server.__aenter__())
    store = Store(tmp_path / "p.db")
    client = ChatClient(max_attempts=1)
    service = ChatService(store, KeyStore(MemoryKeyring(), env={}), client, lambda pid: PRESETS["demo"].with_base_url(server.url))
    window = MainWindow(store, service, [PRESETS["demo"]], ConversationSettings("demo", "demo/fast"), lambda pid: ["demo/fast"])
    qtbot.addWidget(window)
    window.show()
    db = sqlite3.connect(tmp_path / "p.db")

    async def scenario() -> None:
        import asyncio

        window.send("hi")
        for _ in range(500):  # the question is saved; then the disk fills up (SQLite's own "full")
            if service.busy():
                break
            await asyncio.sleep(0.01)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 1}")
        for _ in range(1500):
            if not service.busy():
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        mid = next(iter(service.unsaved))
        w = window.transcript.widgets[mid]
        assert w.message.content == text and w.answer.toPlainText().count("A long answer.") == 4000
        assert "not saved" in window.statusBar().currentMessage() and "full" in window.statusBar().currentMessage()
        assert w.notice.isVisible()
        window.open_conversation(None)
        window.open_conversation(w.message.conversation_id)  # opened again: still from memory
        assert window.transcript.widgets[mid].message.content == text
        store._db.execute("PRAGMA max_page_count = 1073741823")  # space again
        service.save_unsaved()
        assert not service.unsaved and store.message(mid).content == text and store.message(mid).status == "done"
        assert "saved now" in window.statusBar().currentMessage()

    try:
        aloop.run_until_complete(scenario())
    finally:
        db.close()
        aloop.run_until_complete(service.tasks.shutdown())
        aloop.run_until_complete(client.aclose())
        aloop.run_until_complete(server.__aexit__())
        window.close()
        store.close()
