"""Comparisons: one prompt, several models (or one model with several settings), side by side.

A comparison is a conversation of kind ``compare`` whose settings hold its columns. Every answer
is a message whose ``variant`` is its column's key, so the message tree already holds the rest:
the first answers are siblings under the prompt (alternatives, once the user continues with one),
and a follow-up asked of every column continues each column's own branch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from ponder.core.answers.figures import finish, tokens_per_second, usd
from ponder.core.wire.protocol import EFFORTS, effort_name
from ponder.core.history.records import StoredMessage
from ponder.core.words import N_, say

MIN_COLUMNS, MAX_COLUMNS = 2, 8


@dataclass
class Column:
    """One column: a model and the settings that set it apart from the others."""

    provider: str
    model: str
    effort: str | None = None
    temperature: float | None = None
    key: str = ""  # stable within a comparison: the answers' ``variant``

    def spec(self) -> str:
        """``provider:model@effort``, as the command line takes it."""
        return f"{self.provider}:{self.model}" + (f"@{self.effort}" if self.effort else "")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Column":
        t = d.get("temperature")
        return cls(str(d.get("provider") or ""), str(d.get("model") or ""), d.get("effort") or None,
                   float(t) if isinstance(t, (int, float)) else None, str(d.get("key") or ""))


def parse_spec(text: str, default_provider: str, providers: Iterable[str]) -> Column:
    """``[provider:]model[@effort]``. Model ids may hold ':' (Ollama's ``llama3:8b``) and '@', so
    a prefix is a provider only if it names one, and a suffix an effort only if it is one."""
    text = text.strip()
    provider, model = default_provider, text
    head, sep, rest = text.partition(":")
    if sep and head in set(providers):
        provider, model = head, rest
    effort = None
    base, sep, tail = model.rpartition("@")
    if sep and base and tail in EFFORTS:
        model, effort = base, tail
    if not model:
        raise ValueError(say("No model in '{text}'").format(text=text))
    return Column(provider, model, effort)


def parse_specs(text: str, default_provider: str, providers: Iterable[str]) -> list[Column]:
    """A comma-separated list of columns, checked for the 2-to-8 rule."""
    names = list(providers)
    cols = [parse_spec(s, default_provider, names) for s in text.split(",") if s.strip()]
    check_columns(cols)
    return cols


def sweep(provider: str, model: str, levels: Sequence[str]) -> list[Column]:
    """One column per reasoning effort of one model, least to most ("none": the model answering
    without reasoning, where it can): what more reasoning buys, side by side."""
    from ponder.core.wire.protocol import EFFORTS

    ordered = sorted(dict.fromkeys(levels), key=lambda e: EFFORTS.index(e) if e in EFFORTS else len(EFFORTS))
    if len(ordered) < MIN_COLUMNS:
        raise ValueError(say("{model} offers %n reasoning effort(s): nothing to compare (a model that does not reason "
                             "has no sweep)", len(ordered)).format(model=model))
    if len(ordered) > MAX_COLUMNS:  # keep both ends and spread the rest
        step = (len(ordered) - 1) / (MAX_COLUMNS - 1)
        ordered = [ordered[round(i * step)] for i in range(MAX_COLUMNS)]
    return [Column(provider, model, effort=e) for e in ordered]


def is_sweep(cols: Sequence[Column]) -> bool:
    """One model at several efforts (its figures are read as a sweep)."""
    return len(cols) >= MIN_COLUMNS and len({(c.provider, c.model) for c in cols}) == 1 and len({c.effort for c in cols}) == len(cols)


def check_columns(cols: Sequence[Column]) -> None:
    """Raise ValueError with a user-facing reason unless the columns make a comparison."""
    if not MIN_COLUMNS <= len(cols) <= MAX_COLUMNS:
        raise ValueError(say("A comparison takes {least} to {most} models (got {n})").format(
            least=MIN_COLUMNS, most=MAX_COLUMNS, n=len(cols)))
    for c in cols:
        if not c.model:
            raise ValueError(say("Every column needs a model"))
    seen: set[tuple[Any, ...]] = set()
    for c in cols:
        ident = (c.provider, c.model, c.effort, c.temperature)
        if ident in seen:
            raise ValueError(say("{column} is in the comparison twice with the same settings: change its effort or "
                                 "temperature").format(column=c.spec()))
        seen.add(ident)


def with_keys(cols: Sequence[Column]) -> list[Column]:
    """The columns with keys (c1, c2, ...) where they have none."""
    used = {c.key for c in cols if c.key}
    out, n = [], 0
    for c in cols:
        if not c.key:
            n += 1
            while f"c{n}" in used:
                n += 1
            c = Column(c.provider, c.model, c.effort, c.temperature, f"c{n}")
            used.add(c.key)
        out.append(c)
    return out


def labels(cols: Sequence[Column]) -> list[str]:
    """Short names that tell the columns apart: the model, plus its provider, effort or
    temperature only where another column shares the rest."""
    def short(model: str) -> str:
        return model.rsplit("/", 1)[-1]

    out = []
    for c in cols:
        name = short(c.model)
        clash = [o for o in cols if o is not c and short(o.model) == name]
        if any(o.provider != c.provider for o in clash):
            name = f"{c.provider}: {name}"
        if any(o.effort != c.effort for o in clash) or c.effort:
            name += " · " + (effort_name(c.effort) if c.effort else say("default effort"))
        if any(o.temperature != c.temperature for o in clash):
            name += f" · t={c.temperature}" if c.temperature is not None else " · " + say("default temp.")
        out.append(name)
    return out


# -- a column's thread ------------------------------------------------------------------------


def column_threads(messages: Sequence[StoredMessage], keys: Sequence[str]) -> dict[str, list[StoredMessage]]:
    """Each column's branch, from the shared prompt to its newest message (by creation order)."""
    by_id = {m.id: m for m in messages}
    newest: dict[str, StoredMessage] = {}
    for m in messages:  # in seq order: the last one seen is the newest
        if m.variant is not None and m.variant in keys:
            newest[m.variant] = m
    out: dict[str, list[StoredMessage]] = {}
    for k in keys:
        node, chain = newest.get(k), []
        while node is not None:
            chain.append(node)
            node = by_id.get(node.parent_id or "")
        chain.reverse()
        out[k] = chain
    return out


# -- figures ------------------------------------------------------------------------------------


@dataclass
class Figures:
    """What the figures row of a column shows (None: not known)."""

    ttft_ms: float | None = None
    thinking_ms: float | None = None
    tokens_per_s: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    reasoning_tokens: int | None = None
    total_ms: float | None = None
    cost: float | None = None
    finish_reason: str | None = None

    @property
    def answer_tokens(self) -> int | None:
        """The answer's own length in tokens (what was completed, less the reasoning)."""
        if not isinstance(self.completion_tokens, int):
            return None
        return self.completion_tokens - (self.reasoning_tokens or 0)

    @classmethod
    def of(cls, m: StoredMessage) -> "Figures":
        u = m.usage or {}
        comp = u.get("completion_tokens")
        rt = (u.get("completion_tokens_details") or {}).get("reasoning_tokens")
        # Reasoning the provider keeps hidden (o-series) happened before the first token: it is
        # not part of what streamed.
        streamed = comp - rt if isinstance(comp, (int, float)) and isinstance(rt, int) and rt and not m.reasoning else comp
        tps = tokens_per_second(streamed, m.ttft_ms, m.total_ms)
        return cls(m.ttft_ms, m.thinking_ms, tps, u.get("prompt_tokens"), comp, rt, m.total_ms, m.cost, m.finish_reason)


# figure -> (its title in a column, "min" or "max" is best, or None: not ranked). In pairs: the
# columns show them two to a row.
FIGURE_ROWS: list[tuple[str, str, str | None]] = [
    ("ttft_ms", N_("First token"), "min"),
    ("total_ms", N_("Total time"), "min"),
    ("tokens_per_s", N_("Tokens/s"), "max"),
    ("thinking_ms", N_("Thinking"), "min"),
    ("prompt_tokens", N_("Prompt tokens"), None),  # the same prompt: a difference is the tokenizer's
    ("completion_tokens", N_("Completion tokens"), "min"),
    ("reasoning_tokens", N_("Reasoning tokens"), "min"),
    ("cost", N_("Cost"), "min"),
    ("finish_reason", N_("Finish"), None),
]

_AMONG_REASONERS = ("thinking_ms", "reasoning_tokens")


def best(figs: Sequence[Figures | None]) -> dict[str, set[int]]:
    """For each figure, the columns holding its best value (ties share it). A figure is ranked
    only when at least two columns have it: a lone value is not "best" of anything."""
    out: dict[str, set[int]] = {}
    for name, _, better in FIGURE_ROWS:
        if better is None:
            continue
        vals = [(i, getattr(f, name)) for i, f in enumerate(figs) if f is not None]
        vals = [(i, v) for i, v in vals if isinstance(v, (int, float)) and math.isfinite(v)]
        if name in _AMONG_REASONERS:  # a model that does not reason is not "best" at thinking
            vals = [(i, v) for i, v in vals if v > 0]
        if len(vals) < 2:
            continue
        target = min(v for _, v in vals) if better == "min" else max(v for _, v in vals)
        out[name] = {i for i, v in vals if math.isclose(v, target, rel_tol=1e-9, abs_tol=1e-12)}
    return out


def fmt(name: str, v: Any) -> str:
    """A figure as the row shows it; "–" when unknown."""
    if v is None:
        return "–"
    if name == "finish_reason":
        return finish(str(v))
    if name.endswith("_ms"):
        return f"{v / 1000:.2f} s" if v < 10_000 else f"{v / 1000:.1f} s"
    if name == "tokens_per_s":
        return f"{v:,.0f}" if v >= 10 else f"{v:.1f}"
    if name == "cost":
        return usd(v)
    if isinstance(v, (int, float)):
        return f"{int(v):,}"
    return str(v)


@dataclass
class Summary:
    """The comparison's total cost; ``unknown`` counts answers whose cost is not known."""

    total_cost: float | None = None
    unknown: int = 0
    answers: int = 0
    per_column: list[float | None] = field(default_factory=list)


def summarize(threads: dict[str, list[StoredMessage]], keys: Sequence[str]) -> Summary:
    """Cost over every answer of every column (follow-ups included)."""
    s = Summary()
    for k in keys:
        col: float | None = None
        for m in threads.get(k, []):
            if m.role != "assistant" or m.variant != k:
                continue
            s.answers += 1
            if m.cost is None:
                if m.status != "error" or m.usage:
                    s.unknown += 1
                continue
            col = (col or 0.0) + m.cost
        s.per_column.append(col)
        if col is not None:
            s.total_cost = (s.total_cost or 0.0) + col
    return s
