"""Export a conversation as Markdown or as Ponder's JSON, and import that JSON back.

The JSON carries the whole record (every message of the tree, alternatives included, with usage,
timings and errors). Neither format carries an API key: none is ever in the store.
"""

from __future__ import annotations

import json
import time
from typing import Any

from app.core.models import Message, StreamResult, ToolCall
from app.core.store import Store, StoredMessage

FORMAT = "ponder.conversation"
VERSION = 1

_MSG_FIELDS = (
    "id", "parent_id", "seq", "role", "content", "reasoning", "reasoning_details", "refusal", "tool_call_id",
    "annotations", "model", "provider", "settings", "usage", "cost", "ttft_ms", "thinking_ms", "total_ms",
    "finish_reason", "error", "status", "variant", "created_at", "updated_at",
)


class ImportError_(ValueError):
    """The file is not a conversation Ponder can import (the message says why)."""


def to_json(store: Store, cid: str) -> dict[str, Any]:
    c = store.conversation(cid)
    msgs = []
    for m in store.messages(cid):
        d = {k: getattr(m, k) for k in _MSG_FIELDS}
        d["tool_calls"] = [t.to_dict() for t in m.tool_calls]
        msgs.append(d)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": time.time(),
        "conversation": {
            "id": c.id, "title": c.title, "kind": c.kind, "provider": c.provider, "model": c.model,
            "settings": c.settings, "head_id": c.head_id, "created_at": c.created_at, "updated_at": c.updated_at,
        },
        "messages": msgs,
    }


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else ""


def _fence(text: str, lang: str = "") -> str:
    # A fence longer than any backtick run inside, so the content cannot close it.
    longest, cur = 0, 0
    for ch in text:
        cur = cur + 1 if ch == "`" else 0
        longest = max(longest, cur)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def to_markdown(store: Store, cid: str) -> str:
    """The branch on show, readable anywhere; reasoning folds away in <details>."""
    c = store.conversation(cid)
    out = [f"# {c.title or 'Untitled conversation'}", ""]
    meta = " · ".join(x for x in (c.provider, c.model, f"started {_when(c.created_at)}") if x)
    out += [f"*{meta}*", ""]
    columns = c.settings.get("columns") or []
    if c.kind != "compare":
        for m in store.thread(cid):
            out += _message_md(m)
    if columns:
        out += _comparison_md(store, cid, columns, continued=c.kind != "compare")
    return "\n".join(out).rstrip() + "\n"


def _comparison_md(store: Store, cid: str, columns: list[dict[str, Any]], continued: bool) -> list[str]:
    """Every column of a comparison: its figures in one table, then each column's answers."""
    from app.core.compare import FIGURE_ROWS, Column, Figures, column_threads, fmt, labels, summarize

    cols = [Column.from_dict(d) for d in columns]
    keys = [c.key for c in cols]
    names = labels(cols)
    threads = column_threads(store.messages(cid), keys)
    out = ["---", ""]
    out += ["## The comparison this chat began with" if continued else f"## Comparison of {len(cols)} models", ""]
    first = next((t[0] for t in threads.values() if t), None)
    if first is not None:
        out += [f"**You** · {_when(first.created_at)}", "", (first.content or "").rstrip(), ""]
    # One table of the newest answer's figures per column: the side-by-side view, in text.
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out += ["| | " + " | ".join(cell(n) for n in names) + " |", "|---|" + "---|" * len(names)]
    last = [next((m for m in reversed(threads[k]) if m.role == "assistant"), None) for k in keys]
    figs = [Figures.of(m) if m is not None else None for m in last]
    for name, title, _ in FIGURE_ROWS:
        out.append(f"| {title} | " + " | ".join(cell(fmt(name, getattr(f, name)) if f else "–") for f in figs) + " |")
    s = summarize(threads, keys)
    total = f"${s.total_cost:.6f}" if s.total_cost is not None else "unknown"
    out += ["", f"*Total cost of the comparison: {total}" + (f" + {s.unknown} unknown" if s.total_cost is not None and s.unknown else "") + "*", ""]
    for col, name in zip(cols, names):
        out += [f"### {name}", "", f"*{col.spec()}*", ""]
        for m in threads[col.key][1:]:
            out += _message_md(m)
    return out


