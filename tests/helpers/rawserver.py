"""A real HTTP server on loopback that replays exact response bytes, for client tests.

Each request gets the next scripted ``Reply``. The body is written in random slices with a
drain and a yield between them, so the client's reads are cut at arbitrary offsets, as a network
cuts them. The server also notes when the client hangs up, to measure how fast Stop closes.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/event-stream"
    drop_after: int | None = None  # abort the connection after this many body bytes
    stall_after: int | None = None  # then go silent for stall_s seconds
    stall_s: float = 0.0
    hold_open: bool = False  # after the body, keep the connection open without ending it
    pause_s: float = 0.0  # sleep between slices (a slow stream)


class RawServer:
    def __init__(self, replies: list[Reply], *, seed: int = 0, slice_range: tuple[int, int] = (1, 64)) -> None:
        self.replies = list(replies)
        self.rng = random.Random(seed)
        self.slice_range = slice_range
        self.requests: list[bytes] = []
        self.request_headers: list[dict[str, str]] = []
        self.hangups: list[float] = []  # perf_counter times the client closed a connection
        self.body_sent_at: list[float] = []
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def __aenter__(self) -> "RawServer":
        self._server = await asyncio.start_server(self._conn, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for t in list(self._tasks):
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _conn(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            # One request per connection (every reply says Connection: close), so the hang-up
            # watcher below can never swallow the next request.
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            hdrs = {}
            for line in head.decode("latin-1").split("\r\n")[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    hdrs[k.strip().lower()] = v.strip()
            n = int(hdrs.get("content-length") or 0)
            self.requests.append(await reader.readexactly(n) if n else b"")
            self.request_headers.append(hdrs)
            reply = self.replies.pop(0) if self.replies else Reply(500, b'{"error":{"message":"no more replies"}}', content_type="application/json")
            await self._reply(reply, reader, writer)
        except asyncio.CancelledError:
            return
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _reply(self, r: Reply, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        reason = {200: "OK", 429: "Too Many Requests"}.get(r.status, "Error")
        head = [f"HTTP/1.1 {r.status} {reason}", f"Content-Type: {r.content_type}", "Connection: close"]
        chunked = r.status == 200 and r.content_type == "text/event-stream"
        head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(r.body)}")
        head += [f"{k}: {v}" for k, v in r.headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        await writer.drain()
        # Watch for the client hanging up while we stream.
        watcher = asyncio.ensure_future(self._watch(reader))
        try:
            body = r.body
            i = 0
            while i < len(body):
                if r.drop_after is not None and i >= r.drop_after:
                    writer.transport.abort()
                    return False
                if r.stall_after is not None and i >= r.stall_after:
                    await asyncio.sleep(r.stall_s)
                    r.stall_after = None
                n = self.rng.randint(*self.slice_range)
                if r.drop_after is not None:
                    n = min(n, r.drop_after - i)
                if r.stall_after is not None:
                    n = min(n, r.stall_after - i)
                piece = body[i : i + n]
                i += len(piece)
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                await writer.drain()
                await asyncio.sleep(r.pause_s)
                if watcher.done():
                    return False
            self.body_sent_at.append(time.perf_counter())
            if r.hold_open:
                await watcher
                return False
            if chunked:
                writer.write(b"0\r\n\r\n")
                await writer.drain()
            return True
        except ConnectionError:
            return False
        finally:
            if not watcher.done():
                watcher.cancel()

    async def _watch(self, reader: asyncio.StreamReader) -> None:
        try:
            while await reader.read(1024):
                pass
        except ConnectionError:
            pass
        self.hangups.append(time.perf_counter())


class ThreadedRawServer:
    """A RawServer on its own loop in a thread, for tests that run Ponder as a separate process
    (no Qt object lives in those tests, so a thread is safe there)."""

    def __init__(self, replies: list[Reply], **kw: object) -> None:
        self.server = RawServer(replies, **kw)  # type: ignore[arg-type]
        self._loop = asyncio.new_event_loop()
        self._thread: object = None

    @property
    def url(self) -> str:
        return self.server.url

    def add(self, *replies: Reply) -> "ThreadedRawServer":
        self._loop.call_soon_threadsafe(self.server.replies.extend, list(replies))
        return self

    def __enter__(self) -> "ThreadedRawServer":
        import threading

        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self.server.__aenter__())
            ready.set()
            self._loop.run_forever()

        self._thread = t = threading.Thread(target=run, daemon=True)
        t.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        fut = asyncio.run_coroutine_threadsafe(self.server.__aexit__(), self._loop)
        fut.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)  # type: ignore[attr-defined]
        self._loop.close()
