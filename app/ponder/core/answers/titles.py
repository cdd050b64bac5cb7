"""Conversation titles made locally from the text (no extra request, no cost)."""

from __future__ import annotations


def title_from(prompt: str) -> str:
    """A conversation title from its first prompt: the first line, cut at a word near 60 chars."""
    line = next((l.strip() for l in prompt.splitlines() if l.strip() and not l.startswith("/")), prompt.strip())
    if len(line) <= 60:
        return line
    cut = line[:60].rsplit(" ", 1)[0]
    return (cut if len(cut) > 30 else line[:60]) + "…"
