"""Text and buttons meet WCAG AA contrast (4.5:1) in both themes, computed from the colours the
window is drawn with: the palette and style sheet (ui/theme.py) and the answers' own (core/render.py)."""

from __future__ import annotations

import pytest

from ponder.core.render import THEMES as RENDER
from ponder.ui.theme import COLORS

AA = 4.5


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_meets_aa_on_what_it_is_drawn_over(theme: str) -> None:
    c, r = COLORS[theme], RENDER[theme]
    pairs = {
        "text on the window": (c["text"], c["window"]),
        "muted text on the window": (c["muted"], c["window"]),
        "muted text on the sidebar": (c["muted"], c["side"]),
        "muted text on the thinking pane": (c["muted"], c["pane"]),
        "muted text on a hovered row": (c["muted"], c["hover"]),
        "text in the user's bubble": (c["text"], c["user_bubble"]),
        "Send (a filled button)": ("#ffffff", c["button_accent"]),
        "Stop (a filled button)": ("#ffffff", c["button_danger"]),
        "an error in its box": (c["error"], c["error_bg"]),
        "an error on the window": (c["error"], c["window"]),
        "the best figure of a comparison": (c["best"], c["window"]),
        "a link on the window": (c["accent"], c["base"]),
        "an answer's text": (r["fg"], c["window"]),
        "an answer's link": (r["link"], c["window"]),
        "an answer's quote": (r["quote"], c["window"]),
        "code in an answer": (r["fg"], r["code_bg"]),
    }
    low = {what: round(contrast(*ab), 2) for what, ab in pairs.items() if contrast(*ab) < AA}
    assert low == {}


def test_the_check_would_catch_the_old_dark_buttons() -> None:
    assert contrast("#ffffff", "#f97066") < AA and contrast("#ffffff", "#3b82f6") < AA  # Stop 2.8, Send 3.7
