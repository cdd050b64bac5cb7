"""History search off the GUI thread, and the garbage collector kept on it (so a thread may run)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from ponder.core.history.store import Store
from ponder.core.models import Message
from ponder.services.collector import Collector, in_charge
from ponder.services.history import HistoryService
from tests.ui.conftest import App


def test_search_runs_in_a_thread_of_its_own_and_only_the_newest_answer_counts(qtbot: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    for i in range(30):
        c = store.create_conversation(f"Marsupials {i}")
        store.add_message(c.id, Message("user", f"Tell me about quokkas and wombats, part {i}"))
    history = HistoryService(store)
    keeper = Collector(lambda: False)
    keeper.take_charge()
    try:
        assert in_charge() and not gc.isenabled()
        got: list[tuple[str, Any]] = []
        history.found.connect(lambda text, hits: got.append((text, hits)))
        history.search_soon("quok")
        history.search_soon("wombats")
        qtbot.waitUntil(lambda: any(t == "wombats" for t, _ in got), timeout=5000)
        qtbot.wait(100)
        assert all(t == "wombats" for t, _ in got)  # the older search, overtaken, says nothing
        assert history.searched_in.startswith("ponder-search")  # not the GUI thread
        hits = got[-1][1]
        assert [(h.conversation_id, h.message_id) for h in hits] == [
            (h.conversation_id, h.message_id) for h in store.search("wombats")]

        junk = []
        for _ in range(2000):  # cycles that only the collector can free
            a: list[Any] = []
            a.append(a)
            junk.append(a)
        del junk, a
        before = gc.get_count()[0]
        keeper.collect_due()  # what the timer does on the GUI thread
        assert gc.get_count()[0] < before
    finally:
        keeper.release()
        store.close()
    assert not in_charge() and gc.isenabled()


def test_the_sidebar_shows_hits_found_off_the_gui_thread(qtbot: Any, app: App) -> None:
    c = app.store.create_conversation("About axolotls")
    app.store.add_message(c.id, Message("user", "Do axolotls regrow their limbs?"))
    app.service.collector.take_charge()
    try:
        sidebar = app.window.sidebar
        sidebar.search.setText("regrow")
        qtbot.waitUntil(lambda: sidebar.list.count() == 1 and sidebar.list.item(0).data(Qt.ItemDataRole.UserRole + 1), timeout=5000)
    finally:
        app.service.collector.release()


def test_a_finished_answer_is_indexed_for_search_off_the_gui_thread(qtbot: Any, app: App, aloop: Any) -> None:
    import asyncio

    app.service.collector.take_charge()
    try:
        assert app.window.history.defer_indexing()
        saved = app.store.index_queued

        where: list[str] = []

        def watched() -> int:
            where.append(threading.current_thread().name)
            return saved()

        app.store.index_queued = watched  # type: ignore[method-assign]  # the window's store: it must not index
        app.window.send("/tokens 20\nTell me about capybaras")

        async def scenario() -> None:
            await app.wait(lambda: app.store.conversations() and not app.service.busy(), what="the answer")
            await app.wait(lambda: any(h.role == "assistant" for h in app.store.search("capybaras")), what="the answer indexed")
            await asyncio.sleep(0.05)

        aloop.run_until_complete(scenario())
        assert where == []  # indexed on the history thread's own connection, not by the GUI's store
        assert not app.store._q("SELECT 1 FROM index_queue")
    finally:
        app.store.defer_index = False
        app.service.collector.release()
