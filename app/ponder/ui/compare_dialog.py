"""The comparison's model dialog: 2 to 8 columns (provider, model, effort), saved model sets, and
whether a local server may answer several columns at once."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QPushButton, QToolButton,
    QSizePolicy, QVBoxLayout, QWidget,
)

from ponder.core.answers import columns as cmp
from ponder.core.answers.columns import Column
from ponder.core.wire.protocol import effort_name, efforts_for
from ponder.core.providers.presets import Provider
from ponder.ui.compare_column import muted_label
from ponder.ui.safe import PlainLabel, message
from ponder.ui.i18n import tr


class ColumnRow(QWidget):
    removed = Signal(object)

    def __init__(self, providers: list[Provider], models_for: Callable[[str], list[str]], col: Column | None,
                 parent: QWidget | None = None, model_info: Callable[[str, str], Any] | None = None) -> None:
        super().__init__(parent)
        self.providers = {p.id: p for p in providers}
        self.models_for = models_for
        self.model_info = model_info  # what the catalog knows of a model: its effort levels
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # A row keeps its full height: squeezed to its minimum (as a dialog that does not grow
        # when a row is added would), the combo boxes cut the bottoms of their letters.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.provider = QComboBox(self)
        for p in providers:
            self.provider.addItem(p.name, p.id)
        self.model = QComboBox(self)
        self.model.setEditable(True)
        self.model.setMinimumWidth(240)
        self.effort = QComboBox(self)
        self.effort.setToolTip(tr("Reasoning effort"))
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip(tr("Remove this column"))
        self.remove.setAccessibleName(tr("Remove this model"))
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        for w, stretch in ((self.provider, 0), (self.model, 1), (self.effort, 0), (self.remove, 0)):
            lay.addWidget(w, stretch)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.model.currentTextChanged.connect(lambda _text: self._fill_effort())
        self._provider_changed()
        if col is not None:
            self.set_column(col)

    def _provider_changed(self) -> None:
        pid = self.provider.currentData()
        text = self.model.currentText()
        self.model.clear()
        self.model.addItems(self.models_for(pid))
        self.model.setEditText(text)
        self._fill_effort()

    def _fill_effort(self) -> None:
        """The same levels the settings bar offers for this model (protocol.efforts_for)."""
        pid, mid = self.provider.currentData(), self.model.currentText().strip()
        p = self.providers.get(pid)
        info = self.model_info(pid, mid) if self.model_info is not None and pid and mid else None
        levels = efforts_for(p.dialect if p else "generic", info)
        effort = self.effort.currentData()
        self.effort.blockSignals(True)
        self.effort.clear()
        self.effort.addItem(tr("default effort") if levels else tr("does not reason"), None)
        for level in levels:
            self.effort.addItem(effort_name(level), level)
        self.effort.setEnabled(bool(levels))
        self.effort.setCurrentIndex(max(0, self.effort.findData(effort)))
        self.effort.blockSignals(False)

    def set_column(self, c: Column) -> None:
        i = self.provider.findData(c.provider)
        if i < 0:
            return
        self.provider.setCurrentIndex(i)
        self.model.setEditText(c.model)
        self.effort.setCurrentIndex(max(0, self.effort.findData(c.effort)))
        self.temperature = c.temperature

    def column(self) -> Column:
        return Column(self.provider.currentData(), self.model.currentText().strip(), self.effort.currentData(),
                      getattr(self, "temperature", None))


class CompareDialog(QDialog):
    """Pick 2 to 8 columns; keep and load named model sets."""

    def __init__(self, providers: list[Provider], models_for: Callable[[str], list[str]], columns: list[Column],
                 sets: dict[str, list[dict[str, Any]]], local_parallel: bool, parent: QWidget | None = None,
                 save_set: Callable[[str, list[dict[str, Any]] | None], None] | None = None,
                 model_info: Callable[[str, str], Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Compare models"))
        self.providers, self.models_for = providers, models_for
        self.model_info = model_info
        self.sets = dict(sets)
        self.save_set = save_set
        self.setMinimumWidth(640)
        lay = QVBoxLayout(self)
        lay.addWidget(muted_label(tr("Every model answers the same prompt in its own column. The same model may appear twice "
                             "with different efforts."), self))
        sets_row = QHBoxLayout()
        sets_row.addWidget(PlainLabel(tr("Saved sets"), self))
        self.set_box = QComboBox(self)
        self._fill_sets()
        self.set_box.activated.connect(self._load_set)
        sets_row.addWidget(self.set_box, 1)
        self.save_button = QPushButton(tr("Save as…"), self)
        self.save_button.clicked.connect(self._save_as)
        self.delete_button = QPushButton(tr("Delete set"), self)
        self.delete_button.clicked.connect(self._delete_set)
        sets_row.addWidget(self.save_button)
        sets_row.addWidget(self.delete_button)
        lay.addLayout(sets_row)
        self.rows_box = QVBoxLayout()
        lay.addLayout(self.rows_box)
        self.rows: list[ColumnRow] = []
        self.add_button = QPushButton(tr("Add a model"), self)
        self.add_button.clicked.connect(lambda: self.add_row(None))
        self.sweep_button = QPushButton(tr("Compare efforts of the first model"), self)
        self.sweep_button.setToolTip(tr("One column for each reasoning effort the first row's model offers, "
                                     "from none to the most: what more reasoning buys"))
        self.sweep_button.clicked.connect(self.sweep_first)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.sweep_button)
        add_row.addStretch(1)
        lay.addLayout(add_row)
        self.local_parallel = QCheckBox(tr("Let a local server answer several columns at once"), self)
        self.local_parallel.setToolTip(tr("By default, columns on the same local server (Ollama, LM Studio, llama.cpp, vLLM) "
                                       "take turns: many serve one request at a time, and parallel requests skew the timings."))
        self.local_parallel.setChecked(local_parallel)
        lay.addWidget(self.local_parallel)
        self.problem = PlainLabel(self)
        self.problem.setStyleSheet("color: #b42318;")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Compare"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for c in columns or [Column(providers[0].id, ""), Column(providers[0].id, "")]:
            self.add_row(c)
        while len(self.rows) < cmp.MIN_COLUMNS:
            self.add_row(None)
        self.result_columns: list[Column] = []

    def _fill_sets(self) -> None:
        self.set_box.clear()
        self.set_box.addItem(tr("(choose a saved set)") if self.sets else tr("(no saved sets yet)"), None)
        for name in sorted(self.sets):
            self.set_box.addItem(name, name)

    def add_row(self, col: Column | None) -> None:
        if len(self.rows) >= cmp.MAX_COLUMNS:
            return
        if col is None and self.rows:  # a new row starts as the last one: change only what differs
            col = self.rows[-1].column()
            col = Column(col.provider, col.model, None)
        row = ColumnRow(self.providers, self.models_for, col, self, model_info=self.model_info)
        row.removed.connect(self._remove_row)
        self.rows_box.addWidget(row)
        self.rows.append(row)
        self._update()

    def _remove_row(self, row: ColumnRow) -> None:
        if len(self.rows) <= cmp.MIN_COLUMNS:
            self.problem.setText(tr('A comparison needs at least {MIN_COLUMNS} models.').format(MIN_COLUMNS=cmp.MIN_COLUMNS))
            return
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self._update()

    def _update(self) -> None:
        QTimer.singleShot(0, self._fit_height)
        self.add_button.setEnabled(len(self.rows) < cmp.MAX_COLUMNS)
        self.add_button.setText(tr("Add a model") if len(self.rows) < cmp.MAX_COLUMNS else tr('At most {MAX_COLUMNS} models').format(MAX_COLUMNS=cmp.MAX_COLUMNS))

    def _fit_height(self) -> None:
        """As tall as the rows need. Qt sizes a window for its wrapped label's one-line minimum, so
        a row added later was squeezed (letters cut at the bottom) instead of the dialog growing."""
        lay = self.layout()
        lay.activate()
        h = lay.totalHeightForWidth(self.width())
        if h > 0:
            self.setMinimumHeight(h)
            if h > self.height():
                self.resize(self.width(), h)

    def columns(self) -> list[Column]:
        return [r.column() for r in self.rows]

    def sweep_first(self) -> None:
        """The rows become the first row's model at every effort it offers (a sweep)."""
        first = self.rows[0].column() if self.rows else None
        if first is None or not first.model:
            self.problem.setText(tr("Choose a model in the first row: its efforts are compared."))
            return
        p = next((x for x in self.providers if x.id == first.provider), None)
        info = self.model_info(first.provider, first.model) if self.model_info else None
        try:
            cols = cmp.sweep(first.provider, first.model, efforts_for(p.dialect if p else "generic", info))
        except ValueError as e:
            self.problem.setText(str(e))
            return
        self._replace_rows(cols)

    def _replace_rows(self, cols: list[Column]) -> None:
        for r in self.rows:
            r.hide()
            r.deleteLater()
        self.rows = []
        for c in cols:
            self.add_row(c)
        self.problem.clear()

    def _load_set(self) -> None:
        name = self.set_box.currentData()
        if not name:
            return
        self._replace_rows([Column.from_dict(d) for d in self.sets[name]])

    def _save_as(self) -> None:
        try:
            cmp.check_columns(self.columns())
        except ValueError as e:
            self.problem.setText(str(e))
            return
        name, ok = QInputDialog.getText(self, tr("Save model set"), tr("Name of this set:"), text=self.set_box.currentData() or "")
        if ok and name.strip():
            self.store_set(name.strip())

    def store_set(self, name: str) -> None:
        cols = [c.to_dict() for c in self.columns()]
        self.sets[name] = cols
        if self.save_set:
            self.save_set(name, cols)
        self._fill_sets()
        self.set_box.setCurrentIndex(self.set_box.findData(name))

    def _delete_set(self) -> None:
        name = self.set_box.currentData()
        if not name:
            return
        if not message(self, tr("Delete model set"), tr("Delete the set '{name}'?").format(name=name), question=True):
            return
        self.sets.pop(name, None)
        if self.save_set:
            self.save_set(name, None)
        self._fill_sets()

    def _accept(self) -> None:
        cols = self.columns()
        try:
            cmp.check_columns(cols)
        except ValueError as e:
            self.problem.setText(str(e))
            return
        self.result_columns = cols
        self.accept()
