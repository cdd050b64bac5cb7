"""The one door from widgets to the history: what they read, and writes that say what changed.

Widgets never hold the store (tests/core/test_layering.py): they call this service, and every view
listens to ``changed(conversation_id)`` to refresh what it shows, whoever made the change (the
sidebar renames, the window follows; a delete in one place empties the other).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ponder.core.history.export import AlreadyImported
from ponder.core.history.records import Conversation, SearchHit, StoredMessage

__all__ = ["HistoryService", "AlreadyImported"]
from ponder.core.history.store import Store, StoreError
from ponder.core.words import say


class HistoryService(QObject):
    changed = Signal(str)  # a conversation's id: renamed, deleted, a message deleted, a branch chosen
    deleted = Signal(str)  # a conversation's id, once it is gone
    found = Signal(str, object)  # what was searched for, its hits (list[SearchHit]) or a StoreError
    _searched = Signal(int, str, object)  # from the search thread: which search, its text, its hits

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._searcher: object | None = None  # the history thread: search and indexing, its own connections
        self._reader: object | None = None
        self._indexer: object | None = None
        self._asked = 0  # the newest search asked for: older answers are dropped
        self.searched_in = ""  # the thread the last search ran in (tests: never the GUI thread)
        self._searched.connect(self._arrived)  # queued: emitted in the search thread

    # -- reading --------------------------------------------------------------------------------

    def conversations(self, limit: int = 500) -> list[Conversation]:
        return self._store.conversations(limit=limit)

    def conversation(self, cid: str) -> Conversation:
        return self._store.conversation(cid)

    def exists(self, cid: str) -> bool:
        try:
            self._store.conversation(cid)
        except StoreError:  # gone (deleted elsewhere), or unreadable: either way, not there to open
            return False
        return True

    def messages(self, cid: str) -> list[StoredMessage]:
        return self._store.messages(cid)

    def thread(self, cid: str) -> list[StoredMessage]:
        return self._store.thread(cid)

    def thread_with_alternatives(self, cid: str) -> list[tuple[StoredMessage, int, int]]:
        return self._store.thread_with_alternatives(cid)

    def message(self, mid: str) -> StoredMessage:
        return self._store.message(mid)

    def logprobs(self, mid: str) -> list[dict] | None:  # type: ignore[type-arg]
        """An answer's tokens with their log probabilities, if they were asked for."""
        return self._store.logprobs(mid)

    def siblings(self, mid: str) -> list[StoredMessage]:
        return self._store.siblings(mid)

    def alternative(self, mid: str, step: int) -> str | None:
        return self._store.alternative(mid, step)

    def recent_models(self, provider: str) -> list[str]:
        return self._store.recent_models(provider)

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        return self._store.search(text, limit=limit)

    def defer_indexing(self) -> bool:
        """Index finished answers for search in the history thread, not in the save on the GUI
        thread (a long answer took tens of ms). Only while Python's collector is kept on the GUI
        thread (collector.py); returns whether it is on."""
        from ponder.services import collector

        if not collector.in_charge():
            return False
        self._store.on_queued = self._index_soon
        self._store.defer_index = True
        return True

    def _index_soon(self) -> None:
        store = self._store

        def run() -> None:  # in the history thread, on a connection of its own
            import logging

            try:
                if self._indexer is None:
                    self._indexer = Store(store.path, stale_after_s=float("inf"))  # it must not touch live streams
                self._indexer.index_queued()  # type: ignore[attr-defined]
            except StoreError as e:  # the queue stays: the next answer, or the next start, indexes it
                logging.getLogger(__name__).warning("indexing for search waits: %s", e)

        self._worker().submit(run)

    def _worker(self) -> Any:
        if self._searcher is None:
            from concurrent.futures import ThreadPoolExecutor

            self._searcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ponder-search")
        return self._searcher

    def search_soon(self, text: str, limit: int = 50) -> None:
        """Search off the GUI thread (at a million messages a common word takes tens of ms):
        ``found`` brings the hits, for the newest text asked only. On the GUI thread, at once,
        when Python's collector is not kept there (collector.py: only then may a thread run)."""
        from ponder.services import collector

        self._asked += 1
        asked = self._asked
        if not collector.in_charge():
            try:
                self.found.emit(text, self._store.search(text, limit=limit))
            except StoreError as e:
                self.found.emit(text, e)
            return
        store = self._store

        def run() -> None:  # in the search thread
            import threading

            if asked != self._asked:
                return  # overtaken before it began
            self.searched_in = threading.current_thread().name
            try:
                if self._reader is None:
                    self._reader = store.reader()
                hits: object = self._reader.search(text, limit)  # type: ignore[attr-defined]
            except StoreError as e:
                hits = e
            self._searched.emit(asked, text, hits)  # queued to the GUI thread

        self._worker().submit(run)

    def _arrived(self, asked: int, text: str, hits: object) -> None:
        # Checked here, on the GUI thread: a search may finish while a newer one is being asked.
        if asked == self._asked:
            self.found.emit(text, hits)

    def draft(self, cid: str | None) -> str:
        return self._store.draft(cid)

    # -- changing -------------------------------------------------------------------------------

    def rename(self, cid: str, title: str) -> None:
        self._store.update_conversation(cid, title=title)
        self.changed.emit(cid)

    def delete(self, cid: str) -> None:
        self._store.delete_conversation(cid)
        self.deleted.emit(cid)
        self.changed.emit(cid)

    def delete_message(self, mid: str) -> None:
        cid = self._store.message(mid).conversation_id
        self._store.delete_message(mid)
        self.changed.emit(cid)

    def choose(self, cid: str, mid: str) -> None:
        """Show the branch that ends at ``mid`` (an alternative answer, or an earlier question)."""
        self._store.set_head(cid, mid)
        self.changed.emit(cid)

    def set_draft(self, cid: str | None, text: str) -> None:
        self._store.set_draft(cid, text)  # no signal: only the composer shows a draft

    def import_file(self, path: Path, again: bool = False) -> str:
        """A conversation exported as JSON (by Ponder, here or elsewhere), with its dates; returns
        its id. AlreadyImported if it is in history already (``again`` imports a copy);
        ImportError_ (ValueError) if the file is not one; OSError if it cannot be read."""
        from ponder.core.history.export import import_json, read_export

        cid = import_json(self._store, read_export(path), again=again)
        self.changed.emit(cid)
        return cid

    def import_history(self, path: Path) -> "ImportJob":
        """A whole history from another app (ChatGPT, Open WebUI, Chatbox, Cherry Studio), in a process of its own:
        the window stays free, and Cancel stops it with what was imported so far kept."""
        job = ImportJob(self._store.path, path, self)
        job.start()
        return job

    def export(self, cid: str, path: Path, fmt: str) -> None:
        """Write a conversation to a file (Markdown, or JSON with its images). OSError if it cannot."""
        from ponder.core.history.export import write

        write(self._store, cid, path, fmt)


