"""The composer: Enter sends, Shift+Enter starts a new line, Esc stops a streaming answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget


class PromptEdit(QPlainTextEdit):
    submit = Signal()
    escape = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (e.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submit.emit()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(e)


class Composer(QWidget):
    send = Signal(str)
    stop = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 12)
        self.edit = PromptEdit(self)
        self.edit.setPlaceholderText("Ask anything. Enter sends, Shift+Enter adds a line.")
        self.edit.setFixedHeight(84)
        self.edit.submit.connect(self._submit)
        self.edit.escape.connect(self.stop)
        lay.addWidget(self.edit, 1)
        self.button = QPushButton("Send", self)
        self.button.setObjectName("Primary")
        self.button.setMinimumWidth(84)
        self.button.clicked.connect(self._clicked)
        lay.addWidget(self.button)
        self.streaming = False

    def _submit(self) -> None:
        if self.streaming:
            return
        text = self.edit.toPlainText()
        if text.strip():
            self.send.emit(text)

    def _clicked(self) -> None:
        if self.streaming:
            self.stop.emit()
        else:
            self._submit()

    def set_streaming(self, on: bool) -> None:
        self.streaming = on
        self.button.setText("Stop" if on else "Send")
        self.button.setObjectName("Danger" if on else "Primary")
        self.button.setToolTip("Stop (Esc)" if on else "Send (Enter)")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)
