"""One message in the transcript: the user's bubble, or an answer with its thinking pane, text,
tool calls, error and footer."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QPlainTextEdit, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, RichLabel, esc
from ponder.core.answers.figures import figures
from ponder.core.render import MarkdownRenderer, plain_text
from ponder.core.history.records import StoredMessage
from ponder.services.chat import Progress
from ponder.ui.markdown_view import MarkdownView
from ponder.ui.thinking_pane import ThinkingPane, ViewOptions
from ponder.ui.i18n import tr


def _open_web(url: str) -> None:
    """A source's address, in the browser, only if it is a web address."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    u = QUrl(url)
    if u.scheme() in ("http", "https"):
        QDesktopServices.openUrl(u)


def footer_text(m: StoredMessage) -> str:
    from ponder.core.answers.figures import answered_by

    return " · ".join(figures(answered_by(m.model, m.served), m.ttft_ms, m.total_ms, m.usage, m.cost, m.finish_reason))


def ending_problem(m: StoredMessage) -> str | None:
    """What to tell the user about how an answer ended, if it did not end well."""
    err = (m.error or {}).get("message")
    if m.status in ("stopped", "interrupted") and not err:
        err = tr("Stopped: the answer is incomplete") if m.status == "stopped" else tr("Cut off: Ponder closed while it streamed")
    return err