def _message_md(m: StoredMessage) -> list[str]:
    out = ["---", ""]
    if m.role == "user":
        out += [f"**You** · {_when(m.created_at)}", ""]
    elif m.role == "tool":
        out += [f"**Tool result** for `{m.tool_call_id}`", "", _fence(m.content or ""), ""]
        return out
    elif m.role == "system":
        out += ["**System**", ""]
    else:
        facts = [m.model or ""]
        if m.ttft_ms is not None:
            facts.append(f"first token {m.ttft_ms / 1000:.1f} s")
        if m.cost is not None:
            facts.append(f"${m.cost:.6f}")
        out += ["**Assistant** · " + " · ".join(f for f in facts if f), ""]
        if m.reasoning:
            took = f" ({m.thinking_ms / 1000:.1f} s)" if m.thinking_ms else ""
            out += ["<details>", f"<summary>Thinking{took}</summary>", "", m.reasoning.strip(), "", "</details>", ""]
    if m.content:
        out += [m.content.rstrip(), ""]
    if m.refusal:
        out += [f"> **Refused:** {m.refusal}", ""]
    for t in m.tool_calls:
        try:
            args = json.dumps(json.loads(t.arguments), indent=2, ensure_ascii=False)
        except ValueError:
            args = t.arguments
        out += [f"**Tool call** `{t.name}` (`{t.id}`)", "", _fence(args, "json"), ""]
    if m.partial:
        why = (m.error or {}).get("message") or {"stopped": "stopped", "interrupted": "cut off"}.get(m.status, m.status)
        out += [f"> ⚠ This answer is incomplete: {why}", ""]
    elif m.error:
        out += [f"> ⚠ {m.error.get('message')}", ""]
    return out


def import_json(store: Store, data: Any) -> str:
    """Import an export as a new conversation (new ids, so nothing existing is overwritten)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_("This is not a Ponder conversation export (no \"format\": \"ponder.conversation\")")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise ImportError_(f"This export is version {data.get('version')}; this Ponder reads up to {VERSION}: update Ponder")
    conv, msgs = data.get("conversation"), data.get("messages")
    if not isinstance(conv, dict) or not isinstance(msgs, list):
        raise ImportError_("The export has no conversation or no messages list")
    c = store.create_conversation(
        str(conv.get("title") or "Imported conversation"), provider=conv.get("provider"), model=conv.get("model"),
        settings=conv.get("settings") if isinstance(conv.get("settings"), dict) else {}, kind=str(conv.get("kind") or "chat"),
    )
    ids: dict[str, str] = {}
    try:
        for i, d in enumerate(sorted(msgs, key=lambda d: d.get("seq", 0) if isinstance(d, dict) else 0)):
            if not isinstance(d, dict) or d.get("role") not in ("system", "user", "assistant", "tool"):
                raise ImportError_(f"Message {i + 1} has no valid role")
            calls = [ToolCall(str(t.get("id", "")), str(t.get("name", "")), str(t.get("arguments", ""))) for t in d.get("tool_calls") or []]
            msg = Message(d["role"], d.get("content"), reasoning=d.get("reasoning"), reasoning_details=d.get("reasoning_details"),
                          tool_calls=calls, refusal=d.get("refusal"), tool_call_id=d.get("tool_call_id"))
            parent = ids.get(d.get("parent_id") or "")
            final = d.get("status") or "done"
            mid = store.add_message(c.id, msg, parent_id=parent, status="streaming", model=d.get("model"),
                                    provider=d.get("provider"), settings=d.get("settings"), variant=d.get("variant"))
            r = StreamResult(content=d.get("content"), reasoning=d.get("reasoning"), refusal=d.get("refusal"), tool_calls=calls,
                             finish_reason=d.get("finish_reason"), usage=d.get("usage"), error=d.get("error"),
                             annotations=d.get("annotations") or [], reasoning_details=d.get("reasoning_details"))
            timing = {k: d.get(k) for k in ("ttft_ms", "thinking_ms", "total_ms")}
            store.save_answer(mid, r, status="interrupted" if final == "streaming" else final, timing=timing, cost=d.get("cost"))
            if d.get("id"):
                ids[d["id"]] = mid
    except (ImportError_, TypeError, KeyError, AttributeError) as e:
        store.delete_conversation(c.id)
        if isinstance(e, ImportError_):
            raise
        raise ImportError_(f"The export is damaged: {e}") from None
    head = ids.get(conv.get("head_id") or "")
    if head:
        store.set_head(c.id, head)
    return c.id
