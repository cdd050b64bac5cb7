"""Export a conversation as Markdown or as Ponder's JSON, and import that JSON back.

The JSON carries the whole record (every message of the tree, alternatives included, with usage,
timings and errors). Neither format carries an API key: none is ever in the store.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

from ponder.core.answers.figures import usd
from ponder.core.models import Message, StreamResult, ToolCall, finite_number
from ponder.core.history.store import Store
from ponder.core.history.records import StoredImage, StoredMessage
from ponder.core.words import say

FORMAT = "ponder.conversation"
VERSION = 1

_MSG_FIELDS = (
    "id", "parent_id", "seq", "role", "content", "reasoning", "reasoning_details", "refusal", "tool_call_id",
    "annotations", "model", "provider", "settings", "usage", "cost", "ttft_ms", "thinking_ms", "total_ms",
    "finish_reason", "error", "status", "variant", "created_at", "updated_at", "served",
)


class ImportError_(ValueError):
    """The file is not a conversation Ponder can import (the message says why)."""


class AlreadyImported(ImportError_):
    """The file's conversation is in history already (imported before, or never left it)."""

    def __init__(self, existing: str, title: str) -> None:
        super().__init__(say("This conversation is in history already, as {id} ({title})").format(
            id=existing[:8], title=title or say("Untitled")))
        self.existing = existing


def to_json(store: Store, cid: str) -> dict[str, Any]:
    c = store.conversation(cid)
    msgs = []
    for m in store.messages(cid):
        d = {k: getattr(m, k) for k in _MSG_FIELDS}
        d["tool_calls"] = [t.to_dict() for t in m.tool_calls]
        if m.images:  # embedded: the export stands alone
            d["images"] = [{"mime": im.mime, "filename": im.filename, "width": im.width, "height": im.height,
                            "sha256": im.sha256, "data": _b64(im.read())} for im in m.images]
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


def _b64(data: bytes | None) -> str | None:
    import base64

    return base64.b64encode(data).decode("ascii") if data is not None else None


ImageRef = Callable[[StoredImage], str]


def _placeholder(im: StoredImage) -> str:
    return "*[" + say("image: {name}, {width}×{height}, {mime}").format(
        name=im.filename or say("pasted"), width=im.width, height=im.height, mime=im.mime) + "]*"


def images_beside(folder: Path, link: str) -> ImageRef:
    """Markdown image links to copies written into ``folder`` (linked as ``link/NAME``)."""
    def ref(im: StoredImage) -> str:
        data = im.read()
        if data is None:
            return _placeholder(im) + " " + say("(its file is gone)")
        name = im.sha256[:16] + im.path.suffix
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.exists():
            target.write_bytes(data)
        alt = (im.filename or "image").replace("]", "")
        return f"![{alt}]({link}/{name})"
    return ref


def write(store: Store, cid: str, path: Path, fmt: str) -> None:
    """Save a conversation to ``path``: Ponder's JSON (``fmt`` "json", images inside), or Markdown
    with its images in a folder beside it, named after the file. Raises OSError."""
    if fmt == "json":
        text = json.dumps(to_json(store, cid), indent=2, ensure_ascii=False) + "\n"
    else:
        folder = path.with_name(path.stem + "-images")
        text = to_markdown(store, cid, images_beside(folder, folder.name))
    path.write_text(text, encoding="utf-8")


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


def to_markdown(store: Store, cid: str, image_ref: ImageRef | None = None) -> str:
    """The branch on show, readable anywhere; reasoning folds away in <details>. Images are
    written by ``image_ref`` (see images_beside), else named in place."""
    ref = image_ref or _placeholder
    c = store.conversation(cid)
    out = [f"# {c.title or say('Untitled conversation')}", ""]
    meta = " · ".join(x for x in (c.provider, c.model, say("started {when}").format(when=_when(c.created_at))) if x)
    out += [f"*{meta}*", ""]
    columns = c.settings.get("columns") or []
    if c.kind != "compare":
        thread = store.thread(cid)
        for m in thread:
            out += _message_md(m, ref)
        shown = {m.id for m in thread}
        others = sum(1 for m in store.messages(cid) if m.variant is None and m.id not in shown)
        if others:
            out += ["*" + say("%n more message(s) in other branches (earlier versions of an edited question, regenerated "
                              "answers): the window shows them with ‹ ›; the JSON export keeps them all.", others) + "*", ""]
    if columns:
        out += _comparison_md(store, cid, columns, c.kind != "compare", ref)
    return "\n".join(out).rstrip() + "\n"


