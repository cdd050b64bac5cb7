"""Markdown from a model, rendered to safe HTML for Qt's rich-text views. No Qt here.

Model output is untrusted:
- raw HTML is shown as text (Python-Markdown passes ``<script>`` and ``<img>`` through by default,
  and silently ignores ``safe_mode``: its HTML block preprocessor and inline pattern are removed);
- links keep their address only for http, https and mailto, and open only when clicked (the view
  decides); images are never loaded: each becomes a link showing its alt text;
- fenced code is highlighted by Pygments with inline colours, and each block gets a ``copy:N``
  link whose text is kept in ``Rendered.code``;
- LaTeX (mathtex.py finds it) becomes ``<img src="math:i/…">`` (inline) or ``math:d/…`` (display),
  the source base64url-encoded in the address: the view typesets it when the document asks for the
  image. A formula that cannot be typeset stays as its source, marked.

Text is split into blocks (paragraphs, lists, tables, fenced code) so that a streaming answer
renders each finished block once and re-renders only the block still growing
(:class:`IncrementalMarkdown`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from functools import cached_property
from typing import Any, Callable

from ponder.core.mathtex import Span, address, check, find_math

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)")

THEMES = {
    "light": dict(fg="#1f2328", muted="#59636e", code_bg="#f3f4f6", border="#d1d9e0", link="#0969da",
                  quote="#59636e", pygments="default", error="#cf222e"),
    "dark": dict(fg="#e6edf3", muted="#9198a1", code_bg="#161b22", border="#3d444d", link="#4493f8",
                 quote="#9198a1", pygments="github-dark", error="#ff7b72"),
}


def _safe_url(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _markdown() -> Any:
    """Python-Markdown with the safety extension (imported on first use: start-up stays fast)."""
    import xml.etree.ElementTree as etree

    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class _Safety(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            for parent in list(root.iter()):
                for i, el in enumerate(list(parent)):
                    if el.tag == "img":
                        src = el.get("src", "")
                        a = etree.Element("a")
                        a.text = f"[image: {el.get('alt') or src}]"
                        if _safe_url(src):
                            a.set("href", src)
                        a.tail = el.tail
                        parent.remove(el)
                        parent.insert(i, a)
                    elif el.tag == "a":
                        href = el.get("href", "")
                        if not _safe_url(href):
                            el.attrib.pop("href", None)
                        else:
                            el.set("title", href)
                    elif el.tag == "table":
                        # Qt's rich text draws borders from attributes, not CSS.
                        el.set("border", "1")
                        el.set("cellspacing", "0")
                        el.set("cellpadding", "6")


    class _SafeExtension(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(_Safety(md), "ponder_safety", 0)

    return markdown.Markdown(extensions=["tables", "sane_lists", _SafeExtension()])


def split_blocks(text: str) -> list[str]:
    """Markdown split at blank lines outside fences; each fenced code block is a block of its own."""
    blocks: list[str] = []
    cur: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            cur.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                blocks.append("\n".join(cur))
                cur, fence = [], None
            continue
        m = _FENCE.match(line)
        if m:
            if cur:
                blocks.append("\n".join(cur))
            cur, fence = [line], m.group(1)
            continue
        if not line.strip():
            if cur:
                blocks.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
    if cur:
        blocks.append("\n".join(cur))
    return blocks


@dataclass
class Rendered:
    html: str
    code: list[str] = field(default_factory=list)  # raw text of each code block, for copy:N links


class MarkdownRenderer:
    """Renders blocks; one per theme (the colours are inline, as Qt's rich text wants)."""

    def __init__(self, theme: str = "light") -> None:
        self.theme = theme if theme in THEMES else "light"
        self.colors = THEMES[self.theme]

    @cached_property
    def _md(self) -> Any:
        return _markdown()

    @cached_property
    def _fmt(self) -> Any:
        from pygments.formatters import HtmlFormatter

        return HtmlFormatter(nowrap=True, noclasses=True, style=self.colors["pygments"])

    def warm_steps(self) -> list[Callable[[], object]]:
        """The first answer's one-time work, in pieces a window can do while idle: Python-Markdown
        and Pygments imported and set up (about 60 ms together on a slow machine), the lexers of
        the commonest languages loaded. Each piece is a few tens of milliseconds at most."""
        def lexers() -> None:
            from pygments.lexers import get_lexer_by_name

            for lang in ("python", "bash", "javascript", "json"):
                get_lexer_by_name(lang)

        return [lambda: self._md, lambda: self._fmt, lexers,
                lambda: self.render("# A\n\n- *b* `c`\n\n```python\nx = 1\n```\n")]

    def stylesheet(self) -> str:
        c = self.colors
        return (
            f"body {{ color: {c['fg']}; }} a {{ color: {c['link']}; text-decoration: none; }} "
            f"code {{ font-family: monospace; background-color: {c['code_bg']}; }} "
            f"pre {{ font-family: monospace; margin: 0; white-space: pre-wrap; }} "  # a long line wraps, never cut off
            f"blockquote {{ color: {c['quote']}; margin-left: 12px; }} "
            f"th {{ background-color: {c['code_bg']}; }} "
            f"h1 {{ font-size: x-large; }} h2 {{ font-size: large; }} h3 {{ font-size: medium; }}"
        )

    def block(self, text: str, code: list[str]) -> str:
        """One block to HTML; a code block appends its raw text to ``code``."""
        m = _FENCE.match(text)
        if m:
            fence, lang = m.group(1), m.group(2)
            lines = text.split("\n")[1:]
            if lines and lines[-1].strip().startswith(fence):
                lines = lines[:-1]
            return self._code("\n".join(lines), lang, code)
        if wild(text):
            return plain_block(text)
        protected, spans = _protect(text)
        if not spans:
            return self._convert(text)
        if _is_paragraph(text):
            parts = _display_lines(text, spans)
            if len(parts) > 1:  # a formula on lines of its own: a centred paragraph between the text
                return "\n".join(self.block(p, code) for p in parts)
        out = self._convert(protected)
        if len(spans) == 1 and spans[0].kind == "display" and out == "<p>\ue0000\ue001</p>":
            return f'<p align="center">{self._math(spans[0])}</p>'

        def put(m: re.Match[str]) -> str:
            if m.group(1) is not None:  # inside a tag (a link's title): the formula's source as text
                return _TOKEN.sub(lambda t: html.escape(spans[int(t.group(1))].written), m.group(1))
            return self._math(spans[int(m.group(2))])

        return _TAG_OR_TOKEN.sub(put, out)

    def _convert(self, text: str) -> str:
        self._md.reset()
        try:
            return str(self._md.convert(_nested_lists(text)))
        except RecursionError:  # a shape wild() did not foresee: the text is still shown
            return plain_block(text)

    def _math(self, span: Span) -> str:
        if span.kind == "dollar":
            return "$"
        problem = check(span.source)
        if problem:
            return (f'<span style="color:{self.colors["error"]}; font-family: monospace;" title="{html.escape(problem)}">'
                    f"{html.escape(span.written)}</span>")
        return f'<img src="{address("d" if span.kind == "display" else "i", span.source)}" align="middle" />'

    def _code(self, source: str, lang: str, code: list[str]) -> str:
        from pygments import highlight
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(lang, stripnl=False) if lang else None
        except ClassNotFound:
            lexer = None
        if len(source) > MAX_HIGHLIGHT_CHARS or source.count("\n") > MAX_HIGHLIGHT_LINES:
            lexer = None  # Pygments takes seconds over a block this big: shown plain, copied whole
        body = highlight(source, lexer, self._fmt) if lexer else html.escape(source)
        n = len(code)
        code.append(source)
        c = self.colors
        label = html.escape(lang) if lang else "code"
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" border="0" bgcolor="{c["code_bg"]}">'
            f'<tr><td><span style="color:{c["muted"]}; font-size: small;">{label}</span>&nbsp;&nbsp;'
            f'<a href="copy:{n}" style="font-size: small;">Copy</a>'
            f"<pre>{body.rstrip()}</pre></td></tr></table>"
        )

    def render(self, text: str) -> Rendered:
        code: list[str] = []
        return Rendered("\n".join(self.block(b, code) for b in split_blocks(text)), code)


