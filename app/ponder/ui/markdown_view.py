"""A read-only view of rendered markdown that sizes itself to its text.

It never loads a resource (remote or local), opens links in the system browser only when clicked,
copies code blocks from their ``copy:N`` links, and streams: finished blocks are appended once and
only the growing tail is replaced (render.IncrementalMarkdown).
"""

from __future__ import annotations

import re
import time

import shiboken6
from PySide6.QtCore import QMimeData, QTimer, QUrl, Qt, Signal
from PySide6.QtGui import (QDesktopServices, QGuiApplication, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextDocumentFragment)
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from ponder.core.render import IncrementalMarkdown, MarkdownRenderer
from ponder.ui.i18n import tr


_OPENING = re.compile(r"(?:\s*<[a-zA-Z][^>]*>)+")  # the tags a fragment opens with
_FORMATS: dict[tuple[str, str], QTextBlockFormat] = {}  # (theme, opening tags) -> the first block's format
_shape: QTextDocument | None = None
PROGRESSIVE_OVER = 48 * 1024  # a finished text longer than this is shown in slices
PROGRESSIVE_STEP = 8 * 1024


class MarkdownView(QTextBrowser):
    copied = Signal(str)  # what was copied, for a status message

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None, max_height: int | None = None,
                 width: int | None = None) -> None:
        """``width``: the width it will most likely be shown at (see ViewOptions.text_width)."""
        super().__init__(parent)
        self.renderer = renderer
        self.max_height = max_height
        self.markdown = ""
        self.code: list[str] = []
        self._inc: IncrementalMarkdown | None = None
        self._tail_pos = 0
        self._generation = 0  # bumped by every new text: a slice of an older one stops
        self._slicing: str | None = None  # the text being shown in slices
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if max_height is None:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Transparent through the palette: a style sheet per view costs about half a millisecond
        # to parse, and a comparison builds dozens of views at once.
        self.viewport().setAutoFillBackground(False)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
        self.setPalette(pal)
        self.document().setDefaultStyleSheet(renderer.stylesheet())
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFixedHeight(8)
        self.setAccessibleName(tr("Text"))  # (the answer or the thinking: their holders say which)
        if width:
            self.document().setTextWidth(width)

    # Nothing is ever fetched: not remote images, not local files a model names. The one kind of
    # image is a formula (math:), typeset here from the source its address holds.
    def loadResource(self, type: int, name: QUrl) -> object:  # noqa: A002
        if type == QTextDocument.ResourceType.ImageResource and name.scheme() == "math":
            from ponder.ui.math_images import shared, source_of

            found = source_of(name)
            if found is None:
                return None
            img = shared().image(self, *found)
            room = self.document().textWidth() - 8
            if room > 0 and img.deviceIndependentSize().width() > room:  # wider than the view: shrunk to fit
                dpr = img.devicePixelRatio()
                img = img.scaledToWidth(int(room * dpr), Qt.TransformationMode.SmoothTransformation)
                img.setDevicePixelRatio(dpr)
            return img
        return None

    def createMimeDataFromSelection(self) -> QMimeData:
        """A copied selection's text gives each formula as its LaTeX source (not the object
        character Qt puts for an image)."""
        from ponder.core.mathtex import delimited
        from ponder.ui.math_images import source_of

        data = super().createMimeDataFromSelection()
        cur = self.textCursor()
        if not cur.hasSelection() or "\ufffc" not in cur.selectedText():
            return data
        start, end = cur.selectionStart(), cur.selectionEnd()
        out: list[str] = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() <= end:
            if out and block.position() > start:
                out.append("\n")
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                a, b = max(frag.position(), start), min(frag.position() + frag.length(), end)
                if a < b:
                    fmt = frag.charFormat()
                    found = source_of(QUrl(fmt.toImageFormat().name())) if fmt.isImageFormat() else None
                    if found:
                        kind, source = found
                        out.append(delimited(kind, source) * (b - a))
                    else:
                        out.append(frag.text()[a - frag.position():b - frag.position()])
                it += 1
            block = block.next()
        # A new QMimeData: Qt's own fills in its text lazily, over what is set here.
        ours = QMimeData()
        ours.setHtml(data.html())
        ours.setText("".join(out).replace("\u2028", "\n"))
        return ours

    def set_markdown(self, text: str) -> None:
        """Show a finished text: at once if it is small, else in slices between other events."""
        self._generation += 1
        self._slicing = None
        self._inc = None
        if len(text) <= PROGRESSIVE_OVER:
            self.markdown = text
            r = self.renderer.render(text)
            self.code = r.code
            self.setHtml(r.html)
            if self.document().textWidth() > 0:
                self._fit()  # its height now, for the layout about to place it
            return
        # A big answer is laid out as if it streamed in fast: a slice per turn of the event loop,
        # so opening it never holds the window for more than a frame or two.
        self.clear()
        self.markdown = ""
        self._inc = IncrementalMarkdown(self.renderer)
        self._tail_pos = 0
        self._slicing = text
        self._progress(text, 0, self._generation)

    def _progress(self, text: str, upto: int, generation: int) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # replaced by another text, or the view is gone
        assert self._inc is not None
        started = time.perf_counter()
        while True:
            upto = min(len(text), upto + PROGRESSIVE_STEP)
            final = upto == len(text)
            finished, tail = self._inc.update(text, final, end=upto)
            self._show(finished, tail if final else "")  # a slice's tail: the next slice finishes it
            if final:
                self.markdown = text
                self._inc = None
                self._slicing = None
                return
            if time.perf_counter() - started > 0.016:
                break
        QTimer.singleShot(0, lambda: self._progress(text, upto, generation))

    def stream_markdown(self, text: str, final: bool = False) -> None:
        """Show a text that is still growing: only what changed is laid out again."""
        self._generation += 1
        self._slicing = None
        self._stream(text, final)

    def highlight(self, words: str) -> int:
        """Mark every occurrence of each word (a search hit); returns how many were marked."""
        from PySide6.QtGui import QColor, QTextCharFormat
        from PySide6.QtWidgets import QTextEdit

        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fde68a"))
        fmt.setForeground(QColor("#1f2328"))
        marks = []
        for word in {w for w in words.split() if len(w) > 1}:
            cur = self.document().find(word)
            while not cur.isNull() and len(marks) < 500:
                sel = QTextEdit.ExtraSelection()
                sel.cursor, sel.format = cur, fmt
                marks.append(sel)
                cur = self.document().find(word, cur)
        self.setExtraSelections(marks)
        return len(marks)

    def clear_stream(self) -> None:
        """Start again: the text streamed so far was not this view's (a lone </think> moved the
        answer to the reasoning; the pipeline's Frame.reset says so)."""
        self._generation += 1
        self._slicing = None
        self._inc = None
        self.markdown = ""
        self.clear()

    def _stream(self, text: str, final: bool = False) -> None:
        # A growing text only grows: the pipeline says when it starts again (clear_stream), so
        # the view never compares the new text with the old, 30 times a second.
        if self._inc is None or len(text) < len(self.markdown):  # shorter: it cannot be the same text grown
            self.clear()
            self._inc = IncrementalMarkdown(self.renderer)
            self._tail_pos = 0
        self.markdown = text
        self._show(*self._inc.update(text, final))

    def _show(self, finished: list[str], tail: str) -> None:
        """Replace the growing tail with the blocks that just finished, then the new tail."""
        assert self._inc is not None
        cur = QTextCursor(self.document())
        cur.setPosition(self._tail_pos)
        cur.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cur.removeSelectedText()
        for fragment in finished:
            self._append(cur, fragment)
        self._tail_pos = cur.position()
        if tail:
            self._append(cur, tail)
        self.code = self._inc.code

    def finish_markdown(self, text: str) -> None:
        """The text is complete: finish what was streamed (cheap), or render it whole."""
        if self._slicing == text:
            return  # being shown in slices already
        if self._inc is not None and self.markdown and text.startswith(self.markdown):
            self.stream_markdown(text, final=True)
            self._inc = None
        elif self._inc is None and text == self.markdown:
            return  # already shown whole
        else:
            self.set_markdown(text)

    def _append(self, cur: QTextCursor, fragment: str) -> None:
        # A table is a frame that brings its own block; anything else starts a new one (small
        # blocks keep Qt's layout incremental).
        if cur.position() > 0 and not fragment.startswith("<table"):
            cur.insertBlock(QTextBlockFormat(), QTextCharFormat())  # not the format of the block before (a list item's)
        at = cur.position()
        cur.insertFragment(QTextDocumentFragment.fromHtml(fragment, self.document()))
        if at > 0 and not fragment.startswith(("<table", "<ul", "<ol")):
            # The fragment's first block merged into the new one and kept its plain format: give
            # it the fragment's own (a paragraph's margins, a quote's indent), as a whole render has.
            QTextCursor(self.document().findBlock(at)).setBlockFormat(self._first_format(fragment))
        if fragment.startswith(("<ul", "<ol")) and at > 0:
            # A list starts a block of its own after the new empty one: that one would show as
            # a gap the reopened answer does not have. Fold it into the block before.
            empty = self.document().findBlock(at)
            if empty.length() == 1 and empty.textList() is None:
                fold = QTextCursor(empty)
                fold.deletePreviousChar()

    def _first_format(self, fragment: str) -> QTextBlockFormat:
        """The format a fragment's first block has in a whole render. It depends on the tags it
        opens with only (a paragraph, a quote, a heading), so it is read once per such opening."""
        global _shape
        m = _OPENING.match(fragment)
        key = (self.renderer.theme, m.group(0) if m else fragment)
        fmt = _FORMATS.get(key)
        if fmt is None:
            if _shape is None:
                _shape = QTextDocument()  # one for every view: a document each would cost memory
            _shape.setDefaultStyleSheet(self.renderer.stylesheet())
            _shape.setHtml(fragment if m is None else key[1] + "x")
            fmt = _FORMATS[key] = _shape.begin().blockFormat()
        return fmt

    def _fit(self) -> None:
        if not shiboken6.isValid(self):  # a document can still signal while its view is destroyed
            return
        h = int(self.document().size().height()) + 4
        if self.max_height is not None:
            h = min(h, self.max_height)
        if h != self.height():
            self.setFixedHeight(max(h, 8))

    def resizeEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(e)
        # Re-wrap only when the width changed: the view grows taller with every streamed line,
        # and setTextWidth lays the whole document out again (the main cost of long answers).
        width = self.viewport().width()
        if width != self.document().textWidth():
            self.document().setTextWidth(width)
        self._fit()

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "copy":
            try:
                text = self.code[int(url.path())]
            except (ValueError, IndexError):
                return
            QGuiApplication.clipboard().setText(text)
            self.copied.emit("Code copied")
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
