"""Where Ponder's own files (the icon) are: beside the source, inside a PyInstaller bundle, or
where a pip install put them (``share/`` under the environment's prefix)."""

from __future__ import annotations

import sys
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path | None:
    candidates = []
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources")
    candidates.append(Path(__file__).resolve().parents[2] / "resources")  # a source tree (app/ponder/) or editable install
    candidates.append(Path(sys.prefix) / "share" / "ponder")  # a wheel's data files
    return next((c for c in candidates if (c / "icons").is_dir()), None)


def icon_files() -> dict[int, Path]:
    """The icon's PNGs by size (empty if none was found)."""
    d = resources_dir()
    if d is None:
        return {}
    return {s: p for s in ICON_SIZES if (p := d / "icons" / f"ponder-{s}.png").is_file()}


def icon_svg() -> Path | None:
    d = resources_dir()
    p = d / "icons" / "ponder.svg" if d else None
    return p if p is not None and p.is_file() else None
