"""An answer's sources: the ``url_citation`` annotations web search leaves (OpenRouter's web plugin,
OpenAI's search models), numbered in the order the text first cites them, each with the spans of
text it backs. Only http(s) addresses are kept; titles are a server's words (plain text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Source:
    n: int
    url: str
    title: str
    domain: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the answer's text


def sources(annotations: list[dict[str, Any]] | None, text: str = "") -> list[Source]:
    """The cited sources, numbered 1, 2, ... by where the text first cites them."""
    from urllib.parse import urlsplit  # here: only answers with sources need it

    found: dict[str, Source] = {}
    order: list[tuple[int, str]] = []
    for a in annotations or []:
        if not isinstance(a, dict) or a.get("type") != "url_citation":
            continue
        nested = a.get("url_citation")
        c: dict[str, Any] = nested if isinstance(nested, dict) else a  # nested, or flat
        url = c.get("url")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")) or len(url) > 4000:
            continue
        parts = urlsplit(url)
        domain = (parts.hostname or "").removeprefix("www.")
        raw_title = c.get("title")
        title = raw_title if isinstance(raw_title, str) else ""
        s = found.get(url)
        if s is None:
            s = found[url] = Source(0, url, " ".join(title.split())[:300] or domain, domain)
        start, end = c.get("start_index"), c.get("end_index")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= max(len(text), end):
            s.spans.append((start, end))
            order.append((start, url))
        else:
            order.append((len(text) + len(order), url))  # no place in the text: after the placed ones
    numbered: list[Source] = []
    for _, url in sorted(order):
        s = found[url]
        if s.n == 0:
            s.n = len(numbered) + 1
            numbered.append(s)
    return numbered


def linked(n: int, url: str) -> str:
    """A Markdown link "[n]" to a source (opened in the browser only when clicked): its address
    with the characters that would end a Markdown link escaped."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[\\[{n}\\]]({safe})"


def marked(text: str, cited: list[Source], marker: str = "[{}]", links: bool = False) -> str:
    """The text with ``[n]`` (``marker``, or with ``links`` a link to the source) after each
    cited span (where the span still fits the text)."""
    urls = {s.n: s.url for s in cited}
    ends: dict[int, list[int]] = {}
    for s in cited:
        for _, end in s.spans:
            if end <= len(text):
                ends.setdefault(end, []).append(s.n)
    out, last = [], 0
    for end in sorted(ends):
        out.append(text[last:end])
        out.append("".join(linked(n, urls[n]) if links else marker.format(n) for n in sorted(set(ends[end]))))
        last = end
    out.append(text[last:])
    return "".join(out)


def source_lines(cited: list[Source]) -> list[str]:
    """The Sources list for a terminal or a Markdown file: "[1] Title (domain) url"."""
    return [f"[{s.n}] {s.title}" + (f" ({s.domain})" if s.domain and s.domain != s.title else "") + f" {s.url}"
            for s in cited]


def sources_text(annotations: list[dict[str, Any]] | None, text: str = "") -> str | None:
    """The sources' titles and addresses as plain text (what search looks in), or None."""
    cited = sources(annotations, text)
    return "\n".join(f"{s.title} {s.url}" for s in cited) or None
