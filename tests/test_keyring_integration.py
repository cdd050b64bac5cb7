"""A key stored, read, used and deleted through a real Secret Service (gnome-keyring on a
private D-Bus session, tests/helpers/with-keyring.sh), by the real `ponder` commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ponder.demo.server import DemoServer
from tests.conftest import ROOT

WITH_KEYRING = ROOT / "tests" / "helpers" / "with-keyring.sh"
KEY = "sk-or-v1-REALKEYRING-00112233445566778899aabb"


def _missing() -> str | None:
    for tool in ("gnome-keyring-daemon", "dbus-run-session"):
        if shutil.which(tool) is None:
            return tool
    return None


@pytest.fixture
def need_keyring() -> None:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is not installed: .ci/run must install gnome-keyring")
        pytest.skip(f"{missing} is not installed (apt-get install gnome-keyring)")


def test_store_read_use_delete_through_gnome_keyring(need_keyring: None, tmp_path: Path) -> None:
    home = tmp_path / "home"
    demo = DemoServer(tps=0)
    demo.start_in_thread()
    try:
        script = f"""
        p="{sys.executable} -m ponder"
        echo '{KEY}' | $p keys set openrouter; echo "set=$?"
        $p keys list | grep '^openrouter'
        $p ask --provider openrouter --base-url {demo.base_url} --model demo/openrouter --json "hi" > {tmp_path}/ask.json; echo "ask=$?"
        $p keys delete openrouter; echo "delete=$?"
        $p ask --provider openrouter --base-url {demo.base_url} --model demo/openrouter "hi again"; echo "after=$?"
        """
        env = {k: v for k, v in os.environ.items() if k not in ("OPENROUTER_API_KEY", "PONDER_API_KEY")}
        env["PONDER_HOME"] = str(home)
        p = subprocess.run([str(WITH_KEYRING), "bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        demo.stop_thread()
    out = p.stdout + p.stderr
    assert "Stored the key for OpenRouter in the system keyring (sk-or-...aabb)" in out and "set=0" in out
    assert "openrouter  OpenRouter        keyring     sk-or-...aabb" in out
    assert "ask=0" in out and json.loads((tmp_path / "ask.json").read_text())["usage"]["cost"] > 0
    assert demo.request_headers[0]["authorization"] == f"Bearer {KEY}"
    assert "Deleted the key for OpenRouter" in out and "delete=0" in out
    assert "No API key for OpenRouter: run `ponder keys set openrouter`" in out and "after=1" in out
    assert KEY not in out
    leaks = [str(f) for f in home.rglob("*") if f.is_file() and KEY.encode() in f.read_bytes()]
    assert leaks == []


def test_an_mcp_servers_token_lives_in_gnome_keyring_only(need_keyring: None, tmp_path: Path) -> None:
    """`ponder mcp add --bearer` keeps the token in the Secret Service; the server is reached with it;
    `ponder mcp remove` deletes it; settings.json never holds it."""
    token = "mcp-TOKEN-in-the-keyring-0099"
    server = subprocess.Popen([sys.executable, "-m", "tests.helpers.mcp_http", "--token", token], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        home = tmp_path / "home"
        script = f"""
        p="{sys.executable} -m ponder"
        echo '{token}' | $p mcp add web --url http://127.0.0.1:{port}/mcp --bearer; echo "add=$?"
        $p mcp tools web | tail -1; echo "tools=$?"
        $p mcp remove web; echo "remove=$?"
        {sys.executable} -c "import keyring; print('left:', keyring.get_password('ponder', 'mcp:web:header:Authorization'))"
        """
        env = {**os.environ, "PONDER_HOME": str(home)}
        p = subprocess.run([str(WITH_KEYRING), "bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    finally:
        server.kill()
        server.wait()
        if server.stdout is not None:
            server.stdout.close()
    out = p.stdout + p.stderr
    assert "add=0" in out and "1 secret in the keyring" in out, out
    assert "9 tools" in out and "tools=0" in out, out
    assert "remove=0" in out and "left: None" in out, out
    assert token not in (home / "config" / "settings.json").read_text()
