"""Leaving Ponder, as real processes: Ctrl+C in its terminal and `kill` close the window cleanly
(the streaming answer stopped and saved, the demo server stopped); a killed window never leaves
the demo server behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from ponder.core.history.store import Store
from tests.conftest import ROOT
from tests.test_cli import env

SLOW = "/tps 40\n/tokens 3000\nTell me a long story"


def launch(home: Path) -> subprocess.Popen[str]:
    # A session of its own, as a terminal gives a command: Ctrl+C there goes to the whole group.
    return subprocess.Popen(
        [sys.executable, "-m", "ponder", "--demo", "--model", "demo/fast", "--prompt", SLOW], cwd=ROOT,
        env=env(PONDER_HOME=str(home), QT_QPA_PLATFORM="offscreen"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True)


def children(pid: int) -> list[int]:
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(d.name))
    return found


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(cond: Callable[[], object], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def streaming(home: Path) -> tuple[subprocess.Popen[str], int]:
    """Ponder with an answer half-streamed (saved at least once), and its demo server's pid."""
    proc = launch(home)
    try:
        wait_for(lambda: any("demo-server" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")
                             for c in children(proc.pid) if running(c)), 60, "the demo server")
    except AssertionError:
        proc.kill()
        raise AssertionError(proc.communicate()[1]) from None
    demo = next(c for c in children(proc.pid) if "demo-server" in Path(f"/proc/{c}/cmdline").read_text(errors="replace"))
    time.sleep(2.5)  # the answer streams and is saved (at least once a second)
    return proc, demo


def last_answer(home: Path) -> tuple[str, str]:
    store = Store(home / "data" / "ponder.db")
    try:
        c = store.conversations(limit=1)[0]
        m = store.thread(c.id)[-1]
        return m.status, m.content or ""
    finally:
        store.close()


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_ctrl_c_and_kill_close_the_window_and_keep_the_answer(tmp_path: Path, how: str) -> None:
    proc, demo = streaming(tmp_path)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl+C
    else:
        proc.terminate()  # `kill PID`
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    wait_for(lambda: not running(demo), 5, "the demo server to stop")
    status, content = last_answer(tmp_path)
    assert status == "stopped" and len(content) > 50  # what had streamed is kept, marked as stopped


def test_the_demo_server_ends_when_the_window_is_killed(tmp_path: Path) -> None:
    proc, demo = streaming(tmp_path)
    proc.kill()  # SIGKILL: nothing in the window runs
    proc.communicate(timeout=10)
    wait_for(lambda: not running(demo), 5, "the orphaned demo server to notice and end")


def test_a_missing_image_stops_the_prompt_as_ask_does(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "ponder", "--demo", "--image", str(tmp_path / "missing.jpg"), "--prompt", "What is this?",
         "--exit-when-done"], cwd=ROOT, env=env(PONDER_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen"),
        capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "missing.jpg" in r.stderr and "nothing was sent" in r.stderr
    store = Store(tmp_path / "data" / "ponder.db")
    try:
        assert store.conversations() == []  # no question without its image in history
    finally:
        store.close()


@pytest.mark.parametrize("how", ["quit", "kill -9"])
def test_no_mcp_server_outlives_the_window(tmp_path: Path, how: str) -> None:
    """A tool call running (always allowed), then the window quits or is killed: the MCP server's
    process ends too (on quit Ponder stops it; killed, its pipe closes)."""
    import json

    marker = f"mcp-window-{os.getpid()}-{how.replace(' ', '')}"
    (tmp_path / "config").mkdir(parents=True)
    (tmp_path / "config" / "settings.json").write_text(json.dumps({
        "mcp_servers": [{"name": "demo", "command": sys.executable, "args": ["-m", "ponder", "mcp-demo", "--", marker],
                         "cwd": str(ROOT)}],
        "mcp_always": ["demo/slow_task"]}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ponder", "--demo", "--model", "demo/tools", "--mcp", "demo/slow_task", "--prompt",
         "run slow_task for 30 seconds"], cwd=ROOT, env=env(PONDER_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def server() -> list[int]:
        return [int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit() and running(int(d.name))
                and marker in (d / "cmdline").read_text(errors="replace")]

    try:
        wait_for(server, 60, "the MCP server")
        time.sleep(2.0)  # the call runs
        if how == "quit":
            proc.terminate()  # `kill PID`: the window quits as from its menu
            _, err = proc.communicate(timeout=30)
            assert proc.returncode == 0 and "Traceback" not in err, err
        else:
            proc.kill()
            proc.communicate(timeout=10)
        wait_for(lambda: not server(), 10, "the MCP server to end with the window")
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in server():
            os.kill(pid, signal.SIGKILL)
