"""The window's conversation switching: which conversation shows, as a transcript or in columns;
its draft and waiting images kept when another opens; the transcript reloaded after a change."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ponder.core.errors import PonderError
from ponder.ui.safe import message
from ponder.core.models import ChatSettings
from ponder.ui.i18n import tr


class ConversationsRoom:
    """Opening, showing and leaving conversations. A part of MainWindow (window/frame.py), which owns the attributes
    used here."""

    def open_conversation(self, cid: str | None, view: str | None = None) -> None:
        """Show a conversation: a comparison in columns, a chat as a transcript. ``view`` forces
        one (a chat that began as a comparison can show its columns again)."""
        self._save_draft()
        same = cid is not None and cid == self.cid
        if cid != self.cid:
            self._switch_images(self.cid, cid)
        self.cid = cid
        self.sidebar.set_current(cid)
        self.bar.show_comparison.hide()
        if cid is None:
            self.pending_columns = None
            self._set_view("chat")
            self.bar.meta.clear()
            self.bar.title.setText(tr("New chat"))
            self.bar.set_settings(self.defaults)
            self.composer.set_image_options(None, None)
            self.transcript.load([], self._hook)
        else:
            c = self.history.conversation(cid)
            if view is None:
                view = self.view_mode if same and c.settings.get("columns") else ("compare" if c.kind == "compare" else "chat")
            self.bar.title.setText(c.title or tr("Untitled"))
            self.bar.set_settings(ChatSettings.from_dict(c.provider or self.defaults.provider, c.model or "", c.settings))
            self._warm_mcp()
            self.composer.set_image_options(c.settings.get("image_size"), c.settings.get("image_detail"))
            if view == "compare" and c.settings.get("columns"):
                self._show_comparison(c)
            else:
                self._show_chat(c)
        self.composer.edit.blockSignals(True)
        self.composer.edit.setPlainText(self.history.draft(cid))
        self.composer.edit.blockSignals(False)
        self.composer.set_streaming(self._busy(cid) if cid else False)
        self.composer.edit.setFocus()

    def import_conversation(self, path: str | None = None) -> str | None:
        """File ▸ Import: a conversation exported as JSON comes back with its dates and opens; one
        already in history is said to be there (and a second copy made only if asked)."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from ponder.services.history import AlreadyImported

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import a conversation"), "", tr("Ponder exports (*.json)"))
            if not path:
                return None
        try:
            try:
                cid = self.history.import_file(Path(path))
            except AlreadyImported as e:
                if not message(self, tr("Import"), tr('{e}.\n\nImport a second copy?').format(e=e), question=True):
                    self.open_conversation(e.existing)
                    return e.existing
                cid = self.history.import_file(Path(path), again=True)
        except (OSError, ValueError, PonderError) as e:
            why = getattr(e, "strerror", None) or str(e)
            message(self, tr("Import"), tr('{name} could not be imported: {why}').format(name=Path(path).name, why=why))
            return None
        self.sidebar.refresh()
        self.open_conversation(cid)
        self.statusBar().showMessage(tr('Imported “{v1}”').format(v1=self.history.conversation(cid).title or tr('Untitled')), 5000)
        return cid

    def import_history(self, path: str | None = None) -> None:
        """A whole history from ChatGPT (its export's .zip or conversations.json), Open WebUI,
        Chatbox or Cherry Studio, with a progress bar and Cancel; the window stays usable meanwhile."""
        from pathlib import Path

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Import a history from another app"), "",
                tr("ChatGPT, Open WebUI or Chatbox exports, Cherry Studio backups (*.zip *.json);;All files (*)"))
            if not path:
                return
        job = self.history.import_history(Path(path))
        bar = QProgressDialog(tr("Importing {name}…").format(name=Path(path).name), tr("Cancel"), 0, 1000, self)
        bar.setWindowTitle(tr("Import"))
        bar.setWindowModality(Qt.WindowModality.WindowModal)
        bar.setMinimumDuration(300)
        bar.setAutoClose(False)
        bar.setAutoReset(False)
        self.import_job = job  # kept, and found by tests

        def moved(d: dict) -> None:  # type: ignore[type-arg]
            if d.get("total"):
                bar.setValue(int(1000 * d.get("done", 0) / d["total"]))
            bar.setLabelText(tr('Importing {name}…\n{v3:,} conversations, {v5:,} messages so far').format(name=Path(path).name, v3=d.get('conversations', 0), v5=d.get('messages', 0)))
            self.sidebar.refresh_soon()

        def done(ok: bool, text: str) -> None:
            bar.close()
            self.sidebar.refresh()
            if ok:
                self.statusBar().showMessage(text, 15000)
            else:
                message(self, tr("Import"), text, icon=QMessageBox.Icon.Information if job.cancelled else QMessageBox.Icon.Warning)

        job.progress.connect(moved)
        job.finished.connect(done)
        bar.canceled.connect(job.cancel)

    def open_hit(self, cid: str, mid: str, words: str) -> None:
        """A search hit in a message: its conversation, on the branch the message is in (an
        edited question's old version, a regenerated answer), scrolled to it, the words marked."""
        try:
            c = self.history.conversation(cid)
            if c.kind != "compare" and mid not in {m.id for m in self.history.thread(cid)}:
                self.history.choose(cid, mid)
        except PonderError:
            return
        self.open_conversation(cid)
        QTimer.singleShot(0, lambda: self.cid == cid and self.transcript.reveal(mid, words))

    def _set_view(self, view: str) -> None:
        self.view_mode = view
        if view == "compare":
            self.stack.setCurrentWidget(self._compare())
            self.composer.edit.setPlaceholderText(tr("Ask every model. Enter sends, Shift+Enter adds a line."))
        else:
            if self.stack.currentWidget() is not self.welcome or self.welcome is None:
                self.stack.setCurrentWidget(self.transcript)
            self.composer.edit.setPlaceholderText(tr("Ask anything. Enter sends, Shift+Enter adds a line."))
            self.bar.set_compare(None)

    def _show_chat(self, c) -> None:  # type: ignore[no-untyped-def]
        cid = c.id
        self._set_view("chat")
        self.bar.show_comparison.setVisible(bool(c.settings.get("columns")))
        thread = self.history.thread_with_alternatives(cid)
        if self.service.unsaved:  # an answer a full disk kept in memory shows as it is, not as last saved
            thread = [(self.service.message(m.id) if m.id in self.service.unsaved else m, n, t) for m, n, t in thread]
        last = thread[-1][0] if thread else None
        self._show_meta(c, [m for m, _, _ in thread])
        awaiting = last.id if last is not None and last.role == "assistant" and last.tool_calls and last.status == "done" else None
        self.transcript.load(thread, self._hook, awaiting_tool=awaiting)

    def _show_meta(self, c, thread) -> None:  # type: ignore[no-untyped-def]
        answers = [m for m in thread if m.role == "assistant" and m.usage]
        known = all(m.cost is not None for m in answers)
        last = answers[-1].usage if answers else {}
        used = (last.get("prompt_tokens") or 0) + (last.get("completion_tokens") or 0) if last else None
        self.bar.show_meta(c.cost, used, known)

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _switch_images(self, old: str | None, new: str | None) -> None:
        """Images waiting to be sent belong to their conversation's draft, like its text (kept
        while Ponder runs)."""
        taken = self.composer.take_images()
        if taken[0]:
            self._draft_images[old] = taken
        self.composer.restore_images(self._draft_images.pop(new, ([], [])))

    def _save_draft(self) -> None:
        if hasattr(self, "composer"):
            self.history.set_draft(self.cid, self.composer.edit.toPlainText())

    def navigate(self, mid: str, step: int) -> None:
        other = self.history.alternative(mid, step)
        if other and self.cid:
            self.history.choose(self.cid, other)
            self._reload_soon(self.cid, follow=False)

    def _reload_soon(self, cid: str, follow: bool = True) -> None:
        """Reload the transcript on the next turn of the event loop, never inside a click.

        The click that asks for it (Send result, Retry, ‹ ›) comes from a button inside a message
        widget that the reload deletes: deleting it while its handler still runs is a use-after-free
        (seen as an intermittent segfault)."""
        if self._reload_pending:
            return
        self._reload_pending = True

        def reload() -> None:
            self._reload_pending = False
            if cid == self.cid:
                self.open_conversation(cid)
                if follow:
                    self.transcript.follow()

        QTimer.singleShot(0, reload)
