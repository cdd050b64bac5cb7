"""Keep API keys out of anything shown or stored: masks and scrubbing."""

from __future__ import annotations


def mask_key(key: str) -> str:
    """``sk-or-v1-abc...a1b2`` -> ``sk-or-...a1b2``: enough to recognise, too little to use."""
    key = key.strip()
    if len(key) <= 8:
        return "•" * len(key)
    dash = key.find("-", 0, 8)
    prefix = key[: key.rfind("-", 0, 8) + 1] if dash >= 0 else key[:3]
    return f"{prefix}...{key[-4:]}"


def scrub(text: str, key: str | None) -> str:
    """``text`` with every occurrence of ``key`` masked (a proxy may echo the key back)."""
    if key and len(key) >= 8 and key in text:
        return text.replace(key, mask_key(key))
    return text
