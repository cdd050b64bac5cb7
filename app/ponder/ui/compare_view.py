"""Comparison view: one column per model (compare_column.py), each with its thinking, its answer
and its figures; a summary drawn underneath (summary_chart.py)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from ponder.core.answers.figures import usd
from ponder.ui.safe import PlainLabel
from ponder.core.answers import columns as cmp
from ponder.core.answers.columns import Column, Figures
from ponder.core.render import MarkdownRenderer
from ponder.core.history.records import StoredMessage
from ponder.services.chat import Progress
from ponder.ui.thinking_pane import ViewOptions
from ponder.ui.compare_column import CompareColumn, muted_label
from ponder.ui.summary_chart import SummaryChart
from ponder.ui.i18n import tr


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
        self.models_button = QPushButton(tr("Models…"), self)
        self.models_button.setToolTip(tr("Choose the models to compare (Ctrl+Shift+M)"))
        self.models_button.clicked.connect(self.edit_models)
        top.addWidget(self.models_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.hint = muted_label("", self)
        lay.addWidget(self.hint)
        self.columns_area = QScrollArea(self)
        self.columns_area.setAccessibleName(tr("Columns: one answer each"))
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
        self.hint.setText(tr('{v0} models will answer the prompt you type below, side by side. Models… changes them; saved sets are kept there too.').format(v0=len(columns)))
        self.prompt.setToolTip(tr("A follow-up goes to every column, each continuing its own answer. "
                               "“Continue with this answer” goes on chatting with one model."))
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
            total = tr("Total cost: –") if not s.unknown else tr(
                "Total cost of the comparison: unknown (no price known for %n answer(s))", s.unknown)
        else:
            total = tr("Total cost of the comparison: {cost}").format(cost=usd(s.total_cost)) + (
                " + " + tr("%n unknown", s.unknown) if s.unknown else "")
        sweep = cmp.is_sweep([c.column for c in self.cols])
        names = [(c.column.effort or tr("default")) if sweep else c.label_text for c in self.cols]  # a sweep's rows: its efforts
        self.summary.set_data(names, [c.color for c in self.cols], figs, total, sweep=sweep)
        sizes = self.split.sizes()
        if sum(sizes) > 0 and not getattr(self, "_split_set", False):
            self._split_set = True  # once: after that the user's drag stands
            want = self.summary.sizeHint().height()
            self.split.setSizes([max(100, sum(sizes) - want), want])


# -- choosing the models --------------------------------------------------------------------------
