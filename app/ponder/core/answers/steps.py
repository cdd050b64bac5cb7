"""A chain of thought as steps: where reasoning has step titles, and when each arrived.

Reasoning summaries (OpenAI's, and OpenRouter's ``reasoning.summary`` items that carry them) come
as parts that each open with a bold title on a line of its own: "**Planning the search**", then the
part. Parts are joined as they stream, so a title may follow the last part's full stop with no line
break between them. A text with at least two such titles reads as steps; the thinking pane shows
them as a list that folds, each with the time it arrived (``StepClock``, kept with the answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bold span that ends its line; a title if it also starts the line (after spaces) or follows the
# previous part's last sentence directly. Found by its literal ** (fast over 400 KB), then checked.
_BOLD = re.compile(r"\*\*([^*\n]{2,120}?)\*\*[ \t]*(?=\n|\Z)")
_AFTER = ".!?:;)]"
MAX_STEPS = 200  # more "titles" than this is not a list of steps but bold text


@dataclass(frozen=True)
class Step:
    title: str
    start: int  # where its title begins in the reasoning
    body_start: int  # where its text begins (after the title)
    end: int  # where the next step begins
    at_ms: float | None  # when its title arrived, from the start of thinking (None: not known)


def titles(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """(title start, body start, title) of each step title in ``text`` from ``start``."""
    out = []
    for m in _BOLD.finditer(text, start):
        s = j = m.start()
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j == 0 or text[j - 1] == "\n" or (j == s and text[s - 1] in _AFTER):
            out.append((j, m.end(), m.group(1).strip()))
    return out


def _title_at(text: str, at: int) -> tuple[int, int, str] | None:
    """The title starting at ``at`` (where a mark says one began), if it is still one."""
    j = at
    while j < len(text) and text[j] in " \t":
        j += 1
    m = _BOLD.match(text, j)
    if m is None or not (at == 0 or text[at - 1] == "\n" or (j == at and text[at - 1] in _AFTER)):
        return None
    return at, m.end(), m.group(1).strip()


def steps(reasoning: str, marks: list[list[float]] | None = None, live: bool = False) -> list[Step]:
    """The reasoning's steps, or [] if it has fewer than two titles. ``marks``: [offset, ms] of
    each title as StepClock saw it arrive. Text before the first title is a step of its own.
    ``live``: the titles are looked for only where the marks say (a frame of a long stream costs
    the marks, not the text)."""
    when = {int(o): float(ms) for o, ms in (marks or []) if isinstance(o, (int, float)) and isinstance(ms, (int, float))}
    if live:  # (the clock stops at MAX_STEPS marks: the last step then holds the rest, until the end)
        found = [t for o in sorted(when) if (t := _title_at(reasoning, o)) is not None]
    else:
        found = titles(reasoning)
    if len(found) < 2 or (not live and len(found) >= MAX_STEPS):
        return []
    out = []
    if reasoning[:found[0][0]].strip():
        out.append(Step("Thinking", 0, 0, found[0][0], 0.0 if when else None))
    for i, (start, body, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(reasoning)
        out.append(Step(title, start, body, end, when.get(start)))
    return out


class StepClock:
    """Notes when each step title arrives in a streaming reasoning text (fed the same deltas the
    answer's reasoning is built from, so offsets agree)."""

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[list[float]] = []  # [offset, ms]
        self._seen: set[int] = set()
        self._line = 0  # start of the line not yet known to be complete

    def feed(self, delta: str, ms: float) -> None:
        if not delta:
            return
        self.text += delta
        if "*" not in delta:
            if "\n" in delta:
                self._line = self.text.rfind("\n") + 1
            return  # no title can have been completed: cheap for the common case
        # From the line's start (one back: a title may follow a full stop), but never further
        # back than a title's length: a long paragraph with bold words is not scanned again.
        look = max(0, self._line - 1, len(self.text) - len(delta) - 130)
        for start, _body, _title in titles(self.text, look):
            if start not in self._seen and len(self.marks) < MAX_STEPS:
                self._seen.add(start)
                self.marks.append([start, round(ms, 1)])
        nl = self.text.rfind("\n")
        if nl >= 0:
            self._line = nl + 1
