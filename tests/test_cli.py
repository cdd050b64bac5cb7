"""The `ponder` command, run as a real process."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from ponder.demo.server import DemoServer
from tests.conftest import ROOT, stream_cases

KEY_VARS = ("OPENROUTER_API_KEY", "OPENAI_API_KEY", "PONDER_API_KEY", "PONDER_PROVIDER", "OPENAI_BASE_URL")


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in KEY_VARS}
    e.update(extra)
    return e


def ponder(*args: str, input: str | None = None, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ponder", *args], cwd=ROOT, env=env(**extra_env), input=input,
        capture_output=True, text=True, timeout=60,
    )


# -- parse-stream ----------------------------------------------------------------------------------

CASES = stream_cases()


@pytest.mark.parametrize("name,src,exp", CASES, ids=[c[0] for c in CASES])
def test_parse_stream_json_matches_the_expected_end_state(name: str, src: Path, exp: Path) -> None:
    p = ponder("parse-stream", str(src), "--json")
    assert p.returncode == 0, p.stderr
    want = json.loads(exp.read_text())
    want.pop("notes")
    assert json.loads(p.stdout) == want


def test_parse_stream_summary_stdin_and_bad_files(tmp_path: Path) -> None:
    src = next(s for n, s, _ in CASES if n == "deepseek_reasoning_content")
    p = ponder("parse-stream", str(src))
    assert p.returncode == 0 and "Reasoning:\nCompare 9.11 and 9.8." in p.stdout and "Answer:\n9.8 is greater" in p.stdout
    p = ponder("parse-stream", "-", "--json", input=src.read_text())
    assert json.loads(p.stdout)["content"] == "9.8 is greater than 9.11."

    p = ponder("parse-stream", str(tmp_path / "missing.sse"))
    assert p.returncode == 2 and "cannot read" in p.stderr and "missing.sse" in p.stderr
    bad = tmp_path / "bad.sse"
    bad.write_bytes(b'data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: {oops\n\n')
    p = ponder("parse-stream", str(bad), "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["content"] == "ok"
    assert "skipped 1 payload" in p.stderr
    http = tmp_path / "x.http"
    http.write_bytes(b"HTTP/1.1 nope\r\n\r\n")
    p = ponder("parse-stream", str(http))
    assert p.returncode == 2 and "not an HTTP status line" in p.stderr


# -- ask -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["demo/reasoning", "demo/openrouter", "demo/reasoning-field", "demo/think", "demo/hidden", "demo/fast", "demo/vision"])
def test_ask_each_scripted_model(demo: DemoServer, model: str) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", model, "--json", "hello")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["finish_reason"] == "stop" and out["error"] is None and out["content"]
    assert (out["reasoning"] is not None) == (model in ("demo/reasoning", "demo/openrouter", "demo/reasoning-field", "demo/think"))
    assert out["timing"]["ttft_ms"] > 0 and out["timing"]["total_ms"] >= out["timing"]["ttft_ms"]


def test_ask_plain_output_is_the_answer_only_when_piped(demo: DemoServer) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/reasoning", "hello")
    assert p.returncode == 0
    assert p.stdout.startswith("## Reasoning") and "I should answer" not in p.stdout


def test_ask_reads_the_prompt_from_stdin(demo: DemoServer) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/fast", input="piped words\n")
    assert "piped words" in p.stdout


def test_ask_with_a_provider_pointed_elsewhere_uses_its_dialect(demo: DemoServer) -> None:
    n = len(demo.requests)
    p = ponder("ask", "--provider", "openrouter", "--base-url", demo.base_url, "--model", "demo/openrouter",
               "--effort", "low", "--max-tokens", "500", "--temperature", "0.3", "--system", "be brief", "--json", "hi",
               OPENROUTER_API_KEY="sk-or-test")
    assert p.returncode == 0, p.stderr
    req = demo.requests[n]
    assert req["reasoning"] == {"effort": "low"} and req["max_tokens"] == 500 and req["temperature"] == 0.3
    assert "stream_options" not in req and req["messages"][0] == {"role": "system", "content": "be brief"}
    assert json.loads(p.stdout)["usage"]["cost"] > 0


def test_ask_default_is_the_built_in_demo() -> None:
    p = ponder("ask", "--json", "/tps 0\nhi")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["reasoning"]


@pytest.mark.parametrize(
    "prompt,words",
    [
        ("/error 401", "The key for Custom endpoint was rejected: set a new one"),
        ("/error 402", "out of credits"),
        ("/error 404", "check the model name"),
    ],
)
def test_ask_errors_print_one_clear_line(demo: DemoServer, prompt: str, words: str) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/fast", prompt)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and p.stderr.startswith("ponder: ") and words in p.stderr


def test_ask_rate_limit_retries_then_says_so(demo: DemoServer) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/fast", "/error 429")
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert [l for l in lines if "retrying in" in l] and "attempt 3" in lines[-2]
    assert lines[-1].startswith("ponder: Rate limited by Custom endpoint (retry in 1 s)")


@pytest.mark.parametrize("prompt,code", [("/error midstream", 502), ("/drop", "connection_lost")])
def test_ask_mid_answer_failures_keep_the_partial_answer(demo: DemoServer, prompt: str, code: Any) -> None:
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/fast", "--json", prompt)
    assert p.returncode == 1
    out = json.loads(p.stdout)
    assert out["error"]["code"] == code and out["finish_reason"] == "error" and out["content"].startswith("## ")
    p = ponder("ask", "--base-url", demo.base_url, "--model", "demo/fast", prompt)
    assert p.returncode == 1 and p.stdout.startswith("## ") and p.stderr.startswith("ponder: ")


def test_ask_hosted_provider_without_a_key() -> None:
    p = ponder("ask", "--provider", "openrouter", "hi")
    assert p.returncode == 1 and "No API key for OpenRouter: run `ponder keys set openrouter`, or set OPENROUTER_API_KEY" in p.stderr


def test_ask_unknown_provider_and_empty_prompt() -> None:
    p = ponder("ask", "--provider", "nope", "hi")
    assert p.returncode == 1 and "Unknown provider 'nope'" in p.stderr
    p = ponder("ask", "   ")
    assert p.returncode == 2 and "empty" in p.stderr


def test_ask_local_server_without_model_uses_its_first(demo: DemoServer) -> None:
    p = ponder("ask", "--provider", "ollama", "--base-url", demo.base_url, "--json", "hi")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["content"].startswith("## Reasoning (deepseek style)")


def test_ctrl_c_stops_cleanly_and_keeps_the_text(demo: DemoServer) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "ponder", "ask", "--base-url", demo.base_url, "--model", "demo/fast", "/tps 30\n/tokens 400\nhi"],
        cwd=ROOT, env=env(PYTHONUNBUFFERED=""), stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
    ) as proc:
        assert proc.stdout is not None
        first = b""
        while len(first) < 20:  # words arrive as they stream, even through a pipe
            first += proc.stdout.read(64)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    text = first + out
    assert text.startswith(b"## Plain and fast") and len(text) < 1000  # 400 tokens were asked for
    assert err.decode().strip() == "ponder: stopped"


def test_tty_shows_reasoning_dimmed_before_the_answer(demo: DemoServer) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ponder", "ask", "--base-url", demo.base_url, "--model", "demo/reasoning", "hello"],
        cwd=ROOT, env=env(), stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )
    os.close(slave)
    chunks = []
    while True:
        r, _, _ = select.select([master], [], [], 10)
        if not r:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(10)
    os.close(master)
    screen = b"".join(chunks).decode()
    dim_at, reason_at, reset_at = screen.index("\x1b[2m"), screen.index("I should answer"), screen.index("\x1b[0m")
    answer_at = screen.index("## Reasoning")
    assert dim_at < reason_at < reset_at < answer_at
    assert "first token" in screen and "tokens/s" in screen  # the footer


def test_demo_server_command_serves_until_interrupted() -> None:
    with subprocess.Popen([sys.executable, "-m", "ponder", "demo-server", "--port", "0"], cwd=ROOT, env=env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split(" on ")[1].split()[0]
            assert httpx.get(url + "/models", timeout=5).status_code == 200
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_version() -> None:
    p = ponder("--version")
    assert p.returncode == 0 and p.stdout.startswith("Ponder ")


def test_models_lists_the_catalog_and_cost_comes_from_its_prices(tmp_path: Path) -> None:
    home = {"PONDER_HOME": str(tmp_path / "home")}
    p = ponder("models", "--provider", "demo", **home)
    assert p.returncode == 0 and "demo/vision" in p.stdout and "$0.50" in p.stdout and "vision" in p.stdout
    p = ponder("models", "--provider", "demo", "--search", "tools", "--json", **home)
    assert [m["id"] for m in json.loads(p.stdout)] == ["demo/tools"]
    # demo/reasoning sends no usage.cost: the cost comes from the cached catalog's prices.
    out = json.loads(ponder("ask", "--model", "demo/reasoning", "--json", "/tps 0\nhi", **home).stdout)
    u = out["usage"]
    assert out["cost"] == pytest.approx(u["prompt_tokens"] * 5e-7 + u["completion_tokens"] * 1.5e-6)
    assert "cost" not in u
    # Without a catalog and with no usage.cost, the cost is unknown: null, never 0.
    out = json.loads(ponder("ask", "--model", "demo/reasoning", "--json", "/tps 0\nhi", PONDER_HOME=str(tmp_path / "other")).stdout)
    assert out["cost"] is None


def test_ask_leaves_out_what_the_model_refuses(demo: DemoServer) -> None:
    n = len(demo.requests)
    p = ponder("ask", "--base-url", demo.base_url, "--model", "my-finetune", "--temperature", "0.3", "hi")
    # An unknown model gets safe defaults: the temperature is sent (the demo then says it does not know it).
    assert "temperature not sent" not in p.stderr and demo.requests[n]["temperature"] == 0.3
    n = len(demo.requests)
    p = ponder("ask", "--base-url", demo.base_url, "--model", "o3-mini", "--temperature", "0.3", "hi")
    assert "ponder: warning: temperature not sent: o3-mini does not take temperature" in p.stderr
    assert all("temperature" not in r for r in demo.requests[n:])


# -- the window from the command line ---------------------------------------------------------------


def test_compare_from_the_command_line_saves_a_screenshot_and_the_comparison(tmp_path: Path) -> None:
    shot = tmp_path / "compare.png"
    home = str(tmp_path / "home")
    r = ponder("--demo", "--compare", "demo/fast,demo/think,demo/reasoning@low", "--prompt", "/tokens 30\n/tps 2000\nhello",
               "--screenshot", str(shot), "--exit-when-done", PONDER_HOME=home, QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 0, r.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    listed = ponder("history", "list", PONDER_HOME=home).stdout
    assert "4 msgs" in listed and "hello" in listed
    md = ponder("history", "show", listed.split()[0], PONDER_HOME=home).stdout
    assert "## Comparison of 3 models" in md
    for name in ("### fast", "### think", "### reasoning · low", "| Tokens/s |"):
        assert name in md
    # A comparison cannot be continued from the terminal: which column would it be?
    r = ponder("ask", "-c", listed.split()[0], "more", PONDER_HOME=home)
    assert r.returncode != 0 and "is a comparison" in r.stderr and "Continue with this answer" in r.stderr


def test_a_sweep_is_kept_and_exported_with_what_each_effort_cost_and_bought(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    r = ponder("--demo", "--sweep", "demo/openrouter", "--prompt", "/tps 0\nWhy is the sky blue?", "--exit-when-done",
               PONDER_HOME=home, QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 0, r.stderr
    listed = ponder("history", "list", PONDER_HOME=home).stdout
    md = ponder("history", "show", listed.split()[0], PONDER_HOME=home).stdout
    table = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]] for line in md.splitlines()
             if line.startswith("| ")}
    efforts = [name.rsplit(" · ", 1)[-1] for name in table[""]]
    assert f"## demo/openrouter at {len(efforts)} reasoning efforts" in md
    assert efforts[0] == "none" and {"low", "medium", "high"} <= set(efforts)
    reasoning = [int(v.replace(",", "")) if v != "–" else 0 for v in table["Reasoning tokens"]]
    assert reasoning[0] == 0 and all(a < b for a, b in zip(reasoning[1:], reasoning[2:]))  # what more effort bought
    assert all(v.endswith(" words") and int(v.split()[0].replace(",", "")) > 20 for v in table["Answer"])
    assert all(v != "–" for v in table["Total time"] + table["Cost"])


@pytest.mark.parametrize("spec, words", [("demo/fast", "2 to 8"), ("demo/fast,demo/fast", "twice")])
def test_compare_with_a_bad_model_list_says_why(tmp_path: Path, spec: str, words: str) -> None:
    r = ponder("--demo", "--compare", spec, "--exit-when-done", PONDER_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 2 and "--compare" in r.stderr and words in r.stderr


# -- images ----------------------------------------------------------------------------------------


def _image(path: Path, w: int, h: int, fmt: str) -> Path:
    from PySide6.QtGui import QColor, QImage

    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#3366aa"))
    assert img.save(str(path), fmt)
    return path


def test_ask_with_images_sends_them_downscaled_and_refuses_where_they_cannot_go(tmp_path: Path, demo: DemoServer) -> None:
    home = str(tmp_path / "home")
    big = _image(tmp_path / "big.jpg", 4000, 3000, "JPEG")
    shot = _image(tmp_path / "shot.png", 1200, 700, "PNG")
    r = ponder("ask", "-m", "demo/vision", "-i", str(big), "--image", str(shot), "--detail", "low", "What is this?",
               PONDER_HOME=home)
    assert r.returncode == 0, r.stderr
    assert "I received 2 images" in r.stdout
    assert "JPEG 1024x768" in r.stdout and "PNG 1200x700" in r.stdout and "detail low" in r.stdout
    assert "from 4000×3000" in r.stderr
    # A model known to lack image input: refused, nothing sent, nothing saved.
    r = ponder("ask", "-m", "demo/fast", "-i", str(shot), "hello", PONDER_HOME=home)
    assert r.returncode == 1 and "does not take images" in r.stderr and "Nothing was sent" in r.stderr
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(big.read_bytes()[:2000])
    r = ponder("ask", "-m", "demo/vision", "-i", str(broken), "hello", PONDER_HOME=home)
    assert r.returncode == 1 and "damaged" in r.stderr
    listed = ponder("history", "list", PONDER_HOME=home).stdout.strip().splitlines()
    assert len(listed) == 1  # only the exchange that went out
    # Continuing it sends the images again with the history.
    r = ponder("ask", "-c", listed[0].split()[0], "--provider", "demo", "--base-url", demo.base_url, "And now?",
               PONDER_HOME=home)
    assert r.returncode == 0, r.stderr
    first = demo.requests[-1]["messages"][0]["content"]
    assert [p["type"] for p in first] == ["text", "image_url", "image_url"]
    assert first[1]["image_url"]["url"].startswith("data:image/jpeg;base64,")


def test_ask_will_not_continue_past_a_tool_call_waiting_for_its_result(tmp_path: Path, demo: DemoServer) -> None:
    from ponder.core.history.store import Store
    from ponder.core.models import Message, ToolCall

    store = Store(tmp_path / "data" / "ponder.db")
    c = store.create_conversation("Weather", provider="demo", model="demo/tools")
    store.add_message(c.id, Message("user", "Weather in Oslo?"))
    store.add_message(c.id, Message("assistant", tool_calls=[ToolCall("c1", "get_weather", '{"city": "Oslo"}')]))
    store.close()
    sent = len(demo.requests)
    r = ponder("ask", "-c", c.id[:8], "--base-url", demo.base_url, "And tomorrow?", PONDER_HOME=str(tmp_path))
    assert r.returncode != 0 and "waiting for its result" in r.stderr and "get_weather" in r.stderr
    assert "Nothing was sent" in r.stderr and len(demo.requests) == sent


def test_every_parameter_flag_reaches_the_request_and_is_kept_with_the_conversation(tmp_path: Path) -> None:
    from ponder.demo.server import DemoServer

    demo = DemoServer(tps=0)
    demo.start_in_thread()
    try:
        home = {"PONDER_HOME": str(tmp_path)}
        p = ponder("ask", "--base-url", demo.base_url, "-m", "demo/fast", "--top-p", "0.9", "--seed", "7",
                   "--stop", "END", "--stop", "STOP", "--frequency-penalty", "0.5", "--presence-penalty", "-0.5",
                   "--logit-bias", '{"50256": -100}', "--logprobs", "3", "--json-object", "--json", "hi", **home)
        assert p.returncode == 0, p.stderr
        sent = demo.requests[-1]
        assert (sent["top_p"], sent["seed"], sent["stop"], sent["frequency_penalty"], sent["presence_penalty"]) == \
            (0.9, 7, ["END", "STOP"], 0.5, -0.5)
        assert sent["logit_bias"] == {"50256": -100} and sent["logprobs"] is True and sent["top_logprobs"] == 3
        assert sent["response_format"] == {"type": "json_object"}
        out = json.loads(p.stdout)
        assert out["checked"] == {"json": True, "valid": True, "errors": []}
        assert out["logprobs"] and {"token", "logprob", "top"} <= out["logprobs"][0].keys() and len(out["logprobs"][0]["top"]) == 3
        p = ponder("ask", "--base-url", demo.base_url, "-c", out["conversation_id"], "again", **home)  # kept with it
        sent = demo.requests[-1]
        assert p.returncode == 0 and sent["seed"] == 7 and sent["logit_bias"] == {"50256": -100}
        for bad, why in ((["--logit-bias", "[1]"], "token id -> bias"), (["--logprobs", "21"], "0 to 20"),
                         (["--frequency-penalty", "3"], "-2 to 2"), (["--stop", "a"] * 5, "at most 4")):
            p = ponder("ask", *bad, "hi", **home)
            assert p.returncode == 2 and why in p.stderr
    finally:
        demo.stop_thread()


def test_a_json_schema_is_checked_before_sending_and_the_answer_after(tmp_path: Path) -> None:
    schema = tmp_path / "city.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}))
    home = {"PONDER_HOME": str(tmp_path / "home")}
    p = ponder("ask", "-m", "demo/fast", "--json-schema", str(schema), "Describe Oslo", **home)
    assert p.returncode == 0 and json.loads(p.stdout) == {"city": "example"} and "Valid JSON for the schema" in p.stderr
    p = ponder("ask", "-m", "demo/fast", "--json-schema", str(schema), "Describe Oslo /badjson", **home)
    assert "warning: Not valid for the schema: (the whole answer): 'city' is a required property" in p.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "object", "properties": 5}')
    p = ponder("ask", "--json-schema", str(bad), "hi", **home)
    assert p.returncode == 2 and "Not a valid JSON Schema at properties" in p.stderr


def test_sources_print_after_the_answer_numbered(tmp_path: Path) -> None:
    p = ponder("ask", "-m", "demo/search", "Why is the sky blue?", PONDER_HOME=str(tmp_path))
    assert p.returncode == 0, p.stderr
    answer, sources = p.stdout.split("Sources:\n")
    assert "scatters short wavelengths" in answer
    assert sources.splitlines()[:2] == [
        "[1] Rayleigh scattering - Wikipedia (en.wikipedia.org) https://en.wikipedia.org/wiki/Rayleigh_scattering",
        "[2] Why is the sky blue? | NASA Space Place (nasa.gov) https://www.nasa.gov/sky-colour"]
    listed = json.loads(ponder("history", "list", "--json", PONDER_HOME=str(tmp_path)).stdout)
    md = ponder("history", "show", listed[0]["id"], PONDER_HOME=str(tmp_path)).stdout  # the export: footnotes
    assert "than long ones.[^1] Violet" in md and "reds remain.[^1]" in md
    assert "[^2]: [Why is the sky blue? | NASA Space Place](https://www.nasa.gov/sky-colour) (nasa.gov)" in md


def test_web_search_and_openrouter_routing_flags(tmp_path: Path) -> None:
    from ponder.demo.server import DemoServer

    demo = DemoServer(tps=0)
    demo.start_in_thread()
    try:
        p = ponder("ask", "--provider", "openrouter", "--base-url", demo.base_url, "-m", "demo/search", "--web-search",
                   "--web-max-results", "4", "--search-context", "medium", "--provider-order", "Azure, OpenAI",
                   "--no-fallbacks", "--sort", "latency", "--zdr", "--no-data-collection", "--fallback-model", "demo/fast",
                   "Why is the sky blue?", PONDER_HOME=str(tmp_path), OPENROUTER_API_KEY="sk-or-test")
        assert p.returncode == 0, p.stderr
        sent = demo.requests[-1]
        assert sent["plugins"] == [{"id": "web", "max_results": 4}] and sent["web_search_options"] == {"search_context_size": "medium"}
        assert sent["provider"] == {"order": ["Azure", "OpenAI"], "allow_fallbacks": False, "sort": "latency",
                                    "data_collection": "deny", "zdr": True}
        assert sent["models"] == ["demo/search", "demo/fast"] and "Sources:" in p.stdout
        p = ponder("ask", "--search-context", "high", "hi", PONDER_HOME=str(tmp_path))
        assert p.returncode == 2 and "go with --web-search" in p.stderr
        p = ponder("ask", "-m", "demo/fast", "--sort", "price", "hi", PONDER_HOME=str(tmp_path))  # the demo is no gateway
        assert p.returncode == 0 and "provider routing not sent: only OpenRouter routes" in p.stderr
    finally:
        demo.stop_thread()


def test_a_preset_from_the_terminal_and_flags_win_over_it(tmp_path: Path) -> None:
    from ponder.demo.server import DemoServer

    demo = DemoServer(tps=0)
    demo.start_in_thread()
    try:
        home = {"PONDER_HOME": str(tmp_path)}
        p = ponder("ask", "--base-url", demo.base_url, "-m", "demo/fast", "--preset", "JSON extractor", "--seed", "9",
                   "Ada Lovelace, born 1815", **home)
        sent = demo.requests[-1]
        assert p.returncode == 0 and sent["response_format"] == {"type": "json_object"} and sent["temperature"] == 0
        assert sent["seed"] == 9 and sent["messages"][0]["content"].startswith("Extract what is asked")
        assert "Valid JSON" in p.stderr and "schema" not in p.stderr
        p = ponder("ask", "--preset", "nope", "hi", **home)
        assert p.returncode == 1 and "no preset named 'nope'" in p.stderr and "JSON extractor" in p.stderr
    finally:
        demo.stop_thread()


def test_a_sweep_from_the_terminal_prints_what_each_effort_cost_and_bought(tmp_path: Path) -> None:
    p = ponder("ask", "--sweep", "-m", "demo/openrouter", "--json", "Why is the sky blue?", PONDER_HOME=str(tmp_path))
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert [r["effort"] for r in rows] == ["none", "minimal", "low", "medium", "high", "xhigh"]
    tokens = [r["reasoning_tokens"] for r in rows]
    assert tokens[0] == 0 and tokens == sorted(tokens) and tokens[-1] > tokens[1]  # more effort, more thinking
    assert all(r["cost"] and r["content"] for r in rows)
    p = ponder("ask", "--sweep", "-m", "demo/openrouter", "hi", PONDER_HOME=str(tmp_path))
    assert p.stdout.splitlines()[0].split() == ["effort", "reasoning", "tokens", "thinking", "total", "answer", "tokens", "cost"]
    p = ponder("ask", "--sweep", "-m", "demo/fast", "hi", PONDER_HOME=str(tmp_path / "x"))
    assert p.returncode == 1 and "nothing to compare" in p.stderr
