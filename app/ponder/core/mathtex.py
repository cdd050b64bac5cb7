"""LaTeX in a model's text: where it is, and the SVG that typesets it. No Qt here.

Models write math as ``$…$`` and ``\\(…\\)`` inline, ``$$…$$`` and ``\\[…\\]`` on display. Finding it
follows Pandoc's rules, which keep prices as text: an opening ``$`` has a non-space character after
it, the closing one a non-space character before it and no digit after it, and an inline formula
holds no unescaped ``$`` (so "$5 and $10" is text, as is "$5-$10"). Beyond Pandoc, a formula
does not start with an amount followed by words ("$10. Then $x$") and holds no backtick (a formula
never reaches into inline code). Nothing inside inline code is math (fenced code never reaches here: render.py splits it out first). ``\\$`` is a dollar sign.

Typesetting uses ziamath (pure Python, no TeX install): LaTeX -> MathML (latex2mathml) -> a layout
with the STIX Two Math font -> SVG paths, which Qt draws. ``check`` is the cheap half (the parse, a
fraction of a millisecond) that render.py runs to mark a formula that will never typeset; ``svg`` is
the costly half (about 10 ms a formula) that the view runs once per formula, size and colour.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, BinaryIO
from ponder.core.words import say

MAX_FORMULA = 4000  # characters: a "formula" longer than this is text (a stray $ pairing far off)


@dataclass(frozen=True)
class Span:
    """A piece of text that is math, or an escaped dollar sign (``source`` "$", ``kind`` "dollar")."""

    start: int
    end: int
    source: str  # the LaTeX between the delimiters
    kind: str  # "inline", "display" or "dollar"
    opening: str  # the delimiters as written, for copying the source back
    closing: str

    @property
    def written(self) -> str:
        return self.opening + self.source + self.closing


def address(kind: str, source: str) -> str:
    """The ``math:`` address render.py gives a formula's image: its kind ("i" inline, "d" display)
    and its source, base64url, so the view needs nothing but the address to typeset it."""
    import base64

    return f"math:{kind}/" + base64.urlsafe_b64encode(source.encode()).decode().rstrip("=")


def from_address(url: str) -> tuple[str, str] | None:
    """(kind, LaTeX) from a ``math:`` address, or None if it is not one."""
    import base64

    scheme, _, rest = url.partition(":")
    kind, _, code = rest.partition("/")
    if scheme != "math" or kind not in ("i", "d"):
        return None
    try:
        return kind, base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None


def delimited(kind: str, source: str) -> str:
    """A formula as a model writes it: ``$$…$$`` on display, ``$…$`` inline."""
    return f"$${source}$$" if kind == "d" else f"${source}$"


_BACKTICKS = re.compile(r"`+")


def find_math(text: str) -> list[Span]:
    """Every formula in a block of markdown text (not code), in order. An unclosed delimiter is
    text, so a formula still streaming stays text until it closes."""
    spans: list[Span] = []
    if "$" not in text and "\\" not in text:
        return spans
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "`":  # inline code: a run of backticks up to the next run of the same length
            run = _BACKTICKS.match(text, i)
            assert run is not None
            ticks = run.group()
            j = i + len(ticks)
            while True:
                close = _BACKTICKS.search(text, j)
                if close is None:
                    i += len(ticks)  # no closing run: the backticks are text
                    break
                if close.group() == ticks:
                    i = close.end()
                    break
                j = close.end()
            continue
        if c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "$":
                spans.append(Span(i, i + 2, "$", "dollar", "\\", ""))
                i += 2
                continue
            if nxt in "([":
                closing = "\\)" if nxt == "(" else "\\]"
                end = text.find(closing, i + 2)
                if (end != -1 and text[i + 2:end].strip() and end - i - 2 <= MAX_FORMULA
                        and not (nxt == "[" and _escaped_brackets(text, i + 2, end))):
                    spans.append(Span(i, end + 2, text[i + 2:end], "inline" if nxt == "(" else "display",
                                      "\\" + nxt, closing))
                    i = end + 2
                    continue
            i += 2  # an escaped character (\\, \*, ...) is never a delimiter
            continue
        if c == "$":
            if text.startswith("$$", i):
                end = _unescaped(text, "$$", i + 2)
                if end != -1 and text[i + 2:end].strip() and end - i - 2 <= MAX_FORMULA:
                    spans.append(Span(i, end + 2, text[i + 2:end], "display", "$$", "$$"))
                    i = end + 2
                else:
                    i += 2
                continue
            end = _unescaped(text, "$", i + 1)
            if (end != -1 and end - i - 1 <= MAX_FORMULA and i + 1 < end
                    and not text[i + 1].isspace() and not text[end - 1].isspace()
                    and not (end + 1 < n and text[end + 1].isdigit())
                    and "\n\n" not in text[i:end] and "`" not in text[i:end]
                    and not _PRICE.match(text, i + 1)):
                spans.append(Span(i, end + 1, text[i + 1:end], "inline", "$", "$"))
                i = end + 1
                continue
            i += 1
            continue
        i += 1
    return spans


# "$10. Then $x$", "$5 apples and $y$": a dollar amount, then words; not a formula's start.
_PRICE = re.compile(r"\d[\d,.]*[kKmMbB]?[.,;:!?)]?\s+[A-Za-z]{2,}")


def _escaped_brackets(text: str, start: int, end: int) -> bool:
    """``\\[1\\]``: markdown's escaped brackets (a citation mark, a link's text), not display
    math: a number or a list of them, or brackets that a link's address follows."""
    return _CITATION.fullmatch(text, start, end) is not None or text.startswith(("](", "]["), end + 2)