class MessageWidget(QWidget):
    retry = Signal(str)  # message id
    tool_result = Signal(str, str, str)  # message id, tool call id, result
    navigate = Signal(str, int)  # message id, -1 / +1 among its alternatives
    copied = Signal(str)
    resend = Signal(str, str)  # user message id, the edited text
    delete = Signal(str)  # message id
    tool_decision = Signal(str, str, str, str)  # answer id, call id, approval, reason (an MCP call)
    tool_stop = Signal(str)  # answer id: stop its running MCP calls
    tool_decide_all = Signal(str, str)  # answer id, approval: for every call still waiting

    def __init__(self, m: StoredMessage, renderer: MarkdownRenderer, alternatives: tuple[int, int] = (1, 1),
                 awaiting_tool: bool = False, parent: QWidget | None = None, options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.options = options or ViewOptions()
        self.message = m
        self.renderer = renderer
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 6, 4, 6)  # (room for the focus ring)
        lay.setSpacing(6)
        # Reached by keyboard through the transcript (Tab into it, Alt+Up/Down between messages),
        # not Qt's focus chain: messages are built as they scroll near, in no order of their own.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if m.role == "user":
            self._build_user(lay, alternatives)
        elif m.role == "tool":
            self._build_tool_result(lay)
        else:
            self._build_answer(lay, alternatives, awaiting_tool)
        self._name_for_readers()

    # -- keyboard and screen readers --------------------------------------------------------------

    def _name_for_readers(self) -> None:
        m = self.message
        text = " ".join((m.content or m.refusal or "").split())
        short = text[:160] + ("…" if len(text) > 160 else "")
        if m.role == "user":
            self.setAccessibleName(tr('Your message: {short}').format(short=short) if short else tr("Your message (images only)"))
        elif m.role == "tool":
            self.setAccessibleName(tr('Tool result: {short}').format(short=short))
        else:
            who = m.model or tr("the model")
            state = {"streaming": tr("Answer being written"), "error": tr("Answer with an error"),
                     "stopped": tr("Stopped answer")}.get(m.status, tr("Answer"))
            self.setAccessibleName(tr('{state} from {who}: {short}').format(state=state, who=who, short=short) if short else tr('{state} from {who}').format(state=state, who=who))
        keys = {"user": tr("E edit, C copy, Delete delete"), "assistant": tr("C copy, R regenerate, T thinking, Delete delete")}
        self.setAccessibleDescription(tr('Keys: {v1}; Alt+Up and Alt+Down: other messages; Menu key: every action').format(v1=keys.get(m.role, tr('C copy'))))

    def actions(self) -> list[tuple[str, str, Any]]:
        """What can be done with this message from the keyboard: (key, label, do it)."""
        m, out = self.message, []  # (the buttons' own actions, where a button does it)
        if m.role == "assistant":
            if m.content:
                out.append(("C", tr("Copy"), self.copy_md.click))
                out.append(("", tr("Copy text"), self.copy_txt.click))
            if m.status != "streaming":
                out.append(("R", tr("Regenerate"), self.regen.click))
            if self.thinking.isVisible() and self.thinking.header.isEnabled():
                out.append(("T", tr("Show or hide thinking"), self.thinking.header.toggle))
            if self.nav_prev.isVisible():
                out.append(("", tr("Earlier answer"), self.nav_prev.click))
                out.append(("", tr("Later answer"), self.nav_next.click))
        elif m.role == "user":
            out.append(("C", tr("Copy"), lambda: self._copy(m.content or "", tr("Question copied"))))
            out.append(("E", tr("Edit"), self.edit_button.click))
            if self.versions is not None:
                out.append(("", tr("Earlier version"), self.version_buttons[0].click))
                out.append(("", tr("Later version"), self.version_buttons[1].click))
        else:
            out.append(("C", tr("Copy"), lambda: self._copy(m.content or "", tr("Tool result copied"))))
        if m.role != "tool" and m.status != "streaming":
            out.append(("Del", tr("Delete"), self.delete_button.click))
        return out

    def keyPressEvent(self, e: Any) -> None:  # noqa: N802
        key, mods = e.key(), e.modifiers()
        menu = key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and mods == Qt.KeyboardModifier.ShiftModifier)
        if menu:
            self.menu().exec(self.mapToGlobal(self.rect().center()))
            return
        if not mods or mods == Qt.KeyboardModifier.KeypadModifier:
            name = "Del" if key == Qt.Key.Key_Delete else e.text().upper()
            for k, _label, do in self.actions():
                if k and k == name:
                    do()
                    return
        super().keyPressEvent(e)

    def contextMenuEvent(self, e: Any) -> None:  # noqa: N802
        self.menu().exec(e.globalPos())

    def menu(self) -> Any:
        from PySide6.QtWidgets import QMenu

        m = QMenu(self)
        for key, label, do in self.actions():
            act = m.addAction(tr('{label}\t{key}').format(label=label, key=key) if key else label)
            act.triggered.connect(do)
        return m

    def focus_stops(self) -> list[QWidget]:
        """The message, then what Tab reaches inside it, top to bottom, left to right."""
        inside = [w for w in self.findChildren(QWidget) if w.isVisibleTo(self) and w.isEnabled()
                  and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        inside.sort(key=lambda w: (w.mapTo(self, w.rect().topLeft()).y(), w.mapTo(self, w.rect().topLeft()).x()))
        return [self, *inside]

    def focusInEvent(self, e: Any) -> None:  # noqa: N802
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e: Any) -> None:  # noqa: N802
        super().focusOutEvent(e)
        self.update()

    def paintEvent(self, e: Any) -> None:  # noqa: N802
        super().paintEvent(e)
        if self.hasFocus():  # the focus ring: which message the keys act on
            from PySide6.QtGui import QPainter, QPen

            p = QPainter(self)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 8, 8)
            p.end()

    # -- the user's message ---------------------------------------------------------------------

    def _build_user(self, lay: QVBoxLayout, alternatives: tuple[int, int]) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        bubble = QFrame(self)
        bubble.setObjectName("UserBubble")
        bl = QVBoxLayout(bubble)
        bl.setContentsMargins(12, 8, 12, 8)
        label = PlainLabel(bubble)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the user's text, exactly as typed
        label.setText(self.message.content or "")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A word-wrapped label asks for little width; give it the width its longest line needs
        # (measured with the style sheet's font, hence the polish first).
        label.ensurePolished()
        fm = label.fontMetrics()
        longest = max((fm.horizontalAdvance(line) for line in (self.message.content or " ").splitlines() or [" "]), default=0)
        label.setMinimumWidth(min(640, longest + 4))
        bl.addWidget(label)
        label.setVisible(bool(self.message.content))
        if self.message.images:
            from ponder.ui.thumbnails import MessageImages

            bl.addWidget(MessageImages(self.message.images, bubble))
        bubble.setMaximumWidth(680)
        row.addWidget(bubble)
        lay.addLayout(row)
        self.user_label = label
        # Edit in place: the edited question becomes a new branch; the old one stays reachable.
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.editor.hide()
        self.editor.setFixedHeight(90)
        lay.addWidget(self.editor)
        tools = QHBoxLayout()
        tools.addStretch(1)
        n, total = alternatives
        self.versions: PlainLabel | None = None
        if total > 1:  # edited: every version of the question stays, with its own answers
            self.versions = PlainLabel(tr('{n}/{total}').format(n=n, total=total), self)
            self.versions.setObjectName("Footer")
            self.versions.setToolTip(tr("Versions of this question (Edit makes a new one; each keeps its answers)"))
            self.version_buttons = []
            for text, step in (("‹", -1), ("›", 1)):
                b = QToolButton(self)
                b.setText(text)
                b.setEnabled(1 <= n + step <= total)
                b.setToolTip(tr("Earlier version of this question") if step < 0 else tr("Later version of this question"))
                b.setAccessibleName(tr("Earlier version") if step < 0 else tr("Later version"))
                b.clicked.connect(lambda _=False, s=step: self.navigate.emit(self.message.id, s))
                self.version_buttons.append(b)
            for w in (self.version_buttons[0], self.versions, self.version_buttons[1]):
                tools.addWidget(w)
        self.edit_button = QToolButton(self)
        self.edit_button.setText(tr("Edit"))
        self.edit_button.clicked.connect(self._start_edit)
        self.send_edit = QPushButton(tr("Send edited"), self)
        self.send_edit.setObjectName("Primary")
        self.send_edit.hide()
        self.send_edit.clicked.connect(lambda: self.resend.emit(self.message.id, self.editor.toPlainText()))
        self.cancel_edit = QPushButton(tr("Cancel"), self)
        self.cancel_edit.hide()
        self.cancel_edit.clicked.connect(self._stop_edit)
        self.delete_button = QToolButton(self)
        self.delete_button.setText(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete this message and the replies below it"))
        self.delete_button.clicked.connect(lambda: self.delete.emit(self.message.id))
        for w in (self.edit_button, self.cancel_edit, self.send_edit, self.delete_button):
            tools.addWidget(w)
        lay.addLayout(tools)

    def highlight(self, words: str) -> None:
        """A search hit: the words marked where they are (the answer, its thinking), or the
        question's bubble marked."""
        if self.message.role == "assistant":
            found = self.answer.highlight(words)
            if self.thinking.markdown and self.thinking.highlight(words) and not found:
                self.thinking.header.setChecked(True)  # the hit is in the thinking: open it
        elif self.message.role == "user":
            self.user_label.setStyleSheet("background: #fde68a; color: #1f2328; border-radius: 4px;")

    def _start_edit(self) -> None:
        self.editor.setPlainText(self.message.content or "")
        self.editor.show()
        self.editor.setFocus()
        for w, on in ((self.send_edit, True), (self.cancel_edit, True), (self.edit_button, False)):
            w.setVisible(on)

    def _stop_edit(self) -> None:
        self.editor.hide()
        for w, on in ((self.send_edit, False), (self.cancel_edit, False), (self.edit_button, True)):
            w.setVisible(on)

    def _build_tool_result(self, lay: QVBoxLayout) -> None:
        if isinstance((self.message.settings or {}).get("tool_run"), dict):  # an MCP tool's kept result
            from ponder.ui.tool_card import ToolResultView

            lay.addWidget(ToolResultView(self.message, self))
            return
        label = PlainLabel(tr('Tool result for {tool_call_id}:\n{v3}').format(tool_call_id=self.message.tool_call_id, v3=self.message.content or ''), self)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(label)

    # -- an answer ------------------------------------------------------------------------------

    def _build_answer(self, lay: QVBoxLayout, alternatives: tuple[int, int], awaiting_tool: bool) -> None:
        self.thinking = ThinkingPane(self.renderer, keep_open=self.options.keep_thinking_open, parent=self)
        lay.addWidget(self.thinking)
        self.thinking.hide()
        self.answer = MarkdownView(self.renderer, self, width=self.options.text_width)
        self.answer.setAccessibleName(tr("Answer text"))
        self.answer.copied.connect(self.copied)
        lay.addWidget(self.answer)
        self.sources = RichLabel("", self)  # web search's sources, numbered as the text cites them
        self.sources.setObjectName("Sources")
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.sources.setOpenExternalLinks(False)  # opened here, and only http(s), only on a click
        self.sources.linkActivated.connect(_open_web)
        self.sources.hide()
        lay.addWidget(self.sources)
        self.checked = PlainLabel(self)  # a JSON answer against its schema
        self.checked.setWordWrap(True)
        self.checked.hide()
        lay.addWidget(self.checked)
        self.tools_box = QVBoxLayout()
        lay.addLayout(self.tools_box)
        self.notice = PlainLabel(self)
        self.notice.setObjectName("Muted")
        self.notice.hide()
        lay.addWidget(self.notice)
        self.error_box = QFrame(self)
        self.error_box.setObjectName("ErrorBox")
        el = QHBoxLayout(self.error_box)
        el.setContentsMargins(10, 6, 10, 6)
        self.error_label = PlainLabel(self.error_box)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        el.addWidget(self.error_label, 1)
        self.retry_button = QPushButton(tr("Retry"), self.error_box)
        self.retry_button.clicked.connect(lambda: self.retry.emit(self.message.id))
        el.addWidget(self.retry_button)
        self.error_box.hide()
        lay.addWidget(self.error_box)

        bar = QHBoxLayout()
        bar.setSpacing(2)
        self.nav_prev = QToolButton(self)
        self.nav_prev.setText("‹")
        self.nav_prev.setAccessibleName(tr("Earlier answer"))
        self.nav_prev.clicked.connect(lambda: self.navigate.emit(self.message.id, -1))
        self.nav_label = PlainLabel(self)
        self.nav_label.setObjectName("Footer")
        self.nav_next = QToolButton(self)
        self.nav_next.setText("›")
        self.nav_next.setAccessibleName(tr("Later answer"))
        self.nav_next.clicked.connect(lambda: self.navigate.emit(self.message.id, 1))
        for w in (self.nav_prev, self.nav_label, self.nav_next):
            bar.addWidget(w)
        self.footer = PlainLabel(self)
        self._wait_text = ""  # "Waiting for the first token…" while it is what the footer says
        self.footer.setObjectName("Footer")
        self.footer.setWordWrap(True)
        bar.addWidget(self.footer, 1)
        self.copy_md = QToolButton(self)
        self.copy_md.setText(tr("Copy"))
        self.copy_md.setToolTip(tr("Copy the answer as markdown"))
        self.copy_md.clicked.connect(lambda: self._copy(self.message.content or "", tr("Answer copied as markdown")))
        self.copy_txt = QToolButton(self)
        self.copy_txt.setText(tr("Copy text"))
        self.copy_txt.setToolTip(tr("Copy the answer as plain text"))
        self.copy_txt.clicked.connect(lambda: self._copy(plain_text(self.message.content or ""), tr("Answer copied as text")))
        self.regen = QToolButton(self)
        self.regen.setText(tr("Regenerate"))
        self.regen.clicked.connect(lambda: self.retry.emit(self.message.id))
        self.delete_button = QToolButton(self)
        self.delete_button.setText(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete this answer and what follows it"))
        self.delete_button.clicked.connect(lambda: self.delete.emit(self.message.id))
        self.probs = QToolButton(self)
        self.probs.setText(tr("Token probabilities"))
        self.probs.setCheckable(True)
        self.probs.setToolTip(tr("Each token shaded by how sure the model was; hover one for the alternatives"))
        self.probs.toggled.connect(self._show_probs)
        self.probs.hide()
        self.prob_view = None
        for w in (self.probs, self.copy_md, self.copy_txt, self.regen, self.delete_button):
            bar.addWidget(w)
        lay.addLayout(bar)
        self._alternatives = alternatives
        self._awaiting_tool = awaiting_tool
        self._round: object | None = None  # an MCP round on (services/tools.Round)
        self._cards: dict[str, object] = {}
        if self.message.status == "streaming":
            self._set_streaming(True)
        else:
            self.show_final(self.message)

    def _copy(self, text: str, what: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(what)

    def _set_streaming(self, on: bool) -> None:
        for w in (self.copy_md, self.copy_txt, self.regen, self.delete_button, self.nav_prev, self.nav_next, self.nav_label):
            w.setVisible(not on)
        self._wait_text = tr("Waiting for the first token…") if on else ""
        self.footer.setText(self._wait_text)
        if on:
            # A model that researches for minutes says nothing meanwhile: the wait is counted.
            import time

            from PySide6.QtCore import QTimer

            self._asked_at = time.monotonic()
            self._waiting = QTimer(self)
            self._waiting.setInterval(1000)
            self._waiting.timeout.connect(self._tick_wait)
            self._waiting.start()
        elif getattr(self, "_waiting", None) is not None:
            self._waiting.stop()
            self._waiting = None

    def _tick_wait(self) -> None:
        import time

        if self._wait_text and self.footer.text() == self._wait_text:  # (in any language: the text last set here)
            self._wait_text = tr('Waiting for the first token… {v1:.0f} s').format(v1=time.monotonic() - self._asked_at)
            self.footer.setText(self._wait_text)
        elif self._waiting is not None:
            self._waiting.stop()  # the answer began: its own figures take over

    def update_progress(self, p: Progress) -> None:
        """Called about 30 times a second while the answer streams."""
        f = p.frame
        if f is not None:
            self.thinking.follow(f)
            if f.reset:  # what was shown as the answer was reasoning (it is in the pane now)
                self.answer.clear_stream()
            if f.content:
                self.answer.stream_markdown(f.content)
                self.footer.setText(tr("Answering…"))
            elif f.tool_calls:
                self.footer.setText(tr("Calling a tool…"))  # its arguments stream before any answer text
            elif f.thinking:
                self.footer.setText("")
            if f.tool_calls:
                self._show_tool_calls(f.tool_calls, live=True)
        if p.notice is not None:  # "" clears it (a retry's banner, once the retry answers)
            self.notice.setText(p.notice)
            self.notice.setVisible(bool(p.notice))

    def show_final(self, m: StoredMessage, alternatives: tuple[int, int] | None = None,
                   awaiting_tool: bool | None = None) -> None:
        """The stored end state: used on load and when a stream ends (done, error, Stop); the
        answer's place among its alternatives (n of total), and whether its tool calls await results."""
        if alternatives is not None:
            self._alternatives = alternatives
        if awaiting_tool is not None:
            self._awaiting_tool = awaiting_tool
        self.message = m
        self._set_streaming(False)
        self.notice.hide()
        self.thinking.show_final(m)
        from ponder.core.answers.citations import marked, sources

        cited = sources(m.annotations, m.content or "")
        checked = self._show_checked(m)
        if checked is not None and checked.pretty is not None:  # a JSON answer: shown indented, highlighted
            self.answer.finish_markdown(f"```json\n{checked.pretty}\n```")
            self.answer.show()
        elif m.content or m.refusal:
            self.answer.finish_markdown(marked(m.content, cited, links=True) if m.content and cited else
                                        m.content or f"*Refused:* {m.refusal}")
            self.answer.show()
        else:
            self.answer.hide()
        self._show_sources(cited)
        self._show_tool_calls(m.tool_calls, live=False)
        err = ending_problem(m)
        if err:
            self.error_label.setText(err + (tr(" (partial answer kept above)") if m.content else ""))
            self.error_box.show()
        else:
            self.error_box.hide()
        self.footer.setText(footer_text(m))
        n, total = self._alternatives
        multi = total > 1
        for w in (self.nav_prev, self.nav_label, self.nav_next):
            w.setVisible(multi)
        self.nav_label.setText(tr('{n}/{total}').format(n=n, total=total))
        self.nav_prev.setEnabled(n > 1)
        self.nav_next.setEnabled(n < total)
        has_text = bool(m.content)
        self.copy_md.setVisible(has_text)
        self.copy_txt.setVisible(has_text)
        asked = (m.settings or {}).get("logprobs") is not None
        self.probs.setVisible(has_text and asked and self.options.logprobs is not None and m.status == "done")
        self._name_for_readers()

    def _show_probs(self, on: bool) -> None:
        """The answer token by token, shaded by the model's certainty (or back to the answer)."""
        if on and self.prob_view is None:
            from ponder.ui.logprob_view import LogprobView

            tokens = self.options.logprobs(self.message.id) if self.options.logprobs else None
            if not tokens:
                self.probs.setChecked(False)
                self.probs.setEnabled(False)
                self.probs.setToolTip(tr("The provider sent no log probabilities for this answer"))
                return
            from ponder.ui.logprob_view import keys_text

            self.prob_key = PlainLabel(keys_text(), self)
            self.prob_key.setObjectName("Muted")
            self.prob_key.setWordWrap(True)
            self.prob_view = LogprobView(self, dark=self.options.dark)
            at = self.layout().indexOf(self.answer) + 1
            self.layout().insertWidget(at, self.prob_key)
            self.layout().insertWidget(at + 1, self.prob_view)
            self.prob_view.show_tokens(tokens)
        if self.prob_view is not None:
            self.prob_view.setVisible(on)
            self.prob_key.setVisible(on)
        self.answer.setVisible(not on)

    def _show_sources(self, cited: list) -> None:  # list[citations.Source]
        if not cited:
            self.sources.hide()
            return
        rows = "".join(f'<div>[{c.n}] <a href="{esc(c.url)}">{esc(c.title)}</a>'
                       f'{f" <span>· {esc(c.domain)}</span>" if c.domain and c.domain != c.title else ""}</div>'
                       for c in cited)
        self.sources.setText(tr('<div><b>Sources</b></div>{rows}').format(rows=rows))
        self.sources.setToolTip(tr("Opened in your browser when clicked"))
        self.sources.show()

    def _show_checked(self, m: StoredMessage) -> Any:
        """A JSON answer against what was asked of it (core.answers.structured.Checked), said under it."""
        from ponder.core.answers.structured import check_answer

        fmt = (m.settings or {}).get("response_format")
        checked = check_answer(m.content, fmt) if m.content and m.status == "done" and isinstance(fmt, dict) else None
        if checked is None:
            self.checked.hide()
            return None
        self.checked.setText(("✓ " if checked.valid else "✗ ") + checked.describe())
        self.checked.setObjectName("Muted" if checked.valid else "ErrorText")
        self.checked.style().unpolish(self.checked)
        self.checked.style().polish(self.checked)
        self.checked.show()
        return checked

    def show_round(self, r: object | None) -> None:
        """The answer's MCP calls as cards (asking, running, ended), or back to plain calls."""
        from ponder.ui.tool_card import ToolCard

        if r is None:
            if self._round is not None:
                self._round, self._cards = None, {}
                self._show_tool_calls(self.message.tool_calls, live=False)
            return
        if self._round is not r:
            self._round = r
            while self.tools_box.count():
                item = self.tools_box.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
            self._cards = {}
            self._all = QWidget(self)  # several calls at once: answered together, or one by one below
            al = QHBoxLayout(self._all)
            al.setContentsMargins(0, 0, 0, 0)
            self._all_label = PlainLabel(self._all)
            al.addWidget(self._all_label)
            for approval, text in (("once", tr("Allow all once")), ("deny", tr("Deny all"))):
                b = QPushButton(text, self._all)
                b.clicked.connect(lambda _=False, a=approval: self.tool_decide_all.emit(self.message.id, a))
                al.addWidget(b)
            al.addStretch(1)
            self.tools_box.addWidget(self._all)
            for run in r.runs:  # type: ignore[attr-defined]
                card = ToolCard(run, self)
                card.decided.connect(lambda call, approval, reason: self.tool_decision.emit(self.message.id, call, approval, reason))
                card.stop.connect(lambda: self.tool_stop.emit(self.message.id))
                self._cards[run.call_id] = card
                self.tools_box.addWidget(card)
        for run in r.runs:  # type: ignore[attr-defined]
            card = self._cards.get(run.call_id)
            if card is not None:
                card.show_state(r.started.get(run.call_id), r.progress, r.stopped)  # type: ignore[attr-defined]
        waiting = len(r.waiting()) if not r.stopped else 0  # type: ignore[attr-defined]
        self._all.setVisible(waiting > 1)
        self._all_label.setText(tr('The model wants to run {waiting} tools at once:').format(waiting=waiting))

    def _show_tool_calls(self, calls: list, live: bool) -> None:
        if not live and self._round is not None:
            return  # shown as the round's cards
        # While streaming, each call's box is built once and its arguments updated in place:
        # rebuilding widgets 30 times a second churns (and deleted views can still get signals).
        live_views = getattr(self, "_live_tool_views", None)
        if live and live_views is not None and len(live_views) == len(calls):
            for view, call in zip(live_views, calls):
                view.set_markdown(f"```json\n{call.arguments}\n```")
            return
        while self.tools_box.count():
            item = self.tools_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._live_tool_views = [] if live else None
        for call in calls:
            box = QFrame(self)
            box.setObjectName("ToolBox")
            bl = QVBoxLayout(box)
            bl.setContentsMargins(10, 6, 10, 6)
            server, sep, tool = (call.name or "").partition("__")
            named = f"<b>{esc(tool)}</b> (MCP server {esc(server)})" if sep and tool else f"<b>{esc(call.name or '…')}</b>"
            head = RichLabel(tr('Tool call: {named}').format(named=named), box)
            bl.addWidget(head)
            args = call.arguments
            if not live:
                try:
                    args = json.dumps(json.loads(args), indent=2, ensure_ascii=False)
                except ValueError:
                    pass
            view = MarkdownView(self.renderer, box)
            view.set_markdown(f"```json\n{args}\n```")
            bl.addWidget(view)
            if live:
                self._live_tool_views.append(view)
            if not live and self._awaiting_tool:
                result = QPlainTextEdit(box)
                result.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
                result.setPlaceholderText(tr("Type the tool's result, then Send result"))
                result.setFixedHeight(70)
                bl.addWidget(result)
                row = QHBoxLayout()
                row.addStretch(1)
                reject = QPushButton(tr("Reject"), box)
                send = QPushButton(tr("Send result"), box)
                send.setObjectName("Primary")

                def give(text: str, c=call, r=result, buttons=(reject, send)) -> None:  # type: ignore[no-untyped-def]
                    for b in buttons:
                        b.setEnabled(False)
                    r.setReadOnly(True)
                    self.tool_result.emit(self.message.id, c.id, text)

                reject.clicked.connect(lambda _=False, g=give: g("The user rejected this tool call."))
                send.clicked.connect(lambda _=False, g=give, r=result: g(r.toPlainText()))
                row.addWidget(reject)
                row.addWidget(send)
                bl.addLayout(row)
            self.tools_box.addWidget(box)
