"""An answer token by token, each shaded by how sure the model was of it (its probability), and
hovering a token shows the alternatives the model weighed, with their probabilities: where a
model was unsure, at a glance. The tokens are a model's text: plain text only."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from ponder.ui.safe import tip
from ponder.ui.i18n import tr

MAX_TOKENS = 20_000  # shown; a longer answer says how many more there are
_INDEX = QTextCharFormat.Property.UserProperty + 1


def shade(p: float, dark: bool) -> QColor | None:
    """No colour for a sure token; from light amber to red as the probability falls."""
    if p >= 0.9:
        return None
    t = min(1.0, (0.9 - p) / 0.9)  # 0 at 90 %, 1 at 0 %
    if dark:
        return QColor(int(90 + 80 * t), int(70 - 30 * t), int(20 + 10 * t))
    return QColor(255, int(236 - 110 * t), int(179 - 110 * t))


def percent(logprob: float) -> str:
    p = math.exp(logprob) * 100
    return f"{p:.1f} %" if p >= 0.1 else "< 0.1 %"


class LogprobView(QTextEdit):
    def __init__(self, parent: QWidget | None = None, dark: bool = False) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setMouseTracking(True)
        self.viewport().installEventFilter(self)
        self.setAccessibleName(tr("The answer's tokens, shaded by the model's certainty"))
        self.dark = dark
        self.tokens: list[dict[str, Any]] = []

    def show_tokens(self, tokens: list[dict[str, Any]]) -> None:
        self.tokens = tokens[:MAX_TOKENS]
        self.clear()
        cur = self.textCursor()
        cur.beginEditBlock()
        for i, t in enumerate(self.tokens):
            fmt = QTextCharFormat()
            colour = shade(math.exp(t["logprob"]), self.dark)
            if colour is not None:
                fmt.setBackground(colour)
            fmt.setProperty(_INDEX, i)
            cur.insertText(t["token"], fmt)  # insertText: the token as text, never markup
        if len(tokens) > MAX_TOKENS:
            cur.insertText("\n\n" + tr("(… %n more token(s) not shown)", len(tokens) - MAX_TOKENS), QTextCharFormat())
        cur.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        # As tall as its text: it sits in the transcript, which scrolls
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 8)

    def resizeEvent(self, e: Any) -> None:  # noqa: N802
        super().resizeEvent(e)
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 8)

    def token_at(self, x: int, y: int) -> dict[str, Any] | None:
        from PySide6.QtCore import QPoint

        cur = self.cursorForPosition(QPoint(x, y))
        if not cur.atBlockEnd():
            cur.movePosition(QTextCursor.MoveOperation.NextCharacter)  # the format of the character under the pointer
        i = cur.charFormat().property(_INDEX)
        return self.tokens[i] if isinstance(i, int) and 0 <= i < len(self.tokens) else None

    def describe(self, t: dict[str, Any]) -> str:
        lines = [f"{t['token']!r}: {percent(t['logprob'])}"]
        for alt, lp in t.get("top") or []:
            if alt != t["token"]:
                lines.append(f"  {alt!r}: {percent(lp)}")
        return "\n".join(lines)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if obj is self.viewport() and e.type() == QEvent.Type.ToolTip:
            he = e if isinstance(e, QHelpEvent) else None
            t = self.token_at(he.pos().x(), he.pos().y()) if he is not None else None
            if t is not None and he is not None:
                QToolTip.showText(he.globalPos(), tip(self.describe(t)), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(obj, e)


def keys_text() -> str:
    return tr("Shaded where the model was less sure: amber below 90 %, red near 0 %. Hover a token for the alternatives.")

