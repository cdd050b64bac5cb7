"""Safe markdown rendering, and the incremental path a streaming answer takes."""

from __future__ import annotations

import html
import re

import pytest

from ponder.core.render import SOFT_LIMIT, IncrementalMarkdown, MarkdownRenderer, plain_text, split_blocks

TAG = re.compile(r"<[^>]+>")


def text_of(fragments: list[str]) -> str:
    return " ".join(html.unescape(TAG.sub(" ", "".join(fragments))).split())


def test_raw_html_is_text_and_unsafe_links_lose_their_address() -> None:
    out = MarkdownRenderer().render('<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](file:///etc/passwd) [c](https://ok.example)').html
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert 'href="javascript' not in out and 'href="file' not in out and 'href="https://ok.example"' in out


def test_images_are_never_loaded() -> None:
    out = MarkdownRenderer().render("![chart](https://tracker.example/pixel.png)").html
    assert "<img" not in out and "[image: chart]" in out


def test_code_blocks_are_highlighted_with_copy_links() -> None:
    r = MarkdownRenderer().render("```python\nprint('<b>')\n```\n\n```\nplain\n```")
    assert r.code == ["print('<b>')", "plain"]
    assert 'href="copy:0"' in r.html and 'href="copy:1"' in r.html and "&lt;b&gt;" in r.html


def test_blocks_split_outside_fences_only() -> None:
    assert split_blocks("a\n\n```\nx\n\ny\n```\n\nb") == ["a", "```\nx\n\ny\n```", "b"]
    assert split_blocks("- a\n  1. b\n\n> q") == ["- a\n  1. b", "> q"]


def test_two_space_nested_lists_nest() -> None:
    assert "<li>a<ol>" in MarkdownRenderer().render("- a\n  1. b\n  2. c").html.replace("\n", "")


def test_plain_text_copy() -> None:
    assert plain_text("# Title\n\n**bold** and `x`\n\n```py\ncode()\n```") == "Title\n\nbold and x\n\ncode()"


def test_a_giant_paragraph_streams_in_bounded_pieces() -> None:
    # 60 KB without a blank line, as a model may write: the growing tail must stay small, or
    # every frame lays out the whole answer again.
    words = [f"word{i}" + (". " if i % 17 == 16 else " ") for i in range(9000)]
    words[100] = "**bold words** "
    words[200] = "`inline code` "
    text = "".join(words).rstrip()
    inc = IncrementalMarkdown(MarkdownRenderer())
    pieces: list[str] = []
    for i in range(0, len(text), 500):
        finished, tail = inc.update(text[: i + 500])
        pieces += finished
        assert len(TAG.sub("", tail)) < SOFT_LIMIT * 1.5
    finished, tail = inc.update(text, final=True)
    pieces += finished
    assert len(pieces) > 10
    assert text_of(pieces) == " ".join(text.replace("**", "").replace("`", "").split())  # nothing lost, no stray markup
    assert pieces[1].startswith('<p style="margin-top:0px;') and pieces[0].startswith('<p style="margin-bottom:0px;">')


def test_a_giant_list_is_cut_between_items() -> None:
    text = "\n".join(f"- item {i} with some words to make it longer than a short line" for i in range(1000))
    inc = IncrementalMarkdown(MarkdownRenderer())
    finished, tail = inc.update(text)
    assert finished and len(tail) < 1000 and tail.startswith("<ul>")


# -- answers built to stall or crash a renderer (issue 12): each is shown, whole, as text ----------




PATHOLOGICAL = {
    "deep list": "- " * 5000 + "end",
    "deep numbered list": "1. " * 5000 + "end",
    "long line": "a" * 300_000 + "end",
    "growing quotes": "\n".join(">" * i + f" line{i}" for i in range(1, 1500)) + "\nend",
    "huge code": "```python\n" + "".join(f"x_{i} = {i}\n" for i in range(20_000)) + "end = 1\n```",
}


def _text_of(fragments: list[str]) -> str:
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", f)) for f in fragments).replace("\u200b", "")


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_answers_render_whole_as_text_streamed_or_not(name: str) -> None:
    text = PATHOLOGICAL[name]
    whole = _text_of([MarkdownRenderer().render(text).html])
    inc = IncrementalMarkdown(MarkdownRenderer())
    pieces: list[str] = []
    tail = ""
    for i in range(0, len(text), 7919):  # cut anywhere, as frames cut a stream
        finished, tail = inc.update(text[: i + 7919])
        pieces += finished
    finished, tail = inc.update(text, final=True)
    pieces += finished + [tail]
    streamed = _text_of(pieces)
    for shown in (whole, streamed):
        squeezed = "".join(shown.split())
        assert "end" in shown[-40:]
        assert squeezed.count("line") == text.count("line") and squeezed.count("x_") == text.count("x_")
