"""Streaming chat completions over HTTP: the only module that talks to httpx.

    stream = client.stream(provider, key, body)
    async for event in stream:        # typed events from ponder.core.models
        ...
    stream.result()                   # the end state, partial if stopped or failed

Failure model:
- Before the first token, an HTTP error raises a typed ProviderError and a connection failure a
  NetworkError, after up to ``max_attempts`` tries for the retryable ones (429, 408, 5xx,
  connection errors), honouring Retry-After. A ``Retrying`` event announces each retry.
- Once a token arrived nothing is retried: an in-band error, a dropped connection or a stall
  ends the answer with a ``StreamFailed`` event; what arrived is kept.
- Timeouts: connect ``connect_timeout`` (10 s); no limit on a live stream, but ``stall_timeout``
  (5 min) with no byte at all, keep-alive comments included, is an error; 30 min for a model known
  to think for minutes between events (deep research).
- Cancelling the task that iterates (Stop, Ctrl+C) closes the connection at once.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from typing import Any, AsyncGenerator, AsyncIterator

import httpx

from ponder import __version__
from ponder.core.words import say
from ponder.core.wire.accumulate import StreamState
from ponder.core.errors import (
    MalformedResponse,
    NetworkError,
    ProviderError,
    StallError,
    error_from_status,
)
from ponder.core.models import (
    ContentDelta,
    ContentWasReasoning,
    ReasoningDelta,
    Retrying,
    StreamEvent,
    StreamFailed,
    StreamResult,
)
from ponder.core.providers.presets import Provider
from ponder.core.safety.redact import scrub, scrub_json
from ponder.core.wire.sse import MAX_LINE, LineTooLong, SSEDecoder
from ponder.core.wire.think import ThinkMode

_MAX_ERROR_BODY = 64 * 1024
# Models that think for minutes between events (OpenAI's deep research, through any gateway):
# their silence is not a stall until this long.
SLOW_MODELS = re.compile(r"deep-research", re.IGNORECASE)
SLOW_STALL_S = 30 * 60.0


class ChatClient:
    """One per application: owns the connection pool."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        stall_timeout: float = 300.0,
        max_attempts: int = 3,
        backoff_s: tuple[float, ...] = (1.0, 2.0),
        max_retry_wait_s: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.max_retry_wait_s = max_retry_wait_s
        self.stall_timeout = stall_timeout
        self.connect_timeout = connect_timeout
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=connect_timeout, read=stall_timeout, write=60.0, pool=connect_timeout
            ),
            transport=transport,
            headers={"User-Agent": f"Ponder/{__version__}"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "ChatClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def stream(
        self,
        provider: Provider,
        key: str | None,
        body: dict[str, Any],
        *,
        think_tags: ThinkMode = "auto",
    ) -> "ChatStream":
        return ChatStream(self, provider, key, body, think_tags)

    def headers(self, provider: Provider, key: str | None) -> dict[str, str]:
        h = dict(provider.headers)
        if key:
            h["Authorization"] = f"Bearer {key}"
        return h

    async def list_models(self, provider: Provider, key: str | None) -> list[dict[str, Any]]:
        """``GET /models``: the ``data`` list (OpenAI and OpenRouter shape)."""
        try:
            resp = await self._http.get(provider.models_url(), headers=self.headers(provider, key))
        except httpx.HTTPError as e:
            raise _network_error(e, provider) from None
        if resp.status_code != 200:
            raise error_from_status(
                resp.status_code,
                resp.content[:_MAX_ERROR_BODY],
                provider=provider.name,
                retry_after_header=resp.headers.get("retry-after"),
                secret=key,
            )
        try:
            data = resp.json().get("data")
        except (ValueError, AttributeError, RecursionError):
            data = None
        if not isinstance(data, list):
            raise MalformedResponse(say("{name} sent a model list Ponder cannot read").format(name=provider.name))
        # A proxy may echo the request (the Authorization header with it) into the list.
        return [scrub_json(m, key) for m in data if isinstance(m, dict)]


def _why_not_connected(e: Exception, provider: Provider) -> str:
    """Why a connection failed, in words a user can act on (not "[Errno -2] Name or service not known")."""
    from urllib.parse import urlsplit

    host = urlsplit(provider.base_url or "").hostname or "the server"
    text = str(e).lower()
    if any(w in text for w in ("name or service not known", "nodename nor servname", "getaddrinfo", "no address",
                               "temporary failure in name resolution", "name resolution")):
        return say("could not find {host}: check the address, and that this machine is online").format(host=host)
    if "refused" in text or "all connection attempts failed" in text:
        local = host in ("localhost", "127.0.0.1", "::1") or provider.local
        return (say("nothing answers at {host}: is the server running on this machine?") if local
                else say("nothing answers at {host}: is the server running?")).format(host=host)
    if "certificate" in text or "ssl" in text or "tls" in text:
        return say("the secure connection to {host} failed (its certificate is not trusted, or a proxy is in the way)").format(
            host=host)
    if "unreachable" in text:
        return say("{host} cannot be reached from this network").format(host=host)
    return str(e) or "connection refused"


