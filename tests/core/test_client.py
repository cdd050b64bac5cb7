"""The client over a real loopback socket: samples cut by the network, errors, retries,
timeouts and Stop."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from ponder.core import errors as E
from ponder.core.wire.client import ChatClient, ChatStream
from ponder.core.models import ContentDelta, Retrying, StreamFailed
from ponder.core.providers.presets import PRESETS, Provider
from tests.conftest import stream_cases
from tests.helpers.rawserver import RawServer, Reply

SSE_CASES = [c for c in stream_cases() if c[1].suffix == ".sse"]
HTTP_CASES = [c for c in stream_cases() if c[1].suffix == ".http"]
BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}


def content_sse(*texts: str, finish: str | None = "stop", done: bool = True) -> bytes:
    out = b"".join(
        b"data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": t}}]}).encode() + b"\n\n" for t in texts
    )
    if finish:
        out += b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"%s"}]}\n\n' % finish.encode()
    return out + (b"data: [DONE]\n\n" if done else b"")


def provider(server: RawServer, base: str = "custom") -> Provider:
    return PRESETS[base].with_base_url(server.url)


def fast_client(**kw: Any) -> ChatClient:
    kw.setdefault("backoff_s", (0.01,))
    return ChatClient(**kw)


async def collect(stream: ChatStream) -> list[Any]:
    return [ev async for ev in stream]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.mark.parametrize("name,src,exp", SSE_CASES, ids=[c[0] for c in SSE_CASES])
def test_sample_streams_over_a_socket_with_random_writes(name: str, src: Path, exp: Path) -> None:
    want = json.loads(exp.read_text())
    want.pop("notes")

    async def scenario() -> None:
        for seed in range(3):
            async with RawServer([Reply(body=src.read_bytes())], seed=seed, slice_range=(1, 40)) as srv:
                async with fast_client() as c:
                    s = c.stream(provider(srv), "k", BODY)
                    await collect(s)
                    got = s.result().to_json()
                    assert got.pop("http_status") == 200
                    assert got == want

    run(scenario())


@pytest.mark.parametrize("name,src,exp", HTTP_CASES, ids=[c[0] for c in HTTP_CASES])
def test_http_error_samples_become_typed_errors(name: str, src: Path, exp: Path) -> None:
    raw = src.read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(l.split(": ", 1) for l in lines[1:])
    headers.pop("content-type", None)
    want = json.loads(exp.read_text())

    async def scenario() -> None:
        async with RawServer([Reply(status, body, headers, content_type="application/json")] * 3) as srv:
            async with fast_client() as c:
                with pytest.raises(E.ProviderError) as info:
                    await collect(c.stream(provider(srv, "openrouter"), "k", BODY))
        e = info.value
        assert e.status == want["http_status"] and e.code == want["error"]["code"]
        assert want["error"]["message"] in str(e)
        if status == 400:
            assert isinstance(e, E.BadRequest) and e.param == "max_tokens"
        if status == 429:
            # Retry-After: 60 is longer than Ponder waits on its own: no retry, the user decides.
            assert isinstance(e, E.RateLimited) and e.retry_after == want["retry_after_s"]
            assert len(srv.requests) == 1

    run(scenario())


def test_request_carries_key_headers_and_body() -> None:
    async def scenario() -> None:
        async with RawServer([Reply(body=content_sse("hi"))]) as srv:
            async with fast_client() as c:
                await collect(c.stream(provider(srv, "openrouter"), "sk-or-secret", BODY))
        h = srv.request_headers[0]
        assert h["authorization"] == "Bearer sk-or-secret"
        assert h["x-title"] == "Ponder" and h["accept"] == "text/event-stream"
        assert json.loads(srv.requests[0]) == BODY

    run(scenario())


def test_local_server_gets_no_authorization_header() -> None:
    async def scenario() -> None:
        async with RawServer([Reply(body=content_sse("hi"))]) as srv:
            async with fast_client() as c:
                await collect(c.stream(PRESETS["ollama"].with_base_url(srv.url), None, BODY))
        assert "authorization" not in srv.request_headers[0]

    run(scenario())


def test_5xx_is_retried_then_succeeds() -> None:
    async def scenario() -> None:
        replies = [Reply(503, b'{"error":{"message":"busy"}}', content_type="application/json"), Reply(body=content_sse("ok"))]
        async with RawServer(replies) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                evs = await collect(s)
        assert s.result().content == "ok" and s.attempts == 2
        assert [type(e) for e in evs if isinstance(e, Retrying)] == [Retrying]

    run(scenario())


def test_retry_after_is_honoured() -> None:
    async def scenario() -> float:
        replies = [Reply(429, b'{"error":{"code":429,"message":"slow down"}}', {"Retry-After": "1"}, content_type="application/json"), Reply(body=content_sse("ok"))]
        async with RawServer(replies) as srv:
            async with fast_client() as c:
                t0 = time.perf_counter()
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
                assert s.result().content == "ok"
                return time.perf_counter() - t0

    assert run(scenario()) >= 1.0


def test_at_most_three_attempts() -> None:
    async def scenario() -> None:
        replies = [Reply(502, b"<html>Bad Gateway</html>", content_type="text/html")] * 5
        async with RawServer(replies) as srv:
            async with fast_client() as c:
                with pytest.raises(E.ServerError, match="unavailable"):
                    await collect(c.stream(provider(srv), "k", BODY))
        assert len(srv.requests) == 3

    run(scenario())


def test_401_is_not_retried_and_never_echoes_the_key() -> None:
    key = "sk-live-0123456789abcdef"

    async def scenario() -> None:
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}", "code": "invalid_api_key"}}).encode()
        async with RawServer([Reply(401, body, content_type="application/json")]) as srv:
            async with fast_client() as c:
                with pytest.raises(E.AuthError) as info:
                    await collect(c.stream(provider(srv, "openai"), key, BODY))
        assert len(srv.requests) == 1
        assert key not in str(info.value) and "sk-live-...cdef" in str(info.value)
        assert "The key for OpenAI was rejected" in str(info.value)

    run(scenario())


def test_drop_before_the_first_token_is_retried() -> None:
    async def scenario() -> None:
        replies = [Reply(body=content_sse("never"), drop_after=0), Reply(body=content_sse("second try"))]
        async with RawServer(replies) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
        assert s.result().content == "second try" and s.attempts == 2

    run(scenario())


def test_drop_after_a_token_keeps_the_partial_answer_and_is_not_retried() -> None:
    body = content_sse("Here is ", "the plan", *["..."] * 50)

    async def scenario() -> None:
        async with RawServer([Reply(body=body, drop_after=len(content_sse("Here is ", "the plan", finish=None, done=False)))]) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                evs = await collect(s)
        r = s.result()
        assert r.content == "Here is the plan" and r.finish_reason == "error"
        assert r.error["code"] == "connection_lost" and "partial answer is kept" in r.error["message"]
        assert isinstance(evs[-1], StreamFailed) and len(srv.requests) == 1

    run(scenario())


def test_connection_refused_is_a_clear_network_error() -> None:
    async def scenario() -> None:
        async with RawServer([]) as srv:
            url = srv.url
        async with fast_client() as c:
            with pytest.raises(E.NetworkError, match="Could not connect to Custom endpoint.*nothing answers at 127.0.0.1"):
                await collect(c.stream(PRESETS["custom"].with_base_url(url), None, BODY))

    run(scenario())


def test_an_address_that_does_not_resolve_is_said_in_words() -> None:
    async def scenario() -> None:
        # .invalid never resolves (RFC 2606): no network is needed to fail.
        async with fast_client() as c:
            with pytest.raises(E.NetworkError) as info:
                await c.list_models(PRESETS["custom"].with_base_url("https://api.example.invalid/v1"), None)
        text = str(info.value)
        assert "could not find api.example.invalid: check the address" in text and "Errno" not in text

    run(scenario())


def test_eof_without_done_or_finish_is_marked_incomplete() -> None:
    async def scenario() -> None:
        async with RawServer([Reply(body=content_sse("cut", finish=None, done=False))]) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
        r = s.result()
        assert r.content == "cut" and r.error["code"] == "incomplete" and r.finish_reason == "error"

    run(scenario())


def test_stall_ends_the_answer_keeping_the_text() -> None:
    body = content_sse("before ", "the stall", "after")

    async def scenario() -> None:
        stall_at = len(content_sse("before ", "the stall", finish=None, done=False))
        async with RawServer([Reply(body=body, stall_after=stall_at, stall_s=1.5)]) as srv:
            async with fast_client(stall_timeout=0.3) as c:
                s = c.stream(provider(srv), "k", BODY)
                t0 = time.perf_counter()
                await collect(s)
                waited = time.perf_counter() - t0
        r = s.result()
        assert r.content == "before the stall" and r.error["code"] == "stalled"
        assert waited < 1.2

    run(scenario())


def test_keep_alives_keep_a_slow_stream_alive() -> None:
    # 0.8 s of keep-alive comments with a 0.3 s stall limit: each comment counts as life.
    body = b": keep-alive\n\n" * 8 + content_sse("finally")

    async def scenario() -> None:
        async with RawServer([Reply(body=body, pause_s=0.1)], slice_range=(14, 14)) as srv:
            async with fast_client(stall_timeout=0.3) as c:
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
        assert s.result().content == "finally" and s.result().error is None

    run(scenario())


@pytest.mark.parametrize("how", ["cancel", "aclose"])
def test_stop_closes_the_connection_within_100_ms_and_keeps_the_text(how: str) -> None:
    body = content_sse(*[f"w{i} " for i in range(2000)])

    async def scenario() -> None:
        async with RawServer([Reply(body=body, pause_s=0.01, hold_open=True)], slice_range=(20, 40)) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                got_text = asyncio.Event()

                async def consume() -> None:
                    async for ev in s:
                        if isinstance(ev, ContentDelta):
                            got_text.set()
                            if how == "aclose":
                                break

                task = asyncio.ensure_future(consume())
                await got_text.wait()
                t_stop = time.perf_counter()
                if how == "cancel":
                    task.cancel()
                    with pytest.raises(asyncio.CancelledError):
                        await task
                else:
                    await task
                    await s.aclose()
                for _ in range(50):
                    if srv.hangups:
                        break
                    await asyncio.sleep(0.005)
                assert srv.hangups, "the server never saw the client hang up"
                assert srv.hangups[0] - t_stop < 0.1
                assert s.stopped and s.result().content.startswith("w0 ")

    run(scenario())


def test_a_server_that_ignores_stream_true() -> None:
    completion = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "whole"}, "finish_reason": "stop"}], "usage": {"total_tokens": 3}}

    async def scenario() -> None:
        async with RawServer([Reply(body=json.dumps(completion).encode(), content_type="application/json")]) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
        assert (s.result().content, s.result().usage) == ("whole", {"total_tokens": 3})

    run(scenario())


def test_timing_marks() -> None:
    async def scenario() -> None:
        body = b'data: {"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}\n\n' + content_sse("answer")
        async with RawServer([Reply(body=body, pause_s=0.02)], slice_range=(30, 30)) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), "k", BODY)
                await collect(s)
        t = s.timing()
        assert 0 < t["ttft_ms"] <= t["total_ms"] and t["thinking_ms"] > 0

    run(scenario())


def test_list_models() -> None:
    async def scenario() -> None:
        body = json.dumps({"data": [{"id": "a"}, {"id": "b"}]}).encode()
        async with RawServer([Reply(body=body, content_type="application/json"), Reply(404, b'{"error":{"message":"no"}}', content_type="application/json")]) as srv:
            async with fast_client() as c:
                p = provider(srv)
                assert [m["id"] for m in await c.list_models(p, None)] == ["a", "b"]
                with pytest.raises(E.NotFound):
                    await c.list_models(p, None)

    run(scenario())


def test_a_line_that_never_ends_is_cut_at_16_mb_and_the_partial_answer_kept() -> None:
    import tracemalloc

    endless = content_sse("kept ", finish=None, done=False) + b"data: " + b"x" * (17 * 1024 * 1024)

    async def scenario() -> None:
        async with RawServer([Reply(200, endless)], slice_range=(65536, 65536)) as srv:
            async with fast_client() as c:
                s = c.stream(provider(srv), None, BODY)
                tracemalloc.start()
                events = await collect(s)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        r = s.result()
        assert r.content == "kept " and r.finish_reason == "error"
        assert "not a chat stream" in r.error["message"] and "16 MB" in r.error["message"]
        assert any(isinstance(e, StreamFailed) for e in events)
        assert peak < 80 * 1024 * 1024  # bounded by the cap, not by what the server sends

    run(scenario())


def test_a_web_page_with_status_200_is_named_and_not_retried() -> None:
    page = b"<!DOCTYPE html><html><body>Hotel Wi-Fi: sign in</body></html>"

    async def scenario() -> None:
        async with RawServer([Reply(200, page, content_type="text/html"), Reply(200, page)]) as srv:
            async with fast_client() as c:
                for _ in range(2):
                    with pytest.raises(E.MalformedResponse) as e:
                        await collect(c.stream(provider(srv), None, BODY))
                    assert "web page" in str(e.value) and srv.url in str(e.value)
            assert len(srv.requests) == 2

    run(scenario())


def test_a_deep_research_model_may_be_silent_for_minutes() -> None:
    from ponder.core.providers.presets import PRESETS
    from ponder.core.wire.client import SLOW_STALL_S, ChatClient

    client = ChatClient(stall_timeout=0.5)
    slow = client.stream(PRESETS["openrouter"], None, {"model": "openai/o4-mini-deep-research", "messages": []})
    quick = client.stream(PRESETS["openrouter"], None, {"model": "openai/o4-mini", "messages": []})
    assert slow.stall_s() == SLOW_STALL_S and quick.stall_s() == 0.5
