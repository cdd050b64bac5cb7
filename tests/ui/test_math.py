"""Formulas in the window (issue 18): typeset once, in the theme's colour, never holding the window,
and copied as their LaTeX source."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

import ponder.ui.math_images as mi
from ponder.core.render import MarkdownRenderer
from ponder.ui.markdown_view import MarkdownView

TEXT = ("The energy is $E=mc^2$ and \\(a^2+b^2=c^2\\); it costs $5 and $10.\n\n"
        "$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\nAgain $E=mc^2$, and a broken $x^$.")


@pytest.fixture
def images() -> Iterator[mi.MathImages]:
    """A fresh cache and worker, so counts are this test's own."""
    old = mi.IMAGES
    mi.IMAGES = fresh = mi.MathImages()
    yield fresh
    fresh.close()
    mi.IMAGES = old


def formula_images(v: MarkdownView) -> list[QImage]:
    out = []
    block = v.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                out.append(v.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(fmt.toImageFormat().name())))
            it += 1
        block = block.next()
    return out


def show(qtbot: Any, v: MarkdownView) -> None:
    qtbot.addWidget(v)
    v.resize(600, 200)
    v.show()
    qtbot.waitExposed(v)


def test_a_streamed_answer_typesets_each_formula_once(qtbot: Any, images: mi.MathImages) -> None:
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    for i in range(1, len(TEXT) + 1, 2):  # two characters a frame: every formula is seen half-written
        v.stream_markdown(TEXT[:i])
        v.grab()  # laid out and painted, as the window would
    v.finish_markdown(TEXT)
    v.grab()
    qtbot.waitUntil(lambda: images.pending() == 0)
    assert images.typeset_count == 3 and images.failures == 0  # E=mc^2 (twice in the text), a^2..., the integral
    text = v.toPlainText()
    assert text.count("\ufffc") == 4 and "$5 and $10" in text and "$x^$" in text  # prices and the broken one as text
    assert len(formula_images(v)) == 4 and all(not img.isNull() and img.width() > 8 for img in formula_images(v))


def test_copying_a_selection_gives_the_latex_source(qtbot: Any, images: mi.MathImages) -> None:
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    v.set_markdown(TEXT)
    v.grab()
    v.selectAll()
    copied = v.createMimeDataFromSelection().text()
    assert "The energy is $E=mc^2$ and $a^2+b^2=c^2$; it costs $5 and $10." in copied
    assert "$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$" in copied.replace("\n", "") and "\ufffc" not in copied


def test_formulas_take_the_themes_text_colour(qtbot: Any, images: mi.MathImages) -> None:
    for theme in ("light", "dark"):
        v = MarkdownView(MarkdownRenderer(theme))
        show(qtbot, v)
        v.set_markdown("$$\\blacksquare\\blacksquare$$")
        v.grab()
        qtbot.waitUntil(lambda: images.pending() == 0)
        [img] = formula_images(v)
        pixels = [img.pixelColor(x, y) for x in range(img.width()) for y in range(img.height())]
        inked = [c for c in pixels if c.alpha() > 250]
        assert inked, "nothing drawn"
        want = QColor(MarkdownRenderer(theme).colors["fg"])
        assert all(abs(c.lightness() - want.lightness()) < 40 for c in inked), theme


def test_formulas_are_typeset_away_from_the_window_and_arrive(qtbot: Any, images: mi.MathImages) -> None:
    """An answer of 80 formulas opened at once: the view shows their source at once (nothing is
    typeset on the window's thread), then each formula arrives, typeset once, and the view is laid
    out again with their sizes."""
    text = "\n\n".join(f"Step {i}: $\\sum_{{k=1}}^{{{i}}} k^2 = \\frac{{{i}({i}+1)(2\\cdot{i}+1)}}{{6}}$" for i in range(80))
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    v.set_markdown(text)
    v.grab()
    assert images.pending() == 80 and images.typeset_count == 0
    placeholder = formula_images(v)[0].size()
    qtbot.waitUntil(lambda: images.pending() == 0, timeout=30000)
    assert images.typeset_count == 80 and images.failures == 0 and len(formula_images(v)) == 80
    assert formula_images(v)[0].size() != placeholder
    v.grab()
    first = v.document().documentLayout().blockBoundingRect(v.document().begin()).height()
    assert first >= formula_images(v)[0].height()  # laid out again: the line grew to hold the formula


def test_a_worker_that_dies_is_replaced(qtbot: Any, images: mi.MathImages) -> None:
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    v.set_markdown("First $a+b$")
    v.grab()
    qtbot.waitUntil(lambda: images.pending() == 0, timeout=30000)
    proc = images.typesetter._proc
    assert proc is not None
    proc.kill()  # as a crash would
    qtbot.waitUntil(lambda: images.typesetter._proc is not proc)
    v.set_markdown("Then $c+d$ and $e+f$")
    v.grab()
    qtbot.waitUntil(lambda: images.pending() == 0, timeout=30000)
    assert images.typeset_count == 3 and images.failures == 0


def test_a_formula_that_takes_too_long_is_given_up_and_the_rest_still_come(qtbot: Any, images: mi.MathImages,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ponder.services.typesetter as ts

    monkeypatch.setattr(ts, "TIMEOUT", 0.2)
    images.typesetter._watch.setInterval(100)
    hostile = " + ".join(f"x_{{{i}}}" for i in range(400))  # about a second to typeset
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    v.set_markdown(f"Long: ${hostile}$ then $g+h$")
    v.grab()
    qtbot.waitUntil(lambda: images.pending() == 0, timeout=30000)
    assert images.failures == 1 and images.typeset_count == 2  # the long one as its source; g+h typeset


def test_a_formula_that_cannot_be_typeset_shows_its_source_marked(qtbot: Any, images: mi.MathImages) -> None:
    v = MarkdownView(MarkdownRenderer())
    show(qtbot, v)
    v.set_markdown("Broken: $\\frac{1}{$ and fine: $y$")
    v.grab()
    assert "$\\frac{1}{$" in v.toPlainText()  # shown as written
    html = v.toHtml()
    assert "#cf222e" in html  # in the error colour
