"""The desktop entry and the icon: valid, matching the window, installed and removed for a pip or
venv install."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT


def _entry(path: Path) -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_the_desktop_entry_is_valid() -> None:
    r = subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / "ponder.desktop")], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout


def test_the_entry_matches_the_window(qapp: Any) -> None:
    from ponder import APP_NAME

    e = _entry(ROOT / "packaging" / "ponder.desktop")
    # X11 matches StartupWMClass to the window's class (the application name); Wayland matches
    # the entry's file name to the app id (desktopFileName, set in app/ponder/main.py).
    assert e["StartupWMClass"] == APP_NAME and e["Icon"] == "ponder" and e["Exec"] == "ponder"
    assert 'setDesktopFileName("ponder")' in (ROOT / "app" / "ponder" / "main.py").read_text()


def test_the_icon_comes_in_every_size_and_the_window_uses_it(qapp: Any) -> None:
    from PySide6.QtGui import QImage

    from ponder.resources import ICON_SIZES, icon_files

    files = icon_files()
    assert sorted(files) == sorted(ICON_SIZES)
    for size, path in files.items():
        img = QImage(str(path))
        assert (img.width(), img.height()) == (size, size) and img.hasAlphaChannel()


def test_install_desktop_puts_the_entry_and_icons_in_the_users_share_and_removes_them(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "ponder", "install-desktop"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    e = _entry(tmp_path / "applications" / "ponder.desktop")
    exe = Path(e["Exec"].strip('"'))
    assert exe.name == "ponder" and exe.parent == Path(sys.executable).parent  # this venv's script, by full path
    for size in (16, 48, 256, 512):
        assert (tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ponder.png").exists()
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "ponder.svg").exists()
    r = subprocess.run([sys.executable, "-m", "ponder", "install-desktop", "--uninstall"], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0 and not (tmp_path / "applications" / "ponder.desktop").exists()
    assert not list((tmp_path / "icons").rglob("ponder.*"))


def test_about_shows_the_version_paths_and_licence(qtbot: Any, tmp_path: Path) -> None:
    from ponder import __version__
    from ponder.core.paths import Paths
    from ponder.ui.about import AboutDialog

    paths = Paths.default({"PONDER_HOME": str(tmp_path)})
    d = AboutDialog(paths)
    qtbot.addWidget(d)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in d.findChildren(QLabel))
    assert __version__ in texts and str(paths.database) in texts and "MIT" in texts
