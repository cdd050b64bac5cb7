"""One request stage for every caller: `ponder ask` and the window send the same bytes for the same
conversation and settings (core/answers/pipeline.py)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from ponder.demo.server import DemoServer
from tests.conftest import ROOT
from tests.test_cli import env
from tests.ui.conftest import make_app


def test_ask_and_the_window_send_the_same_body_for_the_same_conversation(qtbot: Any, demo: DemoServer, tmp_path: Path,
                                                                         aloop: Any) -> None:
    (tmp_path / "data").mkdir()
    app = make_app(qtbot, demo, tmp_path / "data" / "ponder.db", model="demo/reasoning")
    bar = app.window.bar
    bar.advanced.setChecked(True)
    bar.system.setText("Answer in one line")
    bar.temperature.setValue(0.3)
    bar.max_tokens.setValue(512)
    bar.effort.setCurrentIndex(bar.effort.findData("low"))

    async def scenario() -> None:
        app.window.send("/tokens 20\nWhat is a quokka?")
        await app.wait(lambda: not app.service.busy() and app.window.cid, what="the first answer")
        cid = app.window.cid

        async def ask(*flags: str) -> bytes:
            # The terminal continues the same conversation, without saving (so each starts from the same state).
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "ponder", "ask", "-c", cid, "--provider", "demo", "--base-url", demo.base_url,
                *flags, "--no-save", "/tokens 20\nAnd where do they live?", cwd=ROOT, env=env(PONDER_HOME=str(tmp_path)),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await proc.communicate()
            assert proc.returncode == 0, err.decode()
            return demo.raw_requests[-1]

        from_terminal = await ask("--system", "Answer in one line", "--temperature", "0.3", "--max-tokens", "512",
                                  "--effort", "low")
        inherited = await ask()  # no flags: the conversation goes on with its own settings
        app.window.send("/tokens 20\nAnd where do they live?")
        await app.wait(lambda: len(demo.raw_requests) == 4 and not app.service.busy(), what="the window's request")
        from_window = demo.raw_requests[-1]
        sent = json.loads(from_window)
        assert sent["messages"][-1]["content"] == "/tokens 20\nAnd where do they live?"
        assert sent["messages"][0]["role"] == "system" and sent["temperature"] == 0.3 and sent["reasoning_effort"] == "low"
        assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "user"]
        assert from_terminal == from_window == inherited  # byte for byte
        await app.service.tasks.shutdown()
        await app.client.aclose()

    aloop.run_until_complete(scenario())
    app.window.close()
    app.store.close()
