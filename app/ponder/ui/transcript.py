"""The transcript: a conversation's messages, of which only those near the viewport are widgets.

A conversation of 10,000 messages opens as fast as one of 40, and scrolling to its top costs the
same at every step: each message has a height (measured once its widget is built at the current
width, estimated from its text before that), the scroll bar spans their sum, and widgets are
built as they come near the viewport and dropped once far from it. When a measured height
replaces an estimate above what the user reads, the view is anchored to the message being read,
so nothing jumps. An answer that is streaming keeps its widget wherever the user scrolls.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QWidget

from ponder.core.history.records import StoredMessage
from ponder.core.render import MarkdownRenderer
from ponder.ui.message import MessageWidget
from ponder.ui.thinking_pane import ViewOptions
from ponder.ui.i18n import tr

READABLE_WIDTH = 960  # on a wide window the messages stay this wide, centred, as a page of text
MARGIN_TOP, MARGIN_BOTTOM, SPACING, SIDE = 16, 16, 4, 24
KEEP_WIDGETS = 120  # built widgets kept beyond those near the viewport (scrolling back is free)


@dataclass(slots=True)
class _Entry:
    message: StoredMessage
    alternatives: tuple[int, int]
    height: int = 0  # measured at ``Transcript._width``, or estimated (``measured`` False)
    measured: bool = False


class Transcript(QAbstractScrollArea):
    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None, options: ViewOptions | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.options = options or ViewOptions()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no width change as it comes and goes
        self.verticalScrollBar().setSingleStep(24)
        self.viewport().installEventFilter(self)  # a message whose size changed asks its parent to lay out
        self.entries: list[_Entry] = []
        self.widgets: dict[str, MessageWidget] = {}  # the built ones, by message id
        self._index: dict[str, int] = {}
        self._tops: list[int] = []  # each entry's top, in content coordinates
        self._total = MARGIN_TOP + MARGIN_BOTTOM  # the height of them all
        self._hook: Callable[[MessageWidget], Any] | None = None
        self._awaiting: str | None = None
        self._follow = True
        self._width = 0  # the width heights were measured at
        self._placing = False
        self._again = QTimer(self)  # one layout pass per turn of the loop, however many asked
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self._place)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        # One stop in the window's Tab order: coming in, the focus goes to a message (the last
        # one focused, else the newest); Alt+Up/Down move between messages.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Conversation"))
        self.setAccessibleDescription(tr("Messages: Alt+Up and Alt+Down move between them"))
        self.current: str | None = None  # the message the keyboard was last on

    # -- what is shown --------------------------------------------------------------------------

    def clear(self) -> None:
        self.load([], self._hook)

    def load(self, thread: list[tuple[StoredMessage, int, int]], hook: Callable[[MessageWidget], Any] | None,
             awaiting_tool: str | None = None) -> None:
        """Show a thread (the view follows its end); ``hook(widget)`` connects each widget's signals."""
        from PySide6.QtWidgets import QApplication

        focused = QApplication.focusWidget()
        had_keys = focused is not None and self.viewport().isAncestorOf(focused)  # the keyboard stays on
        for w in self.widgets.values():
            w.hide()
            w.deleteLater()
        self.widgets = {}
        self._hook = hook
        self._awaiting = awaiting_tool
        width = self._content_width()
        self.entries = [_Entry(m, (n, of), self._estimate(m, width)) for m, n, of in thread]
        self._index = {e.message.id: i for i, e in enumerate(self.entries)}
        self._width = width
        self._follow = True
        self._tops_dirty()
        self._place()
        if had_keys and self.entries:  # a message regenerated or deleted: the keyboard stays in the conversation
            self.focus_message(self.current if self.current in self._index else self.entries[-1].message.id)

    def messages(self) -> list[StoredMessage]:
        """The thread on show, as the widgets last knew each message."""
        return [self.widgets[e.message.id].message if e.message.id in self.widgets else e.message for e in self.entries]

    def reveal(self, mid: str, words: str = "") -> bool:
        """Scroll to a message and mark ``words`` in it; False if it is not in this thread."""
        i = self._index.get(mid)
        if i is None:
            return False
        self._follow = False
        self._place(anchor=(i, -40))  # the view starts just above it
        w = self.widgets.get(mid)
        if w is not None:
            w.highlight(words)  # a thinking pane opened for a hit changes its height
            self._place(anchor=(i, -40))
        return True

    def follow(self) -> None:
        self._follow = True
        self._place()
        sb = self.verticalScrollBar()
        sb.setValue(sb.maximum())

    # -- layout ---------------------------------------------------------------------------------

    def _content_width(self) -> int:
        vw = self.viewport().width()
        return max(100, min(READABLE_WIDTH, vw - 2 * SIDE))

    def _estimate(self, m: StoredMessage, width: int) -> int:
        """A height before the widget exists: its text's lines at this width, and its chrome."""
        chars = max(20, width // 8)
        text = m.content or m.refusal or ""
        lines = sum(1 + len(line) // chars for line in text.splitlines()) if text else 0
        chrome = 56 if m.role == "user" else 52
        return chrome + 20 * lines + (32 if m.reasoning else 0) + 160 * len(m.images)

    def _tops_dirty(self) -> None:
        tops, y = [], MARGIN_TOP
        for e in self.entries:
            tops.append(y)
            y += e.height + SPACING
        self._tops = tops
        self._total = y - (SPACING if self.entries else 0) + MARGIN_BOTTOM

    def _build(self, i: int) -> MessageWidget:
        e = self.entries[i]
        m = e.message
        self.options.text_width = self._width  # answers are wrapped at it as they are built
        w = MessageWidget(m, self.renderer, e.alternatives, awaiting_tool=(m.id == self._awaiting),
                          parent=self.viewport(), options=self.options)
        if self._hook:
            self._hook(w)
        self.widgets[m.id] = w
        w.show()
        return w

    def _measure(self, w: QWidget) -> int:
        return w.heightForWidth(self._width) if w.hasHeightForWidth() else w.sizeHint().height()

    def _range(self, top: int, bottom: int) -> range:
        lo = max(0, bisect.bisect_right(self._tops, top) - 1)
        hi = bisect.bisect_left(self._tops, bottom)
        return range(lo, min(hi, len(self.entries)))

    def _place(self, anchor: tuple[int, int] | None = None) -> None:
        """Build what is near the viewport, measure it, drop what is far, and put each widget at
        its place; the message being read (or ``anchor``: entry, offset) stays where it is."""
        if self._placing:
            return
        self._placing = True
        try:
            self._place_now(anchor)
        finally:
            self._placing = False

    def _place_now(self, anchor: tuple[int, int] | None) -> None:
        sb = self.verticalScrollBar()
        vh = self.viewport().height()
        width = self._content_width()
        if width != self._width:  # every height is for the old width: estimates until measured again
            self._width = width
            for e in self.entries:
                if e.message.id not in self.widgets:
                    e.height, e.measured = self._estimate(e.message, width), False
        # The anchor: the first message that starts in the view (else the one filling it), and
        # how far above it the view starts.
        value = sb.value()
        if anchor is None and not self._follow and self.entries:
            a = self._range(value, value + 1).start
            if self._tops[a] < value and a + 1 < len(self.entries) and self._tops[a + 1] < value + vh:
                a += 1  # the first message that starts on screen: one above it may grow or shrink unseen
            anchor = (a, value - self._tops[a])
        for _ in range(4):  # measuring changes heights, which changes what is near: settle
            changed = False
            for mid, w in self.widgets.items():
                e = self.entries[self._index[mid]]
                h = self._measure(w)
                if h != e.height or not e.measured:
                    e.height, e.measured, changed = h, True, changed or h != e.height
            if changed:
                self._tops_dirty()
            end = max(0, self._total - vh)
            top = min(end, max(0, self._tops[anchor[0]] + anchor[1])) if anchor else (end if self._follow else value)
            near = self._range(top - vh, top + 2 * vh)
            fresh = [i for i in near if self.entries[i].message.id not in self.widgets]
            for i in fresh:
                w = self._build(i)
                e = self.entries[i]
                e.height, e.measured = self._measure(w), True
            if fresh:
                self._tops_dirty()
            if not fresh and not changed:
                break
        self._drop_far(top, vh)
        sb.blockSignals(True)
        sb.setRange(0, max(0, self._total - vh))
        sb.setPageStep(vh)
        empty = sb.maximum() == 0
        if sb.property("empty") != empty:  # nothing to scroll: no handle (the theme hides it)
            sb.setProperty("empty", empty)
            sb.style().unpolish(sb)
            sb.style().polish(sb)
        sb.setValue(top)
        sb.blockSignals(False)
        self._position(sb.value())

    def _position(self, value: int) -> None:
        x = (self.viewport().width() - self._width) // 2
        for mid, w in self.widgets.items():
            i = self._index[mid]
            w.setGeometry(x, self._tops[i] - value, self._width, self.entries[i].height)

    def _drop_far(self, top: int, vh: int) -> None:
        if len(self.widgets) <= KEEP_WIDGETS:
            return
        keep = self._range(top - 3 * vh, top + 4 * vh)
        centre = (keep.start + keep.stop) // 2
        far = sorted(((abs(self._index[mid] - centre), mid) for mid, w in self.widgets.items()
                      if self._index[mid] not in keep and w.message.status != "streaming"), reverse=True)
        for _, mid in far[: len(self.widgets) - KEEP_WIDGETS]:
            w = self.widgets.pop(mid)
            self.entries[self._index[mid]].message = w.message  # the widget knew it last
            w.hide()
            w.deleteLater()

    # -- the keyboard ---------------------------------------------------------------------------

    def message_of(self, w: QWidget | None) -> MessageWidget | None:
        """The message ``w`` is in (or is), if it is in this transcript."""
        while w is not None:
            if isinstance(w, MessageWidget) and w.parentWidget() is self.viewport():
                return w
            w = w.parentWidget()
        return None

    def inside(self, w: QWidget) -> bool:
        """Whether ``w`` is one of the messages' widgets (not the transcript itself)."""
        return self.viewport().isAncestorOf(w)

    def focus_message(self, mid: str) -> bool:
        """Scroll to a message and give it the keyboard."""
        i = self._index.get(mid)
        if i is None:
            return False
        top, bottom = self._tops[i], self._tops[i] + self.entries[i].height
        value, vh = self.verticalScrollBar().value(), self.viewport().height()
        if top < value or bottom > value + vh:  # not whole on screen: its top comes into view
            self._follow = False
            self._place(anchor=(i, -24 if self.entries[i].height < vh else 0))
        w = self.widgets.get(mid)
        if w is None:
            return False
        self.current = mid
        w.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def step(self, delta: int) -> bool:
        """The keyboard to the message before (-1) or after (+1) the one it is on."""
        if not self.entries:
            return False
        from PySide6.QtWidgets import QApplication

        on = self.message_of(QApplication.focusWidget())
        mid = on.message.id if on is not None else self.current
        i = self._index.get(mid or "", len(self.entries) if delta < 0 else -1)
        j = max(0, min(len(self.entries) - 1, i + delta))
        return self.focus_message(self.entries[j].message.id)

    def focusInEvent(self, e: Any) -> None:  # noqa: N802
        super().focusInEvent(e)
        if self.entries and e.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                                           Qt.FocusReason.ShortcutFocusReason, Qt.FocusReason.OtherFocusReason):
            mid = self.current if self.current in self._index else self.entries[-1].message.id
            self.focus_message(mid)

    # -- events ---------------------------------------------------------------------------------

    def _scrolled(self, value: int) -> None:
        sb = self.verticalScrollBar()
        self._follow = value >= sb.maximum() - 24  # the user scrolled up to read: stop following
        if self._placing:
            return
        # What is near may be unbuilt: build it now (before the paint), else just move the widgets.
        vh = self.viewport().height()
        near = self._range(value - vh // 2, value + vh + vh // 2)
        if any(self.entries[i].message.id not in self.widgets for i in near):
            self._place()
        else:
            self._position(value)

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._place()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if obj is self.viewport() and e.type() == QEvent.Type.LayoutRequest:
            self._again.start()  # a message grew or shrank (streaming, thinking opened, edit)
        return False
