"""Where LaTeX is in a model's text (issue 18): formulas found, prices and code left alone."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ponder.core.mathtex import check, find_math, svg
from ponder.core.render import IncrementalMarkdown, MarkdownRenderer, plain_text

CASES = [
    # (text, the formulas found, as written)
    ("Energy $E=mc^2$ here", ["$E=mc^2$"]),
    ("inline \\(a^2+b^2=c^2\\) and display \\[x\\]", ["\\(a^2+b^2=c^2\\)", "\\[x\\]"]),
    ("$$\\int_0^1 x\\,dx$$", ["$$\\int_0^1 x\\,dx$$"]),
    ("$$\nx = 1\n$$", ["$$\nx = 1\n$$"]),
    # prices
    ("It costs $5 and $10.", []),
    ("from $5-$10 a month", []),
    ("was $10. Then $x$ grew", ["$x$"]),
    ("$5 apples and $y$", ["$y$"]),
    ("$2 + 3 = 5$", ["$2 + 3 = 5$"]),
    ("$3$ and $2x$", ["$3$", "$2x$"]),
    ("a total of $ 5 $", []),  # spaces inside the dollars: text
    # code
    ("run `echo $HOME` then `$x$`", []),
    ("``a `$x$` b`` and $y$", ["$y$"]),
    ("costs $10. Code: `$HOME`.", []),
    # escaped dollars
    ("a \\$5 note and \\$x\\$", ["\\$", "\\$", "\\$"]),
    ("$a \\$ b$", ["$a \\$ b$"]),
    # nested braces and environments
    ("$\\frac{a}{\\sqrt{b^{2}}}$", ["$\\frac{a}{\\sqrt{b^{2}}}$"]),
    ("$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$", ["$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$"]),
    # streaming halves: an unclosed formula is text until it closes
    ("so $$\\int_0^1", []),
    ("so $x^", []),
    ("and \\(x", []),
    ("\\\\(x\\\\)", []),  # escaped backslashes: no delimiter
    # markdown's escaped brackets: a citation mark, a link's text
    ("blue.[\\[1\\]](https://e.com/a) and \\[2, 3\\]", []),
    ("[\\[see x^2\\]](https://e.com)", []),
]


@pytest.mark.parametrize("text, found", CASES)
def test_formulas_are_found_and_prices_and_code_are_not(text: str, found: list[str]) -> None:
    spans = find_math(text)
    assert [s.written for s in spans if s.kind != "dollar"] == [f for f in found if f != "\\$"]
    assert [text[s.start:s.end] for s in spans] == found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="$\\()[]`ab1 \n{}^_", max_size=60))
def test_spans_are_ordered_and_are_the_text_they_claim(text: str) -> None:
    at = 0
    for s in find_math(text):
        assert at <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == (s.written if s.kind != "dollar" else "\\$")
        at = s.end


def test_a_formula_is_an_image_a_broken_one_its_marked_source_and_copy_gives_latex() -> None:
    text = "Energy $E=mc^2$, broken $x^$, price $5.\n\n$$\n\\sum_k k\n$$"
    out = MarkdownRenderer().render(text).html
    assert out.count('<img src="math:i/') == 1 and out.count('<p align="center"><img src="math:d/') == 1
    assert "$x^$</span>" in out and 'title="LaTeX not understood' in out and "price $5." in out
    assert plain_text(text) == "Energy $E=mc^2$, broken $x^$, price $5.\n\n$$\n\\sum_k k\n$$"
    assert check("\\frac{1}{2}") is None and "unknown command" in (check("\\notacommand x") or "")


def test_a_formula_inside_a_link_address_or_title_stays_text() -> None:
    out = MarkdownRenderer().render('[see $x$](https://e.com/$y$ "t $z$")').html
    a = re.search(r"<a [^>]*>", out)
    assert a is not None and "<img" not in a.group(0) and "math:" not in a.group(0)


def test_a_streamed_formula_shows_as_text_until_it_closes() -> None:
    inc = IncrementalMarkdown(MarkdownRenderer())
    _, tail = inc.update("The area is $$\\pi r")
    assert "<img" not in tail and "$$" in html.unescape(tail)
    _, tail = inc.update("The area is $$\\pi r^2$$ exactly")
    assert "math:" in tail and "$$" not in tail


def test_svg_is_typeset_in_the_colour_asked_with_its_baseline() -> None:
    t = svg("x_1^2", False, 16, "#e6edf3")
    assert "#e6edf3" in t.svg and 0 < t.baseline < t.height and t.width > 5
    with pytest.raises(ValueError):
        svg("\\frac{1}{", False, 16, "#000000")
