"""A layout that places its items in a row and wraps them onto the next row when the width runs
out (Qt's Flow Layout example): the settings bar at 800 px reflows instead of squeezing its
controls into each other or holding the window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        # One row: what the bar would like when there is room.
        w = h = 0
        for item in self._visible():
            hint = item.sizeHint()
            w += hint.width() + (self._spacing if w else 0)
            h = max(h, hint.height())
        m = self.contentsMargins()
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        # The widest single item: anything wider wraps.
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_h = area.x(), area.y(), 0
        row: list[tuple[QLayoutItem, QSize]] = []

        def flush() -> None:
            if move:  # items of a row share its height, centred, as a box layout does
                xx = area.x()
                for it, hint in row:
                    it.setGeometry(QRect(QPoint(xx, y + (row_h - hint.height()) // 2), hint))
                    xx += hint.width() + self._spacing

        for item in self._visible():
            hint = item.sizeHint().boundedTo(QSize(area.width(), 10_000)).expandedTo(item.minimumSize())
            if item.hasHeightForWidth():  # a wrapping label grows down, not across
                hint.setHeight(item.heightForWidth(hint.width()))
            if row and x + hint.width() > area.right() + 1:
                flush()
                x, y, row_h, row = area.x(), y + row_h + self._spacing, 0, []
            row.append((item, hint))
            x += hint.width() + self._spacing
            row_h = max(row_h, hint.height())
        flush()
        return y + row_h - rect.y() + m.bottom()
