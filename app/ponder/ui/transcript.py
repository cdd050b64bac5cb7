"""The transcript: message widgets in a scroll area, built lazily for long conversations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from ponder.core.render import MarkdownRenderer
from ponder.core.history.records import StoredMessage
from ponder.ui.message import MessageWidget
from ponder.ui.thinking_pane import ViewOptions

PAGE = 40  # widgets built at a time; older messages wait behind "Show earlier"
READABLE_WIDTH = 960  # on a wide window the messages stay this wide, centred, as a page of text


class Transcript(QScrollArea):
    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None, options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.options = options or ViewOptions()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inner = QWidget()
        self.lay = QVBoxLayout(self.inner)
        self.lay.setContentsMargins(24, 16, 24, 16)
        self.lay.setSpacing(4)
        self.earlier = QPushButton("Show earlier messages", self.inner)
        self.earlier.clicked.connect(self._show_earlier)
        self.lay.addWidget(self.earlier, 0, Qt.AlignmentFlag.AlignHCenter)
        self.lay.addStretch(1)
        self.setWidget(self.inner)
        self.widgets: dict[str, MessageWidget] = {}
        self._pending: list[tuple[StoredMessage, int, int]] = []
        self._follow = True
        self._hook = None
        sb = self.verticalScrollBar()
        sb.rangeChanged.connect(self._range_changed)
        sb.valueChanged.connect(self._value_changed)

    def clear(self) -> None:
        for w in self.widgets.values():
            w.deleteLater()
        self.widgets.clear()
        self._pending = []
        self.earlier.hide()

    def load(self, thread: list[tuple[StoredMessage, int, int]], hook, awaiting_tool: str | None = None) -> None:  # type: ignore[no-untyped-def]
        """Show a thread; ``hook(widget)`` connects each widget's signals."""
        self.clear()
        self._hook = hook
        self._awaiting = awaiting_tool
        self._pending = thread[:-PAGE] if len(thread) > PAGE else []
        for m, n, of in thread[-PAGE:]:
            self.add(m, (n, of))
        self.earlier.setVisible(bool(self._pending))
        self.earlier.setText(f"Show earlier messages ({len(self._pending)})")
        self._follow = True

    def add(self, m: StoredMessage, alternatives: tuple[int, int] = (1, 1), at: int | None = None) -> MessageWidget:
        w = MessageWidget(m, self.renderer, alternatives, awaiting_tool=(m.id == getattr(self, "_awaiting", None)), parent=self.inner,
                          options=self.options)
        if self._hook:
            self._hook(w)
        index = self.lay.count() - 1 if at is None else at  # before the stretch
        self.lay.insertWidget(index, w)
        self.widgets[m.id] = w
        return w

    def _show_earlier(self) -> None:
        chunk, self._pending = self._pending[-PAGE:], self._pending[:-PAGE]
        sb = self.verticalScrollBar()
        from_bottom = sb.maximum() - sb.value()
        for i, (m, n, of) in enumerate(chunk):
            self.add(m, (n, of), at=1 + i)
        self.earlier.setVisible(bool(self._pending))
        self.earlier.setText(f"Show earlier messages ({len(self._pending)})")
        self._follow = False
        self.inner.adjustSize()
        sb.setValue(sb.maximum() - from_bottom)

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        side = max(24, (self.viewport().width() - READABLE_WIDTH) // 2)
        m = self.lay.contentsMargins()
        if m.left() != side:
            self.lay.setContentsMargins(side, m.top(), side, m.bottom())
        super().resizeEvent(e)

    def reveal(self, mid: str, words: str = "") -> bool:
        """Scroll to a message (building earlier ones if it is among them) and mark ``words`` in
        it; False if it is not in this thread."""
        while mid not in self.widgets and self._pending:
            self._show_earlier()
        w = self.widgets.get(mid)
        if w is None:
            return False
        self._follow = False
        w.highlight(words)
        self.inner.adjustSize()
        self.ensureWidgetVisible(w, 0, 40)
        return True

    def follow(self) -> None:
        self._follow = True
        sb = self.verticalScrollBar()
        sb.setValue(sb.maximum())

    def _value_changed(self, v: int) -> None:
        sb = self.verticalScrollBar()
        self._follow = v >= sb.maximum() - 24  # the user scrolled up to read: stop following

    def _range_changed(self, lo: int, hi: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(hi)
