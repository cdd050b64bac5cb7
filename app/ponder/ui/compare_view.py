"""Comparison view: one column per model, each with its thinking, its answer and its figures; a
summary drawn underneath (QPainter bars for time to first token, tokens/s and cost)."""

from __future__ import annotations

import html
from typing import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel,
    QPushButton, QScrollArea, QSizePolicy, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, RichLabel, tip
from ponder.core.answers import columns as cmp
from ponder.core.answers.columns import Column, Figures
from ponder.core.render import MarkdownRenderer
from ponder.core.history.records import StoredMessage
from ponder.services.chat import Progress
from ponder.ui.markdown_view import MarkdownView
from ponder.ui.message import ThinkingPane, ViewOptions, ending_problem

# One colour per column, the same in its header and in the summary's bars (readable on light and
# dark backgrounds alike).
PALETTE = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"]
BEST = "#16a34a"  # readable on the light and the dark theme


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
            t = PlainLabel(title, self)
            t.setObjectName("Footer")
            t.setToolTip(title + (": lower is better" if better == "min" else ": higher is better" if better else ""))
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
                text = "length (cut short)"
            # Rich text rather than a style sheet per label: eight columns re-mark at every finish.
            if name in best:
                label.setText(f"<span style='color:{BEST}; font-weight:600'>★ {html.escape(text)}</span>")
                label.setToolTip("The best of the columns")
            else:
                label.setText(html.escape(text))
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
        if p.notice:
            self.notice.setText(p.notice)
            self.notice.show()
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
                self.thinking.header.setText(head.split(" · ")[0] + (" (text not shared)" if "not shared" in head else ""))
        if m.content or m.refusal:
            self.answer.finish_markdown(m.content or f"*Refused:* {m.refusal}")
            self.answer.show()
        else:
            self.answer.hide()
        err = ending_problem(m)
        if m.tool_calls and not err:
            err = "Called " + ", ".join(t.name for t in m.tool_calls) + ": tools are answered in a chat (Continue with this answer)"
        self.error.setText(f"<span style='color:#d92d20'>{html.escape(err)}</span>" if err and m.status == "error"
                           else html.escape(err or ""))
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
        self.title = RichLabel(f"<b>{_esc(label)}</b>", self)
        self.title.setToolTip(tip(f"{provider_name} · {column.model}" + (f" · effort {column.effort}" if column.effort else "")
                              + (f" · temperature {column.temperature}" if column.temperature is not None else "")))
        head.addWidget(self.title, 1)
        self.status = RichLabel("", self)
        self.status.setObjectName("Footer")
        head.addWidget(self.status)
        lay.addLayout(head)
        sub = muted_label(f"{provider_name} · {column.model}", self)
        sub.setObjectName("Footer")
        lay.addWidget(sub)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.stop_button = QToolButton(self)
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop this column (the others go on)")
        self.retry_button = QToolButton(self)
        self.retry_button.setText("Retry")
        self.retry_button.setToolTip("Ask this column again (the earlier answer is kept)")
        self.copy_button = QToolButton(self)
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy this answer as markdown")
        self.choose_button = QPushButton("Continue with this answer", self)
        self.choose_button.setToolTip("Make this the conversation's answer and go on chatting with this model; the other "
                                      "columns stay as alternatives")
        for b in (self.stop_button, self.retry_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.scroll = QScrollArea(self)
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
            self.status.setText("Waiting…" if m.status == "streaming" and not (m.content or m.reasoning) else "Answering…")
        else:
            self.status.setText({"done": "Done", "error": "Failed", "stopped": "Stopped", "interrupted": "Cut off"}.get(m.status, m.status))
        if m is not None and m.status == "error" and not live:
            self.status.setText("<span style='color:#d92d20'>Failed</span>")

    def update_progress(self, p: Progress) -> None:
        a = self.answers.get(p.message_id)
        if a is None:
            return
        a.update_progress(p)
        f = p.frame
        if p.notice and (f is None or not (f.content or f.reasoning)):
            self.status.setText("Waiting its turn…")
        else:
            self.status.setText("Thinking…" if f is not None and f.thinking else "Answering…")

    def finish(self, m: StoredMessage) -> None:
        a = self.answers.get(m.id)
        if a is not None:
            a.show_final(m)
        self.set_state(False)

    def _copy(self) -> None:
        if self.current and self.current.message.content:
            QGuiApplication.clipboard().setText(self.current.message.content)
            self.copied.emit(f"{self.label_text}: answer copied as markdown")


def _esc(text: str) -> str:
    return html.escape(text)


# -- the summary ----------------------------------------------------------------------------------


class SummaryChart(QWidget):
    """Three bar groups side by side: time to first token, tokens/s, cost. Drawn with QPainter
    (no chart dependency); the best bar of each group is marked."""

    GROUPS = (("ttft_ms", "Time to first token", "min"), ("tokens_per_s", "Tokens per second", "max"), ("cost", "Cost", "min"))
    ROW = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.colors: list[str] = []
        self.figs: list[Figures | None] = []
        self.total = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(26 + 8 * len(self.names) + 22)

    def set_data(self, names: list[str], colors: list[str], figs: list[Figures | None], total: str) -> None:
        self.names, self.colors, self.figs, self.total = names, colors, figs, total
        self.setMinimumHeight(26 + 10 * max(1, len(names)) + 22)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 26 + self.ROW * max(1, len(self.names)) + 22)

    def row_height(self) -> float:
        """Rows shrink to fit when the summary is given less room (the splitter above it)."""
        return max(10.0, min(float(self.ROW), (self.height() - 26 - 22) / max(1, len(self.names))))

    def values(self, name: str) -> list[float | None]:
        return [getattr(f, name) if f is not None else None for f in self.figs]

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text, muted = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.PlaceholderText)
        track = pal.color(QPalette.ColorRole.AlternateBase).darker(104)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        bold = QFont(small)
        bold.setBold(True)
        w = self.width()
        gap = 18
        group_w = (w - 2 * gap - 16) / 3
        fm_w = max([p.fontMetrics().horizontalAdvance(n) for n in self.names] + [40])
        name_w = min(140, fm_w + 8)
        for gi, (name, title, better) in enumerate(self.GROUPS):
            x0 = 8 + gi * (group_w + gap)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(x0, 4, group_w, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            vals = self.values(name)
            known = [v for v in vals if v is not None]
            top = max(known) if known else 0
            target = (min(known) if better == "min" else max(known)) if len(known) >= 2 else None
            p.setFont(small)
            rh = self.row_height()
            p.setFont(bold)
            value_w = max([p.fontMetrics().horizontalAdvance("★ " + cmp.fmt(name, v)) for v in vals] + [40]) + 8
            p.setFont(small)
            for i, v in enumerate(vals):
                y = 26 + i * rh
                label = p.fontMetrics().elidedText(self.names[i], Qt.TextElideMode.ElideRight, int(name_w - 6))
                p.setPen(text)
                p.drawText(QRectF(x0, y, name_w, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
                bx, bw = x0 + name_w, max(10.0, group_w - name_w - value_w)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(track)
                p.drawRoundedRect(QRectF(bx, y + rh * 0.2, bw, rh * 0.6), 3, 3)
                if v is not None and top > 0:
                    p.setBrush(QColor(self.colors[i]))
                    p.drawRoundedRect(QRectF(bx, y + rh * 0.2, max(2.0, bw * v / top), rh * 0.6), 3, 3)
                is_best = target is not None and v is not None and abs(v - target) <= 1e-12 + 1e-9 * abs(target)
                p.setPen(QColor(BEST) if is_best else (text if v is not None else muted))
                p.setFont(bold if is_best else small)
                p.drawText(QRectF(bx + bw + 4, y, value_w - 4, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           ("★ " if is_best else "") + cmp.fmt(name, v))
                p.setFont(small)
        p.setPen(text)
        p.setFont(bold)
        p.drawText(QRectF(8, self.height() - 20, w - 16, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.total)
        p.end()


# -- the view -------------------------------------------------------------------------------------


class CompareView(QWidget):
    stop_answer = Signal(str)
    retry_answer = Signal(str)
    choose_answer = Signal(str)
    copied = Signal(str)
    edit_models = Signal()

    def __init__(self, renderer: MarkdownRenderer, provider_name: Callable[[str], str], parent: QWidget | None = None,
                 options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.options = options or ViewOptions()
        self.provider_name = provider_name
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(6)
        top = QHBoxLayout()
        self.prompt = PlainLabel(self)
        self.prompt.setObjectName("ComparePrompt")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt.setStyleSheet("background: palette(alternate-base); border-radius: 10px; padding: 8px 12px;")
        self.prompt.setMaximumHeight(64)
        top.addWidget(self.prompt, 1)
        self.models_button = QPushButton("Models…", self)
        self.models_button.setToolTip("Choose the models to compare (Ctrl+Shift+M)")
        self.models_button.clicked.connect(self.edit_models)
        top.addWidget(self.models_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.hint = muted_label("", self)
        lay.addWidget(self.hint)
        self.columns_area = QScrollArea(self)
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.row_widget = QWidget()
        self.row = QHBoxLayout(self.row_widget)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.columns_area.setWidget(self.row_widget)
        self.summary = SummaryChart(self)
        # The user decides how much room the summary takes (it can be dragged down to nothing).
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.columns_area)
        self.split.addWidget(self.summary)
        self.split.setStretchFactor(0, 1)
        self.split.setCollapsible(0, False)
        lay.addWidget(self.split, 1)
        self.cols: list[CompareColumn] = []
        self.by_answer: dict[str, CompareColumn] = {}
        self.keys: list[str] = []
        self.threads: dict[str, list[StoredMessage]] = {}
        self.cid: str | None = None  # the comparison on show (None: a new one, before its prompt)
        self._figures_timer = QTimer(self)
        self._figures_timer.setSingleShot(True)
        self._figures_timer.setInterval(0)
        self._figures_timer.timeout.connect(self.refresh_figures)

    def clear(self) -> None:
        for c in self.cols:
            c.deleteLater()
        self.cols, self.by_answer = [], {}

    def load(self, columns: list[Column], threads: dict[str, list[StoredMessage]], streaming: Callable[[str], bool],
             prompt: str | None, editable: bool, cid: str | None = None) -> None:
        """Show a comparison (or, before its first prompt, the columns it will have). The same
        columns on show already are brought up to date rather than built again."""
        # The same columns stay: those of this comparison, or of a new one getting its first prompt.
        if [c.column for c in self.cols] != list(columns) or self.cid not in (cid, None):
            self.clear()
            labels = cmp.labels(columns)
            for i, (col, label) in enumerate(zip(columns, labels)):
                w = CompareColumn(i, col, label, self.provider_name(col.provider), self.renderer, self.row_widget,
                                  options=self.options)
                w.stop.connect(self.stop_answer)
                w.retry.connect(self.retry_answer)
                w.choose.connect(self.choose_answer)
                w.copied.connect(self.copied)
                self.row.addWidget(w, 1)
                self.cols.append(w)
        self.cid = cid
        self.keys = [c.key for c in columns]
        self.by_answer = {}
        for w in self.cols:
            w.load(threads.get(w.column.key, []), streaming)
            for mid in w.answers:
                self.by_answer[mid] = w
        self.models_button.setVisible(editable)
        self.prompt.setVisible(bool(prompt))
        self.prompt.setText(prompt or "")
        self.hint.setVisible(not prompt)
        self.hint.setText(f"{len(columns)} models will answer the prompt you type below, side by side. "
                          "Models… changes them; saved sets are kept there too.")
        self.prompt.setToolTip("A follow-up goes to every column, each continuing its own answer. "
                               "“Continue with this answer” goes on chatting with one model.")
        self.threads = threads
        self.refresh_figures()

    def update_progress(self, p: Progress) -> None:
        col = self.by_answer.get(p.message_id)
        if col is not None:
            col.update_progress(p)

    def finish(self, m: StoredMessage) -> bool:
        """An answer ended; False if it is not on show (the view should be loaded again)."""
        col = self.by_answer.get(m.id)
        if col is None:
            return False
        col.finish(m)
        t = self.threads.get(col.column.key)
        if t:
            self.threads[col.column.key] = [m if x.id == m.id else x for x in t]
        col.figures.show_figures(Figures.of(m), set())  # its own figures with its status, at once
        self._figures_timer.start()  # columns often end together: the best is marked once for all
        return True

    def refresh_figures(self) -> None:
        """Each column's figures for its newest answer (once ended), the best marked, and the summary."""
        figs: list[Figures | None] = []
        for c in self.cols:
            m = c.current.message if c.current else None
            figs.append(Figures.of(m) if m is not None and m.status != "streaming" else None)
        marks = cmp.best(figs)
        for i, c in enumerate(self.cols):
            c.figures.show_figures(figs[i], {name for name, who in marks.items() if i in who})
        s = cmp.summarize(self.threads, self.keys)
        if s.total_cost is None:  # never "$0.000000" for answers whose price is simply not known
            total = "Total cost: –" if not s.unknown else f"Total cost of the comparison: unknown (no price known for {s.unknown} answers)"
        else:
            total = f"Total cost of the comparison: ${s.total_cost:.6f}" + (f" + {s.unknown} unknown" if s.unknown else "")
        self.summary.set_data([c.label_text for c in self.cols], [c.color for c in self.cols], figs, total)
        sizes = self.split.sizes()
        if sum(sizes) > 0 and not getattr(self, "_split_set", False):
            self._split_set = True  # once: after that the user's drag stands
            want = self.summary.sizeHint().height()
            self.split.setSizes([max(100, sum(sizes) - want), want])


# -- choosing the models --------------------------------------------------------------------------
