"""Text from outside Ponder (a server, a model, an imported file, a file name) is shown as text.

Qt guesses: a QLabel, a tooltip or a message box whose text looks like HTML renders it as rich
text, and rich text loads ``<img src="file:///...">`` from the local disk (a FIFO there hangs the
window; ``/dev/zero`` eats all memory). So widgets never use a bare QLabel: :class:`PlainLabel`
shows its text exactly, and :class:`RichLabel` is for Ponder's own markup, with anything else in
it passed through :func:`esc`. Tooltips and message boxes go through :func:`tip` and
:func:`message`. ``tests/ui/test_hostile.py`` sweeps the window for anything that slipped through;
``tests/core/test_layering.py`` fails on a bare ``QLabel(`` under ``app/ponder/ui``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


class PlainLabel(QLabel):
    """A label that shows its text as plain text, whatever it contains."""

    def __init__(self, text: str | QWidget | None = "", parent: QWidget | None = None) -> None:
        if isinstance(text, QWidget) or text is None:
            text, parent = "", text
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)


class RichLabel(QLabel):
    """A label with Ponder's own markup. Everything from outside in it must go through esc()."""

    def __init__(self, markup: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        if markup:
            self.setText(markup)


def esc(text: object) -> str:
    """Text made safe to put inside rich text: shown as written, never interpreted."""
    return html.escape(str(text), quote=True)


def tip(text: str) -> str:
    """A tooltip that shows ``text`` as text (Qt renders a tooltip that looks like HTML as HTML)."""
    if "<" not in text and "&" not in text:
        return text  # cannot be taken for markup
    return "<qt>" + esc(text).replace("\n", "<br>") + "</qt>"


def message(parent: QWidget | None, title: str, text: str, *, question: bool = False,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> bool:
    """A modal message box showing ``text`` as plain text; with ``question``, True if the user said yes."""
    box = QMessageBox(QMessageBox.Icon.Question if question else icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if question:
        box.setStandardButtons(QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


ANNOUNCED: list[str] = []  # the newest announcements (a few), for tests: a screen reader is not there


def announce(widget: QWidget, text: str) -> None:
    """Say ``text`` through the screen reader, once (an answer finished, an error): the stream
    itself is never read token by token."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    ANNOUNCED.append(text)
    del ANNOUNCED[:-20]
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
