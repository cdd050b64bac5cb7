"""Function tools: define them (name, description, JSON-schema parameters, checked with a clear
message), switch each on or off for this conversation, and set tool_choice and parallel calls."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, tip
from ponder.core.answers.tools import ToolError, make_tool
from ponder.ui.i18n import N_, tr

EXAMPLE = json.dumps({"type": "object", "properties": {"location": {"type": "string", "description": "A city"}},
                      "required": ["location"]}, indent=2)


class McpTree(QTreeWidget):
    """The MCP servers, each with its tools once it has started: a checked server offers all its
    tools (today's and tomorrow's), a checked tool just that one."""

    def __init__(self, selection: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([tr("Server or tool"), tr("State")])
        self.setAccessibleName(tr("MCP servers and their tools"))
        self.setColumnWidth(0, 320)
        self._selection = list(selection)
        self._items: dict[str, QTreeWidgetItem] = {}
        self.itemChanged.connect(self._changed)

    def show_servers(self, servers: list[Any], states: dict[str, Any]) -> None:
        """(Re)fill from the configured servers and their states, keeping what is checked."""
        if self._items:
            self._selection = self.selection()
        self.blockSignals(True)
        self.clear()
        self._items = {}
        for srv in servers:
            st = states.get(srv.name)
            top = QTreeWidgetItem(self, [srv.name, tr("off") if not srv.enabled else (st.describe() if st else tr("not started"))])
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            whole = srv.name in self._selection
            top.setCheckState(0, Qt.CheckState.Checked if whole else Qt.CheckState.Unchecked)
            top.setToolTip(1, tip(st.error if st and st.error else ""))
            self._items[srv.name] = top
            for t in (st.tools if st is not None else []):
                child = QTreeWidgetItem(top, [t.name, ""])
                child.setToolTip(0, tip(t.description))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = whole or f"{srv.name}/{t.name}" in self._selection
                child.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if not whole and any(s.startswith(f"{srv.name}/") for s in self._selection) and top.childCount():
                top.setCheckState(0, Qt.CheckState.PartiallyChecked)
            top.setExpanded(top.childCount() > 0 and top.childCount() <= 12)
        self.blockSignals(False)

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        self.blockSignals(True)
        if item.parent() is None:  # a server: all its tools with it
            state = item.checkState(0)
            if state != Qt.CheckState.PartiallyChecked:
                for i in range(item.childCount()):
                    item.child(i).setCheckState(0, state)
        else:
            top = item.parent()
            on = sum(top.child(i).checkState(0) == Qt.CheckState.Checked for i in range(top.childCount()))
            top.setCheckState(0, Qt.CheckState.Checked if on == top.childCount() else
                              Qt.CheckState.Unchecked if on == 0 else Qt.CheckState.PartiallyChecked)
        self.blockSignals(False)

    def selection(self) -> list[str]:
        out: list[str] = []
        for name, top in self._items.items():
            state = top.checkState(0)
            if state == Qt.CheckState.Checked:
                out.append(name)
            elif state == Qt.CheckState.PartiallyChecked or top.childCount():
                out += [f"{name}/{top.child(i).text(0)}" for i in range(top.childCount())
                        if top.child(i).checkState(0) == Qt.CheckState.Checked]
        # a server not shown (removed from Settings) is dropped; one listed but not started keeps its choice
        return out


class ToolsDialog(QDialog):
    def __init__(self, library: list[dict[str, Any]], enabled: list[str], tool_choice: str | None,
                 parallel: bool | None, parent: QWidget | None = None, mcp: list[str] | None = None,
                 tools_service: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tools"))
        self.resize(820, 560)
        self.library = [dict(t) for t in library]
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs, 1)
        own = QWidget(self)
        self.tabs.addTab(own, tr("Your functions"))
        mine = QVBoxLayout(own)
        hint = PlainLabel(tr("Functions you define. When the model calls one, you type the result in the transcript."), own)
        hint.setObjectName("Muted")
        mine.addWidget(hint)
        self.tools_service = tools_service
        self.mcp_tree = McpTree(mcp or [], self)
        servers = QWidget(self)
        sl = QVBoxLayout(servers)
        shint = PlainLabel(tr("Tools of MCP servers (add servers in Settings). The model may call them; each call asks "
                           "you first, in the transcript, unless you chose Always for that tool."), servers)
        shint.setObjectName("Muted")
        shint.setWordWrap(True)
        sl.addWidget(shint)
        sl.addWidget(self.mcp_tree, 1)
        self.tabs.addTab(servers, tr("MCP servers"))
        if tools_service is not None:
            self._show_servers()
            tools_service.serverState.connect(self._show_servers)
            for srv in tools_service.servers():  # their tools, to choose from (each starts if need be)
                if srv.enabled and tools_service.state(srv.name).status in ("stopped",):
                    tools_service.start(srv.name)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Function tools"))
        self.list.setMaximumWidth(240)
        left.addWidget(self.list, 1)
        new = QPushButton(tr("New tool"), self)
        new.clicked.connect(self._new)
        left.addWidget(new)
        body.addLayout(left)
        edit = QWidget(self)
        form = QFormLayout(edit)
        self.name = QLineEdit(edit)
        self.name.setPlaceholderText(tr("get_weather"))
        self.description = QLineEdit(edit)
        self.description.setPlaceholderText(tr("What it does, for the model"))
        self.parameters = QPlainTextEdit(edit)
        self.parameters.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.parameters.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.parameters.setPlaceholderText(EXAMPLE)
        self.error = PlainLabel(edit)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        row = QHBoxLayout()
        self.save = QPushButton(tr("Save tool"), edit)
        self.save.setObjectName("Primary")
        self.save.clicked.connect(self._save)
        self.remove = QPushButton(tr("Delete tool"), edit)
        self.remove.clicked.connect(self._remove)
        row.addWidget(self.save)
        row.addWidget(self.remove)
        row.addStretch(1)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Parameters (JSON Schema)"), self.parameters)
        form.addRow("", self.error)
        form.addRow("", row)
        body.addWidget(edit, 1)
        mine.addLayout(body, 1)
        opts = QHBoxLayout()
        self.choice = QComboBox(self)
        self.parallel = QComboBox(self)
        for label, value in ((tr("provider default"), None), (tr("in parallel"), True), (tr("one at a time"), False)):
            self.parallel.addItem(label, value)
        self.parallel.setCurrentIndex(max(0, self.parallel.findData(parallel)))
        opts.addWidget(PlainLabel(tr("Tool choice"), self))
        opts.addWidget(self.choice)
        opts.addWidget(PlainLabel(tr("Parallel calls"), self))
        opts.addWidget(self.parallel)
        opts.addStretch(1)
        outer.addLayout(opts)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._enabled = set(enabled)
        self._choice = tool_choice
        self.list.currentItemChanged.connect(lambda *_: self._load())
        self.list.itemChanged.connect(lambda *_: self._refresh_choice())
        self._fill()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for t in self.library:
            item = QListWidgetItem(t["name"], self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t["name"] in self._enabled else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._refresh_choice()
        if self.library:
            self.list.setCurrentRow(0)
        else:
            self._new()

    def _refresh_choice(self) -> None:
        current = self.choice.currentData() if self.choice.count() else self._choice
        self.choice.clear()
        # tool_choice's values, named in the user's language (English keeps the API's words)
        for label, value in ((N_("auto (the model decides)"), None), (N_("none (no tool)"), "none"),
                             (N_("required (some tool)"), "required")):
            self.choice.addItem(tr(label), value)
        for name in self.enabled():
            self.choice.addItem(tr('call {name}').format(name=name), name)
        self.choice.setCurrentIndex(max(0, self.choice.findData(current)))

    def _load(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.library):
            t = self.library[row]
            self.name.setText(t["name"])
            self.description.setText(t.get("description", ""))
            self.parameters.setPlainText(json.dumps(t.get("parameters", {}), indent=2))
            self.error.clear()

    def _new(self) -> None:
        self.list.setCurrentRow(-1)
        self.name.clear()
        self.description.clear()
        self.parameters.setPlainText(EXAMPLE)
        self.error.clear()
        self.name.setFocus()

    def _save(self) -> None:
        try:
            tool = make_tool(self.name.text(), self.description.text(), self.parameters.toPlainText())
        except ToolError as e:
            self.error.setText(str(e))
            return
        row = self.list.currentRow()
        names = [t["name"] for t in self.library]
        if 0 <= row < len(self.library):
            old = self.library[row]["name"]
            self.library[row] = tool
            if old in self._enabled:
                self._enabled.discard(old)
                self._enabled.add(tool["name"])
        elif tool["name"] in names:
            self.error.setText(tr('There is already a tool called {v1}').format(v1=tool['name']))
            return
        else:
            self.library.append(tool)
            self._enabled.add(tool["name"])  # a new tool starts switched on
        self._sync_enabled()
        self._fill()
        self.list.setCurrentRow([t["name"] for t in self.library].index(tool["name"]))

    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.library):
            self._enabled.discard(self.library.pop(row)["name"])
            self._fill()

    def _sync_enabled(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            (self._enabled.add if item.checkState() == Qt.CheckState.Checked else self._enabled.discard)(item.text())

    def enabled(self) -> list[str]:
        self._sync_enabled()
        return [t["name"] for t in self.library if t["name"] in self._enabled]

    def _show_servers(self, *_: Any) -> None:
        ts = self.tools_service
        if ts is not None:
            self.mcp_tree.show_servers(ts.servers(), dict(ts.states))

    def result(self) -> tuple[list[dict[str, Any]], list[str], str | None, bool | None]:  # type: ignore[override]
        return self.library, self.enabled(), self.choice.currentData(), self.parallel.currentData()

    def mcp(self) -> list[str]:
        """The MCP servers ("name") and single tools ("name/tool") offered."""
        return self.mcp_tree.selection()