def _network_error(e: Exception, provider: Provider) -> NetworkError:
    where = f"{provider.name} ({provider.base_url})" if provider.base_url else provider.name
    if isinstance(e, httpx.ConnectTimeout):
        return NetworkError(say("Could not reach {where}: the connection timed out").format(where=where))
    if isinstance(e, httpx.ConnectError):
        return NetworkError(say("Could not connect to {where}: {why}").format(where=where, why=_why_not_connected(e, provider)))
    if isinstance(e, httpx.ReadTimeout):
        return StallError(say("{name} sent nothing for too long").format(name=provider.name))
    return NetworkError(say("The connection to {where} failed: {kind} {why}").format(where=where, kind=type(e).__name__, why=e).rstrip())


class ChatStream:
    """One request and its answer. Iterate it once; read ``state``/``result()`` at any time."""

    def __init__(
        self,
        client: ChatClient,
        provider: Provider,
        key: str | None,
        body: dict[str, Any],
        think_tags: ThinkMode,
    ) -> None:
        self._client = client
        self.provider = provider
        self._key = key
        self._body = body
        self.state = StreamState(think_tags)
        self.attempts = 0
        self.http_status: int | None = None
        self.stopped = False
        self.started_at: float | None = None
        self.first_token_at: float | None = None
        self.first_reasoning_at: float | None = None
        self.first_content_at: float | None = None
        self.ended_at: float | None = None
        self._gen: AsyncGenerator[StreamEvent, None] | None = None

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        if self._gen is None:
            self._gen = self._run()
        return self._gen

    async def aclose(self) -> None:
        """Stop: close the connection now and keep what arrived."""
        if self._gen is not None:
            await self._gen.aclose()

    def result(self) -> StreamResult:
        r = self.state.snapshot()
        r.http_status = self.http_status
        key = self._key
        if key:  # a server that echoes the key into the answer: it is not kept or shown
            r.content = scrub(r.content, key) if r.content else r.content
            r.reasoning = scrub(r.reasoning, key) if r.reasoning else r.reasoning
            r.refusal = scrub(r.refusal, key) if r.refusal else r.refusal
            for t in r.tool_calls:
                t.arguments, t.name, t.id = scrub(t.arguments, key), scrub(t.name, key), scrub(t.id, key)
            if r.model:
                r.model = scrub(r.model, key)
            r.error = scrub_json(r.error, key)
        return r

    def timing(self) -> dict[str, float | None]:
        """Milliseconds: time to first token, thinking time, total (so far, if running)."""
        t0 = self.started_at
        if t0 is None:
            return {"ttft_ms": None, "thinking_ms": None, "total_ms": None}
        end = self.ended_at or time.perf_counter()

        def ms(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else round((b - a) * 1000, 1)

        think_end = self.first_content_at or end
        return {
            "ttft_ms": ms(t0, self.first_token_at),
            "thinking_ms": ms(self.first_reasoning_at, think_end) if self.first_reasoning_at else None,
            "total_ms": ms(t0, end),
        }

    async def _run(self) -> AsyncGenerator[StreamEvent, None]:
        c = self._client
        self.started_at = time.perf_counter()
        headers = c.headers(self.provider, self._key)
        headers["Accept"] = "text/event-stream"
        url = self.provider.chat_url()
        try:
            while True:
                self.attempts += 1
                attempt = self._attempt(url, headers)
                try:
                    async for ev in attempt:
                        yield ev
                    return
                except (ProviderError, NetworkError) as e:
                    delay = self._retry_delay(e)
                    if delay is None:
                        raise
                    yield Retrying(self.attempts + 1, delay, str(e))
                    await asyncio.sleep(delay)
                finally:
                    # Close the response now, not whenever the event loop's asyncgen finalizer
                    # gets to it (qasync installs none by itself: shared/docs/stack.md §3).
                    await attempt.aclose()
        except asyncio.CancelledError:
            self.stopped = True
            raise
        except GeneratorExit:
            self.stopped = True  # the consumer stopped iterating (Stop)
            raise
        finally:
            self.ended_at = time.perf_counter()

    def _retry_delay(self, e: PonderErrorLike) -> float | None:
        c = self._client
        if not e.retryable or self.state.got_token or self.attempts >= c.max_attempts:
            return None
        base = c.backoff_s[min(self.attempts - 1, len(c.backoff_s) - 1)] if c.backoff_s else 0.0
        delay = base * (1 + random.random() * 0.25)
        after = getattr(e, "retry_after", None)
        if after is not None:
            if after > c.max_retry_wait_s:
                return None  # the user decides whether to wait that long
            delay = max(delay, after)
        return delay

    def stall_s(self) -> float:
        """How long the stream may be silent (keep-alives count as a sign of life): longer for a
        model known to think for minutes between events (deep research)."""
        model = str(self._body.get("model") or "")
        return max(self._client.stall_timeout, SLOW_STALL_S) if SLOW_MODELS.search(model) else self._client.stall_timeout

    async def _attempt(self, url: str, headers: dict[str, str]) -> AsyncGenerator[StreamEvent, None]:
        http = self._client._http
        state = self.state
        stall = self.stall_s()
        timeout = httpx.Timeout(connect=self._client.connect_timeout, read=stall, write=60.0,
                                pool=self._client.connect_timeout)
        try:
            async with http.stream("POST", url, json=self._body, headers=headers, timeout=timeout) as resp:
                self.http_status = resp.status_code
                if resp.status_code != 200:
                    body = bytearray()
                    async for piece in resp.aiter_bytes():
                        body += piece
                        if len(body) > _MAX_ERROR_BODY:
                            break
                    raise error_from_status(
                        resp.status_code,
                        bytes(body[:_MAX_ERROR_BODY]),
                        provider=self.provider.name,
                        retry_after_header=resp.headers.get("retry-after"),
                        secret=self._key,
                    )
                ctype = resp.headers.get("content-type", "").lower()
                dec = SSEDecoder()
                if "html" in ctype:
                    raise self._web_page()
                if "json" in ctype:
                    # A server that ignored stream:true and answered in one piece (capped: a
                    # completion is never near the size of an SSE line's cap).
                    raw = bytearray()
                    async for piece in resp.aiter_bytes():
                        raw += piece
                        if len(raw) > MAX_LINE:
                            raise MalformedResponse(say("{name} answered with more than {mb} MB of JSON: not a chat completion").format(name=self.provider.name, mb=MAX_LINE // (1024 * 1024)))
                    for ev in self._events(state.handle(_json(bytes(raw), self.provider))):
                        yield ev
                else:
                    first = True
                    try:
                        async for piece in resp.aiter_bytes():
                            if first and piece.strip():
                                first = False
                                if piece.lstrip()[:1] == b"<":  # HTML sent as something else
                                    raise self._web_page()
                            for sse in dec.feed(piece):
                                for ev in self._events(state.feed_event(sse)):
                                    yield ev
                                if state.done:
                                    break
                            if state.done:
                                break
                        else:
                            for sse in dec.close():
                                for ev in self._events(state.feed_event(sse)):
                                    yield ev
                    except LineTooLong as e:
                        msg = say("{name} sent something that is not a chat stream ({why})").format(name=self.provider.name, why=e)
                        if not state.got_token:
                            raise MalformedResponse(msg) from None
                        for ev in self._events(state.fail({"code": "malformed", "message": say("{why}: the partial answer is kept").format(why=msg)})):
                            yield ev
                        return
        except httpx.HTTPError as e:
            err = _network_error(e, self.provider)
            if not state.got_token and not isinstance(err, StallError):
                raise err from None
            # Mid-answer: keep what arrived and end the answer with the reason.
            if isinstance(err, StallError):
                mins = self.stall_s() / 60
                msg = say("{name} sent nothing for {mins:g} min: the answer was cut off").format(name=self.provider.name, mins=mins)
                code = "stalled"
            else:
                msg = say("The connection to {name} broke mid-answer: the partial answer is kept").format(name=self.provider.name)
                code = "connection_lost"
            for ev in self._events(state.fail({"code": code, "message": msg})):
                yield ev
            return
        for ev in self._events(state.finish()):
            yield ev
        if not state.done and state.finish_reason is None and state.error is None:
            if not state.got_token and not state.chunks:
                raise NetworkError(say("{name} closed the connection without answering").format(name=self.provider.name))
            msg = say("{name} closed the connection before the answer finished").format(name=self.provider.name)
            for ev in self._events(state.fail({"code": "incomplete", "message": msg})):
                yield ev

    def _web_page(self) -> MalformedResponse:
        where = self.provider.chat_url()
        return MalformedResponse(
            say("{name} answered with a web page, not a chat stream ({where}): a captive portal, a login "
                "page or a wrong base URL? Open the address in a browser, or check the provider's base URL").format(name=self.provider.name, where=where))

    def _events(self, events: list[StreamEvent]) -> list[StreamEvent]:
        """Record timing marks as events pass (a few type checks per event)."""
        if events:
            now = 0.0
            if self.first_token_at is None and self.state.got_token:
                now = time.perf_counter()
                self.first_token_at = now
            for ev in events:
                t = type(ev)
                if t is ContentDelta:
                    if self.first_content_at is None:
                        self.first_content_at = now or time.perf_counter()
                elif t is ReasoningDelta:
                    if self.first_reasoning_at is None:
                        self.first_reasoning_at = now or time.perf_counter()
                elif t is ContentWasReasoning:
                    # The "answer" so far was reasoning (a lone </think>): it began at token one.
                    self.first_reasoning_at = self.first_token_at
                    self.first_content_at = None
                elif isinstance(ev, StreamFailed) and self._key:
                    clean = StreamFailed(scrub_json(ev.code, self._key), scrub(ev.message, self._key))
                    if clean != ev:
                        if self.state.error is not None:
                            self.state.error.update(code=clean.code, message=clean.message)
                        events = [clean if e is ev else e for e in events]
        return events


PonderErrorLike = ProviderError | NetworkError


def _json(raw: bytes, provider: Provider) -> Any:
    import json

    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise MalformedResponse(
            say("{name} answered with something that is not a chat completion").format(name=provider.name)
        ) from None
