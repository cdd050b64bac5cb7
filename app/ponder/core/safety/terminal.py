"""Untrusted text on a terminal: control characters are shown, never obeyed.

A model or a server can put escape sequences in what Ponder prints: set the window title (OSC 0),
clear the screen (CSI 2J), write the clipboard (OSC 52), draw a link that lies (OSC 8), or move
the cursor back over what was printed (CR, BS). :func:`visible` keeps newline and tab and turns
every other C0 control, DEL and the C1 controls into something visible (``␛``, ``␍``, ``\\x9b``).

The terminal commands print through :class:`SafeWriter`, installed over stdout and stderr by
``ponder.cli``: everything written is made visible, except what Ponder writes with ``style()`` (its
own colours).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 except \t and \n, DEL, C1; and lone surrogates (non-UTF-8 bytes from argv or a file name),
# which no terminal encoding can write.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_C1 = re.compile("[\x80-\x9f]")


def _show(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)  # the Control Pictures block: ␛ ␇ ␈ ␍ ...
    if c == 0x7F:
        return "\u2421"  # ␡
    if c <= 0x9F:
        return f"\\x{c:02x}"
    return "\ufffd"  # a surrogate: bytes that were not UTF-8


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab made visible."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_show, text.replace("\r\n", "\n"))


def json_safe(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with C1 controls escaped as ``\\u009b``:
    still the same JSON, and nothing a terminal obeys (json.dumps escapes C0 itself)."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _C1.search(text) else text


def dump_json(value: Any, out: Any) -> None:
    """Print a JSON document: readable, valid, and inert on a terminal."""
    import json

    out.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


class SafeWriter:
    """A text stream that makes control characters visible in everything written to it."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(visible(text))

    def style(self, sequence: str) -> None:
        """Ponder's own escape sequence (a colour), written as it is."""
        self.raw.write(sequence)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer, ...
        return getattr(self.raw, name)


def style(out: Any, sequence: str) -> None:
    """Write Ponder's own escape sequence to ``out``, past a SafeWriter if there is one."""
    if isinstance(out, SafeWriter):
        out.style(sequence)
    else:
        out.write(sequence)