def _comparison_md(store: Store, cid: str, columns: list[dict[str, Any]], continued: bool, ref: ImageRef) -> list[str]:
    """Every column of a comparison: its figures in one table, then each column's answers."""
    from ponder.core.answers.columns import FIGURE_ROWS, Column, Figures, column_threads, fmt, is_sweep, labels, summarize

    cols = [Column.from_dict(d) for d in columns]
    keys = [c.key for c in cols]
    names = labels(cols)
    threads = column_threads(store.messages(cid), keys)
    swept = is_sweep(cols)
    title = "## " + (say("{model} at %n reasoning effort(s)", len(cols)).format(model=cols[0].model) if swept
                     else say("Comparison of %n model(s)", len(cols)))
    out = ["---", ""]
    out += ["## " + say("The comparison this chat began with") if continued else title, ""]
    first = next((t[0] for t in threads.values() if t), None)
    if first is not None:
        out += [f"**{say('You')}** · {_when(first.created_at)}", "", (first.content or "").rstrip(), ""]
        out += [x for im in first.images for x in (ref(im), "")]
    # One table of the newest answer's figures per column: the side-by-side view, in text.
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out += ["| | " + " | ".join(cell(n) for n in names) + " |", "|---|" + "---|" * len(names)]
    last = [next((m for m in reversed(threads[k]) if m.role == "assistant"), None) for k in keys]
    figs = [Figures.of(m) if m is not None else None for m in last]
    for name, row, _ in FIGURE_ROWS:
        out.append(f"| {say(row)} | " + " | ".join(cell(fmt(name, getattr(f, name)) if f else "–") for f in figs) + " |")
    # What each answer came to: with a sweep, what more reasoning bought besides its cost.
    out.append(f"| {say('Answer')} | " + " | ".join(say("%n word(s)", len((m.content or "").split())) if m else "–" for m in last) + " |")
    s = summarize(threads, keys)
    total = usd(s.total_cost) if s.total_cost is not None else say("unknown")
    if s.total_cost is not None and s.unknown:
        total += " + " + say("%n unknown", s.unknown)
    out += ["", "*" + say("Total cost of the comparison: {total}").format(total=total) + "*", ""]
    for col, name in zip(cols, names):
        out += [f"### {name}", "", f"*{col.spec()}*", ""]
        for m in threads[col.key][1:]:
            out += _message_md(m, ref)
    return out


