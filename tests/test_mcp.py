"""MCP tools against real server processes: Ponder's demo server over stdio (``ponder mcp-demo``)
and over Streamable HTTP on a loopback port of its own; the ``ponder mcp`` and ``ponder ask
--mcp`` commands as a user runs them; and what is kept of each call."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from ponder.core.mcp.config import McpServer
from ponder.core.mcp.host import MAX_RESULT_CHARS, McpHost
from tests.conftest import ROOT

DEMO = [sys.executable, "-m", "ponder", "mcp-demo", "--with-faults"]


def demo_server(name: str = "demo", **kw: Any) -> McpServer:
    return McpServer(name, command=DEMO[0], args=DEMO[1:], cwd=str(ROOT), **kw)


def children_running(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (the process table, read from /proc)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker.encode() in (d / "cmdline").read_bytes():
                    found.append(int(d.name))
            except OSError:
                pass
    return found


def gone(marker: str, within_s: float = 10.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if not children_running(marker):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def host() -> Iterator[McpHost]:
    servers = [demo_server(timeout_s=3)]
    h = McpHost(lambda: servers)
    yield h
    h.close()


def test_the_demo_server_lists_and_runs_real_tools(host: McpHost) -> None:
    names = [t.name for t in host.tools("demo").result(60)]
    assert names[:6] == ["calculate", "current_time", "word_count", "color_swatch", "slow_task", "always_fails"]
    r = host.call("demo", "calculate", {"expression": "(17 + 4) * 2 / 3"}).result(30)
    assert (r.text, r.is_error) == ("(17 + 4) * 2 / 3 = 14", False)
    r = host.call("demo", "calculate", {"expression": "__import__('os').system('true')"}).result(30)
    assert r.is_error and "Not arithmetic" in r.text  # parsed, never run
    r = host.call("demo", "word_count", {"text": "one two\nthree"}).result(30)
    assert json.loads(r.text) == {"words": 3, "characters": 13, "lines": 2}
    r = host.call("demo", "color_swatch", {"color": "red"}).result(30)
    assert r.images and r.images[0][0] == "image/png" and r.images[0][1].startswith(b"\x89PNG")
    assert "shown to the user" in r.text  # what the model is told of the image
    r = host.call("demo", "always_fails", {"reason": "as planned"}).result(30)
    assert r.is_error and "This tool failed as planned" in r.text
    heard: list[Any] = []
    r = host.call("demo", "slow_task", {"seconds": 0.5}, progress=lambda *a: heard.append(a)).result(30)
    assert r.text == "Finished after 0.5 s" and [h[0] for h in heard] == [0, 1, 2, 3, 4]


def test_a_huge_result_is_cut_a_hung_call_times_out_and_a_crash_is_said(host: McpHost) -> None:
    r = host.call("demo", "big_output", {"kilobytes": 5000}).result(60)  # 5 MB
    assert r.cut == 5000 * 1024 - MAX_RESULT_CHARS and len(r.text) < MAX_RESULT_CHARS + 200
    assert r.text.endswith("characters left out: the result was longer than Ponder passes on]")
    t0 = time.monotonic()
    r = host.call("demo", "hang", {}).result(30)
    assert r.is_error and "did not answer within 3 s" in r.text and time.monotonic() - t0 < 10
    r = host.call("demo", "crash", {}).result(30)
    assert r.is_error and "stopped while running crash" in r.text and "crashing as asked" in r.text
    assert next(s for s in host.states() if s.name == "demo").status == "failed"
    r = host.call("demo", "calculate", {"expression": "6*7"}).result(60)  # started again on the next call
    assert r.text == "6*7 = 42" and next(s for s in host.states() if s.name == "demo").status == "ready"


def test_stop_cancels_a_running_call_and_closing_ends_every_server() -> None:
    marker = "mcp-demo-stop-test"
    servers = [McpServer("demo", command=DEMO[0], args=[*DEMO[1:], "--", marker], cwd=str(ROOT), timeout_s=30)]
    host = McpHost(lambda: servers)
    f = host.call("demo", "slow_task", {"seconds": 20})
    deadline = time.monotonic() + 30
    while not children_running(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    t0 = time.monotonic()
    assert f.cancel() or f.cancelled()
    assert time.monotonic() - t0 < 1
    assert host.call("demo", "calculate", {"expression": "1+1"}).result(30).text == "1+1 = 2"  # the server lives on
    host.close()
    assert gone(marker), "the server's process outlived Ponder's host"


def test_a_server_that_cannot_start_says_why() -> None:
    servers = [McpServer("nope", command="/nonexistent/mcp-server"),
               McpServer("dies", command=sys.executable, args=["-c", "import sys; sys.stderr.write('boom: no config\\n')"])]
    host = McpHost(lambda: servers)
    try:
        r = host.call("nope", "x", {}).result(30)
        assert r.is_error and "'/nonexistent/mcp-server' was not found" in r.text
        r = host.call("dies", "x", {}).result(30)
        assert r.is_error and "could not start" in r.text
        state = next(s for s in host.states() if s.name == "dies")
        assert state.status == "failed" and "boom: no config" in state.stderr
        assert "no MCP server named 'ghost'" in host.call("ghost", "x", {}).result(5).text
    finally:
        host.close()


@pytest.fixture
def http_server() -> Iterator[int]:
    p = subprocess.Popen([sys.executable, "-m", "tests.helpers.mcp_http", "--token", "t0ken-123"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert p.stdout is not None
        yield int(p.stdout.readline())
    finally:
        p.kill()
        p.wait()
        if p.stdout is not None:
            p.stdout.close()


def test_streamable_http_with_a_bearer_token_from_the_keyring(http_server: int) -> None:
    url = f"http://127.0.0.1:{http_server}/mcp"
    servers = [McpServer("web", url=url, secrets=["header:Authorization"])]
    vault = {"mcp:web:header:Authorization": "Bearer t0ken-123"}
    host = McpHost(lambda: servers, vault.get)
    try:
        assert host.call("web", "calculate", {"expression": "2**10"}).result(60).text == "2**10 = 1024"
    finally:
        host.close()
    vault.clear()  # no token: refused, and said so
    host = McpHost(lambda: servers, vault.get)
    try:
        r = host.call("web", "calculate", {"expression": "1"}).result(60)
        assert r.is_error and "refused" in r.text and "token" in r.text
    finally:
        host.close()


# -- the commands -----------------------------------------------------------------------------------


def ponder(home: Path, *args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["PONDER_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "ponder", *args], cwd=ROOT, env=env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def test_servers_are_added_listed_and_their_tools_shown_from_the_terminal(tmp_path: Path) -> None:
    p = ponder(tmp_path, "mcp", "add", "demo", "--", *DEMO)
    assert p.returncode == 0, p.stderr
    p = ponder(tmp_path, "mcp", "add", "bad", "--", "npx", "server", "--env", "TOKEN=ghp_leak")
    assert p.returncode == 2 and "put Ponder's options before --" in p.stderr
    assert "ghp_leak" not in (tmp_path / "config" / "settings.json").read_text()
    p = ponder(tmp_path, "mcp", "list")
    assert p.returncode == 0 and "demo  stdio  ready, 9 tools" in p.stdout, p.stdout + p.stderr
    tools = json.loads(ponder(tmp_path, "mcp", "tools", "demo", "--json").stdout)
    calc = next(t for t in tools if t["name"] == "calculate")
    assert calc["offered_as"] == "demo__calculate" and calc["input_schema"]["required"] == ["expression"]
    claude = {"mcpServers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]},
                             "old": {"url": "http://127.0.0.1:9/sse", "type": "sse"},
                             "my remote!": {"url": "https://example.invalid/mcp", "headers": {"X-Team": "a"}}}}
    p = ponder(tmp_path, "mcp", "import", "-", input=json.dumps(claude))
    assert p.returncode == 0, p.stderr
    assert "Added files (stdio)" in p.stdout and "Added my-remote (http)" in p.stdout and "old: uses the old SSE" in p.stderr
    listed = {r["name"]: r for r in json.loads(ponder(tmp_path, "mcp", "list", "--json").stdout)}
    assert listed["my-remote"]["state"] == "failed" and listed["demo"]["tools"] == 9
    assert ponder(tmp_path, "mcp", "remove", "files").returncode == 0
    assert "files" not in {r["name"] for r in json.loads(ponder(tmp_path, "mcp", "list", "--json").stdout)}


def test_ask_runs_an_approved_call_and_denies_one_nobody_approved(tmp_path: Path) -> None:
    assert ponder(tmp_path, "mcp", "add", "demo", "--", *DEMO).returncode == 0
    p = ponder(tmp_path, "ask", "-m", "demo/tools", "--mcp", "demo", "--yes", "What is (17 + 4) * 2 / 3? Use calculate.")
    assert p.returncode == 0, p.stderr
    assert "← calculate (demo)" in p.stdout and "(17 + 4) * 2 / 3 = 14" in p.stdout and "That settles it." in p.stdout
    cid = json.loads(ponder(tmp_path, "history", "list", "--json").stdout)[0]["id"]
    exported = json.loads(ponder(tmp_path, "history", "export", cid, "--format", "json").stdout)
    tool = next(m for m in exported["messages"] if m["role"] == "tool")
    assert tool["content"] == "(17 + 4) * 2 / 3 = 14"
    run = tool["settings"]["tool_run"]
    assert (run["server"], run["tool"], run["approval"], run["is_error"]) == ("demo", "calculate", "auto", False)
    assert run["elapsed_ms"] > 0
    md = ponder(tmp_path, "history", "show", cid).stdout
    assert "**Tool result** · `calculate` of MCP server `demo` · allowed by --yes" in md
    # No terminal and no --yes: nothing runs, and the model is told why.
    p = ponder(tmp_path, "ask", "-m", "demo/tools", "--mcp", "demo/word_count", 'Count "a b c" with word_count')
    assert p.returncode == 0 and "not run: no terminal to ask for approval" in p.stderr
    assert "The user did not allow this call of word_count" in p.stdout


def test_a_model_that_keeps_calling_is_stopped_after_ten_rounds(tmp_path: Path) -> None:
    assert ponder(tmp_path, "mcp", "add", "demo", "--", *DEMO).returncode == 0
    p = ponder(tmp_path, "ask", "-m", "demo/tools", "--mcp", "demo/calculate", "--yes", "loop 1+1")
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("← calculate (demo)") == 10
    assert "Stopped: the model asked for tools 10 rounds in a row" in p.stdout


def test_no_server_outlives_a_killed_ponder(tmp_path: Path) -> None:
    marker = f"mcp-demo-orphan-{os.getpid()}"
    assert ponder(tmp_path, "mcp", "add", "demo", "--", *DEMO, "--", marker).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["PONDER_HOME"] = str(tmp_path)
    p = subprocess.Popen([sys.executable, "-m", "ponder", "ask", "-m", "demo/tools", "--mcp", "demo/slow_task", "--yes",
                          "run slow_task for 30 seconds"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not children_running(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert children_running(marker), "the demo server never started"
        time.sleep(1.0)  # the call is running
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        assert gone(marker), "the MCP server outlived `kill -9` of Ponder"
    finally:
        if p.poll() is None:
            p.kill()
        for pid in children_running(marker):
            os.kill(pid, signal.SIGKILL)