class ImportJob(QObject):
    """``ponder history import`` run on the same database, its progress read line by line."""

    progress = Signal(object)  # {"done", "total", "conversations", "messages", "skipped"}
    finished = Signal(bool, str)  # it went through; what to tell the user

    def __init__(self, database: Path, source: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QProcess

        self.database, self.source = database, source
        self.last: dict[str, int] = {}
        self.cancelled = False
        self._out = b""
        self.proc = QProcess(self)
        self.proc.readyReadStandardOutput.connect(self._read)
        self.proc.finished.connect(self._done)
        self.proc.errorOccurred.connect(self._failed)

    def start(self) -> None:
        import sys

        from PySide6.QtCore import QProcessEnvironment

        from ponder.core import words

        me = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ponder"]
        args = [*me[1:], "history", "import", "--from", "auto", "--progress-json", "--db", str(self.database), str(self.source)]
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PONDER_LANGUAGE", words.language)  # its errors in the window's language
        self.proc.setProcessEnvironment(env)
        self.proc.start(me[0], args)

    def cancel(self) -> None:
        """Stop now: the batches written are kept, and importing the same file again goes on."""
        self.cancelled = True
        self.proc.terminate()

    def _read(self) -> None:
        import json

        self._out += bytes(self.proc.readAllStandardOutput().data())
        *lines, self._out = self._out.split(b"\n")
        for line in lines:
            try:
                d = json.loads(line)
            except ValueError:
                self._summary = line.decode("utf-8", "replace")  # the closing line
                continue
            if isinstance(d, dict) and isinstance(d.get("imported"), dict):  # the closing line
                self._summary = self._said(d["imported"])
            elif isinstance(d, dict):
                self.last = {k: int(v) for k, v in d.items() if isinstance(v, int)}
                self.progress.emit(dict(self.last))

    def _done(self, code: int, _status: object) -> None:
        self._read()
        if self._out:
            self._summary = self._out.decode("utf-8", "replace")
        n = self.last.get("conversations", 0)
        if self.cancelled:
            self.finished.emit(False, say("Stopped. What was imported is kept (%n conversation(s)); import the same "
                                          "file again to go on where it stopped.", n))
        elif code == 0:
            self.finished.emit(True, getattr(self, "_summary", "").strip() or say("Imported"))
        else:
            err = bytes(self.proc.readAllStandardError().data()).decode("utf-8", "replace").strip().splitlines()
            why = err[-1].removeprefix("ponder: ") if err else say("the import stopped (exit {code})").format(code=code)
            said = say("{file} could not be imported: {why}").format(file=self.source.name, why=why)
            self.finished.emit(False, said + (" " + say("(what came in before that is kept: %n conversation(s))", n) if n else ""))

    @staticmethod
    def _said(d: dict[str, object]) -> str:
        """The import's figures in the window's words."""
        def num(k: str) -> int:
            v = d.get(k)
            return v if isinstance(v, int) else 0

        out = say("Imported %n conversation(s)", num("conversations")) + " (" + say("%n message(s)", num("messages"))
        out += (", " + say("%n image(s)", num("images")) if num("images") else "") + ")"
        out += " " + say("in {seconds} s").format(seconds=num("seconds"))
        if num("skipped"):
            out += "; " + say("%n skipped (there already, or nothing to import)", num("skipped"))
        return out

    def _failed(self, error: object) -> None:
        from PySide6.QtCore import QProcess

        if error == QProcess.ProcessError.FailedToStart:
            self.finished.emit(False, say("The import could not start: Ponder's own program was not found"))
