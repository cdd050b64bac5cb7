"""The PyInstaller bundle, built as packaging/build.sh builds it (in a venv of its own), then run
offscreen: the window opens on the demo provider, streams one answer and exits 0. About 40 s."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle is built for Linux")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "BUILD_DIR": str(build), "PYTHON": sys.executable}
    r = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return build


def test_the_bundle_streams_an_answer_in_the_window_and_exits_0(bundle: Path, tmp_path: Path) -> None:
    exe = bundle / "dist" / "ponder" / "ponder"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PONDER_HOME"] = str(tmp_path / "home")
    shot = tmp_path / "window.png"
    r = subprocess.run([str(exe), "--demo", "--prompt", "/tokens 30\nHello from the bundle", "--exit-when-done",
                        "--screenshot", str(shot)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert shot.read_bytes()[:4] == b"\x89PNG"
    # The terminal commands work frozen too, and the answer is in history, whole.
    shown = subprocess.run([str(exe), "history", "show", "--", _first_id(exe, env)], env=env, capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0 and "Hello from the bundle" in shown.stdout and "incomplete" not in shown.stdout
    assert "**Assistant** · demo/reasoning" in shown.stdout
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("Ponder ")
    # MCP frozen too: the bundle is its own demo server, and a tool call runs through it.
    added = subprocess.run([str(exe), "mcp", "add", "demo", "--", str(exe), "mcp-demo"], env=env, capture_output=True,
                           text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    asked = subprocess.run([str(exe), "ask", "-m", "demo/tools", "--mcp", "demo", "--yes", "What is 6*7? Use calculate"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert asked.returncode == 0 and "6*7 = 42" in asked.stdout, asked.stderr[-2000:]
    # Chinese frozen too: Ponder's catalogue and Qt's own are in the bundle.
    qms = {p.name for p in (bundle / "dist" / "ponder").rglob("*.qm")}
    assert {"ponder_zh_CN.qm", "qtbase_zh_CN.qm"} <= qms, sorted(qms)[:20]
    # A history import the window starts speaks its language, frozen too (it reads the .ts without Qt).
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "x", "mapping": {')
    said = subprocess.run([str(exe), "history", "import", "--from", "auto", "--progress-json", str(bad)],
                          env={**env, "PONDER_LANGUAGE": "zh_CN"}, capture_output=True, text=True, timeout=60)
    assert said.returncode == 1 and "文件不是有效的 JSON" in said.stderr, said.stderr[-2000:]
    # Formulas frozen too: the bundle is its own typesetter, with the math font inside.
    typeset = subprocess.run([str(exe), "math-worker"], input='{"id": 1, "latex": "\\\\frac{a}{b}", "display": true, '
                             '"size": 16, "color": "#000000"}\n', env=env, capture_output=True, text=True, timeout=60)
    assert typeset.returncode == 0 and '"svg": "<svg' in typeset.stdout, typeset.stdout[-500:] + typeset.stderr[-2000:]


def _first_id(exe: Path, env: dict[str, str]) -> str:
    listed = subprocess.run([str(exe), "history", "list"], env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    return listed.stdout.split()[0]


def test_the_bundle_is_clean_and_carries_its_icon_and_desktop_entry(bundle: Path, tmp_path: Path) -> None:
    files = [p.name for p in (bundle / "dist" / "ponder").rglob("*")]
    assert not [f for f in files if "gtk" in f.lower()]  # no GTK theme plugin, whatever the build host has
    assert not [f for f in files if f.startswith(("pytest", "_pytest"))]
    # No Qt that Ponder never uses: networking, SVG images, embedded platforms (packaging/ponder.spec).
    assert not [f for f in files if f.startswith(("libQt6Network", "QtNetwork", "libqsvg", "libqeglfs", "libqtuiotouch"))]
    tarball = next(bundle.glob("ponder-*-linux-*.tar.gz"))
    listing = subprocess.run(["tar", "tzf", str(tarball)], capture_output=True, text=True, check=True).stdout
    for member in ("/AppRun", "/ponder.desktop", "/ponder.png", "/ponder/ponder", "/LICENSE"):
        assert any(line.endswith(member) for line in listing.splitlines()), member
    # The unpacked bundle adds itself to the menu, pointing at where it is.
    shutil.unpack_archive(tarball, tmp_path)
    apprun = next(tmp_path.glob("ponder-*/AppRun"))
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    r = subprocess.run([str(apprun), "install-desktop"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    entry = (tmp_path / "share" / "applications" / "ponder.desktop").read_text()
    assert f"Exec={apprun.parent / 'ponder' / 'ponder'}" in entry
    assert (tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "ponder.png").exists()
