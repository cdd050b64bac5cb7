"""The stream accumulator: chat-completion chunks in, typed events and a snapshot out.

One parser for every dialect in shared/docs/protocol.md (section 8 is the rule book):

- choices keyed by ``index`` (missing means 0); a missing ``choices`` or ``choices: []`` is fine;
  only choice 0 is kept (Ponder never asks for n > 1);
- reasoning read from ONE field per delta: ``reasoning`` -> ``reasoning_content`` -> the texts of
  ``reasoning_details`` (OpenRouter sends the same text in two of them);
- ``reasoning_details`` merged for replay (consecutive items of one type and index);
- ``<think>`` tags in content split off by :class:`~ponder.core.wire.think.ThinkSplitter`;
- tool calls by ``index``: id, name and type set once, arguments concatenated;
- ``usage`` and ``timings`` on any chunk, the last non-null wins; ``logprobs.content`` (each
  token's log probability and its top alternatives) gathered where they were asked for;
- a top-level ``error`` ends the answer with ``finish_reason = "error"``, keeping the partial text.

Every field is checked for its type where it is read: a server may send anything (a list for an
id, a string for a token count, an object for the model's name). A field of the wrong type is
ignored, as if it were absent; nothing a chunk holds can raise anything but Ponder's own errors
(tests/core/test_fuzz_chunks.py changes fields at random to keep it so).

Text is kept as lists of pieces and joined only when a snapshot is taken, so a 100,000-chunk
answer costs no more per chunk than a short one.
"""

from __future__ import annotations

import json
from typing import Any, cast

from ponder.core.errors import error_code
from ponder.core.models import (
    AnnotationsAdded,
    ContentDelta,
    ContentWasReasoning,
    Finished,
    ReasoningDelta,
    RefusalDelta,
    StreamEvent,
    StreamFailed,
    StreamResult,
    ToolCall,
    ToolCallDelta,
    UsageUpdated,
    finite_number,
)
from ponder.core.wire.sse import ServerSentEvent
from ponder.core.wire.think import CONTENT, MOVE, REASONING, ThinkMode, ThinkSplitter

_MERGEABLE = {"reasoning.text": "text", "reasoning.summary": "summary"}
_FIRST_WINS = ("signature", "format", "id")


class _Tool:
    __slots__ = ("id", "name", "type", "args")

    def __init__(self) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.type: str | None = None
        self.args: list[str] = []


class _Detail:
    """One ``reasoning_details`` item being merged; its text field kept in pieces."""

    __slots__ = ("item", "field", "parts")

    def __init__(self, item: dict[str, Any]) -> None:
        self.item = dict(item)
        self.field = _MERGEABLE.get(_str(item.get("type")) or "")
        self.parts: list[str] = []
        if self.field and isinstance(item.get(self.field), str):
            self.parts.append(item[self.field])

    def merge(self, item: dict[str, Any]) -> None:
        text = item.get(self.field or "")
        if isinstance(text, str):
            self.parts.append(text)
        for k in _FIRST_WINS:
            if self.item.get(k) is None and item.get(k) is not None:
                self.item[k] = item[k]
        for k, v in item.items():
            self.item.setdefault(k, v)

    def snapshot(self) -> dict[str, Any]:
        out = dict(self.item)
        if self.field and (self.parts or self.field in out):
            out[self.field] = "".join(self.parts)
        return out


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


_COUNTS = ("_tokens", "cost", "_n", "_ms", "_second")


