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
def _pattern(key: str) -> re.Pattern[str]:
    # Each character as itself, a JSON escape or a percent escape, so mixed forms match too.
    per_char = "".join(f"(?:{re.escape(c)}|\\\\u{ord(c):04x}|%{ord(c):02x})" for c in key)
    raw = key.encode("utf-8", "surrogatepass")
    whole = {base64.b64encode(raw).decode().rstrip("="), base64.b64encode(b"Bearer " + raw).decode().rstrip("="),
             base64.b64encode(b":" + raw).decode().rstrip("="), base64.urlsafe_b64encode(raw).decode().rstrip("="),
             raw.hex()}
    return re.compile("|".join([per_char, *(re.escape(w) for w in sorted(whole, key=len, reverse=True))]), re.IGNORECASE)


def scrub(text: str, key: str | None) -> str:
    """``text`` with every occurrence of ``key``, in any of the forms above, masked."""
    if not key or len(key) < 8 or not text:
        return text
    # The common case costs one substring search or two: no regex unless something could match.
    if key not in text and "\\u" not in text and "%" not in text and key[:4] not in text \
            and not _maybe_encoded(text, key):
        return text
    return _pattern(key).sub(mask_key(key), text)


def _maybe_encoded(text: str, key: str) -> bool:
    raw = key.encode("utf-8", "surrogatepass")
    return any(base64.b64encode(p + raw)[:8].decode() in text for p in (b"", b"Bearer ", b":")) \
        or raw.hex()[:8] in text.lower() or base64.urlsafe_b64encode(raw)[:8].decode() in text


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
