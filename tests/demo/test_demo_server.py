"""The demo provider, through Ponder's own client: every scripted model and fault."""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from typing import Any

import httpx
import pytest

from ponder.core import errors as E
from ponder.core.wire.client import ChatClient
from ponder.core.models import ChatSettings, ImagePart, Message, StreamResult
from ponder.core.wire.protocol import build_request
from ponder.core.providers.presets import PRESETS
from ponder.demo import scripts
from ponder.demo.server import DemoServer


def png(w: int, h: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


async def ask(server: DemoServer, model: str, messages: list[Message], stall_timeout: float = 300, **kw: Any) -> tuple[StreamResult, Any]:
    provider = PRESETS["demo"].with_base_url(server.base_url)
    body = build_request("generic", ChatSettings(model=model, **kw), messages).body
    async with ChatClient(backoff_s=(0.01,), stall_timeout=stall_timeout) as c:
        s = c.stream(provider, None, body)
        events = [ev async for ev in s]
    return s.result(), events


def run_with_server(scenario: Any, **server_kw: Any) -> Any:
    async def main() -> Any:
        server = DemoServer(**server_kw)
        await server.start()
        try:
            return await scenario(server)
        finally:
            await server.stop()

    return asyncio.run(main())


def test_models_endpoint_has_openrouter_fields() -> None:
    async def scenario(server: DemoServer) -> None:
        async with httpx.AsyncClient() as h:
            data = (await h.get(server.base_url + "/models")).json()["data"]
        ids = {m["id"] for m in data}
        assert ids == set(scripts.MODELS)
        vision = next(m for m in data if m["id"] == "demo/vision")
        assert "image" in vision["architecture"]["input_modalities"]
        for m in data:
            assert m["context_length"] > 0 and isinstance(m["pricing"]["prompt"], str)
            assert isinstance(m["supported_parameters"], list)
        assert next(m for m in data if m["id"] == "demo/openrouter")["reasoning"]["supported_efforts"][0] == "xhigh"

    run_with_server(scenario)


@pytest.mark.parametrize(
    "model,reasoning,usage_key",
    [
        ("demo/reasoning", True, None),
        ("demo/openrouter", True, "cost"),
        ("demo/reasoning-field", True, None),
        ("demo/think", True, None),
        ("demo/hidden", False, None),
        ("demo/fast", False, None),
    ],
)
def test_each_scripted_model_streams_its_dialect(model: str, reasoning: bool, usage_key: str | None) -> None:
    async def scenario(server: DemoServer) -> None:
        r, _ = await ask(server, model, [Message("user", "hello there")])
        assert r.finish_reason == "stop" and r.error is None
        assert "You said: *hello there*" in r.content and "```python" in r.content and "| Model |" in r.content
        assert "<think>" not in r.content
        assert bool(r.reasoning) == reasoning
        rt = r.usage["completion_tokens_details"]["reasoning_tokens"]
        assert rt > 0 if model != "demo/fast" else rt == 0
        if usage_key:
            assert r.usage[usage_key] > 0
        if model == "demo/openrouter":
            (detail,) = r.reasoning_details
            assert detail["text"] == r.reasoning and detail["signature"]

    run_with_server(scenario, tps=0)


def test_effort_none_turns_reasoning_off() -> None:
    async def scenario(server: DemoServer) -> None:
        r, _ = await ask(server, "demo/reasoning", [Message("user", "hi")], effort="none")
        assert r.reasoning is None and r.content

    run_with_server(scenario, tps=0)


def test_tool_call_then_the_result_continues_the_conversation() -> None:
    tool = {"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"enum": ["celsius", "fahrenheit"]}}, "required": ["location", "unit"]}}

    async def scenario(server: DemoServer) -> None:
        history = [Message("user", "weather in Paris?")]
        r, _ = await ask(server, "demo/tools", history, tools=[tool])
        assert r.finish_reason == "tool_calls"
        (call,) = r.tool_calls
        assert call.name == "get_weather" and call.arguments == '{"location": "Paris", "unit": "celsius"}'
        history += [r.to_message(), Message("tool", "18 C and sunny", tool_call_id=call.id)]
        r2, _ = await ask(server, "demo/tools", history, tools=[tool])
        assert "18 C and sunny" in r2.content and r2.finish_reason == "stop"
        r3, _ = await ask(server, "demo/tools", [Message("user", "hi")])
        assert "Offer me a tool" in r3.content

    run_with_server(scenario, tps=0)


def test_vision_model_reports_what_it_received() -> None:
    async def scenario(server: DemoServer) -> None:
        images = [ImagePart(png(40, 20), "image/png", "low"), ImagePart(png(3, 5), "image/png")]
        r, _ = await ask(server, "demo/vision", [Message("user", "what are these?", images=images)])
        assert "I received 2 images" in r.content
        assert "PNG 40x20" in r.content and "detail low" in r.content and "PNG 3x5" in r.content
        r, _ = await ask(server, "demo/vision", [Message("user", "nothing attached")])
        assert "no images" in r.content

    run_with_server(scenario, tps=0)


def test_image_headers_are_read_for_every_format() -> None:
    assert scripts.image_info(png(7, 9)) == ("PNG", 7, 9)
    assert scripts.image_info(b"GIF89a" + struct.pack("<HH", 11, 12)) == ("GIF", 11, 12)
    assert scripts.image_info(b"BM" + b"\0" * 16 + struct.pack("<ii", 5, -6)) == ("BMP", 5, 6)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08" + struct.pack(">HH", 480, 640) + b"\0" * 20
    assert scripts.image_info(jpeg) == ("JPEG", 640, 480)
    vp8x = b"RIFF\0\0\0\0WEBPVP8X" + b"\0" * 8 + (99).to_bytes(3, "little") + (49).to_bytes(3, "little")
    assert scripts.image_info(vp8x) == ("WEBP", 100, 50)
    assert scripts.image_info(b"not an image") is None


@pytest.mark.parametrize("status,cls", [(400, E.BadRequest), (401, E.AuthError), (402, E.CreditsError), (403, E.Forbidden), (404, E.NotFound), (500, E.ServerError)])
def test_error_prompts(status: int, cls: type) -> None:
    async def scenario(server: DemoServer) -> None:
        with pytest.raises(cls):
            await ask(server, "demo/fast", [Message("user", f"/error {status}")])

    run_with_server(scenario, tps=0)


def test_midstream_error_drop_and_flaky() -> None:
    async def scenario(server: DemoServer) -> None:
        r, _ = await ask(server, "demo/fast", [Message("user", "/error midstream")])
        assert r.finish_reason == "error" and r.error["code"] == 502 and r.content
        r, _ = await ask(server, "demo/fast", [Message("user", "/drop")])
        assert r.error["code"] == "connection_lost" and r.content
        r, events = await ask(server, "demo/fast", [Message("user", "/flaky 1")])
        assert r.finish_reason == "stop" and len(server.requests) == 4

    run_with_server(scenario, tps=0)


def test_stall_and_keep_alive_prompts() -> None:
    async def scenario(server: DemoServer) -> None:
        r, _ = await ask(server, "demo/fast", [Message("user", "/stall 3")], stall_timeout=0.3)
        assert r.error["code"] == "stalled" and r.content.startswith("## ")
        r, _ = await ask(server, "demo/fast", [Message("user", "/keepalive 0.8")], stall_timeout=0.3)
        assert r.finish_reason == "stop" and r.error is None

    run_with_server(scenario, tps=0)


def test_speed_and_length_are_adjustable() -> None:
    async def scenario(server: DemoServer) -> None:
        t0 = time.perf_counter()
        r, _ = await ask(server, "demo/fast", [Message("user", "/tps 100\n/tokens 40\nhi")])
        took = time.perf_counter() - t0
        assert r.usage["completion_tokens"] == 40
        assert 0.3 < took < 1.5  # 40 tokens at 100/s

    run_with_server(scenario)


def test_non_streaming_completion_and_bad_requests() -> None:
    async def scenario(server: DemoServer) -> None:
        async with httpx.AsyncClient() as h:
            body = {"model": "demo/reasoning", "messages": [{"role": "user", "content": "hi"}]}
            j = (await h.post(server.base_url + "/chat/completions", json=body)).json()
            msg = j["choices"][0]["message"]
            assert msg["reasoning_content"] and msg["content"].startswith("## ")
            r = await h.post(server.base_url + "/chat/completions", json={"model": "nope", "messages": []})
            assert r.status_code == 404 and "demo/fast" in r.json()["error"]["message"]
            r = await h.post(server.base_url + "/chat/completions", content=b"{broken")
            assert r.status_code == 400

    run_with_server(scenario)


def test_runs_in_a_thread_for_a_busy_loop() -> None:
    server = DemoServer(tps=0)
    port = server.start_in_thread()
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/v1/models")
        assert r.status_code == 200
    finally:
        server.stop_thread()
