"""The model picker: search one provider's models, or every enabled provider's at once, by name,
id, provider or capability, with context, prices per million tokens and what each can do;
favourites and recently used first. Keyboard driven: type to filter, arrows to move, Enter to
choose. A model is known by (provider, model id): the same id can be offered by two providers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from ponder.core.models import ModelInfo
from ponder.ui.safe import PlainLabel, tip
from ponder.ui.i18n import tr

ROLE = Qt.ItemDataRole.UserRole
STAR, MODEL, PROVIDER, CONTEXT, IN, OUT, CAN = range(7)


def _money(p: float | None) -> str:
    return "?" if p is None else f"${p * 1e6:,.2f}"


def key_of(m: ModelInfo) -> str:
    """How favourites and recent models are kept: "provider:model"."""
    return f"{m.provider}:{m.id}"


def order(models: list[ModelInfo], favourites: list[str], recent: list[str], providers: list[str] | None = None) -> list[ModelInfo]:
    """Favourites first, then recently used (newest first), then the rest by provider (in
    ``providers`` order) and id. ``favourites`` and ``recent`` hold "provider:model" keys."""
    rank = {pid: i for i, pid in enumerate(providers or [])}
    fav, rec = {k: i for i, k in enumerate(favourites)}, {k: i for i, k in enumerate(recent)}

    def key(m: ModelInfo) -> tuple[int, int, int, str]:
        k = key_of(m)
        if k in fav:
            return (0, fav[k], 0, m.id)
        if k in rec:
            return (1, rec[k], 0, m.id)
        return (2, 0, rank.get(m.provider, len(rank)), m.id)

    return sorted(models, key=key)


class _Filter(QLineEdit):
    down = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        if e.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(e)


class ModelPicker(QDialog):
    """``names``: the providers that can be shown (id -> name, in the bar's order); ``scope``: the
    one shown first ("" for all of them). The window answers ``scope_changed`` and
    ``refresh_requested`` with ``set_models``."""

    refresh_requested = Signal(str)  # provider id
    scope_changed = Signal(str)  # "" = every provider in the list, else one provider id
    favourite_toggled = Signal(str, str, bool)  # provider, model id, now a favourite
    override_changed = Signal(str, str, object)  # provider, model id, {vision, tools, reasoning} or None to reset

    def __init__(self, names: dict[str, str], scope: str, current: tuple[str, str], favourites: list[str],
                 recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Choose a model"))
        self.resize(920, 580)
        self.names = names
        self.favourites = list(favourites)
        self.recent = recent
        self.current = current
        self.groups: dict[str, list[ModelInfo]] = {}  # provider id -> its models (with the user's overrides)
        self.base: dict[str, ModelInfo] = {}  # "provider:model" -> what the provider says, for "Reset"
        self.notes: dict[str, str] = {}  # provider id -> why its list may be short or old
        self.overrides: dict[str, dict[str, bool]] = {}
        self.chosen: tuple[str, str] | None = None
        self.sweep = False  # chosen from its menu's "Compare its reasoning efforts"
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter = _Filter(self)
        self.filter.setAccessibleName(tr("Filter models"))
        self.filter.setPlaceholderText(tr("Type to filter by name, id, provider or capability (vision, tools, reasoning)"))
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._choose_current)
        self.filter.down.connect(lambda: (self.list.setFocus(), self.list.setCurrentItem(self.list.topLevelItem(0))))
        top.addWidget(self.filter, 1)
        self.scope = QComboBox(self)
        self.scope.setToolTip(tr("Whose models to list"))
        if len(names) > 1:
            self.scope.addItem(tr('All {v1} providers').format(v1=len(names)), "")
        for pid, name in names.items():
            self.scope.addItem(name, pid)
        self.scope.setCurrentIndex(max(0, self.scope.findData(scope)))
        self.scope.currentIndexChanged.connect(lambda _: self._scope_changed())
        top.addWidget(self.scope)
        lay.addLayout(top)
        self.note = PlainLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("Muted")
        self.note.hide()
        lay.addWidget(self.note)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(tr("Models"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)  # hundreds of rows: one height to measure
        self.list.setHeaderLabels(["", tr("Model"), tr("Provider"), tr("Context"), tr("In /1M"), tr("Out /1M"), tr("Can")])
        header = self.list.header()
        header.setStretchLastSection(False)  # the names get the room, not an empty last column
        header.setSectionResizeMode(MODEL, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda item, _: self._choose(item))
        self.list.itemClicked.connect(self._clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.count = PlainLabel(self)
        self.count.setObjectName("Muted")
        row.addWidget(self.count, 1)
        self.refresh = QPushButton(tr("Refresh the list"), self)
        self.refresh.clicked.connect(self._refresh_clicked)
        row.addWidget(self.refresh)
        ok = QPushButton(tr("Choose"), self)
        ok.setObjectName("Primary")
        ok.clicked.connect(self._choose_current)
        row.addWidget(ok)
        lay.addLayout(row)
        self._waiting: set[str] = set()
        self.filter.setFocus()

    # -- what is shown --------------------------------------------------------------------------

    def shown_providers(self) -> list[str]:
        scope = self.scope.currentData()
        return [scope] if scope else list(self.names)

    @property
    def models(self) -> list[ModelInfo]:
        return [m for pid in self.shown_providers() for m in self.groups.get(pid, [])]

    def set_models(self, provider_id: str, models: list[ModelInfo], note: str | None = None) -> None:
        """One provider's list (what the window knows now, or a fresh one); ``note`` says why it may
        be short or old. An empty list keeps the one shown."""
        if models or provider_id not in self.groups:
            self.groups[provider_id] = models
            for m in models:
                self.base.setdefault(key_of(m), m)
        if note:
            self.notes[provider_id] = note
        else:
            self.notes.pop(provider_id, None)
        self._waiting.discard(provider_id)
        self.refresh.setEnabled(not self._waiting)
        self._refill()

    def _scope_changed(self) -> None:
        self.scope_changed.emit(self.scope.currentData())
        self._refill()

    def _refill(self) -> None:
        text = self.filter.text().strip()
        pids = self.shown_providers()
        everyone = len(pids) > 1
        models = self.models
        shown = [m for m in order(models, self.favourites, self.recent, list(self.names)) if not text or self._matches(m, text)]
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        items = []
        current_item = None
        for m in shown:
            caps = ", ".join(c for c, on in (("vision", m.vision), ("tools", m.tools), ("reasoning", m.reasoning)) if on)
            k = key_of(m)
            star = "★" if k in self.favourites else ("↺" if k in self.recent else "☆")
            label = m.id if m.name in ("", m.id) else f"{m.name}  ({m.id})"
            ctx = f"{m.context_length // 1000}k" if m.context_length else "?"
            item = QTreeWidgetItem([star, label, self.names.get(m.provider, m.provider), ctx, _money(m.prompt_price),
                                    _money(m.completion_price), caps])
            item.setData(STAR, ROLE, (m.provider, m.id))
            item.setToolTip(STAR, tr("A favourite: click to unstar") if k in self.favourites else tr("Click to make it a favourite"))
            item.setToolTip(MODEL, tip(label))
            items.append(item)
            if (m.provider, m.id) == self.current:
                current_item = item
        self.list.addTopLevelItems(items)
        # A column nobody has a value for is hidden, so the names are not cut for it.
        self.list.setColumnHidden(PROVIDER, not everyone)
        self.list.setColumnHidden(CAN, not any(i.text(CAN) for i in items))
        self.list.setColumnHidden(CONTEXT, all(i.text(CONTEXT) == "?" for i in items))
        for c in (IN, OUT):
            self.list.setColumnHidden(c, all(i.text(c) == "?" for i in items))
        for c in (STAR, PROVIDER, CONTEXT, IN, OUT, CAN):
            self.list.resizeColumnToContents(c)
        self.list.setUpdatesEnabled(True)
        listing = sum(1 for p in pids if self.groups.get(p))
        of = f"{len(models)} models" + (f" from {listing} provider{'s' * (listing != 1)}" if everyone else "")
        self.count.setText(tr('{v0} of {of}').format(v0=len(shown), of=of))
        notes = [(f"{self.names.get(p, p)}: " if everyone else "") + self.notes[p] for p in pids if p in self.notes]
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        if items:
            self.list.setCurrentItem(current_item if current_item is not None and not text else items[0])

    def _matches(self, m: ModelInfo, text: str) -> bool:
        name = self.names.get(m.provider, "").lower()
        words = [w for w in text.lower().split() if w not in name]  # "openrouter gpt" narrows by provider too
        return not words or m.matches(" ".join(words))

    # -- favourites, refresh, capabilities ------------------------------------------------------

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != STAR:
            return
        pid, mid = item.data(STAR, ROLE)
        k = f"{pid}:{mid}"
        on = k not in self.favourites
        (self.favourites.append if on else self.favourites.remove)(k)
        self.favourite_toggled.emit(pid, mid, on)
        self._refill()

    def _refresh_clicked(self) -> None:
        self._waiting = set(self.shown_providers())
        self.refresh.setEnabled(False)
        self.count.setText(tr("Fetching the model list…"))
        for pid in self._waiting.copy():
            self.refresh_requested.emit(pid)

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is not None:
            self.menu_for(item).exec(self.list.viewport().mapToGlobal(pos))

    def menu_for(self, item: QTreeWidgetItem) -> Any:
        """A model's menu: what it can do (the user's word over the provider's), and Compare its
        reasoning efforts."""
        from PySide6.QtWidgets import QMenu

        pid, mid = item.data(STAR, ROLE)
        m = next(x for x in self.groups.get(pid, []) if x.id == mid)
        menu = QMenu(self)
        for key, label in (("vision", tr("Can see images")), ("tools", tr("Can call tools")), ("reasoning", tr("Reasons"))):
            act = menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(bool(getattr(m, key)))
            act.toggled.connect(lambda on, k=key: self.set_capability(pid, mid, k, on))
        menu.addSeparator()
        menu.addAction(tr("Reset to what the provider says"), lambda: self.set_capability(pid, mid, None, False))
        menu.addSeparator()
        sweep = menu.addAction(tr("Compare its reasoning efforts"), lambda: self._choose(item, sweep=True))
        sweep.setEnabled(m.reasoning is not False)  # unknown: the efforts its provider's dialect takes
        return menu

    def set_capability(self, pid: str, mid: str, key: str | None, on: bool) -> None:
        """The user's word on what a model can do (key None: forget it)."""
        from dataclasses import replace

        k = f"{pid}:{mid}"
        group = self.groups.get(pid, [])
        if key is None:
            self.overrides.pop(k, None)
            self.groups[pid] = [self.base.get(k, x) if x.id == mid else x for x in group]
            self.override_changed.emit(pid, mid, None)
        else:
            self.overrides.setdefault(k, {})[key] = on
            self.groups[pid] = [replace(x, **{key: on}) if x.id == mid else x for x in group]
            self.override_changed.emit(pid, mid, dict(self.overrides[k]))
        self._refill()

    # -- choosing -------------------------------------------------------------------------------

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QTreeWidgetItem, sweep: bool = False) -> None:
        """``sweep``: the model is chosen to compare its reasoning efforts (Compare efforts)."""
        self.chosen = item.data(STAR, ROLE)
        self.sweep = sweep
        self.accept()
