"""Images for vision prompts, the parts that need no Qt: what a file is, how big it may be, the
size it is sent at, and what it costs in tokens where the provider says how it counts.

Decoding and re-encoding is Qt's (services/image_codec.py): QtGui reads PNG, JPEG, WebP, GIF and
BMP with no extra dependency.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterable

from ponder.core.words import say

MAX_BYTES = 20 * 1024 * 1024  # larger files are refused before they are decoded
# Long side, short side. "balanced" matches what vision models resize to anyway (Anthropic's 1568,
# OpenAI's 768-px short side at high detail): anything larger costs tokens and time for nothing.
SIZES: dict[str, tuple[int, int] | None] = {"balanced": (1568, 768), "small": (512, 512), "original": None}
DETAILS = ("auto", "low", "high")
# What providers take in an image_url data URL; anything else is converted (BMP -> PNG, ...).
SENDABLE = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}


PDF = "application/pdf"
_PDF_DIALECTS = ("openrouter", "openai")  # chat completions that take {type: "file"} parts


def refused_by(vision: bool | None, mimes: Iterable[str]) -> bool:
    """Whether a model refuses these attachments: only when it is known not to see images (None,
    unknown, sends them) and one of them is an image (a PDF goes as a file part). The window's
    composer and `ponder ask --image` both ask this."""
    return vision is False and any(m.startswith("image/") for m in mimes)


def accepts_pdf(provider_id: str, dialect: str) -> bool:
    """Whether PDFs can go to this provider as file parts (the demo stands in for OpenRouter)."""
    return dialect in _PDF_DIALECTS or provider_id == "demo"


class ImageError(ValueError):
    """An image that cannot be attached; the message says why, in words for the user."""


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) from a file's header, or None if it is not an image known here."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return "PNG", w, h
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return "GIF", w, h
    if data[:2] == b"BM" and len(data) >= 26:
        w, h = struct.unpack("<ii", data[18:26])
        return "BMP", w, abs(h)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and len(data) >= 30:
        kind = data[12:16]
        if kind == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return "WEBP", w & 0x3FFF, h & 0x3FFF
        if kind == b"VP8L":
            b = data[21:25]
            w = 1 + (((b[1] & 0x3F) << 8) | b[0])
            h = 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
            return "WEBP", w, h
        if kind == b"VP8X":
            w = 1 + int.from_bytes(data[24:27], "little")
            h = 1 + int.from_bytes(data[27:30], "little")
            return "WEBP", w, h
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return "JPEG", w, h
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            (seg,) = struct.unpack(">H", data[i + 2 : i + 4])
            i += 2 + seg
    return None


def target_size(w: int, h: int, mode: str) -> tuple[int, int]:
    """The size an image is sent at: within the mode's long and short side, aspect kept, never
    enlarged."""
    limits = SIZES.get(mode, SIZES["balanced"])
    if limits is None or w <= 0 or h <= 0:
        return w, h
    long_max, short_max = limits
    long_side, short_side = max(w, h), min(w, h)
    scale = min(1.0, long_max / long_side, short_max / short_side)
    return max(1, round(w * scale)), max(1, round(h * scale))


def estimate_tokens(provider: str, model: str, w: int, h: int, detail: str | None = "auto") -> int | None:
    """Image tokens as the model's maker documents them, or None where it is not known.

    OpenAI (GPT-4o family): 85 at low detail; otherwise fit in 2048x2048, short side to 768, then
    85 + 170 per 512-px tile. Anthropic: about w*h/750 after its own resize to 1568 px.
    """
    maker = model.split("/", 1)[0] if "/" in model else ("openai" if provider == "openai" else "")
    if maker == "openai":
        if detail == "low":
            return 85
        s = min(1.0, 2048 / max(w, h))
        w2, h2 = w * s, h * s
        s = min(1.0, 768 / min(w2, h2))
        w2, h2 = w2 * s, h2 * s
        tiles = -(-int(w2) // 512) * -(-int(h2) // 512)
        return 85 + 170 * tiles
    if maker == "anthropic":
        s = min(1.0, 1568 / max(w, h))
        return int(w * s * h * s / 750)
    return None


@dataclass
class Attachment:
    """An image as it is sent and stored: the bytes that go out, and what the user should know."""

    data: bytes
    mime: str
    width: int
    height: int
    filename: str | None = None
    original_width: int | None = None
    original_height: int | None = None
    original_bytes: int | None = None
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            import hashlib

            self.sha256 = hashlib.sha256(self.data).hexdigest()

    def describe(self, tokens: int | None = None) -> str:
        """"1568×1045 · 312 KB JPEG (from 4032×2688, 3.1 MB) · ~1,105 tokens"."""
        kind = self.mime.split("/")[-1].upper()
        if self.mime == PDF:
            return f"PDF · {human_bytes(len(self.data))}"
        text = f"{self.width}×{self.height} · {human_bytes(len(self.data))} {kind}"
        if self.original_width and (self.original_width, self.original_height) != (self.width, self.height):
            text += " " + say("(from {width}×{height}, {size})").format(
                width=self.original_width, height=self.original_height, size=human_bytes(self.original_bytes or 0))
        if tokens is not None:
            text += " · " + say("~{n:,} tokens").format(n=tokens)
        return text


def human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
