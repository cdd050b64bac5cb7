"""The keyboard shortcuts sheet (Help ▸ Keyboard shortcuts, Ctrl+/): every key Ponder answers to,
in one table a keyboard user can read and a screen reader can walk."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ponder.ui.i18n import N_, tr

SHORTCUTS: list[tuple[str, list[tuple[str, str]]]] = [
    (N_("Anywhere"), [
        ("Ctrl+N", N_("New chat")),
        ("Ctrl+Shift+N", N_("Compare models")),
        ("Ctrl+Shift+E", N_("Compare the model's reasoning efforts")),
        ("Ctrl+K / Ctrl+F", N_("Search history")),
        ("Ctrl+L", N_("Write a message")),
        ("Ctrl+M", N_("Choose a model")),
        ("Ctrl+,", N_("Settings")),
        ("Ctrl+Shift+C", N_("Copy the last answer")),
        ("Esc", N_("Stop the answer")),
        ("Ctrl+O", N_("Import a conversation")),
        ("Ctrl+/", N_("This sheet")),
        ("F1", N_("About Ponder")),
        ("Ctrl+Q", N_("Quit")),
    ]),
    (N_("Moving around"), [
        ("Tab / Shift+Tab", N_("Sidebar, settings bar, conversation, message box, in the order they are on screen")),
        ("Alt+Up / Alt+Down", N_("The message before or after")),
    ]),
    (N_("On a message (when it has the keyboard)"), [
        ("C", N_("Copy it")),
        ("R", N_("Regenerate the answer")),
        ("E", N_("Edit your question")),
        ("T", N_("Show or hide the thinking")),
        ("Delete", N_("Delete it (and what follows)")),
        ("Menu / Shift+F10", N_("Every action on it")),
    ]),
    (N_("Writing"), [
        ("Enter", N_("Send")),
        ("Shift+Enter", N_("New line")),
        ("Ctrl+V", N_("Paste text, an image, or image files")),
    ]),
    (N_("In the thinking pane"), [
        ("Ctrl+F", N_("Find in the thinking")),
    ]),
]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(560, 620)
        lay = QVBoxLayout(self)
        # A heading row per group (where the keys work), then its keys: two columns leave the
        # descriptions the room a longer language needs.
        rows: list[tuple[str, str | None]] = []
        for group, items in SHORTCUTS:
            rows.append((tr(group), None))
            rows += [(keys, tr(what)) for keys, what in items]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([tr("Keys"), tr("Does")])
        self.table.setAccessibleName(tr("Keyboard shortcuts"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to Close; the arrows move in the table
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for r, (keys, what) in enumerate(rows):
            item = QTableWidgetItem(keys)
            self.table.setItem(r, 0, item)
            if what is not None:
                self.table.setItem(r, 1, QTableWidgetItem(what))
                continue
            font = item.font()  # a heading, across both columns
            font.setBold(True)
            item.setFont(font)
            self.table.setSpan(r, 0, 1, 2)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.table.setFocus()

    def resizeEvent(self, e: QResizeEvent) -> None:
        # Rows fit their text at the width the table ends up with, once the layout has settled.
        super().resizeEvent(e)
        QTimer.singleShot(0, self.table.resizeRowsToContents)