def _message_md(m: StoredMessage, ref: ImageRef = _placeholder) -> list[str]:
    out = ["---", ""]
    if m.role == "user":
        out += [f"**{say('You')}** · {_when(m.created_at)}", ""]
    elif m.role == "tool":
        run = (m.settings or {}).get("tool_run")
        if isinstance(run, dict):  # an MCP tool's run: which, who allowed it, how long it took
            from ponder.core.mcp.rounds import approval_words

            facts = [say("`{tool}` of MCP server `{server}`").format(tool=run.get("tool"), server=run.get("server")),
                     approval_words(str(run.get("approval")), say("not run"))]
            if isinstance(run.get("elapsed_ms"), (int, float)):
                facts.append(f"{run['elapsed_ms'] / 1000:.2f} s")
            if run.get("is_error"):
                facts.append(say("error"))
            out += [f"**{say('Tool result')}** · {' · '.join(facts)} (`{m.tool_call_id}`)", ""]
            out += [say("Reason given: {reason}").format(reason=run["reason"]), ""] if run.get("reason") else []
            out += [_fence(m.content or ""), ""]
            return out
        out += ["**" + say("Tool result") + "** " + say("for {id}").format(id=f"`{m.tool_call_id}`"), "", _fence(m.content or ""), ""]
        return out
    elif m.role == "system":
        out += [f"**{say('System')}**", ""]
    else:
        facts = [m.model or ""]
        if m.ttft_ms is not None:
            facts.append(say("first token {seconds:.1f} s").format(seconds=m.ttft_ms / 1000))
        if m.cost is not None:
            facts.append(usd(m.cost))
        out += [f"**{say('Assistant')}** · " + " · ".join(f for f in facts if f), ""]
        if m.reasoning:
            took = f" ({m.thinking_ms / 1000:.1f} s)" if m.thinking_ms else ""
            out += ["<details>", f"<summary>{say('Thinking')}{took}</summary>", "", m.reasoning.strip(), "", "</details>", ""]
    from ponder.core.answers.citations import marked, sources

    cited = sources(m.annotations, m.content or "") if m.role == "assistant" and m.annotations else []
    if m.content:
        # The sources as Markdown footnotes: a marker after each cited span, the list below.
        text = marked(m.content, cited, "[^{}]") if cited else m.content
        out += [text.rstrip(), ""]
        if cited:
            out += [f"[^{c.n}]: [{_md_text(c.title)}]({c.url})" + (f" ({c.domain})" if c.domain != c.title else "")
                    for c in cited] + [""]
    for im in m.images:
        out += [ref(im), ""]
    if m.refusal:
        out += [f"> **{say('Refused:')}** {m.refusal}", ""]
    for t in m.tool_calls:
        try:
            args = json.dumps(json.loads(t.arguments), indent=2, ensure_ascii=False)
        except ValueError:
            args = t.arguments
        out += [f"**{say('Tool call')}** `{t.name}` (`{t.id}`)", "", _fence(args, "json"), ""]
    if m.partial:
        why = (m.error or {}).get("message") or {"stopped": say("stopped"), "interrupted": say("cut off")}.get(m.status, m.status)
        out += ["> ⚠ " + say("This answer is incomplete: {why}").format(why=why), ""]
    elif m.error:
        out += [f"> ⚠ {m.error.get('message')}", ""]
    return out


def _md_text(text: str) -> str:
    """A server's title inside a Markdown link: its brackets and backslashes made literal."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


IMPORT_LIMIT = 512 * 1024 * 1024  # an export with many embedded images is large, but not this


def read_export(path: Path) -> Any:
    """An export file's JSON, read at most IMPORT_LIMIT bytes (a FIFO or /dev/zero named as the
    file would otherwise be read until memory runs out). OSError if it cannot be read."""
    with open(path, "rb") as f:
        raw = f.read(IMPORT_LIMIT + 1)
    if len(raw) > IMPORT_LIMIT:
        raise ImportError_(say("{file} is larger than any conversation export Ponder writes").format(file=path.name))
    return loads(raw)


def loads(text: str | bytes) -> Any:
    """JSON from a file someone else made: NaN, Infinity and nesting past Python's limit refused."""
    def no_constant(name: str) -> Any:
        raise ImportError_(say("The export holds {name}, which is not a number JSON allows").format(name=name))

    try:
        return json.loads(text, parse_constant=no_constant)
    except RecursionError:
        raise ImportError_(say("The export is nested too deeply to be a conversation")) from None
    except ImportError_:
        raise
    except ValueError as e:
        raise ImportError_(say("not JSON: {why}").format(why=e)) from None


_STATUSES = ("done", "error", "stopped", "interrupted", "streaming")
_NUMBERS = ("cost", "ttft_ms", "thinking_ms", "total_ms", "created_at", "updated_at", "seq")
_TEXTS = ("id", "parent_id", "content", "reasoning", "refusal", "tool_call_id", "model", "provider", "finish_reason", "variant")
_OBJECTS = ("settings", "usage", "error", "served")
_LISTS = ("reasoning_details", "annotations", "tool_calls", "images")