_CITATION = re.compile(r"[\d,\s-]+")


def _unescaped(text: str, what: str, start: int) -> int:
    """Where ``what`` next occurs after ``start`` without a backslash before it, or -1."""
    while True:
        at = text.find(what, start)
        if at <= 0 or text[at - 1] != "\\":
            return at
        start = at + 1


@lru_cache(maxsize=4096)
def check(source: str) -> str | None:
    """Why a formula cannot be typeset (a parse error, in words), or None if it can."""
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - a dependency of ziamath
        return say("no math renderer is installed")
    try:
        mathml = convert(source)
    except Exception as e:  # noqa: BLE001 - latex2mathml raises many kinds for bad input
        words = re.sub(r"(?<!^)([A-Z])", r" \1", type(e).__name__).removesuffix(" Error").lower()
        return say("LaTeX not understood ({why})").format(why=words)
    unknown = _UNKNOWN.search(mathml)  # a command it does not know stays a name in the formula
    return say("LaTeX not understood (unknown command {name})").format(name=unknown.group(1)) if unknown else None


_UNKNOWN = re.compile(r">(\\[A-Za-z]+)<")


@dataclass(frozen=True)
class Typeset:
    """A formula as SVG, with where its baseline is (pixels from the top) and its size."""

    svg: str
    width: float
    height: float
    baseline: float


_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')
_ready = False


def svg(source: str, display: bool, size: float, color: str) -> Typeset:
    """Typeset a formula at ``size`` pixels in ``color``. Raises ValueError when it cannot be."""
    global _ready
    # ziamath and ziafont find their fonts with importlib.resources.path, deprecated since 3.11.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from ziamath.config import config
        from ziamath.zmath import Latex

        if not _ready:
            # SVG 1.1 (<symbol>/<use> rather than SVG 2 paths in <defs>): Qt's SVG renderer draws
            # the glyphs of this form; of the default it draws only the fraction rules.
            config.svg2 = False
            _ready = True
        try:
            out = Latex(source, size=size, color=color, inline=not display).svg()
        except Exception as e:  # noqa: BLE001 - a layout the renderer cannot do
            raise ValueError(type(e).__name__) from e  # why, in a word: the window says "LaTeX not typeset"
    m = _VIEWBOX.search(out)
    if m is None:
        raise ValueError("no size")
    _x, y, w, h = (float(v) for v in m.groups())
    return Typeset(out, w, h, -y)  # the viewBox puts the baseline at y = 0


def serve(inp: BinaryIO, out: BinaryIO) -> int:
    """The typesetting worker (``ponder math-worker``): ``{"ready": true}`` once loaded, then a JSON
    request a line in, a JSON answer a line out, until its input closes (the window quit or died). A process of its own, so that
    ziamath's pure-Python layout never competes with the window for the interpreter.

    Request: {"id", "latex", "display", "size", "color"}. Answer: {"id", "svg", "width", "height",
    "baseline"} or {"id", "error"}."""
    import json

    try:
        svg("x", False, 16, "#000000")  # ziamath and its fonts loaded: the clock on formulas starts now
        out.write(b'{"ready": true}\n')
        out.flush()
    except (ValueError, BrokenPipeError, OSError):
        return 0
    for line in inp:
        try:
            req = json.loads(line)
            rid = req["id"]
        except (ValueError, KeyError, TypeError):
            continue
        try:
            t = svg(str(req["latex"]), bool(req["display"]), float(req["size"]), str(req["color"]))
            answer: dict[str, Any] = {"id": rid, "svg": t.svg, "width": t.width, "height": t.height, "baseline": t.baseline}
        except (ValueError, KeyError, TypeError, RecursionError) as e:
            answer = {"id": rid, "error": str(e) or type(e).__name__}
        try:
            out.write(json.dumps(answer).encode() + b"\n")
            out.flush()
        except (BrokenPipeError, OSError):
            return 0
    return 0
