"""``ponder install-desktop [--uninstall]``: a desktop entry and the icon in the user's
``~/.local/share`` (``$XDG_DATA_HOME``), so a pip or venv install shows in the application menu."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ponder.commands.common import fail
from ponder.resources import icon_files, icon_svg, resources_dir

ENTRY = "ponder.desktop"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> str:
    """The command the menu runs: this bundle, or the ``ponder`` script beside this Python."""
    if getattr(sys, "frozen", False):
        return sys.executable
    script = Path(sys.executable).parent / "ponder"
    return str(script if script.exists() else (shutil.which("ponder") or "ponder"))


def entry_text(exec_path: str) -> str:
    src = _template()
    quoted = '"' + exec_path.replace("\\", "\\\\").replace('"', '\\"') + '"' if " " in exec_path else exec_path
    return "".join(f"Exec={quoted}\n" if line.startswith("Exec=") else line for line in src.splitlines(keepends=True))


def _template() -> str:
    # packaging/ in a source tree; share/ponder/ for a wheel; resources/ inside the bundle.
    for d in (Path(__file__).resolve().parents[3] / "packaging", resources_dir()):  # app/ponder/commands/ -> the root
        if d is not None and (d / ENTRY).is_file():
            return (d / ENTRY).read_text(encoding="utf-8")
    raise FileNotFoundError(ENTRY)


def run(args: Any) -> int:
    base = data_home()
    entry = base / "applications" / ENTRY
    icons = {s: base / "icons" / "hicolor" / f"{s}x{s}" / "apps" / "ponder.png" for s in icon_files()}
    svg = base / "icons" / "hicolor" / "scalable" / "apps" / "ponder.svg"
    if args.uninstall:
        removed = [p for p in (entry, svg, *icons.values()) if p.exists()]
        for p in removed:
            p.unlink()
        print(f"Removed {len(removed)} file(s): the desktop entry and the icon" if removed else "Nothing to remove")
        _refresh(base)
        return 0
    if not icon_files():
        return fail("the icon files are missing from this installation (resources/icons)")
    try:
        text = entry_text(launcher())
    except FileNotFoundError:
        return fail(f"{ENTRY} is missing from this installation (packaging/)")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(text, encoding="utf-8")
        for size, target in icons.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(icon_files()[size], target)
        if (src := icon_svg()) is not None:
            svg.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, svg)
    except OSError as e:
        return fail(f"could not write under {base}: {e.strerror or e}")
    _refresh(base)
    print(f"Installed {entry} (runs {launcher()}) and the icon in {len(icons)} sizes")
    return 0


def _refresh(base: Path) -> None:
    """Tell the desktop (where the tools exist; they are optional)."""
    for cmd in (["update-desktop-database", str(base / "applications")],
                ["gtk-update-icon-cache", "-q", "-t", str(base / "icons" / "hicolor")]):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, capture_output=True, check=False)
