"""The main window: sidebar, the conversation's settings, the transcript and the composer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow, QSplitter,
    QStackedWidget, QVBoxLayout, QWidget,
)

from ponder import APP_NAME
from ponder.ui.safe import message
from ponder.core.providers import Provider
from ponder.core.render import MarkdownRenderer
from ponder.core.errors import PonderError
from ponder.core.models import ChatSettings
from ponder.services.chat import ChatService, Progress
from ponder.ui.composer import Composer
from ponder.ui.message import MessageWidget, ViewOptions
from ponder.ui.sidebar import Sidebar
from ponder.ui.settings_bar import SettingsBar
from ponder.ui.transcript import Transcript

if TYPE_CHECKING:
    from ponder.core.models import ModelInfo
    from ponder.services.history import HistoryService
    from ponder.core.compare import Column
    from ponder.ui.compare import CompareView
    from ponder.services.providers import ProviderService
    from ponder.ui.welcome import Welcome


class MainWindow(QMainWindow):
    idle = Signal()  # nothing is streaming any more (for --screenshot and --exit-when-done)

    def __init__(self, history: HistoryService, service: ChatService, providers: list[Provider], defaults: ChatSettings,
                 models_for: Callable[[str], list[str]], theme: str = "light",
                 provider_service: "ProviderService | None" = None) -> None:
        super().__init__()
        self.provider_service = provider_service
        self.history, self.service = history, service
        self.defaults = defaults
        self.renderer = MarkdownRenderer(theme)
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 820)
        self.sidebar = Sidebar(history)
        self.bar = SettingsBar(providers, models_for, model_info=service.models.info)
        self.options = ViewOptions()  # the user's display preferences, for every view built below
        self.transcript = Transcript(self.renderer, options=self.options)
        self.composer = Composer()
        chat = QWidget()
        cl = QVBoxLayout(chat)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.bar)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.transcript)
        self.compare_view: CompareView | None = None  # built on first use
        self.view_mode = "chat"  # or "compare"
        self.pending_columns: list[Column] | None = None  # a new comparison, before its first prompt
        cl.addWidget(self.stack, 1)
        cl.addWidget(self.composer)
        self.welcome: Welcome | None = None
        if provider_service is not None:
            self.options.keep_thinking_open = bool(provider_service.settings.ui.get("keep_thinking_open"))
            provider_service.settings_changed.connect(self._settings_changed)
            if not provider_service.configured() and not history.conversations(limit=1):
                from ponder.ui.welcome import Welcome  # first run only

                self.welcome = Welcome(provider_service)
                self.welcome.chosen.connect(self._welcome_chosen)
                self.stack.addWidget(self.welcome)
                self.stack.setCurrentWidget(self.welcome)
        split = QSplitter()
        split.addWidget(self.sidebar)
        split.addWidget(chat)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 930])
        self.setCentralWidget(split)
        self.cid: str | None = None
        self._reload_pending = False
        self._draft_images: dict[str | None, tuple[list, list]] = {}  # images waiting, by conversation

        self.bar.tools_button.clicked.connect(self.open_tools)
        self.bar.pick.clicked.connect(self.pick_model)
        self._tool_results: dict[str, dict[str, str]] = {}  # answer id -> call id -> the user's result
        self.sidebar.opened.connect(self.open_conversation)
        self.sidebar.new_chat.connect(lambda: self.open_conversation(None))
        self.sidebar.new_compare.connect(self.new_comparison)
        self.sidebar.settings_requested.connect(self.open_settings)
        self.sidebar.about_requested.connect(self.open_about)
        self.bar.show_comparison.clicked.connect(lambda: self.cid and self.open_conversation(self.cid, view="compare"))
        history.deleted.connect(lambda cid: self.open_conversation(None) if cid == self.cid else None)
        history.changed.connect(self._history_changed)
        self.composer.send.connect(self.send)
        self.composer.stop.connect(self.stop)
        self.composer.problem.connect(lambda why: self.statusBar().showMessage(why, 10000))
        self.bar.model_followed.connect(self._model_followed)
        self.setAcceptDrops(True)  # images dropped anywhere on the window are attached
        service.answerStarted.connect(self._started)
        service.progress.connect(self._progress)
        service.answerFinished.connect(self._finished)
        service.saveProblem.connect(self._save_problem)
        service.conversationsChanged.connect(self.sidebar.refresh_soon)

        for keys, fn in (
            ("Ctrl+N", lambda: self.open_conversation(None)),
            ("Ctrl+K", self._focus_search),
            ("Ctrl+F", self._focus_search),
            ("Ctrl+Shift+C", self.copy_last_answer),
            ("Esc", self.stop),
            ("Ctrl+L", lambda: self.composer.edit.setFocus()),
            ("Ctrl+,", self.open_settings),
            ("Ctrl+M", self.pick_model),
            ("Ctrl+Shift+N", self.new_comparison),
            ("F1", self.open_about),
            ("Ctrl+Shift+M", self.new_comparison),
        ):
            QShortcut(QKeySequence(keys), self, fn)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(500)
        self._draft_timer.timeout.connect(self._save_draft)
        self.composer.edit.textChanged.connect(self._draft_timer.start)
        self.open_conversation(None)

    # -- settings and first run -----------------------------------------------------------------

    def after_start(self) -> None:
        """Work that needs the event loop running (main.py calls it once the loop is up)."""
        if self.welcome is not None:
            self.welcome.probe()

    def open_about(self) -> None:
        from ponder.core.paths import Paths
        from ponder.ui.about import AboutDialog

        AboutDialog(Paths.default(), self).exec()

    def open_settings(self) -> None:
        if self.provider_service is None:
            return
        from ponder.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.provider_service, self).exec()

    def set_theme(self, theme: str) -> None:
        """The system switched light/dark: new colours, and the open conversation drawn again."""
        self.renderer = MarkdownRenderer(theme)
        self.transcript.renderer = self.renderer
        if self.cid:
            self.open_conversation(self.cid)

    def pick_model(self) -> None:
        from ponder.ui.model_picker import ModelPicker

        pid = self.bar.provider.currentData()
        catalog = self.service.models
        recent = self.history.recent_models(pid)
        models, note = catalog.for_picker(pid, list(dict.fromkeys(recent + self.bar.models_for(pid))))
        ui = self.provider_service.settings.ui if self.provider_service else {}
        favourites = [k.split(":", 1)[1] for k in ui.get("favourite_models", []) if k.startswith(pid + ":")]
        picker = ModelPicker(models, favourites, recent, self.bar.model.currentText(), note, self)
        picker.favourite_toggled.connect(lambda mid, on: self._favourite(pid, mid, on))

        def refreshed(provider_id: str, problem: str) -> None:
            if provider_id == pid:
                picker.refreshed(catalog.listed(pid) or [], problem)

        catalog.refreshed.connect(refreshed)
        picker.refresh_requested.connect(lambda: catalog.refresh(pid, force=True))
        picker.finished.connect(lambda _: catalog.refreshed.disconnect(refreshed))
        if self.provider_service is not None:
            ps = self.provider_service
            picker.override_changed.connect(lambda mid, o: (ps.set_override(pid, mid, o), self.bar.follow_model()))
        if picker.exec() == ModelPicker.DialogCode.Accepted and picker.chosen:
            self.bar.model.setEditText(picker.chosen)

    def _favourite(self, pid: str, mid: str, on: bool) -> None:
        if self.provider_service is None:
            return
        favs = list(self.provider_service.settings.ui.get("favourite_models", []))
        key = f"{pid}:{mid}"
        favs = favs + [key] if on and key not in favs else [f for f in favs if f != key]
        self.provider_service.set_ui("favourite_models", favs)

    def open_tools(self) -> None:
        from ponder.ui.tools_dialog import ToolsDialog

        library = self.provider_service.settings.tools if self.provider_service else list(self.bar.tools)
        d = ToolsDialog(library, [t["name"] for t in self.bar.tools], self.bar.tool_choice, self.bar.parallel, self)
        if d.exec() != ToolsDialog.DialogCode.Accepted:
            return
        library, enabled, choice, parallel = d.result()
        if self.provider_service is not None:
            self.provider_service.set_tools(library)
        self.bar.set_tools([t for t in library if t["name"] in enabled], choice, parallel)
        if self.cid:
            self.service.update_settings(self.cid, self.bar.settings())

    def _settings_changed(self) -> None:
        s = self.provider_service.settings  # type: ignore[union-attr]
        self.options.keep_thinking_open = bool(s.ui.get("keep_thinking_open"))
        if s.default_provider:
            self.defaults = ChatSettings(model=s.default_models.get(s.default_provider, self.defaults.model), provider=s.default_provider)
            if self.cid is None:
                self.bar.set_settings(self.defaults)

    def _welcome_chosen(self, pid: str, model: str) -> None:
        self.defaults = ChatSettings(model=model, provider=pid)
        self.bar.set_settings(self.defaults)
        self.stack.setCurrentWidget(self.transcript)
        self.composer.edit.setFocus()

    # -- conversations --------------------------------------------------------------------------

    def open_conversation(self, cid: str | None, view: str | None = None) -> None:
        """Show a conversation: a comparison in columns, a chat as a transcript. ``view`` forces
        one (a chat that began as a comparison can show its columns again)."""
        self._save_draft()
        same = cid is not None and cid == self.cid
        if cid != self.cid:
            self._switch_images(self.cid, cid)
        self.cid = cid
        self.sidebar.current = cid
        self.bar.show_comparison.hide()
        if cid is None:
            self.pending_columns = None
            self._set_view("chat")
            self.bar.meta.clear()
            self.bar.title.setText("New chat")
            self.bar.set_settings(self.defaults)
            self.composer.set_image_options(None, None)
            self.transcript.load([], self._hook)
        else:
            c = self.history.conversation(cid)
            if view is None:
                view = self.view_mode if same and c.settings.get("columns") else ("compare" if c.kind == "compare" else "chat")
            self.bar.title.setText(c.title or "Untitled")
            self.bar.set_settings(ChatSettings.from_dict(c.provider or self.defaults.provider, c.model or "", c.settings))
            self.composer.set_image_options(c.settings.get("image_size"), c.settings.get("image_detail"))
            if view == "compare" and c.settings.get("columns"):
                self._show_comparison(c)
            else:
                self._show_chat(c)
        self.composer.edit.blockSignals(True)
        self.composer.edit.setPlainText(self.history.draft(cid))
        self.composer.edit.blockSignals(False)
        self.composer.set_streaming(self.service.streaming(cid))
        self.composer.edit.setFocus()

    def _set_view(self, view: str) -> None:
        self.view_mode = view
        if view == "compare":
            self.stack.setCurrentWidget(self._compare())
            self.composer.edit.setPlaceholderText("Ask every model. Enter sends, Shift+Enter adds a line.")
        else:
            if self.stack.currentWidget() is not self.welcome or self.welcome is None:
                self.stack.setCurrentWidget(self.transcript)
            self.composer.edit.setPlaceholderText("Ask anything. Enter sends, Shift+Enter adds a line.")
            self.bar.set_compare(None)

    def _compare(self) -> "CompareView":
        if self.compare_view is None:
            from ponder.ui.compare import CompareView

            def name(pid: str) -> str:
                p = self.bar.providers.get(pid)
                return p.name if p else pid

            v = self.compare_view = CompareView(self.renderer, name, options=self.options)
            v.stop_answer.connect(self.service.stop_message)
            v.retry_answer.connect(self.retry_column)
            v.choose_answer.connect(self.continue_with)
            v.copied.connect(lambda what: self.statusBar().showMessage(what, 2500))
            v.edit_models.connect(self.new_comparison)
            self.stack.addWidget(v)
        return self.compare_view

    def _show_comparison(self, c) -> None:  # type: ignore[no-untyped-def]
        from ponder.core.compare import Column, column_threads

        cols = [Column.from_dict(d) for d in c.settings.get("columns") or []]
        self._set_view("compare")
        self.bar.set_compare(len(cols))
        if c.kind != "compare":
            self.bar.title.setText(f"{c.title or 'Untitled'} · the comparison it began with")
        threads = column_threads(self.history.messages(c.id), [x.key for x in cols])
        first = next((t[0] for t in threads.values() if t), None)
        self._compare().load(cols, threads, self.service.streaming_message, first.content if first else None, editable=False, cid=c.id)
        self._show_meta(c, [])

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

    # -- comparisons ----------------------------------------------------------------------------

    def new_comparison(self) -> None:
        """Choose 2 to 8 models; the next prompt goes to all of them."""
        from ponder.core.compare import Column
        from ponder.ui.compare_dialog import CompareDialog

        ps = self.provider_service
        if self.view_mode == "compare" and self.cid is None and self.pending_columns:
            start = self.pending_columns
        elif ps is not None and ps.settings.last_model_set:
            start = [Column.from_dict(d) for d in ps.settings.last_model_set]
        else:
            d = self.defaults
            start = [Column(d.provider, d.model), Column(d.provider, "")]
        models_for = lambda pid: list(dict.fromkeys(self.history.recent_models(pid) + self.bar.models_for(pid)))  # noqa: E731
        dialog = CompareDialog(list(self.bar.providers.values()), models_for, start,
                               ps.settings.model_sets if ps else {}, ps.settings.compare_local_parallel if ps else False,
                               self, save_set=ps.save_model_set if ps else None, model_info=self.bar.model_info)
        if dialog.exec() != CompareDialog.DialogCode.Accepted:
            return
        if ps is not None:
            ps.set_compare_local_parallel(dialog.local_parallel.isChecked())
            ps.remember_model_set([c.to_dict() for c in dialog.result_columns])
        self.service.local_parallel = dialog.local_parallel.isChecked()
        self.start_comparison(dialog.result_columns)

    def start_comparison(self, columns: list["Column"]) -> None:
        """A new comparison with these columns, waiting for its prompt."""
        from ponder.core.compare import with_keys

        self._save_draft()
        if self.cid is not None:
            self._switch_images(self.cid, None)
        self.cid = None
        self.sidebar.current = None
        self.pending_columns = with_keys(columns)
        self._set_view("compare")
        self.bar.set_compare(len(columns))
        self.bar.show_comparison.hide()
        self.bar.title.setText("New comparison")
        self.bar.meta.clear()
        self._compare().load(self.pending_columns, {}, self.service.streaming_message, None, editable=True)
        self.composer.set_streaming(False)
        self.composer.edit.setFocus()

    def retry_column(self, mid: str) -> None:
        if self.cid:
            self.service.retry_column(self.cid, mid)

    def continue_with(self, mid: str) -> None:
        """The chosen column's answer becomes the chat's; the chat goes on with its model."""
        if not self.cid:
            return
        cid = self.cid
        cs = self.service.continue_with(cid, mid)
        QTimer.singleShot(0, lambda: self.open_conversation(cid, view="chat"))  # not inside the button's own click
        self.statusBar().showMessage(f"Continuing with {cs.model}: the other columns are alternatives of this answer (‹ ›)", 5000)

    def _show_meta(self, c, thread) -> None:  # type: ignore[no-untyped-def]
        answers = [m for m in thread if m.role == "assistant" and m.usage]
        known = all(m.cost is not None for m in answers)
        last = answers[-1].usage if answers else {}
        used = (last.get("prompt_tokens") or 0) + (last.get("completion_tokens") or 0) if last else None
        self.bar.show_meta(c.cost, used, known)

    def _hook(self, w: MessageWidget) -> None:
        w.retry.connect(self.retry)
        w.navigate.connect(self.navigate)
        w.tool_result.connect(self.tool_result)
        w.copied.connect(lambda what: self.statusBar().showMessage(what, 2500))
        w.resend.connect(self.resend)
        w.delete.connect(self.delete_message)

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

    # -- sending --------------------------------------------------------------------------------

    def _model_followed(self, pid: str, mid: str, info: "ModelInfo") -> None:
        from ponder.core.images import accepts_pdf

        p = self.bar.providers.get(pid)
        self.composer.set_model(pid, mid, info.vision, accepts_pdf(pid, p.dialect if p else "generic"))

    def _image_check(self) -> bool:
        """Images go only to a model that takes them; otherwise they stay in the composer."""
        c = self.composer
        if c.needs_vision() and c.vision is False:
            self.statusBar().showMessage(f"{c.model} does not take images: choose a model with vision (Ctrl+M), or remove "
                                         "the images. Nothing was sent.", 8000)
            return False
        return True

    def send(self, text: str) -> None:
        if self.view_mode == "compare":
            return self._send_compare(text)
        cs = self.bar.settings()
        if not cs.model:
            self.statusBar().showMessage("Choose a model first", 4000)
            self.bar.model.setFocus()
            return
        if not self._image_check():
            return
        c = self.composer
        cs.image_size = None if c.image_size == "balanced" else c.image_size
        cs.image_detail = None if c.image_detail == "auto" else c.image_detail
        images = list(c.images)
        c.edit.clear()
        c.clear_images()
        self.history.set_draft(self.cid, "")
        self.cid = self.service.send(self.cid, text, cs, images)
        self.sidebar.current = self.cid
        self.composer.set_streaming(True)
        self._reload_soon(self.cid)  # the new messages, and the answer streaming into its widget

    def _send_compare(self, text: str) -> None:
        images = list(self.composer.images)
        try:
            if self.cid is None:
                self.cid = self.service.compare(None, text, self.pending_columns, base=self.bar.settings(), images=images)
                self.pending_columns = None
            else:
                self.service.compare(self.cid, text, images=images)
        except ValueError as e:
            self.statusBar().showMessage(str(e), 5000)
            return
        self.composer.clear_images()
        self.composer.edit.clear()
        self.history.set_draft(None, "")
        self.sidebar.current = self.cid
        self.composer.set_streaming(True)
        self._reload_soon(self.cid)

    def resend(self, mid: str, text: str) -> None:
        if self.cid and text.strip():
            self.service.resend(self.cid, mid, text, self.bar.settings())

    def delete_message(self, mid: str, confirm: bool = True) -> None:
        if not self.cid or self.service.streaming(self.cid):
            self.statusBar().showMessage("Stop the answer first", 3000)
            return
        if confirm and not message(self, "Delete message", "Delete this message and the replies below it? This cannot be undone.",
                                   question=True):
            return
        self.history.delete_message(mid)
        self.sidebar.refresh()
        self._reload_soon(self.cid, follow=False)

    def stop(self) -> None:
        if self.cid and self.service.streaming(self.cid):
            self.service.stop(self.cid)

    def retry(self, mid: str) -> None:
        if self.cid:
            self.service.retry(self.cid, mid, self.bar.settings())

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

    def tool_result(self, mid: str, call_id: str, result: str) -> None:
        """One call answered; once every call of the answer has its result, the conversation goes on."""
        if not self.cid:
            return
        got = self._tool_results.setdefault(mid, {})
        got[call_id] = result
        calls = [c.id for c in self.history.message(mid).tool_calls]
        if all(c in got for c in calls):
            del self._tool_results[mid]
            self.service.reply_to_tools(self.cid, [(c, got[c]) for c in calls], self.bar.settings())
        else:
            self.statusBar().showMessage(f"{len(got)} of {len(calls)} tool results given", 4000)

    def copy_last_answer(self) -> None:
        for w in reversed(list(self.transcript.widgets.values())):
            if w.message.role == "assistant" and w.message.content:
                QGuiApplication.clipboard().setText(w.message.content)
                self.statusBar().showMessage("Last answer copied as markdown", 2500)
                return

    # -- service signals ------------------------------------------------------------------------

    def _started(self, cid: str, mid: str) -> None:
        if cid == self.cid:
            self.composer.set_streaming(True)
            self._reload_soon(cid)

    def _progress(self, p: Progress) -> None:
        if p.conversation_id != self.cid:
            return
        if self.view_mode == "compare" and self.compare_view is not None:
            self.compare_view.update_progress(p)
            return
        w = self.transcript.widgets.get(p.message_id)
        if w is not None:
            w.update_progress(p)

    def _history_changed(self, cid: str) -> None:
        """A conversation was renamed, lost a message or changed branch, here or in the sidebar."""
        if cid != self.cid:
            return
        try:
            c = self.history.conversation(cid)
        except PonderError:
            return  # deleted: history.deleted opens a new chat
        self.bar.title.setText(c.title or "Untitled")

    def _save_problem(self, cid: str, mid: str, why: str, tell: bool = True) -> None:
        if why and tell:
            self.statusBar().showMessage(why, 30000)
        elif tell and cid == self.cid:
            self.statusBar().showMessage("The answer kept on screen is saved now", 5000)
        w = self.transcript.widgets.get(mid) if cid == self.cid else None
        if w is not None and hasattr(w, "notice"):
            w.notice.setText(why)
            w.notice.setVisible(bool(why))

    def _finished(self, cid: str, mid: str) -> None:
        if cid == self.cid and self.view_mode == "compare" and self.compare_view is not None:
            m = self.service.message(mid)
            if not self.compare_view.finish(m):
                self._reload_soon(cid, follow=False)
            self.composer.set_streaming(self.service.streaming(cid))
            self._show_meta(self.history.conversation(cid), [])
        elif cid == self.cid:
            w = self.transcript.widgets.get(mid)
            if w is not None:
                # Finish the widget in place (a long answer is not laid out again from scratch).
                m = self.service.message(mid)
                sib = [x.id for x in self.history.siblings(mid)]
                w.show_final(m, alternatives=(sib.index(mid) + 1, len(sib)),
                             awaiting_tool=bool(m.tool_calls) and m.status == "done")
                if mid in self.service.unsaved:
                    self._save_problem(cid, mid, "Not saved yet: kept on screen, and saved as soon as the history can "
                                                 "be written", tell=False)
                self.composer.set_streaming(self.service.streaming(cid))
                self._show_meta(self.history.conversation(cid), self.history.thread(cid))
            else:
                self.open_conversation(cid)
        if not self.service.busy():
            self.idle.emit()

    def dragEnterEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        from ponder.ui.composer import media_of

        if media_of(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        from ponder.ui.composer import media_of

        found = media_of(e.mimeData())
        if found:
            e.acceptProposedAction()
            self.composer.add_media(found)

    def closeEvent(self, e: QCloseEvent) -> None:
        # The history may close right after the window: nothing may fire after this.
        self.sidebar.stop()
        self._draft_timer.stop()
        self._save_draft()
        super().closeEvent(e)
