"""Image sizing rules and token estimates (no Qt)."""

from __future__ import annotations

import pytest

from ponder.core.answers.attachments import Attachment, estimate_tokens, sniff, target_size


@pytest.mark.parametrize("w, h, mode, want", [
    (4032, 3024, "balanced", (1024, 768)),  # the short side bounds a photo
    (3024, 4032, "balanced", (768, 1024)),
    (4000, 1000, "balanced", (1568, 392)),  # the long side bounds a panorama
    (800, 600, "balanced", (800, 600)),  # never enlarged
    (2560, 1440, "small", (512, 288)),
    (9000, 7000, "original", (9000, 7000)),
])
def test_target_size_keeps_the_aspect_within_the_limits(w: int, h: int, mode: str, want: tuple[int, int]) -> None:
    assert target_size(w, h, mode) == want


def test_token_estimates_where_the_maker_documents_them() -> None:
    assert estimate_tokens("openai", "gpt-4o", 1024, 768, "low") == 85
    assert estimate_tokens("openai", "gpt-4o", 1024, 768, "auto") == 85 + 170 * 4  # 1024x768: 2x2 tiles
    assert estimate_tokens("openrouter", "openai/gpt-4o", 2048, 4096, "high") == 85 + 170 * 6  # to 768x1536: 2x3
    assert estimate_tokens("openrouter", "anthropic/claude-sonnet-4", 1000, 750, None) == 1000
    assert estimate_tokens("ollama", "llava", 1000, 750) is None


def test_sniff_and_describe() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    assert sniff(png) == ("PNG", 640, 480)
    assert sniff(b"hello") is None
    a = Attachment(b"x" * 2048, "image/jpeg", 1024, 768, "p.jpg", 4032, 3024, 3 * 1024 * 1024)
    assert a.describe(1105) == "1024×768 · 2 KB JPEG (from 4032×3024, 3.0 MB) · ~1,105 tokens"
    assert len(a.sha256) == 64
