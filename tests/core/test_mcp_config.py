"""MCP servers' settings: the mcpServers JSON other apps write, secrets split out for the keyring,
tool names providers accept, and the conversation's side of a call (arguments, approvals)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from ponder.core.mcp.config import McpConfigError, McpServer, check_server, read_mcp_servers, tool_name
from ponder.core.mcp.host import ToolInfo, ToolOutcome
from ponder.core.mcp.rounds import Approvals, ToolRun, offer, parse_arguments, pretty_arguments, runs
from ponder.core.models import ToolCall
from ponder.core.settings import Settings, load_settings, save_settings


def test_claude_desktop_servers_come_across_with_their_secrets_split_out() -> None:
    text = json.dumps({"mcpServers": {
        "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
                   "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abc", "LOG_LEVEL": "info"}},
        "remote": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer s3cret", "X-Team": "blue"}},
        "legacy": {"url": "https://old.example.com/sse", "type": "sse"},
        "off": {"command": "uvx", "args": ["mcp-server-time"], "disabled": True},
        "bad": {"command": "x", "args": "not a list"},
    }})
    found, skipped = read_mcp_servers(text)
    by = {i.server.name: i for i in found}
    assert set(by) == {"github", "remote", "off"}
    gh = by["github"]
    assert gh.server.env == {"LOG_LEVEL": "info"} and gh.server.secrets == ["env:GITHUB_PERSONAL_ACCESS_TOKEN"]
    assert gh.secret_values == {"env:GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abc"}
    assert by["remote"].server.headers == {"X-Team": "blue"}
    assert by["remote"].secret_values == {"header:Authorization": "Bearer s3cret"}
    assert not by["off"].server.enabled
    assert any(s.startswith("legacy: uses the old SSE transport") for s in skipped)
    assert any(s.startswith("bad:") for s in skipped)
    with pytest.raises(McpConfigError, match="not valid JSON"):
        read_mcp_servers("{nope")


def test_a_secret_never_reaches_settings_json(tmp_path: Path) -> None:
    found, _ = read_mcp_servers(json.dumps({"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "ghp_secret1"}}}}))
    s = Settings(mcp_servers=[found[0].server], mcp_always=["gh/search"])
    path = tmp_path / "settings.json"
    save_settings(path, s)
    raw = path.read_text()
    assert "ghp_secret1" not in raw and '"env:GITHUB_TOKEN"' in raw
    back, warnings = load_settings(path)
    assert warnings == [] and back.mcp_servers == [found[0].server] and back.mcp_always == ["gh/search"]
    with pytest.raises(McpConfigError, match="looks like a secret"):
        save_settings(path, Settings(mcp_servers=[McpServer("x", command="y", env={"API_KEY": "sk-1"})]))
    assert "sk-1" not in path.read_text()
    path.write_text(json.dumps({"mcp_servers": [{"name": "a b", "command": "x"}, {"name": "ok", "url": "ftp://x"},
                                                {"name": "fine", "command": "x"}]}))
    back, warnings = load_settings(path)
    assert [m.name for m in back.mcp_servers] == ["fine"] and len(warnings) == 2


def test_server_settings_are_checked() -> None:
    for bad, why in ((McpServer("", command="x"), "1 to 32 letters"), (McpServer("a", command="x", url="http://y"), "either"),
                     (McpServer("a"), "either"), (McpServer("a", url="file:///etc"), "http"),
                     (McpServer("a", url="http://x", headers={"X-Api-Key": "k"}), "credential"),
                     (McpServer("a", url="http://x", headers={"X-A": "v\r\nEvil: 1"}), "line break"),
                     (McpServer("a", command="x", secrets=["file:/etc/passwd"]), "not a secret")):
        with pytest.raises(McpConfigError, match=why):
            check_server(bad)


@given(server=st.text(min_size=1, max_size=40), tool=st.text(min_size=1, max_size=80))
def test_tool_names_are_what_providers_accept_and_never_collide(server: str, tool: str) -> None:
    import re

    name = tool_name(server, tool)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name)
    if name == f"{server}__{tool}":
        return
    assert name != tool_name(server, tool + "x")  # a hash of the whole keeps look-alikes apart


def test_calls_become_runs_with_their_arguments_checked_and_approvals_remembered() -> None:
    tools = {"demo": [ToolInfo("demo", "calculate", "Arithmetic", {"type": "object", "properties": {"expression": {"type": "string"}}}),
                      ToolInfo("demo", "word_count", "Words", {"type": "object"})],
             "down": RuntimeError("could not start: the program 'x' was not found")}
    offered = offer(tools, ["demo/calculate", "down"])
    assert list(offered.tools) == ["demo__calculate"] and offered.problems == ["down: could not start: the program 'x' was not found"]
    fn = offered.functions()[0]
    assert fn["name"] == "demo__calculate" and "MCP server demo" in fn["description"] and fn["parameters"]["type"] == "object"
    calls = [ToolCall("c1", "demo__calculate", '{"expression": "1+1"}'), ToolCall("c2", "demo__calculate", "{oops")]
    r1, r2 = runs(calls, offered) or []
    assert r1.arguments == {"expression": "1+1"} and r2.arguments is None and "not valid JSON" in (r2.problem or "")
    assert runs([ToolCall("c3", "my_own_function", "{}")], offered) is None  # the user's own: theirs to answer
    assert parse_arguments("[1]")[1] == "The arguments must be a JSON object; nothing was run."
    approvals = Approvals(always={"demo/calculate"})
    assert approvals.given("demo", "calculate") == "always" and approvals.given("demo", "word_count") is None
    r1.approval, r1.outcome = "once", ToolOutcome("1+1 = 2", elapsed_s=0.01)
    assert r1.for_model() == "1+1 = 2" and r1.record()["tool_run"]["approval"] == "once"
    denied = ToolRun("c4", "demo__calculate", "demo", "calculate", {}, approval="deny", reason="not now")
    assert denied.for_model() == "The user did not allow this call of calculate: not now"
    assert denied.record()["tool_run"]["is_error"] is False
    stopped = ToolRun("c5", "demo__calculate", "demo", "calculate", {}, approval="once")
    assert "stopped before it finished" in stopped.for_model() and stopped.record()["tool_run"]["is_error"]
    folded = pretty_arguments({"v": "q" * 1000}, fold=10)
    assert folded.count("q") == 10 and "990 more characters" in folded


def test_the_demo_calculator_does_arithmetic_and_nothing_else() -> None:
    from mcp.server.mcpserver.exceptions import ToolError

    from ponder.demo.mcp_server import calculate, swatch_png, word_count

    assert calculate("(17 + 4) * 2 / 3") == 14 and round(calculate("sqrt(2) * pi"), 4) == 4.4429
    for evil in ("__import__('os')", "open('/etc/passwd')", "9 ** 9 ** 9", "(1).__class__", "x" * 600, "lambda: 1"):
        with pytest.raises(ToolError):
            calculate(evil)
    assert word_count("") == {"words": 0, "characters": 0, "lines": 0}
    assert swatch_png("red").startswith(b"\x89PNG\r\n\x1a\n")
