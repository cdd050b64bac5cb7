"""Function tools: define them (name, description, JSON-schema parameters, checked with a clear
message), switch each on or off for this conversation, and set tool_choice and parallel calls."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel
from ponder.core.answers.tools import ToolError, make_tool

EXAMPLE = json.dumps({"type": "object", "properties": {"location": {"type": "string", "description": "A city"}},
                      "required": ["location"]}, indent=2)


class ToolsDialog(QDialog):
    def __init__(self, library: list[dict[str, Any]], enabled: list[str], tool_choice: str | None,
                 parallel: bool | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tools")
        self.resize(820, 520)
        self.library = [dict(t) for t in library]
        outer = QVBoxLayout(self)
        hint = PlainLabel("Tools the model may call. When it calls one, you type the result in the transcript.", self)
        hint.setObjectName("Muted")
        outer.addWidget(hint)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setMaximumWidth(240)
        left.addWidget(self.list, 1)
        new = QPushButton("New tool", self)
        new.clicked.connect(self._new)
        left.addWidget(new)
        body.addLayout(left)
        edit = QWidget(self)
        form = QFormLayout(edit)
        self.name = QLineEdit(edit)
        self.name.setPlaceholderText("get_weather")
        self.description = QLineEdit(edit)
        self.description.setPlaceholderText("What it does, for the model")
        self.parameters = QPlainTextEdit(edit)
        self.parameters.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.parameters.setPlaceholderText(EXAMPLE)
        self.error = PlainLabel(edit)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        row = QHBoxLayout()
        self.save = QPushButton("Save tool", edit)
        self.save.setObjectName("Primary")
        self.save.clicked.connect(self._save)
        self.remove = QPushButton("Delete tool", edit)
        self.remove.clicked.connect(self._remove)
        row.addWidget(self.save)
        row.addWidget(self.remove)
        row.addStretch(1)
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        form.addRow("Parameters (JSON Schema)", self.parameters)
        form.addRow("", self.error)
        form.addRow("", row)
        body.addWidget(edit, 1)
        outer.addLayout(body, 1)
        opts = QHBoxLayout()
        self.choice = QComboBox(self)
        self.parallel = QComboBox(self)
        for label, value in (("provider default", None), ("allowed", True), ("one at a time", False)):
            self.parallel.addItem(label, value)
        self.parallel.setCurrentIndex(max(0, self.parallel.findData(parallel)))
        opts.addWidget(PlainLabel("Tool choice", self))
        opts.addWidget(self.choice)
        opts.addWidget(PlainLabel("Parallel calls", self))
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
        for label, value in (("auto", None), ("none", "none"), ("required", "required")):
            self.choice.addItem(label, value)
        for name in self.enabled():
            self.choice.addItem(f"call {name}", name)
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
            self.error.setText(f"There is already a tool called {tool['name']}")
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

    def result(self) -> tuple[list[dict[str, Any]], list[str], str | None, bool | None]:  # type: ignore[override]
        return self.library, self.enabled(), self.choice.currentData(), self.parallel.currentData()