# What Python-Markdown and Qt's layout are given, so that no answer, however built, stalls the
# window: nesting deeper than this, a run of characters with no space this long, or a block this
# big is shown as plain text (wrapped, nothing lost); code this big is not highlighted.
MAX_NESTING = 16
MAX_RUN = 1000
MAX_MARKDOWN_BLOCK = 64 * 1024
MAX_HIGHLIGHT_LINES = 1000
MAX_HIGHLIGHT_CHARS = 150 * 1024
_MARKERS = re.compile(r"(?:[-*+]|\d{1,9}[.)]|>)(?=\s|$|>)")
_RUN = re.compile(r"\S{%d,}" % MAX_RUN)


def wild(block: str) -> str | None:
    """Why a (non-code) block is not given to the markdown renderer, or None if it can be."""
    if len(block) > MAX_MARKDOWN_BLOCK:
        return "too big"
    if _RUN.search(block):
        return "a run of text with no space"
    for line in block.split("\n"):
        depth = 0
        while (m := _MARKERS.match(line := line.lstrip(" \t"))) is not None:
            depth += 1
            if depth > MAX_NESTING:
                return "nested too deeply"
            line = line[m.end():]
    return None


def plain_block(text: str, piece: bool = False) -> str:
    """A block as plain, wrapped text: escaped, with a place to break in every long run. A piece
    of a block handed out in parts has no margins, so the parts read as one."""
    margins = " margin-top:0px; margin-bottom:0px;" if piece else ""
    return f'<p style="white-space: pre-wrap;{margins}">' + _breakable(html.escape(text)) + "</p>"


