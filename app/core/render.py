"""Markdown from a model, rendered to safe HTML for Qt's rich-text views. No Qt here.

Model output is untrusted:
- raw HTML is shown as text (Python-Markdown passes ``<script>`` and ``<img>`` through by default,
  and silently ignores ``safe_mode``: its HTML block preprocessor and inline pattern are removed);
- links keep their address only for http, https and mailto, and open only when clicked (the view
  decides); images are never loaded: each becomes a link showing its alt text;
- fenced code is highlighted by Pygments with inline colours, and each block gets a ``copy:N``
  link whose text is kept in ``Rendered.code``.

Text is split into blocks (paragraphs, lists, tables, fenced code) so that a streaming answer
renders each finished block once and re-renders only the block still growing
(:class:`IncrementalMarkdown`).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)")

THEMES = {
    "light": dict(fg="#1f2328", muted="#59636e", code_bg="#f3f4f6", border="#d1d9e0", link="#0969da",
                  quote="#59636e", pygments="default"),
    "dark": dict(fg="#e6edf3", muted="#9198a1", code_bg="#161b22", border="#3d444d", link="#4493f8",
                 quote="#9198a1", pygments="github-dark"),
}


def _safe_url(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


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
        self._md = markdown.Markdown(extensions=["tables", "sane_lists", _SafeExtension()])
        self._fmt = HtmlFormatter(nowrap=True, noclasses=True, style=self.colors["pygments"])

    def stylesheet(self) -> str:
        c = self.colors
        return (
            f"body {{ color: {c['fg']}; }} a {{ color: {c['link']}; text-decoration: none; }} "
            f"code {{ font-family: monospace; background-color: {c['code_bg']}; }} "
            f"pre {{ font-family: monospace; margin: 0; }} "
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
        self._md.reset()
        return self._md.convert(_nested_lists(text))

    def _code(self, source: str, lang: str, code: list[str]) -> str:
        try:
            lexer = get_lexer_by_name(lang, stripnl=False) if lang else None
        except ClassNotFound:
            lexer = None
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


class IncrementalMarkdown:
    """A growing markdown text rendered block by block: finished blocks once, the last each time.

    ``update(text)`` returns (HTML of blocks that just finished, HTML of the block still growing);
    the view appends the first and replaces its growing tail with the second.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.r = renderer
        self.code: list[str] = []
        self._done = 0  # blocks finished and handed out
        self._done_chars = 0  # where the unfinished text starts
        self._tail_code = 0  # code blocks in the growing tail

    def update(self, text: str) -> tuple[list[str], str]:
        rest = text[self._done_chars:]
        blocks = split_blocks(rest)
        finished: list[str] = []
        # Every block but the last is finished, and so is the last once a blank line follows it
        # (or a closing fence ends it).
        last_closed = rest.endswith("\n\n") or (bool(blocks) and _closed_fence(blocks[-1]))
        n_final = len(blocks) if last_closed else max(0, len(blocks) - 1)
        del self.code[len(self.code) - self._tail_code:]
        self._tail_code = 0
        consumed = 0
        for b in blocks[:n_final]:
            finished.append(self.r.block(b, self.code))
            consumed = rest.index(b, consumed) + len(b)
        if n_final:
            self._done += n_final
            self._done_chars += consumed
        tail = ""
        if n_final < len(blocks):
            before = len(self.code)
            tail = self.r.block(blocks[-1], self.code)
            self._tail_code = len(self.code) - before
        return finished, tail


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
    """The answer without markdown syntax, for "copy as text"."""
    r = MarkdownRenderer()
    out = []
    for b in split_blocks(markdown_text):
        if _FENCE.match(b):
            lines = b.split("\n")[1:]
            if lines and _FENCE.match(lines[-1]):
                lines = lines[:-1]
            out.append("\n".join(lines))
        else:
            r._md.reset()
            out.append(html.unescape(_TAG.sub("", r._md.convert(b))).strip())
    return "\n\n".join(out)


_TAG = re.compile(r"<[^>]+>")
