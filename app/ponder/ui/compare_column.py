"""One column of a comparison: its header, its thinking and answer for each turn, its figures."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel,
    QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, RichLabel, esc, tip
from ponder.core.answers import columns as cmp
from ponder.core.answers.columns import Column, Figures
from ponder.core.render import MarkdownRenderer
from ponder.core.wire.protocol import effort_name
from ponder.core.history.records import StoredMessage
from ponder.services.chat import Progress
from ponder.ui.markdown_view import MarkdownView
from ponder.ui.message import ending_problem
from ponder.ui.theme import color
from ponder.ui.thinking_pane import ThinkingPane, ViewOptions
from ponder.ui.i18n import tr
# One colour per column, the same in its header and in the summary's bars (readable on light and
# dark backgrounds alike).
PALETTE = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"]


def muted_label(text: str, parent: QWidget) -> QLabel:
    label = PlainLabel(text, parent)
    label.setObjectName("Muted")
    label.setWordWrap(True)
    return label


# -- the figures of one column --------------------------------------------------------------------


class FiguresTable(QFrame):
    """Figure names and values; the best value among the columns carries a star."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(1)
        self.values: dict[str, QLabel] = {}
        for row, (name, title, better) in enumerate(cmp.FIGURE_ROWS):
            title = tr(title)  # (N_ in core/answers/columns.py)
            t = PlainLabel(title, self)
            t.setObjectName("Footer")
            t.setToolTip(title + (tr(": lower is better") if better == "min" else tr(": higher is better") if better else ""))
            v = RichLabel("–", self)
            v.setObjectName("Footer")
            v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(t, row, 0)
            grid.addWidget(v, row, 1)
            self.values[name] = v
        self.figures: Figures | None = None

    def show_figures(self, f: Figures | None, best: set[str]) -> None:
        self.figures = f
        for name, label in self.values.items():
            v = getattr(f, name) if f is not None else None
            text = cmp.fmt(name, v)
            if name == "finish_reason" and v == "length":
                text = tr("length (cut short)")
            # Rich text rather than a style sheet per label: eight columns re-mark at every finish.
            if name in best:
                label.setText(tr("<span style='color:{v1}; font-weight:600'>★ {v3}</span>").format(v1=color('best'), v3=esc(text)))
                label.setToolTip(tr("The best of the columns"))
            else:
                label.setText(esc(text))
                label.setToolTip("")


# -- one answer in a column -----------------------------------------------------------------------


