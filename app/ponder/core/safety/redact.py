"""Keep API keys out of anything shown or stored: masks and scrubbing.

A key can come back from a server in other clothes than its own: JSON's ``\\u0073\\u006b...``
(decoded or not), percent-encoded, base64 (``Authorization`` echoed, or Basic auth), hex. So
scrubbing matches each of those, and callers scrub *after* decoding what a server said.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from typing import Any


def mask_key(key: str) -> str:
    """``sk-or-v1-abc...a1b2`` -> ``sk-or-...a1b2``: enough to recognise, too little to use."""
    key = key.strip()
    if len(key) <= 8:
        return "•" * len(key)
    dash = key.find("-", 0, 8)
    prefix = key[: key.rfind("-", 0, 8) + 1] if dash >= 0 else key[:3]
    return f"{prefix}...{key[-4:]}"


@lru_cache(maxsize=16)
def _whole_forms(key: str) -> tuple[str, ...]:
    """The key written whole in each encoding: as is, base64 (alone, after ``Bearer``, as Basic
    auth's ``:key``, urlsafe), hex, and every character JSON-escaped or percent-escaped."""
    raw = key.encode("utf-8", "surrogatepass")
    forms = {key, raw.hex(), raw.hex().upper(),
             *(b.decode().rstrip("=") for b in (base64.b64encode(raw), base64.b64encode(b"Bearer " + raw),
                                                base64.b64encode(b":" + raw), base64.urlsafe_b64encode(raw))),
             "".join(f"\\u{ord(c):04x}" for c in key), "".join(f"\\u{ord(c):04X}" for c in key),
             "".join(f"%{ord(c):02x}" for c in key), "".join(f"%{ord(c):02X}" for c in key)}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=16)
def _pattern(key: str) -> re.Pattern[str]:
    # Each character as itself, a JSON escape or a percent escape, so mixed forms match too.
    per_char = "".join(f"(?:{re.escape(c)}|\\\\u{ord(c):04x}|%{ord(c):02x})" for c in key)
    return re.compile("|".join([per_char, *map(re.escape, _whole_forms(key))]), re.IGNORECASE)


SHORT = 64 * 1024  # up to this, every form is looked for, mixed ones too; past it, whole forms only


def scrub(text: str, key: str | None) -> str:
    """``text`` with every occurrence of ``key``, in any of the forms above, masked.

    A long text (an answer, saved every second while it streams) is searched for each whole form
    as a plain substring: a regex over a megabyte would hold the window for tens of milliseconds.
    A short one (an error, a name, a model list entry) also gets the regex that finds mixed forms.
    """
    if not key or len(key) < 8 or not text:
        return text
    forms = _whole_forms(key)
    if len(text) > SHORT:
        for form in forms:
            if form in text:
                text = text.replace(form, mask_key(key))
        return text
    # The common case costs a few substring searches: no regex unless something could match.
    if "\\u" in text or "%" in text or any(form in text for form in forms):
        return _pattern(key).sub(mask_key(key), text)
    return text


def scrub_json(value: Any, key: str | None) -> Any:
    """A JSON value (a server's answer) with the key masked in every string, keys included."""
    if not key:
        return value
    if isinstance(value, str):
        return scrub(value, key)
    if isinstance(value, list):
        return [scrub_json(v, key) for v in value]
    if isinstance(value, dict):
        return {scrub(k, key) if isinstance(k, str) else k: scrub_json(v, key) for k, v in value.items()}
    return value


class StreamScrubber:
    """Masks the key in text that arrives in pieces (a key may be cut between two deltas).

    Holds back only the end of the text that could be the start of the key, so streaming shows
    everything else at once.
    """

    def __init__(self, key: str | None) -> None:
        self.key = key if key and len(key) >= 8 else None
        self._held = ""

    def feed(self, text: str) -> str:
        if self.key is None:
            return text
        text = self._held + text
        self._held = ""
        text = text.replace(self.key, mask_key(self.key))
        for k in range(min(len(self.key) - 1, len(text)), 0, -1):
            if text.endswith(self.key[:k]):
                self._held = text[-k:]
                return text[:-k]
        return text

    def flush(self) -> str:
        held, self._held = self._held, ""
        return held