def _breakable(text: str) -> str:
    # A zero-width space every 80 characters of a long run gives the layout somewhere to wrap
    # (Qt lays out a megabyte with no break point for half a minute).
    return _RUN_80.sub(lambda m: "\u200b".join(m.group()[i:i + 80] for i in range(0, len(m.group()), 80)), text)


_RUN_80 = re.compile(r"\S{200,}")

SOFT_LIMIT = 2000  # a growing paragraph longer than this is handed out in pieces


class IncrementalMarkdown:
    """A growing markdown text rendered block by block: finished blocks once, the last each time.

    ``update(text)`` returns (HTML of blocks that just finished, HTML of the block still growing);
    the view appends the first and replaces its growing tail with the second. A paragraph longer
    than SOFT_LIMIT is handed out in pieces cut at sentence ends, each a block of its own with the
    margins between pieces removed: a model that writes 50,000 tokens without a blank line would
    otherwise have one ever-growing block laid out again 30 times a second. A growing fenced code
    block is shown unhighlighted until it closes.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.r = renderer
        self.code: list[str] = []
        self._done_chars = 0  # where the text not yet handed out starts
        self._tail_code = 0  # code blocks counted for the growing tail
        self._continuing = False  # the text not yet handed out continues a paragraph already begun
        # A block too big to keep laying out whole is handed out in pieces too: a giant code
        # block (its fence line, to read the rest as code), or a block shown as plain text.
        self._code_cont: str | None = None
        self._wild_cont = False

    def update(self, text: str, final: bool = False, end: int | None = None) -> tuple[list[str], str]:
        """``end``: the text so far is ``text[:end]`` (a finished text handed out in slices, without
        copying its growing prefix each time)."""
        base = self._done_chars
        rest = text[base:end]
        shift = 0
        if self._code_cont is not None:  # the rest of a code block cut earlier: read it as code
            rest = self._code_cont + "\n" + rest
            shift = len(self._code_cont) + 1
        blocks = split_blocks(rest)
        finished: list[str] = []
        del self.code[len(self.code) - self._tail_code:]
        self._tail_code = 0
        last_closed = final or rest.endswith("\n\n") or (bool(blocks) and _closed_fence(blocks[-1]))
        n_final = len(blocks) if last_closed else max(0, len(blocks) - 1)
        consumed = 0
        for i, b in enumerate(blocks[:n_final]):
            finished.append(self._piece(self._block(b, first=i == 0), more=False))
            consumed = rest.index(b, consumed) + len(b)
        if n_final:
            self._code_cont, self._wild_cont = None, False  # the continued block, if any, ended
        if n_final == len(blocks):
            self._done_chars = base + max(0, consumed - shift)
            return finished, ""
        tail = blocks[-1]
        tail_at = rest.index(tail, consumed)
        first = n_final == 0
        tail_abs = base + max(0, tail_at - shift)  # where the tail's own text starts in ``text``
        code_tail = _FENCE.match(tail) is not None
        if code_tail and tail.count("\n") > (MAX_HIGHLIGHT_LINES if self._code_cont is None else 400):
            # Never highlighted: hand out all but its last lines, and read the rest as code.
            fence_line, _, body = tail.partition("\n")
            lines = body.split("\n")
            keep = "\n".join(lines[:-200])
            finished.append(self._plain_code(fence_line + "\n" + keep))
            body_abs = tail_abs if (first and shift) else tail_abs + len(fence_line) + 1
            tail_abs = body_abs + len(keep) + 1
            self._code_cont = fence_line
            tail = fence_line + "\n" + "\n".join(lines[-200:])
        elif not code_tail and len(tail) > SOFT_LIMIT and (_is_paragraph(tail) or len(tail) > 4 * SOFT_LIMIT):
            cut = _soft_cut(tail) if _is_paragraph(tail) else _item_cut(tail)
            wild_now = (first and self._wild_cont) or bool(wild(tail))
            if not cut and wild_now and len(tail) > 4 * SOFT_LIMIT:
                cut = max(tail.rfind("\n", 0, len(tail) - 200), len(tail) - 200 - SOFT_LIMIT) + 1
                finished.append(plain_block(tail[:cut], piece=True))
                self._wild_cont = True
                tail_abs += cut
                tail = tail[cut:]
            elif cut:
                finished.append(self._piece(self._block(tail[:cut], first), more=True))
                tail_abs += cut
                tail = tail[cut:]
        self._done_chars = tail_abs
        before = len(self.code)
        if code_tail:
            html_tail = self.r.block(tail, self.code) if len(tail) < SOFT_LIMIT and self._code_cont is None \
                else self._plain_code(tail)
        elif self._wild_cont and (first or n_final == 0):
            html_tail = plain_block(tail, piece=True)
        else:
            html_tail = self.r.block(tail, self.code)
        if self._continuing and html_tail.startswith("<p>"):
            html_tail = _P_CONT + html_tail[3:]
        self._tail_code = len(self.code) - before
        return finished, html_tail

    def _piece(self, html_block: str, more: bool) -> str:
        """A finished block; pieces of one paragraph lose the margins between them."""
        if html_block.startswith("<p>"):
            if self._continuing:
                html_block = (_P_CONT_MORE if more else _P_CONT) + html_block[3:]
            elif more:
                html_block = _P_MORE + html_block[3:]
        self._continuing = more
        return html_block

    def _block(self, b: str, first: bool) -> str:
        if first and self._code_cont is not None:
            return self._plain_code(b, closed=True)  # the end of a cut code block: plain like the rest
        if first and self._wild_cont:
            return plain_block(b, piece=True)
        return self.r.block(b, self.code)

    def _plain_code(self, block: str, closed: bool = False) -> str:
        """A long code block still growing: escaped, not highlighted (Pygments runs once it closes)."""
        lines = block.split("\n")[1:]
        if closed and lines and _FENCE.match(lines[-1]):
            lines = lines[:-1]
        self.code.append("\n".join(lines))
        c = self.r.colors
        return (f'<table width="100%" cellspacing="0" cellpadding="8" border="0" bgcolor="{c["code_bg"]}"><tr><td>'
                f'<pre>{html.escape(chr(10).join(lines))}</pre></td></tr></table>')


_P_MORE = '<p style="margin-bottom:0px;">'
_P_CONT = '<p style="margin-top:0px;">'
_P_CONT_MORE = '<p style="margin-top:0px; margin-bottom:0px;">'
_NOT_PARAGRAPH = re.compile(r"^ {0,3}([-*+] |\d+[.)] |#|>|\||`{3}|~{3})")


def _is_paragraph(block: str) -> bool:
    return not _NOT_PARAGRAPH.match(block)


def _item_cut(block: str) -> int:
    """Where to cut a very long list or quote: before its last item or quote line but one, so the
    rest reads as the same list or quote continuing. 0 if it cannot be cut (a table, a fence)."""
    m = _NOT_PARAGRAPH.match(block)
    if not m or m.group(1).startswith(("|", "`", "~", "#")):
        return 0
    marker = re.compile(r"\n {0,3}(?:[-*+] |\d+[.)] |>)")
    cuts = [x.start() + 1 for x in marker.finditer(block, 0, len(block) - 200)]
    return cuts[-1] if cuts else 0


_SENTENCE_END = re.compile(r"[.!?:;)]\s|\n")


def _soft_cut(text: str) -> int:
    """Where to cut a long paragraph: after a sentence (else a space) well before its end, with
    inline code and ** spans closed, so neither piece shows stray markup. 0 if there is none."""
    end = len(text) - 200
    finders: tuple[Callable[[int], int], ...] = (
        lambda e: max((m.end() - 1 for m in _SENTENCE_END.finditer(text, max(0, e - 1500), e)), default=-1),
        lambda e: max(text.rfind(" ", 0, e), text.rfind("\n", 0, e)),
    )
    for finder in finders:
        e = end
        for _ in range(50):
            cut = finder(e)
            if cut <= 0:
                break
            head = text[: cut + 1]
            if head.count("`") % 2 == 0 and head.count("**") % 2 == 0:
                return cut + 1
            e = cut
    return 0


_LIST_ITEM = re.compile(r"^( +)([-*+]|\d+[.)]) ")


def _nested_lists(block: str) -> str:
    """Models (and CommonMark) nest lists by 2 or 3 spaces; Python-Markdown wants 4."""
    if "\n " not in block:
        return block
    lines = block.split("\n")
    for i, line in enumerate(lines):
        m = _LIST_ITEM.match(line)
        if m and len(m.group(1)) % 4:
            lines[i] = " " * (-(-len(m.group(1)) // 2) * 4) + line[len(m.group(1)):]
    return "\n".join(lines)


def _closed_fence(block: str) -> bool:
    m = _FENCE.match(block)
    if not m:
        return False
    lines = block.split("\n")
    return len(lines) > 1 and lines[-1].strip().startswith(m.group(1)) and set(lines[-1].strip()) == {m.group(1)[0]}


def plain_text(markdown_text: str) -> str:
    """The answer without markdown syntax, for "copy as text"; formulas keep their LaTeX source."""
    r = MarkdownRenderer()
    out = []
    for b in split_blocks(markdown_text):
        if _FENCE.match(b):
            lines = b.split("\n")[1:]
            if lines and _FENCE.match(lines[-1]):
                lines = lines[:-1]
            out.append("\n".join(lines))
        else:
            protected, spans = _protect(b)
            r._md.reset()
            text = html.unescape(_TAG.sub("", r._md.convert(protected))).strip()
            out.append(_restore(text, spans))
    return "\n\n".join(out)


def _protect(text: str) -> tuple[str, list[Span]]:
    """The text with each formula replaced by a mark Markdown leaves alone (U+E000 n U+E001), and
    the formulas. A text that holds U+E000 itself is taken as having none."""
    spans = find_math(text) if "\ue000" not in text else []
    if not spans:
        return text, spans
    return "".join(text[spans[k - 1].end if k else 0:sp.start] + f"\ue000{k}\ue001"
                   for k, sp in enumerate(spans)) + text[spans[-1].end:], spans


def _restore(text: str, spans: list[Span]) -> str:
    """Each formula's place in a text back to its source as written (a dollar sign to itself)."""
    def put(t: re.Match[str]) -> str:
        span = spans[int(t.group(1))]
        return "$" if span.kind == "dollar" else span.written

    return _TOKEN.sub(put, text)


_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_TAG_OR_TOKEN = re.compile("(<[^>]*\ue000[^>]*>)|\ue000(\\d+)\ue001")


def _display_lines(text: str, spans: list[Span]) -> list[str]:
    """A paragraph cut around each display formula that has lines of its own, so it is shown
    centred between the text before and after it (as TeX and every chat client does)."""
    parts, at = [], 0
    for sp in spans:
        if sp.kind != "display":
            continue
        line_start = text.rfind("\n", 0, sp.start) + 1
        line_end = text.find("\n", sp.end)
        line_end = len(text) if line_end == -1 else line_end
        if text[line_start:sp.start].strip() or text[sp.end:line_end].strip():
            continue  # text on the same line: the formula stays in it
        if text[at:line_start].strip():
            parts.append(text[at:line_start].rstrip("\n"))
        parts.append(text[sp.start:sp.end])
        at = line_end + 1
    if text[at:].strip():
        parts.append(text[at:])
    return parts if len(parts) > 1 else [text]