class ColumnAnswer(QWidget):
    """An answer in a narrow column: its thinking, its text, what went wrong."""

    def __init__(self, m: StoredMessage, renderer: MarkdownRenderer, parent: QWidget | None = None,
                 options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.message = m
        self.options = options or ViewOptions()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        lay.setSpacing(4)
        self.renderer = renderer
        self._thinking: ThinkingPane | None = None  # built when there is reasoning to show
        self.answer = MarkdownView(renderer, self)
        lay.addWidget(self.answer)
        self.notice = muted_label("", self)
        self.notice.hide()
        lay.addWidget(self.notice)
        self.error = RichLabel("", self)
        self.error.setObjectName("ColumnError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        lay.addWidget(self.error)
        if m.status != "streaming":
            self.show_final(m)

    @property
    def thinking(self) -> ThinkingPane:
        if self._thinking is None:
            self._thinking = ThinkingPane(self.renderer, keep_open=self.options.keep_thinking_open, parent=self)
            self._thinking.hide()
            self.layout().insertWidget(0, self._thinking)
        return self._thinking

    def update_progress(self, p: Progress) -> None:
        f = p.frame
        if f is not None:
            if f.reasoning or self._thinking is not None:  # the pane is built with the first reasoning
                self.thinking.follow(f)
            if f.reset:
                self.answer.clear_stream()
            if f.content:
                self.answer.stream_markdown(f.content)
        if p.notice is not None:
            self.notice.setText(p.notice)
            self.notice.setVisible(bool(p.notice))
        elif f is not None and (f.content or f.reasoning):
            self.notice.hide()

    def show_final(self, m: StoredMessage) -> None:
        self.message = m
        self.notice.hide()
        rt = ((m.usage or {}).get("completion_tokens_details") or {}).get("reasoning_tokens")
        if m.reasoning or rt or self._thinking is not None:
            self.thinking.show_final(m)
            head = self.thinking.header.text()
            if " · " in head:  # the figures below carry the token count; a narrow column keeps the time
                hidden = not self.thinking.header.isEnabled()  # reasoned, its text not shared (thinking_pane.py)
                self.thinking.header.setText(head.split(" · ")[0] + (tr(" (text not shared)") if hidden else ""))
        if m.content or m.refusal:
            self.answer.finish_markdown(m.content or tr("*Refused:* {refusal}").format(refusal=m.refusal))
            self.answer.show()
        else:
            self.answer.hide()
        err = ending_problem(m)
        if m.tool_calls and not err:
            err = tr("Called {tools}: tools are answered in a chat (Continue with this answer)").format(
                tools=", ".join(t.name for t in m.tool_calls))
        self.error.setText(tr("<span style='color:{v1}'>{v3}</span>").format(v1=color('error'), v3=esc(err)) if err and m.status == "error"
                           else esc(err or ""))
        self.error.setVisible(bool(err))


# -- a column -------------------------------------------------------------------------------------


class CompareColumn(QFrame):
    stop = Signal(str)  # answer id
    retry = Signal(str)
    choose = Signal(str)  # continue with this answer
    copied = Signal(str)

    def __init__(self, index: int, column: Column, label: str, provider_name: str, renderer: MarkdownRenderer,
                 parent: QWidget | None = None, options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.options = options or ViewOptions()
        self.index, self.column, self.label_text = index, column, label
        self.renderer = renderer
        self.color = PALETTE[index % len(PALETTE)]
        self.setObjectName("CompareColumn")
        self.setStyleSheet(f"#CompareColumn {{ border: 1px solid palette(mid); border-top: 3px solid {self.color}; border-radius: 8px; }}")
        self.setMinimumWidth(260)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(4)
        head = QHBoxLayout()
        self.title = RichLabel(tr('<b>{v1}</b>').format(v1=esc(label)), self)
        self.title.setToolTip(tip(tr('{provider_name} · {model}').format(provider_name=provider_name, model=column.model) + (tr(' · effort {effort}').format(effort=effort_name(column.effort)) if column.effort else "")
                              + (tr(' · temperature {temperature}').format(temperature=column.temperature) if column.temperature is not None else "")))
        head.addWidget(self.title, 1)
        self.status = RichLabel("", self)
        self.status.setObjectName("Footer")
        head.addWidget(self.status)
        lay.addLayout(head)
        sub = muted_label(tr('{provider_name} · {model}').format(provider_name=provider_name, model=column.model), self)
        sub.setObjectName("Footer")
        lay.addWidget(sub)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.stop_button = QToolButton(self)
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop this column (the others go on)"))
        self.retry_button = QToolButton(self)
        self.retry_button.setText(tr("Retry"))
        self.retry_button.setToolTip(tr("Ask this column again (the earlier answer is kept)"))
        self.copy_button = QToolButton(self)
        self.copy_button.setText(tr("Copy"))
        self.copy_button.setToolTip(tr("Copy this answer as markdown"))
        self.choose_button = QPushButton(tr("Continue with this answer"), self)
        self.choose_button.setToolTip(tr("Make this the conversation's answer and go on chatting with this model; the other "
                                      "columns stay as alternatives"))
        for b in (self.stop_button, self.retry_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.scroll = QScrollArea(self)
        self.scroll.setAccessibleName(tr('Answer of {label}').format(label=label))
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 4, 0)
        self.body.setSpacing(6)
        self.body.addStretch(1)
        self.scroll.setWidget(inner)
        self.inner = inner
        lay.addWidget(self.scroll, 1)
        self.figures = FiguresTable(self)
        lay.addWidget(self.figures)
        lay.addWidget(self.choose_button)  # under the figures: decide once they are in
        self.answers: dict[str, ColumnAnswer] = {}
        self.shown: list[str] = []  # the ids of the messages on show, in order
        self.current: ColumnAnswer | None = None
        self._follow = True
        sb = self.scroll.verticalScrollBar()
        sb.rangeChanged.connect(lambda _lo, hi: sb.setValue(hi) if self._follow else None)
        sb.valueChanged.connect(lambda v: setattr(self, "_follow", v >= sb.maximum() - 8))
        self.stop_button.clicked.connect(lambda: self.current and self.stop.emit(self.current.message.id))
        self.retry_button.clicked.connect(lambda: self.current and self.retry.emit(self.current.message.id))
        self.choose_button.clicked.connect(lambda: self.current and self.choose.emit(self.current.message.id))
        self.copy_button.clicked.connect(self._copy)

    def load(self, thread: Sequence[StoredMessage], streaming: Callable[[str], bool]) -> None:
        """The column's branch: follow-up prompts and answers (the shared first prompt is above).

        What is on show already stays: a new answer (the first, a retry, a follow-up) adds its
        widgets, so a comparison under way is not built again from scratch."""
        want = [m for i, m in enumerate(thread) if m.role == "assistant" or (m.role == "user" and i > 0)]
        ids = [m.id for m in want]
        if ids[: len(self.shown)] != self.shown:  # a retry replaced an answer: build this column again
            while self.body.count() > 1:
                item = self.body.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
            self.shown, self.answers, self.current = [], {}, None
        for m in want[len(self.shown):]:
            self.shown.append(m.id)
            if m.role == "user":
                q = PlainLabel(m.content or "", self.inner)
                q.setTextFormat(Qt.TextFormat.PlainText)
                q.setObjectName("FollowUp")  # styled by the theme
                q.setWordWrap(True)
                self.body.insertWidget(self.body.count() - 1, q)
            elif m.role == "assistant":
                a = ColumnAnswer(m, self.renderer, self.inner, options=self.options)
                self.body.insertWidget(self.body.count() - 1, a)
                self.answers[m.id] = a
                self.current = a
        live = streaming(self.current.message.id) if self.current else False
        self._follow = live  # a finished column opens at the top of its answer
        self.set_state(live)
        if not live and self.current is not None:
            self.scroll.ensureWidgetVisible(self.current, 0, 0)

    def set_state(self, live: bool) -> None:
        m = self.current.message if self.current else None
        self.stop_button.setEnabled(live)
        done = m is not None and not live
        self.retry_button.setEnabled(done)
        self.copy_button.setEnabled(done and bool(m and m.content))
        self.choose_button.setEnabled(done and bool(m and (m.content or m.tool_calls)))
        if m is None:
            self.status.setText("")
        elif live:
            self.status.setText(tr("Waiting…") if m.status == "streaming" and not (m.content or m.reasoning) else tr("Answering…"))
        else:
            self.status.setText({"done": tr("Done"), "error": tr("Failed"), "stopped": tr("Stopped"),
                                 "interrupted": tr("Cut off")}.get(m.status, m.status))
        if m is not None and m.status == "error" and not live:
            self.status.setText(tr("<span style='color:{v1}'>Failed</span>").format(v1=color('error')))

    def update_progress(self, p: Progress) -> None:
        a = self.answers.get(p.message_id)
        if a is None:
            return
        a.update_progress(p)
        f = p.frame
        if p.notice and (f is None or not (f.content or f.reasoning)):
            self.status.setText(tr("Waiting its turn…"))
        else:
            self.status.setText(tr("Thinking…") if f is not None and f.thinking else tr("Answering…"))

    def finish(self, m: StoredMessage) -> None:
        a = self.answers.get(m.id)
        if a is not None:
            a.show_final(m)
        self.set_state(False)

    def _copy(self) -> None:
        if self.current and self.current.message.content:
            QGuiApplication.clipboard().setText(self.current.message.content)
            self.copied.emit(tr("{column}: answer copied as markdown").format(column=self.label_text))
