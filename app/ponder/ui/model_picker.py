"""The model picker: search a provider's models by name, id or capability, with context, prices
per million tokens and what each can do; favourites and recently used first. Keyboard driven:
type to filter, arrows to move, Enter to choose."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel
from ponder.core.models import ModelInfo

ROLE = Qt.ItemDataRole.UserRole


def _money(p: float | None) -> str:
    return "?" if p is None else f"${p * 1e6:,.2f}"


def order(models: list[ModelInfo], favourites: list[str], recent: list[str]) -> list[ModelInfo]:
    """Favourites first, then recently used (newest first), then the rest by id."""
    def key(m: ModelInfo) -> tuple[int, int, str]:
        if m.id in favourites:
            return (0, favourites.index(m.id), m.id)
        if m.id in recent:
            return (1, recent.index(m.id), m.id)
        return (2, 0, m.id)

    return sorted(models, key=key)


class _Filter(QLineEdit):
    down = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(e)


class ModelPicker(QDialog):
    refresh_requested = Signal()
    favourite_toggled = Signal(str, bool)  # model id, now a favourite
    override_changed = Signal(str, object)  # model id, {vision, tools, reasoning} or None to reset

    def __init__(self, models: list[ModelInfo], favourites: list[str], recent: list[str], current: str = "",
                 note: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a model")
        self.resize(860, 560)
        self.favourites = list(favourites)
        self.recent = recent
        self.models = models
        self.base = {m.id: m for m in models}  # what the provider says, for "Reset"
        self.chosen: str | None = None
        lay = QVBoxLayout(self)
        self.filter = _Filter(self)
        self.filter.setPlaceholderText("Type to filter by name, id, provider or capability (vision, tools, reasoning)")
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._choose_current)
        self.filter.down.connect(lambda: (self.list.setFocus(), self.list.setCurrentItem(self.list.topLevelItem(0))))
        lay.addWidget(self.filter)
        if note:
            n = PlainLabel(note, self)
            n.setWordWrap(True)
            n.setObjectName("Muted")
            lay.addWidget(n)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["", "Model", "Context", "In /1M", "Out /1M", "Can"])
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda item, _: self._choose(item))
        self.list.itemClicked.connect(self._clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.overrides: dict[str, dict[str, bool]] = {}
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.count = PlainLabel(self)
        self.count.setObjectName("Muted")
        row.addWidget(self.count, 1)
        self.refresh = QPushButton("Refresh the list", self)
        self.refresh.clicked.connect(self._refresh_clicked)
        row.addWidget(self.refresh)
        ok = QPushButton("Choose", self)
        ok.setObjectName("Primary")
        ok.clicked.connect(self._choose_current)
        row.addWidget(ok)
        lay.addLayout(row)
        self._refill()
        for i in range(self.list.topLevelItemCount()):
            if self.list.topLevelItem(i).data(0, ROLE) == current:
                self.list.setCurrentItem(self.list.topLevelItem(i))
        self.filter.setFocus()

    def _refill(self) -> None:
        text = self.filter.text().strip()
        shown = [m for m in order(self.models, self.favourites, self.recent) if not text or m.matches(text)]
        self.list.clear()
        for m in shown:
            caps = ", ".join(c for c, on in (("vision", m.vision), ("tools", m.tools), ("reasoning", m.reasoning)) if on)
            star = "★" if m.id in self.favourites else ("↺" if m.id in self.recent else "☆")
            label = m.id if m.name in ("", m.id) else f"{m.name}  ({m.id})"
            ctx = f"{m.context_length // 1000}k" if m.context_length else "?"
            item = QTreeWidgetItem([star, label, ctx, _money(m.prompt_price), _money(m.completion_price), caps])
            item.setData(0, ROLE, m.id)
            item.setToolTip(0, "Click to make it a favourite" if m.id not in self.favourites else "A favourite: click to unstar")
            self.list.addTopLevelItem(item)
        for c in (0, 2, 3, 4, 5):
            self.list.resizeColumnToContents(c)
        self.count.setText(f"{len(shown)} of {len(self.models)} models")
        if shown:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        mid = item.data(0, ROLE)
        on = mid not in self.favourites
        (self.favourites.append if on else self.favourites.remove)(mid)
        self.favourite_toggled.emit(mid, on)
        self._refill()

    def _refresh_clicked(self) -> None:
        self.refresh.setEnabled(False)
        self.count.setText("Fetching the model list…")
        self.refresh_requested.emit()

    def refreshed(self, models: list[ModelInfo], problem: str) -> None:
        self.refresh.setEnabled(True)
        if models:
            self.models = models
        self._refill()
        if problem:
            self.count.setText(problem)

    def _menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QMenu

        item = self.list.itemAt(pos)
        if item is None:
            return
        mid = item.data(0, ROLE)
        m = next(x for x in self.models if x.id == mid)
        menu = QMenu(self)
        for key, label in (("vision", "Can see images"), ("tools", "Can call tools"), ("reasoning", "Reasons")):
            act = menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(bool(getattr(m, key)))
            act.toggled.connect(lambda on, k=key: self.set_capability(mid, k, on))
        menu.addSeparator()
        menu.addAction("Reset to what the provider says", lambda: self.set_capability(mid, None, False))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def set_capability(self, mid: str, key: str | None, on: bool) -> None:
        """The user's word on what a model can do (key None: forget it)."""
        from dataclasses import replace

        if key is None:
            self.overrides.pop(mid, None)
            self.models = [self.base.get(mid, x) if x.id == mid else x for x in self.models]
            self.override_changed.emit(mid, None)
        else:
            self.overrides.setdefault(mid, {})[key] = on
            self.models = [replace(x, **{key: on}) if x.id == mid else x for x in self.models]
            self.override_changed.emit(mid, dict(self.overrides[mid]))
        self._refill()

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QTreeWidgetItem) -> None:
        self.chosen = item.data(0, ROLE)
        self.accept()
