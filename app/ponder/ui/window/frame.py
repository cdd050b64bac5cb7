"""The main window's frame: it builds the sidebar, the settings bar, the transcript and the
composer, wires them, and follows the services. Its rooms: conversations.py (switching),
messages.py (message actions, drag and drop), comparisons.py, choosers.py (model picker, tools)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QMainWindow, QSplitter,
    QStackedWidget, QVBoxLayout, QWidget,
)

from ponder import APP_NAME
from ponder.core.providers.presets import Provider
from ponder.core.render import MarkdownRenderer
from ponder.core.errors import PonderError
from ponder.core.models import ChatSettings
from ponder.services.chat import ChatService, Progress
from ponder.ui.composer import Composer
from ponder.ui.thinking_pane import ViewOptions
from ponder.ui.sidebar import Sidebar
from ponder.ui.settings_bar import SettingsBar
from ponder.ui.theme import apply_theme, system_theme
from ponder.ui.transcript import Transcript
from ponder.ui.window.choosers import ChoosersRoom
from ponder.ui.window.comparisons import ComparisonsRoom
from ponder.ui.window.conversations import ConversationsRoom
from ponder.ui.window.messages import MessagesRoom
from ponder.ui.i18n import tr

if TYPE_CHECKING:
    from ponder.services.history import HistoryService
    from ponder.core.answers.columns import Column
    from ponder.ui.compare_view import CompareView
    from ponder.services.provider_setup import ProviderService
    from ponder.ui.welcome import Welcome


class MainWindow(ConversationsRoom, MessagesRoom, ComparisonsRoom, ChoosersRoom, QMainWindow):
    idle = Signal()  # nothing is streaming any more (for --screenshot and --exit-when-done)

    def __init__(self, history: HistoryService, service: ChatService, providers: list[Provider], defaults: ChatSettings,
                 models_for: Callable[[str], list[str]], theme: str = "light",
                 provider_service: "ProviderService | None" = None) -> None:
        super().__init__()
        self.provider_service = provider_service
        self.history, self.service = history, service
        self.defaults = defaults
        self.theme = theme
        self.forced_theme: str | None = None  # --theme on the command line wins over Settings
        self.restart_wanted = False  # Settings' "Restart now" (a new language): main.py starts Ponder again
        self.renderer = MarkdownRenderer(theme)
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 820)
        self.sidebar = Sidebar(history)
        self.bar = SettingsBar(providers, models_for, model_info=service.models.info)
        self.options = ViewOptions()  # the user's display preferences, for every view built below
        self.options.logprobs = history.logprobs
        self.options.dark = theme == "dark"
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
            provider_service.providers_changed.connect(self._providers_changed)
            if not provider_service.configured() and not history.conversations(limit=1):
                from ponder.ui.welcome import Welcome  # first run only

                self.welcome = Welcome(provider_service)
                self.welcome.chosen.connect(self._welcome_chosen)
                self.stack.addWidget(self.welcome)
                self.stack.setCurrentWidget(self.welcome)
        split = self.split = QSplitter()
        split.addWidget(self.sidebar)
        split.addWidget(chat)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 930])
        self.setCentralWidget(split)
        self._build_menus()
        self.cid: str | None = None
        self._reload_pending = False
        self._draft_images: dict[str | None, tuple[list, list]] = {}  # images waiting, by conversation

        self.bar.tools_button.clicked.connect(self.open_tools)
        self.bar.params_button.clicked.connect(self.open_params)
        self.bar.preset.activated.connect(self.choose_preset)
        self.bar.save_preset.clicked.connect(self.save_preset)
        self._fill_presets()
        self.bar.pick.clicked.connect(self.pick_model)
        self._tool_results: dict[str, dict[str, str]] = {}  # answer id -> call id -> the user's result
        self.sidebar.opened.connect(self.open_conversation)
        self.sidebar.hit_opened.connect(self.open_hit)
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
        if service.tools is not None:
            service.tools.roundChanged.connect(self._round_changed)
        service.threadGrew.connect(lambda cid: self._reload_soon(cid) if cid == self.cid else None)
        service.saveProblem.connect(self._save_problem)
        service.priced.connect(lambda cid: cid == self.cid and not self.service.streaming(cid)
                               and self._reload_soon(cid, follow=False))  # the costs, once prices arrived
        service.conversationsChanged.connect(self.sidebar.refresh_soon)

        for keys, fn in (  # the rest are in the menus (_build_menus)
            ("Ctrl+K", self._focus_search),
            ("Ctrl+F", self._focus_search),
            ("Ctrl+Shift+C", self.copy_last_answer),
            ("Esc", self.stop),
            ("Ctrl+L", lambda: self.composer.edit.setFocus()),
            ("Ctrl+M", self.pick_model),
            ("Ctrl+Shift+M", self.new_comparison),
            ("Alt+Up", lambda: self.transcript.step(-1)),
            ("Alt+Down", lambda: self.transcript.step(1)),
            ("Ctrl+/", self.show_shortcuts),
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
        # The first answer's one-time costs (Python-Markdown, Pygments, the monospace font), paid
        # in small pieces while the user types the first question, not while it streams.
        self._warming = [*self.renderer.warm_steps(), self._warm_layout, self.service.collector.freeze_startup]
        QTimer.singleShot(300, self._warm_next)

    def _warm_next(self) -> None:
        if self._warming:
            self._warming.pop(0)()
            QTimer.singleShot(30, self._warm_next)

    def _warm_layout(self) -> None:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setDefaultStyleSheet(self.renderer.stylesheet())
        doc.setHtml(self.renderer.render("**a** `b`\n\n```python\nx = 1\n```").html)
        doc.setTextWidth(600)
        doc.size()  # laid out: fonts found and loaded

    # -- the keyboard ---------------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        """Tab follows the screen: sidebar, settings bar, the conversation (one stop: inside it,
        the message the keyboard is on and its controls), the composer. Messages are built as
        they scroll near, so Qt's own chain would put them after the composer, in any order."""
        cur = QApplication.focusWidget()
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        msg = self.transcript.message_of(cur)
        if msg is not None:
            stops = msg.focus_stops()
            i = stops.index(cur) if cur in stops else 0
            j = i + (1 if next else -1)
            if 0 <= j < len(stops):
                stops[j].setFocus(reason)
                return True
            cur = self.transcript  # out of the conversation, from where it is in the chain
        if cur is None or cur.window() is not self:
            return super().focusNextPrevChild(next)
        w = cur
        for _ in range(5000):
            w = w.nextInFocusChain() if next else w.previousInFocusChain()
            if w is cur:
                break
            if (w.window() is self and w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and w.focusProxy() is None  # a combo's or spin box's own line edit: the box is the stop
                    and not self.transcript.inside(w) and not (w is self.transcript and msg is not None)):
                w.setFocus(reason)
                on = self.transcript.message_of(QApplication.focusWidget())
                if w is self.transcript and on is not None and not next:
                    on.focus_stops()[-1].setFocus(reason)  # backwards into a message: its last control first
                return True
        return super().focusNextPrevChild(next)

    def show_shortcuts(self) -> None:
        from ponder.ui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def open_about(self) -> None:
        from ponder.core.paths import Paths
        from ponder.ui.about import AboutDialog

        AboutDialog(Paths.default(), self).exec()

    def open_settings(self) -> None:
        if self.provider_service is None:
            return
        from ponder.ui.settings_dialog import SettingsDialog

        d = SettingsDialog(self.provider_service, self, tools=self.service.tools)
        d.exec()
        d.deleteLater()  # it listens to the servers' states: not kept once closed
        if d.restart_wanted:
            self.restart_wanted = True
            QApplication.closeAllWindows()  # as Quit does: the loop ends, then main.py starts Ponder again

    def follow_theme(self) -> None:
        """Light or dark as chosen: on the command line (``forced_theme``), else in Settings,
        else as the system is (called again when either changes)."""
        choice = self.forced_theme or (self.provider_service.settings.ui.get("theme") if self.provider_service else None)
        if choice not in ("light", "dark"):
            choice = system_theme()
        if choice != self.theme:
            apply_theme(QApplication.instance(), choice)  # type: ignore[arg-type]
            self.set_theme(choice)

    def set_theme(self, theme: str) -> None:
        """New colours, and the open conversation drawn again."""
        self.theme = theme
        self.options.dark = theme == "dark"
        self.renderer = MarkdownRenderer(theme)
        self.transcript.renderer = self.renderer
        if self.cid:
            self.open_conversation(self.cid)

    def _settings_changed(self) -> None:
        s = self.provider_service.settings  # type: ignore[union-attr]
        self.options.keep_thinking_open = bool(s.ui.get("keep_thinking_open"))
        self.follow_theme()
        if s.default_provider:
            self.defaults = ChatSettings(model=s.default_models.get(s.default_provider, self.defaults.model), provider=s.default_provider)
            if self.cid is None:
                self.bar.set_settings(self.defaults)

    def _providers_changed(self) -> None:
        """The user's own providers changed in Settings: the bar (and so the comparison dialog)
        offers them at once; the demo and a --base-url endpoint stay where they were."""
        ps = self.provider_service
        assert ps is not None
        listed = list(self.bar.providers.values())
        before = [p for p in listed[:1] if p.id == "demo"]
        after = [p for p in listed if p.id == "custom"]
        self.bar.set_providers(before + ps.providers() + after)

    def _welcome_chosen(self, pid: str, model: str) -> None:
        self.defaults = ChatSettings(model=model, provider=pid)
        self.bar.set_settings(self.defaults)
        self.stack.setCurrentWidget(self.transcript)
        self.composer.edit.setFocus()

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
        self.bar.title.setText(c.title or tr("Untitled"))

    def _save_problem(self, cid: str, mid: str, why: str, tell: bool = True) -> None:
        if why and tell:
            self.statusBar().showMessage(why, 30000)
        elif tell and cid == self.cid:
            self.statusBar().showMessage(tr("The answer kept on screen is saved now"), 5000)
        w = self.transcript.widgets.get(mid) if cid == self.cid else None
        if w is not None and hasattr(w, "notice"):
            w.notice.setText(why)
            w.notice.setVisible(bool(why))

    def _warm_mcp(self) -> None:
        """Start the MCP servers this conversation offers, so its next answer need not wait for them."""
        tools = self.service.tools
        if tools is None:
            return
        for name in dict.fromkeys(sel.split("/", 1)[0] for sel in self.bar.mcp):
            srv = next((s for s in tools.servers() if s.name == name), None)
            if srv is not None and srv.enabled and tools.state(name).status == "stopped":
                tools.start(name)

    def _busy(self, cid: str) -> bool:
        """Is anything under way in the conversation: an answer streaming, or its tool calls?"""
        tools = self.service.tools
        return self.service.streaming(cid) or (tools is not None and tools.busy(cid))

    def _round_changed(self, mid: str) -> None:
        """An answer's MCP calls moved on (approved, running, ended): its cards follow."""
        tools = self.service.tools
        r = tools.rounds.get(mid) if tools is not None else None
        w = self.transcript.widgets.get(mid)
        if w is not None and r is not None:
            w.show_round(r)
        if self.cid:
            self.composer.set_streaming(self._busy(self.cid))

    def _finished(self, cid: str, mid: str) -> None:
        if cid == self.cid:
            self._announce_end(mid)
        if cid == self.cid and self.view_mode == "compare" and self.compare_view is not None:
            m = self.service.message(mid)
            if not self.compare_view.finish(m):
                self._reload_soon(cid, follow=False)
            self.composer.set_streaming(self._busy(cid))
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
                    self._save_problem(cid, mid, tr("Not saved yet: kept on screen, and saved as soon as the history can "
                                                    "be written"), tell=False)
                self.composer.set_streaming(self._busy(cid))
                self._show_meta(self.history.conversation(cid), self.history.thread(cid))
            else:
                self.open_conversation(cid)
        if not self.service.busy():
            self.idle.emit()

    def _announce_end(self, mid: str) -> None:
        """How the answer ended, said once to a screen reader (never the tokens as they stream)."""
        from ponder.ui.message import ending_problem
        from ponder.ui.safe import announce

        m = self.service.message(mid)
        if self.view_mode == "compare" and self._busy(self.cid or ""):
            return  # a comparison is announced when its last column ends
        problem = ending_problem(m)
        if m.status == "error":
            announce(self, tr("The answer failed: {problem}").format(problem=problem) if problem else tr("The answer failed"))
        elif m.status in ("stopped", "interrupted"):
            announce(self, tr("Answer stopped"))
        else:
            announce(self, tr("Answers finished") if self.view_mode == "compare" else tr("Answer finished"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(tr("&File"))
        for text, keys, fn in (
            (tr("&New chat"), "Ctrl+N", lambda: self.open_conversation(None)),
            (tr("New &comparison…"), "Ctrl+Shift+N", self.new_comparison),
            (tr("Compare &efforts of this model"), "Ctrl+Shift+E", self.compare_efforts),
            (None, None, None),
            (tr("&Import conversation…"), "Ctrl+O", self.import_conversation),
            (tr("Import &history from another app…"), "Ctrl+Shift+O", self.import_history),
            (None, None, None),
            (tr("&Settings…"), "Ctrl+,", self.open_settings),
            (None, None, None),
            (tr("&Quit"), "Ctrl+Q", QApplication.closeAllWindows),
        ):
            if text is None:
                file.addSeparator()
                continue
            act = file.addAction(text)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(fn)
        self.quit_action = act
        help_ = bar.addMenu(tr("&Help"))
        keys = help_.addAction(tr("&Keyboard shortcuts"))
        keys.setShortcut(QKeySequence("Ctrl+/"))
        keys.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # (the window's Ctrl+/ shortcut opens it)
        keys.triggered.connect(self.show_shortcuts)
        about = help_.addAction(tr("&About Ponder"))
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.open_about)

    # -- what is kept across restarts -----------------------------------------------------------

    def restore_state(self) -> None:
        """The window's size, place and splitter as the user left them, and their last
        conversation (main.py calls this when the command line asks for nothing else)."""
        ui = self.provider_service.settings.ui if self.provider_service else {}
        state = ui.get("window")
        if not isinstance(state, dict):
            return
        geometry = state.get("geometry")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii", "replace")))
        sizes = state.get("splitter")
        if isinstance(sizes, list) and len(sizes) == 2 and all(isinstance(n, int) and n >= 0 for n in sizes):
            self.split.setSizes(sizes)
        last = state.get("conversation")
        if isinstance(last, str) and self.history.exists(last):
            self.open_conversation(last)

    def _save_state(self) -> None:
        if self.provider_service is None:
            return
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        try:
            self.provider_service.set_ui("window", {"geometry": geometry, "splitter": self.split.sizes(),
                                                    "conversation": self.cid}, notify=False)
        except (OSError, ValueError):
            pass  # a settings file that cannot be written: the next start uses the defaults

    def closeEvent(self, e: QCloseEvent) -> None:
        # The history may close right after the window: nothing may fire after this.
        self.sidebar.stop()
        self._draft_timer.stop()
        self._save_draft()
        self._save_state()
        super().closeEvent(e)