def validate(data: Any) -> None:
    """Check a whole export before anything is written; ImportError_ says what is wrong, and where."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_(say('This is not a Ponder conversation export (no "format": "ponder.conversation")'))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportError_(say("The export's version ({version}) is not one Ponder knows").format(version=repr(str(version)[:20])))
    if version > VERSION:
        raise ImportError_(say("This export is version {version}; this Ponder reads version {known} only: update Ponder").format(
            version=version, known=VERSION))
    conv, msgs = data.get("conversation"), data.get("messages")
    if not isinstance(conv, dict) or not isinstance(msgs, list):
        raise ImportError_(say("The export has no conversation or no messages list"))
    for k in ("title", "provider", "model", "kind", "head_id"):
        if conv.get(k) is not None and not isinstance(conv[k], str):
            raise ImportError_(say("The conversation's {field} is not text").format(field=k))
    if conv.get("kind") not in (None, "chat", "compare"):
        raise ImportError_(say("The conversation's kind {kind} is not one Ponder knows").format(kind=repr(conv["kind"][:20])))
    settings = conv.get("settings")
    if settings is not None and not isinstance(settings, dict):
        raise ImportError_(say("The conversation's settings are not an object"))
    columns = (settings or {}).get("columns")
    if columns is not None:
        if not isinstance(columns, list) or not all(
                isinstance(c, dict) and isinstance(c.get("model"), str) and isinstance(c.get("provider", ""), str)
                and isinstance(c.get("key", ""), str) and (c.get("effort") is None or isinstance(c["effort"], str))
                and (c.get("temperature") is None or finite_number(c["temperature"])) for c in columns):
            raise ImportError_(say("The comparison's columns are damaged (each needs a model and a provider)"))
    for i, d in enumerate(msgs, 1):
        where = say("Message {n}").format(n=i)
        if not isinstance(d, dict) or d.get("role") not in ("system", "user", "assistant", "tool"):
            raise ImportError_(say("{where} has no valid role").format(where=where))
        for k in _TEXTS:
            if d.get(k) is not None and not isinstance(d[k], str):
                raise ImportError_(say("{where}: {field} is not text").format(where=where, field=k))
        for k in _NUMBERS:
            if d.get(k) is not None and not finite_number(d[k]):
                raise ImportError_(say("{where}: {field} is not a number").format(where=where, field=k))
        for k in _OBJECTS:
            if d.get(k) is not None and not isinstance(d[k], dict):
                raise ImportError_(say("{where}: {field} is not an object").format(where=where, field=k))
        for k in _LISTS:
            if d.get(k) is not None and not isinstance(d[k], list):
                raise ImportError_(say("{where}: {field} is not a list").format(where=where, field=k))
        if d.get("status") is not None and d["status"] not in _STATUSES:
            raise ImportError_(say("{where}: the status {status} is not one Ponder knows").format(where=where, status=repr(str(d["status"])[:20])))
        err = d.get("error")
        if err is not None and not isinstance(err.get("message", ""), str):
            raise ImportError_(say("{where}: the error has no message text").format(where=where))
        for t in d.get("tool_calls") or []:
            if not isinstance(t, dict) or not all(isinstance(t.get(k, ""), str) for k in ("id", "name", "arguments")):
                raise ImportError_(say("{where}: a tool call is damaged").format(where=where))
        for im in d.get("images") or []:
            if not isinstance(im, dict) or not all(finite_number(im.get(k) or 0) for k in ("width", "height", "size")) \
                    or not all(isinstance(im.get(k) or "", str) for k in ("data", "mime", "filename")):
                raise ImportError_(say("{where}: an image is damaged").format(where=where))


def import_json(store: Store, data: Any, again: bool = False) -> str:
    """Import an export as a new conversation (new ids, so nothing existing is overwritten), with
    the dates it was made on. A conversation already in history is not imported twice without
    ``again`` (AlreadyImported says where it is).

    The whole record is checked first, then written in one transaction: an error, a crash or
    Ctrl+C midway leaves nothing behind, never a conversation that looks whole but is not.
    """
    validate(data)
    conv, msgs = data["conversation"], data["messages"]
    origin = conv.get("id") if isinstance(conv.get("id"), str) and conv.get("id") else None
    if origin is not None and not again:
        existing = store.imported_as(origin)
        if existing is not None:
            raise AlreadyImported(existing, store.conversation(existing).title)
    settings = dict(conv.get("settings") or {})
    if origin is not None:
        settings["imported_from"] = origin  # how a second import of the same file is recognised
    with store.transaction():
        c = store.create_conversation(
            conv.get("title") or say("Imported conversation"), provider=conv.get("provider"), model=conv.get("model"),
            settings=settings, kind=conv.get("kind") or "chat",
        )
        dates: dict[str, float] = {}
        ids: dict[str, str] = {}
        for d in sorted(msgs, key=lambda d: d.get("seq") or 0):
            calls = [ToolCall(str(t.get("id", "")), str(t.get("name", "")), str(t.get("arguments", ""))) for t in d.get("tool_calls") or []]
            msg = Message(d["role"], d.get("content"), reasoning=d.get("reasoning"), reasoning_details=d.get("reasoning_details"),
                          tool_calls=calls, refusal=d.get("refusal"), tool_call_id=d.get("tool_call_id"))
            parent = ids.get(d.get("parent_id") or "")
            final = d.get("status") or "done"
            mid = store.add_message(c.id, msg, parent_id=parent, status="streaming", model=d.get("model"),
                                    provider=d.get("provider"), settings=d.get("settings"), variant=d.get("variant"))
            r = StreamResult(content=d.get("content"), reasoning=d.get("reasoning"), refusal=d.get("refusal"), tool_calls=calls,
                             finish_reason=d.get("finish_reason"), usage=d.get("usage"), error=d.get("error"),
                             annotations=d.get("annotations") or [], reasoning_details=d.get("reasoning_details"),
                             model=_text_of(d.get("served"), "model"), provider=_text_of(d.get("served"), "provider"))
            timing = {k: d.get(k) for k in ("ttft_ms", "thinking_ms", "total_ms")}
            store.save_answer(mid, r, status="interrupted" if final == "streaming" else final, timing=timing, cost=d.get("cost"))
            if d.get("images"):
                store.attach(mid, _images_of(d["images"]))
            if d.get("id"):
                ids[d["id"]] = mid
            if _when_ok(d.get("created_at")):
                dates[mid] = float(d["created_at"])
        head = ids.get(conv.get("head_id") or "")
        if head:
            store.set_head(c.id, head)
        store.restore_dates(c.id, float(conv["created_at"]) if _when_ok(conv.get("created_at")) else None,
                            float(conv["updated_at"]) if _when_ok(conv.get("updated_at")) else None, dates)
    return c.id


def _text_of(d: Any, key: str) -> str | None:
    v = d.get(key) if isinstance(d, dict) else None
    return v[:200] if isinstance(v, str) else None


def _when_ok(v: Any) -> bool:
    """A date from a file: a finite number of seconds between 2000 and 2100."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 946684800 <= v <= 4102444800


def _images_of(items: list[Any]) -> list[Any]:
    import base64
    import binascii

    from ponder.core.answers.attachments import Attachment

    out = []
    for it in items:
        if not isinstance(it, dict) or not it.get("data"):
            continue  # an image whose file was gone at export: nothing to bring back
        try:
            data = base64.b64decode(it["data"], validate=True)
        except (binascii.Error, ValueError):
            raise ImportError_(say("An embedded image is not valid base64")) from None
        out.append(Attachment(data, str(it.get("mime") or "image/png"), int(it.get("width") or 0), int(it.get("height") or 0),
                              it.get("filename")))
    return out
