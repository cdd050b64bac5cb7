"""The keyboard shortcuts sheet (Help ▸ Keyboard shortcuts, Ctrl+/): every key Ponder answers to,
in one table a keyboard user can read and a screen reader can walk."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWidget

SHORTCUTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere", [
        ("Ctrl+N", "New chat"),
        ("Ctrl+Shift+N", "Compare models"),
        ("Ctrl+Shift+E", "Compare the model's reasoning efforts"),
        ("Ctrl+K or Ctrl+F", "Search history"),
        ("Ctrl+L", "Write a message"),
        ("Ctrl+M", "Choose a model"),
        ("Ctrl+,", "Settings"),
        ("Ctrl+Shift+C", "Copy the last answer"),
        ("Esc", "Stop the answer"),
        ("Ctrl+O", "Import a conversation"),
        ("Ctrl+/", "This sheet"),
        ("F1", "About Ponder"),
        ("Ctrl+Q", "Quit"),
    ]),
    ("Moving around", [
        ("Tab / Shift+Tab", "Sidebar, settings bar, conversation, message box, in the order they are on screen"),
        ("Alt+Up / Alt+Down", "The message before or after"),
    ]),
    ("On a message (when it has the keyboard)", [
        ("C", "Copy it"),
        ("R", "Regenerate the answer"),
        ("E", "Edit your question"),
        ("T", "Show or hide the thinking"),
        ("Delete", "Delete it (and what follows)"),
        ("Menu or Shift+F10", "Every action on it"),
    ]),
    ("Writing", [
        ("Enter", "Send"),
        ("Shift+Enter", "New line"),
        ("Ctrl+V", "Paste text, an image, or image files"),
    ]),
    ("In the thinking pane", [
        ("Ctrl+F", "Find in the thinking"),
    ]),
]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        lay = QVBoxLayout(self)
        rows = [(group, keys, what) for group, items in SHORTCUTS for keys, what in items]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Where"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setTabKeyNavigation(False)  # Tab goes on to Close; the arrows move in the table
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for r, (group, keys, what) in enumerate(rows):
            for c, text in enumerate((keys, what, group)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.table.setFocus()
