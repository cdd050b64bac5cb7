"""MCP tools in the window, against the demo provider's tool model and Ponder's demo MCP server
(a real process): the card asks before anything runs, each approval does what it says, a denial
reaches the model with its reason, Stop stops, and the results are kept and shown."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from ponder.demo.server import DemoServer
from ponder.ui.tool_card import ToolCard, ToolResultView
from tests.test_mcp import demo_server
from tests.ui.conftest import App, make_app


@pytest.fixture
def mcp_app(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> Iterator[App]:
    a = make_app(qtbot, demo, tmp_path / "ponder.db", model="demo/tools", mcp_servers=[demo_server(timeout_s=20)])
    a.window.bar.set_tools([], None, None, ["demo"])
    yield a
    aloop.run_until_complete(a.service.tasks.shutdown())
    a.tools.close()
    a.service.collector.release()
    aloop.run_until_complete(a.client.aclose())
    a.store.close()


def cards(a: App) -> list[ToolCard]:
    return [c for w in a.window.transcript.widgets.values() for c in w.findChildren(ToolCard) if c.isVisible()]


def asking(a: App) -> list[ToolCard]:
    return [c for c in cards(a) if c.ask.isVisible()]


def results(a: App) -> list[ToolResultView]:
    return [v for w in a.window.transcript.widgets.values() for v in w.findChildren(ToolResultView)]


def last_answer(a: App) -> Any:
    return [m for m in a.store.thread(a.window.cid) if m.role == "assistant"][-1]


def test_nothing_runs_until_allowed_then_the_result_goes_back_to_the_model(mcp_app: App, aloop: Any) -> None:
    a = mcp_app

    async def go() -> None:
        a.window.send("What is (17 + 4) * 2 / 3? Use calculate.")
        await a.wait(lambda: asking(a), 60, "the approval card")
        card = asking(a)[0]
        assert "calculate" in card.findChildren(type(card.state))[0].text()
        assert not [m for m in a.store.thread(a.window.cid) if m.role == "tool"]  # nothing ran
        assert a.window.composer.streaming  # the conversation is busy: Stop stops the calls
        card.buttons["once"].click()
        await a.wait(lambda: last_answer(a).content and "That settles it" in last_answer(a).content, 30, "the final answer")
        await a.wait(lambda: results(a), 10, "the result shown")
        view = results(a)[0]
        assert "calculate · MCP server demo · allowed once" in view.findChildren(type(card.state))[0].text()
        tool = next(m for m in a.store.thread(a.window.cid) if m.role == "tool")
        assert tool.content == "(17 + 4) * 2 / 3 = 14" and tool.settings["tool_run"]["approval"] == "once"
        assert "(17 + 4) * 2 / 3 = 14" in last_answer(a).content  # the model got it

    aloop.run_until_complete(go())


def test_always_and_conversation_approvals_are_remembered_and_a_denial_is_told(mcp_app: App, aloop: Any) -> None:
    a = mcp_app

    async def go() -> None:
        a.window.send('Count "one two three" with word_count')
        await a.wait(lambda: asking(a), 60, "the first card")
        asking(a)[0].buttons["conversation"].click()
        await a.wait(lambda: "That settles it" in (last_answer(a).content or ""), 30, "the answer")
        assert a.store.conversation(a.window.cid).settings["mcp_allowed"] == ["demo/word_count"]
        n = len(a.store.thread(a.window.cid))
        a.window.send('Count "four five" with word_count')  # allowed for this conversation: no card
        await a.wait(lambda: len(a.store.thread(a.window.cid)) >= n + 4 and "That settles it" in (last_answer(a).content or ""),
                     30, "the second answer")
        tool = [m for m in a.store.thread(a.window.cid) if m.role == "tool"][-1]
        assert tool.settings["tool_run"]["approval"] == "conversation" and '"words": 2' in tool.content
        a.window.send("What time is it in Asia/Shanghai? Use current_time")
        await a.wait(lambda: asking(a), 30, "a card for another tool")
        card = asking(a)[0]
        card.reason.setText("not now, thanks")
        card.buttons["deny"].click()
        await a.wait(lambda: "did not allow" in (last_answer(a).content or ""), 30, "the model told")
        assert "not now, thanks" in last_answer(a).content
        a.window.send("What is 6*7? Use calculate")
        await a.wait(lambda: asking(a), 30, "the calculator's card")
        asking(a)[0].buttons["always"].click()
        await a.wait(lambda: "6*7 = 42" in (last_answer(a).content or ""), 30, "the answer")
        assert a.tools._always() == ["demo/calculate"]

    aloop.run_until_complete(go())


def test_stop_ends_a_running_call_and_the_conversation_waits(mcp_app: App, aloop: Any) -> None:
    a = mcp_app

    async def go() -> None:
        a.window.send("Run slow_task for 20 seconds")
        await a.wait(lambda: asking(a), 60, "the card")
        asking(a)[0].buttons["once"].click()
        await a.wait(lambda: any(c.running.isVisible() for c in cards(a)), 10, "the call running")
        await asyncio.sleep(0.6)
        assert "Running…" in cards(a)[0].clock.text()
        a.window.stop()
        await a.wait(lambda: results(a), 10, "the stopped call kept")
        tool = next(m for m in a.store.thread(a.window.cid) if m.role == "tool")
        assert "stopped before it finished" in tool.content
        await asyncio.sleep(0.5)
        assert a.store.thread(a.window.cid)[-1].role == "tool"  # no answer followed: the user stopped
        assert not a.window.composer.streaming

    aloop.run_until_complete(go())


def test_servers_are_set_up_in_settings_and_no_secret_reaches_the_file(qtbot: Any, tmp_path: Path, aloop: Any,
                                                                       monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from ponder.services.tools import ToolService
    from ponder.ui.mcp_settings import McpImportDialog, McpServerDialog
    from ponder.ui.settings_dialog import SettingsDialog
    from tests.test_mcp import DEMO
    from tests.ui.test_settings import service

    svc = service(tmp_path)
    tools = ToolService(svc.keys, lambda: svc.settings.mcp_servers, lambda: svc.settings.mcp_always, svc.set_mcp_always)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: told.append(self.text()) or QMessageBox.StandardButton.Yes)

    def filled(d: McpServerDialog) -> int:  # the user fills the form and saves
        d.name.setText("demo")
        d.command.setText(" ".join(DEMO))
        d.env.setPlainText("LOG_LEVEL=info\nDEMO_API_KEY=sk-demo-secret-42")
        d._check()
        return QDialog.DialogCode.Accepted if d.server else QDialog.DialogCode.Rejected

    monkeypatch.setattr(McpServerDialog, "exec", filled)
    d = SettingsDialog(svc, tools=tools)
    qtbot.addWidget(d)
    page = d.mcp
    try:
        page.add.click()
        saved = (tmp_path / "settings.json").read_text()
        assert '"env:DEMO_API_KEY"' in saved and "sk-demo-secret-42" not in saved and "LOG_LEVEL" in saved
        assert svc.keys.get_secret("mcp:demo:env:DEMO_API_KEY") == "sk-demo-secret-42"
        page.restart.click()
        aloop.run_until_complete(_until(lambda: tools.state("demo").status == "ready", 60))
        aloop.run_until_complete(_until(lambda: "ready, 9 tools" in page.state.text()))
        assert "calculate" in page.tool_list.text() and page.list.item(0).text() == "demo — ready, 9 tools"

        monkeypatch.setattr(McpImportDialog, "exec", lambda self: (self.text.setPlainText(json.dumps({"mcpServers": {
            "broken": {"command": sys.executable, "args": ["-c", "import sys; sys.stderr.write('missing config file\\\\n')"]},
            "demo": {"command": "x"}}})), QDialog.DialogCode.Accepted)[1])
        page.import_button.click()
        assert "Added broken." in told[-1] and "demo: a server of that name is there already" in told[-1]
        page.list.setCurrentRow(1)
        page.restart.click()
        aloop.run_until_complete(_until(lambda: tools.state("broken").status == "failed", 30))
        aloop.run_until_complete(_until(lambda: "missing config file" in page.stderr.text()))
        assert page.state.text().startswith("failed:")

        svc.set_mcp_always(["demo/calculate"])
        page._fill()
        page.always.setCurrentRow(0)
        page.revoke.click()
        assert svc.settings.mcp_always == []
        page.list.setCurrentRow(0)
        page.remove.click()
        assert [s.name for s in svc.settings.mcp_servers] == ["broken"]
        assert svc.keys.get_secret("mcp:demo:env:DEMO_API_KEY") is None  # its secret went with it
    finally:
        tools.close()


async def _until(cond: Any, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def test_parallel_calls_are_approved_together_or_one_by_one(mcp_app: App, aloop: Any) -> None:
    a = mcp_app

    async def go() -> None:
        a.window.send("In parallel: calculate 2+3 and word_count of it")
        await a.wait(lambda: len(asking(a)) == 2, 60, "two cards")
        w = a.window.transcript.widgets[last_answer(a).id]
        assert w._all.isVisible() and "2 tools at once" in w._all_label.text()
        asking(a)[1].buttons["deny"].click()  # one by one: the second denied
        await a.wait(lambda: len(asking(a)) == 1, 10, "one card left")
        assert not w._all.isVisible()
        a.window.send("In parallel: calculate 7*6 and word_count of it")
        await a.wait(lambda: len(asking(a)) == 2, 60, "two new cards")
        w = a.window.transcript.widgets[[m for m in a.store.thread(a.window.cid) if m.role == "assistant"][-1].id]
        w._all.findChildren(type(asking(a)[0].buttons["once"]))[0].click()  # Allow all once
        await a.wait(lambda: "That settles it" in (last_answer(a).content or ""), 30, "the answer")
        runs = [m.settings["tool_run"] for m in a.store.thread(a.window.cid) if m.role == "tool"][-2:]
        assert [(r["tool"], r["approval"]) for r in runs] == [("calculate", "once"), ("word_count", "once")]

    aloop.run_until_complete(go())


def test_reasoning_goes_back_with_the_results_and_each_round_keeps_its_thinking(tmp_path: Path, aloop: Any) -> None:
    from dataclasses import replace

    from ponder.core.history.store import Store
    from ponder.core.models import ChatSettings
    from ponder.core.providers.presets import PRESETS
    from ponder.core.safety.secrets import KeyStore, MemoryKeyring
    from ponder.core.wire.client import ChatClient
    from ponder.services.chat import ChatService
    from ponder.services.tools import ToolService
    from tests.helpers.rawserver import RawServer, Reply
    from tests.ui.conftest import sse

    details = [{"type": "reasoning.text", "text": "Arithmetic: use the tool.", "signature": "sig-1", "format": "anthropic-claude-v1"}]
    first = sse({"choices": [{"delta": {"reasoning": "Arithmetic: use the tool.", "reasoning_details": details}}]},
                {"choices": [{"delta": {"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {
                    "name": "demo__calculate", "arguments": '{"expression": "2+2"}'}}]}, "finish_reason": "tool_calls"}]})
    second = sse({"choices": [{"delta": {"reasoning": "The tool says 4."}}]},
                 {"choices": [{"delta": {"content": "It is 4."}, "finish_reason": "stop"}]})

    async def go() -> None:
        async with RawServer([Reply(body=first), Reply(body=second)]) as server:
            store = Store(tmp_path / "p.db")
            keys = KeyStore(MemoryKeyring(), env={"OPENROUTER_API_KEY": "sk-or-test"})
            client = ChatClient(max_attempts=1)
            service = ChatService(store, keys, client, lambda pid: replace(PRESETS["openrouter"], base_url=server.url))
            tools = ToolService(keys, lambda: [demo_server()], lambda: ["demo/calculate"], lambda new: None, service.tasks)
            service.attach_tools(tools)
            service.collector.take_charge()
            try:
                cid = service.send(None, "What is 2+2?", ChatSettings(model="anthropic/claude-sonnet-4", provider="openrouter",
                                                                     mcp=["demo/calculate"]))
                for _ in range(3000):
                    thread = store.thread(cid)
                    if thread[-1].role == "assistant" and thread[-1].content == "It is 4.":
                        break
                    await asyncio.sleep(0.01)
                sent = json.loads(server.requests[1])
                assistant = next(m for m in sent["messages"] if m["role"] == "assistant")
                assert assistant["reasoning_details"] == details  # replayed unmodified, signature and all
                assert assistant["tool_calls"][0]["function"]["name"] == "demo__calculate"
                assert {"role": "tool", "tool_call_id": "call_1", "content": "2+2 = 4"} in sent["messages"]
                assert any(t["function"]["name"] == "demo__calculate" for t in sent["tools"])
                answers = [m for m in store.thread(cid) if m.role == "assistant"]
                assert [a.reasoning for a in answers] == ["Arithmetic: use the tool.", "The tool says 4."]  # a pane each
            finally:
                tools.close()
                service.collector.release()
                await service.tasks.shutdown()
                await client.aclose()
                store.close()

    aloop.run_until_complete(go())


def test_the_window_stops_a_model_that_keeps_calling_after_ten_rounds(mcp_app: App, aloop: Any) -> None:
    a = mcp_app
    a.tools._set_always(["demo/calculate"])  # every call allowed: the model would go on for ever

    async def go() -> None:
        told: list[str] = []
        a.service.saveProblem.connect(lambda cid, mid, why: told.append(why))
        a.window.send("loop: calculate 1+1")
        await a.wait(lambda: told, 120, "the stop")
        await asyncio.sleep(0.3)
        thread = a.store.thread(a.window.cid)
        runs = [m for m in thread if m.role == "tool"]
        assert len(runs) == 11 and all("1+1 = 2" == m.content for m in runs[:10])
        assert runs[-1].content.startswith("Not run: Ponder stops a model that calls tools 10 rounds in a row")
        assert "Send a message to let it go on" in told[-1] and not a.window.composer.streaming
        a.tools._set_always([])

    aloop.run_until_complete(go())
