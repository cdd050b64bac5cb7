"""Parse a recorded response: a raw SSE body, or a raw HTTP/1.1 response (status line, headers,
body). This is what ``ponder parse-stream`` runs, and the same path the live client uses.
"""

from __future__ import annotations

import json
from typing import Iterable

from ponder.core.wire.accumulate import StreamState
from ponder.core.errors import parse_error_body, parse_retry_after
from ponder.core.models import StreamResult
from ponder.core.wire.sse import SSEDecoder
from ponder.core.wire.think import ThinkMode


def parse_sse(pieces: Iterable[bytes], think_tags: ThinkMode = "auto") -> tuple[StreamResult, StreamState]:
    """Run byte pieces (as network reads would cut them) through decoder and accumulator."""
    dec = SSEDecoder()
    state = StreamState(think_tags)
    for piece in pieces:
        for ev in dec.feed(piece):
            state.feed_event(ev)
            if state.done:
                break
        if state.done:
            break
    if not state.done:
        for ev in dec.close():
            state.feed_event(ev)
    state.finish()
    return state.snapshot(), state


def _dechunk(body: bytes) -> bytes:
    """Undo HTTP/1.1 chunked transfer encoding (tolerating a truncated tail)."""
    out = bytearray()
    i = 0
    while i < len(body):
        j = body.find(b"\r\n", i)
        if j < 0:
            break
        try:
            size = int(body[i:j].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            break
        if size <= 0:  # the end, or a negative size that would walk backwards for ever
            break
        out += body[j + 2 : j + 2 + size]
        i = j + 2 + size + 2
    return bytes(out)


def parse_capture(data: bytes, think_tags: ThinkMode = "auto") -> tuple[StreamResult, StreamState | None]:
    """Parse a ``.sse`` body or a ``.http`` response capture into the end state."""
    if not data.startswith(b"HTTP/"):
        return parse_sse([data], think_tags)
    sep = data.find(b"\r\n\r\n")
    skip = 4
    if sep < 0:
        sep, skip = data.find(b"\n\n"), 2
    if sep < 0:
        sep, skip = len(data), 0
    head = data[:sep].decode("iso-8859-1").splitlines()
    body = data[sep + skip :]
    parts = head[0].split(None, 2)
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        raise ValueError(f"not an HTTP status line: {head[0][:80]!r}") from None
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)

    if status == 200:
        ctype = headers.get("content-type", "")
        if "json" in ctype and not body.lstrip().startswith(b"data:"):
            state = StreamState(think_tags)
            try:
                state.handle(json.loads(body))
            except (ValueError, RecursionError):
                state.record_malformed(body[:200].decode("utf-8", "replace"))
            state.finish()
            result = state.snapshot()
        else:
            result, state = parse_sse([body], think_tags)
        result.http_status = 200
        return result, state

    err = parse_error_body(body)
    message = err.get("message")
    if not isinstance(message, str) or not message:
        message = parts[2] if len(parts) > 2 else f"HTTP {status}"
    result = StreamResult(
        error={"code": err.get("code", status) if err else status, "message": message},
        http_status=status,
        retry_after_s=parse_retry_after(headers.get("retry-after")),
    )
    return result, None
