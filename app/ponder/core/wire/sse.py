"""Server-sent events, decoded as the WHATWG spec says, from raw network bytes.

Lines are split on bytes (CR, LF, CRLF, including a CR and LF that arrive in different reads)
and only complete lines are decoded, so a multi-byte UTF-8 character cut by a network read is
never mangled. Invalid UTF-8 becomes U+FFFD instead of ending the stream.

Deviation from the spec, on purpose: an event still pending at EOF (the server closed without
the final blank line) is dispatched rather than discarded, so a provider's last words before
hanging up (often an error) are not lost. A truncated JSON payload then fails to parse and is
reported by the accumulator instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from ponder.core.words import say

_BOM = b"\xef\xbb\xbf"
MAX_LINE = 16 * 1024 * 1024  # no real event comes near this; a server that never ends a line is stopped here


class LineTooLong(ValueError):
    """A line grew past MAX_LINE bytes without ending."""


@dataclass(slots=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str = ""
    retry: int | None = None


class SSEDecoder:
    """Feed network reads, get complete events. No I/O; one instance per response."""

    __slots__ = ("_parts", "_pending", "_skip_lf", "_started", "_data", "_data_size", "_event", "_last_id", "_retry",
                 "max_line")

    def __init__(self, max_line: int = MAX_LINE) -> None:
        self.max_line = max_line
        self._parts: list[bytes] = []  # an incomplete line, in pieces (no quadratic joins)
        self._pending = 0  # bytes in _parts
        self._data_size = 0  # bytes in _data: one event's data lines, capped like a line
        self._skip_lf = False  # the last read ended with CR: a leading LF is part of that CRLF
        self._started = False  # BOM check done
        self._data: list[bytes] = []
        self._event = ""
        self._last_id = ""
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
                if not chunk:
                    return []
        if b"\n" not in chunk and b"\r" not in chunk:
            self._parts.append(chunk)
            self._pending += len(chunk)
            if self._pending > self.max_line:
                raise self._too_long(event=False)
            return []
        if self._parts:
            self._parts.append(chunk)
            chunk = b"".join(self._parts)
            self._parts, self._pending = [], 0
        lines = chunk.splitlines()
        last = chunk[-1:]
        if last == b"\r":
            self._skip_lf = True
        elif last != b"\n":
            self._parts.append(lines.pop())
            self._pending = len(self._parts[0])
            if self._pending > self.max_line:
                raise self._too_long(event=False)
        if not self._started:
            self._started = True
            if lines and lines[0].startswith(_BOM):
                lines[0] = lines[0][3:]
        out: list[ServerSentEvent] = []
        for line in lines:
            ev = self._line(line)
            if ev is not None:
                out.append(ev)
        return out

    def close(self) -> list[ServerSentEvent]:
        """End of stream: flush an unterminated line and a pending event."""
        out: list[ServerSentEvent] = []
        if self._parts:
            line = b"".join(self._parts)
            self._parts, self._pending = [], 0
            if not self._started and line.startswith(_BOM):
                line = line[3:]
            self._started = True
            ev = self._line(line)
            if ev is not None:
                out.append(ev)
        ev = self._line(b"")
        if ev is not None:
            out.append(ev)
        return out

    def _line(self, line: bytes) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        # The hot path: almost every line of a chat stream is "data: {...}".
        if line.startswith(b"data:"):
            value = line[5:]
            if value[:1] == b" ":
                value = value[1:]
            self._data.append(value)
            self._data_size += len(value)
            if self._data_size > self.max_line:  # many short data lines, never dispatched
                raise self._too_long(event=True)
            return None
        if line[:1] == b":":
            return None  # comment / keep-alive
        name, sep, value = line.partition(b":")
        if sep and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._last_id = value.decode("utf-8", "replace")
        elif name == b"retry":
            if value.isdigit() and len(value) <= 10:  # int() refuses over 4,300 digits
                self._retry = int(value)
        return None

    def _too_long(self, event: bool) -> LineTooLong:
        """Drop what was held (the decoder is done with this stream) and say why."""
        self._parts, self._pending, self._data, self._data_size = [], 0, [], 0
        return LineTooLong((say("An event of the stream went past {mb} MB without ending") if event
                            else say("A line of the stream went past {mb} MB without ending")).format(mb=self.max_line // (1024 * 1024)))

    def _dispatch(self) -> ServerSentEvent | None:
        data = self._data
        event = self._event or "message"
        self._event = ""
        if not data:
            # The spec: an event whose data buffer is empty is not dispatched.
            self._retry = None
            return None
        self._data, self._data_size = [], 0
        text = (data[0] if len(data) == 1 else b"\n".join(data)).decode("utf-8", "replace")
        retry, self._retry = self._retry, None
        return ServerSentEvent(data=text, event=event, id=self._last_id, retry=retry)