def _numbers(d: dict[str, Any]) -> dict[str, Any]:
    """A usage or timings object as sent, less what would be misread: a count or a cost that is
    not a number ("many"), details that are not an object (a list). Other fields are kept as sent."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k.endswith("_details"):
            if isinstance(v, dict):
                out[k] = _numbers(v)
        elif k.endswith(_COUNTS):
            if finite_number(v):
                out[k] = v
        else:
            out[k] = v
    return out


MAX_LOGPROB_TOKENS = 200_000  # of an answer's tokens kept with their log probabilities


def _finite(v: Any) -> bool:
    import math

    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _joined(parts: list[str]) -> str:
    """Join in place so repeated snapshots stay linear."""
    if len(parts) > 1:
        parts[:] = ["".join(parts)]
    return parts[0] if parts else ""


class StreamState:
    """Accumulates one streamed answer. Pure: no I/O, no clock."""

    def __init__(self, think_tags: ThinkMode = "auto") -> None:
        self._content: list[str] = []
        self._content_seen = False
        self._reasoning: list[str] = []
        self._refusal: list[str] = []
        self._refusal_seen = False
        self._tools: dict[int, _Tool] = {}
        self._tool_ids: dict[str, int] = {}
        self._tool_index_map: dict[int, int] = {}  # server index -> ours, when a server reuses one
        self._last_tool = -1
        self._details: list[_Detail] = []
        self._field_reasoning = False
        self._think = ThinkSplitter(think_tags)
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] | None = None
        self.timings: dict[str, Any] | None = None
        self.error: dict[str, Any] | None = None
        self.annotations: list[dict[str, Any]] = []
        self.logprobs: list[dict[str, Any]] | None = None
        self.model: str | None = None
        self.response_id: str | None = None
        self.provider: str | None = None
        self.done = False
        self.got_token = False  # any answer, reasoning, refusal or tool-call text arrived
        self.malformed: list[str] = []  # payloads that were not JSON (first few kept)
        self.chunks = 0

    # -- input ----------------------------------------------------------------------------------

    def feed_event(self, ev: ServerSentEvent) -> list[StreamEvent]:
        data = ev.data
        if data[:6] == "[DONE]" or data.strip() == "[DONE]":
            self.done = True
            return []
        try:
            chunk = json.loads(data)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python follows
            self.record_malformed(data)
            return []
        if ev.event == "error" and isinstance(chunk, dict) and "error" not in chunk:
            chunk = {"error": chunk}
        return self.handle(chunk)

    def handle(self, chunk: Any) -> list[StreamEvent]:
        """Apply one parsed chunk; return the events it produced."""
        if not isinstance(chunk, dict):
            self.record_malformed(json.dumps(chunk)[:200])
            return []
        self.chunks += 1
        out: list[StreamEvent] = []
        if self.response_id is None:
            self.response_id = _str(chunk.get("id")) or None
            self.model = _str(chunk.get("model")) or None
            self.provider = _str(chunk.get("provider"))
        choices = chunk.get("choices")
        if choices and isinstance(choices, list):
            for ch in choices:
                if not isinstance(ch, dict) or (ch.get("index") or 0) != 0:
                    continue
                delta = ch.get("delta")
                if delta is None:
                    delta = ch.get("message")  # a non-streamed completion parses the same way
                if delta and isinstance(delta, dict):
                    self._delta(delta, out)
                lp = ch.get("logprobs")
                if isinstance(lp, dict) and isinstance(lp.get("content"), list):
                    self._logprobs(lp["content"])
                fr = ch.get("finish_reason")
                if fr and isinstance(fr, str) and fr != self.finish_reason:
                    self.finish_reason = fr
                    out.append(Finished(fr))
        usage = chunk.get("usage")
        if usage is not None and isinstance(usage, dict):
            self.usage = _numbers(usage)
            out.append(UsageUpdated(self.usage))
        timings = chunk.get("timings")
        if timings is not None and isinstance(timings, dict):
            self.timings = _numbers(timings)
        err = chunk.get("error")
        if err is not None:
            out.extend(self.fail(err))
        return out

    def _logprobs(self, entries: list[Any]) -> None:
        """Each token's log probability and its top alternatives, as the OpenAI format sends them
        (checked: a server's numbers may be anything)."""
        if self.logprobs is None:
            self.logprobs = []
        for e in entries:
            if len(self.logprobs) >= MAX_LOGPROB_TOKENS:
                return
            if not isinstance(e, dict):
                continue
            token, lp = e.get("token"), e.get("logprob")
            if not isinstance(token, str) or not _finite(lp):
                continue
            alts = e.get("top_logprobs")
            top = [[t["token"], float(t["logprob"])] for t in (alts if isinstance(alts, list) else [])[:20]
                   if isinstance(t, dict) and isinstance(t.get("token"), str) and _finite(t.get("logprob"))]
            self.logprobs.append({"token": token, "logprob": float(cast(float, lp)), "top": top})  # checked: finite

    def fail(self, err: Any) -> list[StreamEvent]:
        """Record an in-band error: the answer ends here and keeps what arrived."""
        if isinstance(err, dict):
            code = error_code(err.get("code"))
            message = err.get("message")
            message = message if isinstance(message, str) else json.dumps(err)[:500]
        else:
            code, message = None, (err if isinstance(err, str) else json.dumps(err))[:2000]
        self.error = {"code": code, "message": message}
        self.finish_reason = "error"
        return [StreamFailed(code, message)]

    def finish(self) -> list[StreamEvent]:
        """End of stream: release text held back by the ``<think>`` splitter."""
        out: list[StreamEvent] = []
        self._route(self._think.flush(), out)
        return out

    # -- the delta --------------------------------------------------------------------------

    def _delta(self, d: dict[str, Any], out: list[StreamEvent]) -> None:
        r = d.get("reasoning")
        if not (r and isinstance(r, str)):
            r = d.get("reasoning_content")
            if not (r and isinstance(r, str)):
                r = None
        details = d.get("reasoning_details")
        if details and isinstance(details, list):
            texts = self._merge_details(details)
            if r is None and texts:
                r = texts
        if r:
            if not self._field_reasoning:
                self._field_reasoning = True
                self._think.allow_lone_close = False
            self._reasoning.append(r)
            self.got_token = True
            out.append(ReasoningDelta(r))

        c = d.get("content")
        if c is not None:
            if isinstance(c, list):  # content parts, as a few servers send
                c = "".join(p["text"] for p in c if isinstance(p, dict) and isinstance(p.get("text"), str))
            if isinstance(c, str):
                self._content_seen = True
                if c:
                    self._route(self._think.feed(c), out)

        rf = d.get("refusal")
        if isinstance(rf, str):
            self._refusal_seen = True
            if rf:
                self._refusal.append(rf)
                self.got_token = True
                out.append(RefusalDelta(rf))

        tcs = d.get("tool_calls")
        if tcs and isinstance(tcs, list):
            for frag in tcs:
                if isinstance(frag, dict):
                    out.append(self._tool(frag))

        ann = d.get("annotations")
        if ann and isinstance(ann, list):
            ann = [a for a in ann if isinstance(a, dict)]
            if ann:
                self.annotations.extend(ann)
                out.append(AnnotationsAdded(tuple(ann)))

    def _route(self, pieces: list[tuple[int, str]], out: list[StreamEvent]) -> None:
        for kind, text in pieces:
            if kind == CONTENT:
                self._content.append(text)
                self.got_token = True
                out.append(ContentDelta(text))
            elif kind == REASONING:
                self.got_token = True
                # Servers that also send a reasoning field (llama.cpp deepseek-legacy) already
                # gave us this text: keep one copy.
                if not self._field_reasoning:
                    self._reasoning.append(text)
                    out.append(ReasoningDelta(text))
            elif kind == MOVE:
                moved = (_joined(self._content) + text).strip()
                self._content.clear()
                if moved:
                    self._reasoning.append(moved)
                self.got_token = True
                out.append(ContentWasReasoning(moved))

    def _merge_details(self, details: list[Any]) -> str:
        texts: list[str] = []
        for item in details:
            if not isinstance(item, dict):
                continue
            t = _str(item.get("type"))
            field = _MERGEABLE.get(t or "")
            if field:
                text = item.get(field)
                if isinstance(text, str) and text:
                    texts.append(text)
            last = self._details[-1] if self._details else None
            if (
                last is not None
                and field is not None
                and last.item.get("type") == t
                and last.item.get("index") == item.get("index")
            ):
                last.merge(item)
            else:
                self._details.append(_Detail(item))
        return "".join(texts)

    def _tool(self, frag: dict[str, Any]) -> ToolCallDelta:
        fid = _str(frag.get("id")) or None
        fn: dict[str, Any] = frag["function"] if isinstance(frag.get("function"), dict) else {}
        name = _str(fn.get("name")) or None
        args = fn.get("arguments")
        if args is not None and not isinstance(args, str):
            args = json.dumps(args)  # a few servers send an object, not a string
        idx = frag.get("index")
        if isinstance(idx, int) and not isinstance(idx, bool):
            ours = self._tool_index_map.get(idx, idx)
            acc = self._tools.get(ours)
            if acc is not None and fid and acc.id and fid != acc.id:
                # Some servers number every call 0: a new id is a new call.
                ours = self._tool_ids.get(fid, self._next_tool_index())
                self._tool_index_map[idx] = ours
            idx = ours
        elif fid and fid in self._tool_ids:
            idx = self._tool_ids[fid]
        elif fid or name or self._last_tool < 0:
            idx = self._next_tool_index()
        else:
            idx = self._last_tool
        acc = self._tools.get(idx)
        if acc is None:
            acc = self._tools[idx] = _Tool()
        if acc.id is None and fid:
            acc.id = fid
            self._tool_ids[fid] = idx
        if acc.name is None and name:
            acc.name = name
        if acc.type is None and _str(frag.get("type")):
            acc.type = frag["type"]
        if args:
            acc.args.append(args)
        self._last_tool = idx
        self.got_token = True
        return ToolCallDelta(idx, acc.id, acc.name, args or "")

    def _next_tool_index(self) -> int:
        return max(self._tools) + 1 if self._tools else 0

    def record_malformed(self, payload: str) -> None:
        """Note a payload that was not a JSON object (the first few, and the last)."""
        if len(self.malformed) < 5:
            self.malformed.append(payload[:200])
        else:
            self.malformed[-1] = payload[:200]

    # -- output -----------------------------------------------------------------------------

    @property
    def in_reasoning(self) -> bool:
        """True while a ``<think>`` block is open (the live view keeps the thinking pane open)."""
        return self._think.in_reasoning

    def snapshot(self) -> StreamResult:
        reasoning = _joined(self._reasoning)
        return StreamResult(
            content=_joined(self._content) if self._content_seen else None,
            reasoning=reasoning or None,
            refusal=_joined(self._refusal) if self._refusal_seen else None,
            tool_calls=[
                ToolCall(
                    id=t.id or "",
                    name=t.name or "",
                    arguments=_joined(t.args),
                    type=t.type or "function",
                )
                for _, t in sorted(self._tools.items())
            ],
            finish_reason=self.finish_reason,
            usage=self.usage,
            error=self.error,
            annotations=list(self.annotations),
            reasoning_details=[d.snapshot() for d in self._details] or None,
            timings=self.timings,
            logprobs=list(self.logprobs) if self.logprobs is not None else None,
            model=self.model,
            response_id=self.response_id,
            provider=self.provider,
            done=self.done,
        )
