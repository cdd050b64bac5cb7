"""Formulas as images for the text views (render.py writes them as ``<img src="math:…">``).

A formula is typeset once per source, kind, size, colour and pixel ratio, kept in a cache shared
by every view, and drawn so that its baseline sits on the line's. Typesetting happens in Ponder's
own worker process (services/typesetter.py): the window is never held. Until a formula arrives, a
view shows its source in a muted colour; it is then put into the view's document and only the
blocks that hold it are laid out again. A formula that cannot be typeset shows its source, marked.
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QPointF, QRectF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QTextDocument

from ponder.core import mathtex

CACHE_BYTES = 48 * 1024 * 1024


def source_of(url: QUrl) -> tuple[str, str] | None:
    """(kind, LaTeX) from a ``math:`` address, or None if it is not one."""
    return mathtex.from_address(url.toString())


Key = tuple[str, str, float, str, float, float]  # kind, source, pixel size, colour, pixel ratio, half x-height


class MathImages(QObject):
    """The shared cache of typeset formulas, and the views waiting for one."""

    def __init__(self) -> None:
        super().__init__()
        from ponder.services.typesetter import Typesetter

        self._cache: OrderedDict[Key, QImage] = OrderedDict()
        self._bytes = 0
        self._waiting: dict[Key, list[weakref.ref[Any]]] = {}
        self._dirty: dict[int, tuple[Any, set[str]]] = {}
        self._fonts: dict[Key, QFont] = {}
        self.typesetter = Typesetter()
        self.typesetter.done.connect(self._arrived)
        self.typeset_count = 0  # formulas typeset (bench, tests: never one twice)
        self.failures = 0

    def image(self, view: Any, kind: str, source: str) -> QImage:
        """The formula for ``view`` (a MarkdownView), or its source until the worker has it."""
        key = self._key(view, kind, source)
        img = self._cache.get(key)
        if img is not None:
            self._cache.move_to_end(key)
            return img
        if key not in self._waiting:
            self._waiting[key] = []
            self._fonts[key] = view.font()
            self.typesetter.submit(key, source, kind == "d", key[2] * 1.1, key[3])  # STIX looks smaller than UI fonts
        self._waiting[key].append(weakref.ref(view))
        return _text_image(source, kind, view.font(), QColor(view.renderer.colors["muted"]), key[4])

    def pending(self) -> int:
        """Formulas the worker has still to send back."""
        return len(self._waiting)

    def close(self) -> None:
        self.typesetter.close()

    def _arrived(self, key: Key, result: mathtex.Typeset | str) -> None:
        refs = self._waiting.pop(key, [])
        font = self._fonts.pop(key, QFont())
        if isinstance(result, mathtex.Typeset):
            img = _svg_image(result, key[4], key[5])
        else:
            self.failures += 1
            img = _text_image(key[1], key[0], font, QColor(_ERROR.get(key[3], "#cf222e")), key[4])
        self.typeset_count += 1
        self._cache[key] = img
        self._bytes += img.sizeInBytes()
        while self._bytes > CACHE_BYTES and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._bytes -= old.sizeInBytes()
        url = QUrl(mathtex.address(key[0], key[1]))
        for r in refs:
            v = r()
            if v is None or not shiboken6.isValid(v):
                continue
            v.document().addResource(QTextDocument.ResourceType.ImageResource, url, img)
            if not self._dirty:
                QTimer.singleShot(0, self._relayout)
            self._dirty.setdefault(id(v), (v, set()))[1].add(url.toString())

    def _relayout(self) -> None:
        """The formulas that arrived are laid out again with their own sizes: only the blocks
        that hold them (a long answer laid out whole would cost more than the formulas)."""
        dirty, self._dirty = self._dirty, {}
        for v, names in dirty.values():
            if not shiboken6.isValid(v):
                continue
            doc = v.document()
            block = doc.lastBlock()
            while block.isValid():
                if "\ufffc" in block.text():  # an object: maybe a formula
                    it = block.begin()
                    while not it.atEnd():
                        frag = it.fragment()
                        fmt = frag.charFormat()
                        if fmt.isImageFormat() and fmt.toImageFormat().name() in names:
                            doc.markContentsDirty(frag.position(), frag.length())
                        it += 1
                block = block.previous()

    def _key(self, view: Any, kind: str, source: str) -> Key:
        fm = QFontMetricsF(view.font())
        px = fm.height() / 1.2  # the font's size in pixels (whether it was given in points or pixels)
        return (kind, source, round(px, 1), view.renderer.colors["fg"], view.devicePixelRatioF(), round(fm.xHeight() / 2, 1))


def _error_colours() -> dict[str, str]:
    from ponder.core.render import THEMES

    return {t["fg"]: t["error"] for t in THEMES.values()}


_ERROR = _error_colours()  # a theme's text colour -> its error colour


def _svg_image(t: mathtex.Typeset, dpr: float, half_x: float) -> QImage:
    """The SVG drawn with room above or below so that, placed as Qt places an image aligned to
    the middle (its centre half an x-height above the baseline), its baseline is the line's."""
    from PySide6.QtSvg import QSvgRenderer  # only once a formula is shown: start-up stays fast

    above, below = t.baseline, t.height - t.baseline
    top = max(0.0, below + 2 * half_x - above)
    bottom = max(0.0, above - below - 2 * half_x)
    w, h = t.width, t.height + top + bottom
    img = QImage(max(1, math.ceil(w * dpr)), max(1, math.ceil(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(t.svg.encode())).render(p, QRectF(0, top * dpr, w * dpr, t.height * dpr))
    p.end()
    img.setDevicePixelRatio(dpr)
    return img


def _text_image(source: str, kind: str, font: QFont, color: QColor, dpr: float) -> QImage:
    """The formula's source as an image: a stand-in while it waits, or, in the error colour, a
    formula that cannot be typeset."""
    text = mathtex.delimited(kind, source.replace("\n", " "))
    fm = QFontMetricsF(font)
    w, h = min(fm.horizontalAdvance(text), 2000.0) + 2, fm.height()
    img = QImage(max(1, math.ceil(w * dpr)), max(1, math.ceil(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    img.setDevicePixelRatio(dpr)
    p = QPainter(img)
    p.setFont(font)
    p.setPen(color)
    p.drawText(QPointF(1, fm.ascent()), text)
    p.end()
    return img


IMAGES: MathImages | None = None  # one for the application: a formula typeset for one view serves them all


def shared() -> MathImages:
    global IMAGES
    if IMAGES is None:
        IMAGES = MathImages()
    return IMAGES
