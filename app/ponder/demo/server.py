"""Ponder's built-in demo provider: an OpenAI-compatible server on loopback.

Anyone can try Ponder with no key and no network, and the tests run against a real socket.

    GET  /v1/models              the scripted models, in OpenRouter's schema
    POST /v1/chat/completions    streaming (SSE, chunked) and non-streaming

Speed and length, per server (``tps``, ``tokens``) or per request: body fields ``demo_tps``,
``demo_tokens``, ``demo_reasoning_tokens``, or a prompt line ``/tps N``, ``/tokens N``,
``/reasoning N``. ``tps`` 0 means as fast as possible; ``demo_per_frame_writes`` makes each frame
a write of its own (the worst case for a client).

Faults, asked for in the prompt: ``/error 400|401|402|403|404|408|429|500|502|503``,
``/error midstream`` (an in-band error after some text, no [DONE]), ``/drop`` (the connection
closes mid-answer), ``/stall S`` (silence for S seconds mid-answer), ``/keepalive S`` (keep-alive
comments for S seconds before answering), ``/flaky N`` (HTTP 503 for the first N tries of this
prompt, then an answer).
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from typing import Any

from ponder.demo import scripts

_STATUS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

_ERRORS: dict[int, tuple[Any, str]] = {
    400: (
        "unsupported_parameter",
        "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
    ),
    401: (401, "Invalid API key (demo)"),
    402: (402, "Insufficient credits (demo): add more to continue"),
    403: (403, "Your input was flagged by moderation (demo)"),
    404: ("model_not_found", "The model does not exist (demo)"),
    408: (408, "Request timed out (demo)"),
    429: (429, "Rate limit exceeded (demo)"),
    500: (500, "Internal server error (demo)"),
    502: (502, "The upstream provider is down (demo)"),
    503: (503, "No provider available (demo)"),
}

_CMD = re.compile(r"^/(error|drop|stall|keepalive|flaky|tps|tokens|reasoning)\b[ \t]*(\S*)", re.M)


class DemoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, tps: float | None = None, tokens: int | None = None) -> None:
        self.host = host
        self.port = port
        self.tps = tps  # None: each model's own speed
        self.tokens = tokens
        self.requests: list[dict[str, Any]] = []  # request bodies received, for tests and curiosity
        self.raw_requests: list[bytes] = []  # the same, as the bytes that came over the wire
        self.request_headers: list[dict[str, str]] = []  # and their headers (lower-case names)
        self.disconnects = 0  # streams the client closed before the end
        self._flaky: dict[str, int] = {}
        self._conns: set[asyncio.Task[None]] = set()
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> int:
        """Serve from the running loop; returns the port."""
        self._server = await asyncio.start_server(self._conn, self.host, self.port, limit=1 << 20)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            # Idle keep-alive connections would otherwise outlive the server (and Python 3.11
            # logs their cancellation as an error).
            for task in list(self._conns):
                task.cancel()
            if self._conns:
                await asyncio.gather(*self._conns, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    def start_in_thread(self) -> int:
        """Serve from a loop of its own in a daemon thread (for callers with a busy loop)."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="ponder-demo-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.port

    def stop_thread(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._thread = None

    # -- HTTP -----------------------------------------------------------------------------------

    async def _conn(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conns.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                lines = head.decode("iso-8859-1").split("\r\n")
                method, path, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                if method == "POST":
                    self.request_headers.append(headers)
                keep = await self._route(method, path.split("?")[0], body, writer)
                if not keep or headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            self._conns.discard(task)
            writer.close()

    async def _send(self, writer: asyncio.StreamWriter, status: int, obj: Any, headers: dict[str, str] | None = None) -> bool:
        data = json.dumps(obj).encode()
        head = [f"HTTP/1.1 {status} {_STATUS.get(status, 'Error')}", "Content-Type: application/json", f"Content-Length: {len(data)}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
        await writer.drain()
        return True

    async def _error(self, writer: asyncio.StreamWriter, status: int, headers: dict[str, str] | None = None) -> bool:
        code, message = _ERRORS.get(status, (status, f"HTTP {status} (demo)"))
        err: dict[str, Any] = {"code": code, "message": message}
        if status == 400:
            err.update(type="invalid_request_error", param="max_tokens")
        return await self._send(writer, status, {"error": err}, headers)

    async def _route(self, method: str, path: str, body: bytes, writer: asyncio.StreamWriter) -> bool:
        path = path.rstrip("/")
        if path in ("", "/v1") and method == "GET":
            return await self._send(writer, 200, {"name": "Ponder demo provider", "models": list(scripts.MODELS)})
        if path.endswith("/models") and method == "GET":
            return await self._send(writer, 200, {"object": "list", "data": scripts.model_list()})
        if not path.endswith("/chat/completions"):
            return await self._send(writer, 404, {"error": {"code": 404, "message": f"No route {path}"}})
        if method != "POST":
            return await self._send(writer, 405, {"error": {"code": 405, "message": "Use POST"}})
        try:
            req = json.loads(body)
            assert isinstance(req, dict)
        except (ValueError, AssertionError):
            return await self._send(writer, 400, {"error": {"code": 400, "message": "The body is not a JSON object"}})
        self.requests.append(req)
        self.raw_requests.append(bytes(body))
        model = req.get("model")
        if model not in scripts.MODELS:
            known = ", ".join(scripts.MODELS)
            return await self._send(
                writer, 404, {"error": {"code": "model_not_found", "message": f"Unknown model {model!r}. Try one of: {known}"}}
            )
        return await self._chat(req, model, writer)

    async def _chat(self, req: dict[str, Any], model: str, writer: asyncio.StreamWriter) -> bool:
        prompt = scripts.last_user_text(req.get("messages") or [])
        cmds = {k: v for k, v in _CMD.findall(prompt)}
        tps = _num(cmds.get("tps"), req.get("demo_tps"), self.tps, scripts.MODELS[model]["tps"])
        tokens = _num(cmds.get("tokens"), req.get("demo_tokens"), self.tokens, None)
        tokens = int(tokens) if tokens is not None else None

        if "error" in cmds and cmds["error"].isdigit():
            status = int(cmds["error"])
            hdrs = {"Retry-After": "1"} if status in (429, 503) else {}
            return await self._error(writer, status, hdrs)
        if "flaky" in cmds:
            seen = self._flaky.get(prompt, 0)
            self._flaky[prompt] = seen + 1
            if seen < int(cmds["flaky"] or 1):
                return await self._error(writer, 503)

        reasoning = _num(cmds.get("reasoning"), req.get("demo_reasoning_tokens"))
        p = scripts.plan(model, req, tokens, int(reasoning) if reasoning else None)
        em = scripts.Emitter(model, "chatcmpl-demo-" + uuid.uuid4().hex[:16])
        if not req.get("stream"):
            return await self._send(writer, 200, em.message(p))

        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        await writer.drain()
        delay = 1.0 / tps if tps else 0.0
        per_frame = bool(req.get("demo_per_frame_writes"))
        fault = next((k for k in ("drop", "stall") if k in cmds), None)
        if cmds.get("error") == "midstream":
            fault = "midstream"
        if scripts.MODELS[model]["style"] == "research" and fault is None:
            fault, cmds["stall"] = "stall", cmds.get("stall") or "3"  # researching: seconds of silence
        fault_at = 12  # frames into the answer

        async def send(data: bytes) -> None:
            writer.write(b"%x\r\n%s\r\n" % (len(data), data))
            await writer.drain()

        try:
            if "keepalive" in cmds:
                end = asyncio.get_running_loop().time() + float(cmds["keepalive"] or 1)
                while asyncio.get_running_loop().time() < end:
                    await send(b": keep-alive\n\n")
                    await asyncio.sleep(0.2)
            batch: list[bytes] = []
            loop = asyncio.get_running_loop()
            start = loop.time()
            for i, frame in enumerate(em.frames(p)):
                if fault and i == fault_at:
                    if fault == "drop":
                        if batch:
                            await send(b"".join(batch))
                        writer.transport.abort()  # no terminating chunk: a broken connection
                        return False
                    if fault == "stall":
                        if batch:
                            await send(b"".join(batch))
                            batch = []
                        await asyncio.sleep(float(cmds["stall"] or 5))
                    if fault == "midstream":
                        err = {"code": 502, "message": "Provider disconnected unexpectedly (demo)", "metadata": {"error_type": "provider_unavailable"}}
                        batch.append(em.frame({"content": ""}, "error", error=err))
                        await send(b"".join(batch))
                        writer.write(b"0\r\n\r\n")
                        await writer.drain()
                        return False
                if per_frame:
                    await send(frame)  # one write per frame, as token-by-token providers send
                    await asyncio.sleep(0)
                elif delay:
                    # Keep to a schedule rather than sleeping per frame: a sleep is too coarse
                    # for thousands of tokens a second, so frames that are due go out together.
                    batch.append(frame)
                    due = start + i * delay
                    now = loop.time()
                    if due > now or i == 0:
                        await send(b"".join(batch))
                        batch = []
                        if due > now:
                            await asyncio.sleep(due - now)
                else:
                    # Unthrottled: write in ~16 KiB batches, as a busy server would.
                    batch.append(frame)
                    if sum(map(len, batch)) > 16384:
                        await send(b"".join(batch))
                        batch = []
            if batch:
                await send(b"".join(batch))
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except ConnectionError:
            self.disconnects += 1
            return False
        return True


class DemoProcess:
    """The demo server in a process of its own: how the window runs it.

    Never a thread in the window's process: Python's cycle collector can run on any thread, and
    a Qt object it frees on the wrong one leaves a timer behind that later fires into freed
    memory (a segfault, seen in the test suite). A process also keeps its work off the UI's core.

    It never outlives the window: it runs in a session of its own (a Ctrl+C in the terminal goes
    to the window, which stops it), and it ends by itself when its standard input closes, which
    happens when the window's process ends in any way, SIGKILL included.
    """

    def __init__(self, tps: float | None = None) -> None:
        import os
        import subprocess
        import sys

        # Frozen (the PyInstaller bundle), the executable is ponder itself; otherwise, Python.
        me = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ponder"]
        cmd = me + ["demo-server", "--port", "0", "--with-parent"] + (["--tps", str(tps)] if tps is not None else [])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if " on " not in line:
            raise RuntimeError("the demo server did not start")
        self.base_url = line.split(" on ")[1].split()[0]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except Exception:  # noqa: BLE001 - it is going away either way
            self.proc.kill()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def _num(*values: Any) -> float | None:
    for v in values:
        if v is None or v == "":
            continue
        try:
            return float(v)
        except (TypeError, ValueError):
            continue
    return None


def serve(host: str = "127.0.0.1", port: int = 8765, tps: float | None = None, tokens: int | None = None,
          with_parent: bool = False) -> None:
    """``ponder demo-server``: run until interrupted; ``with_parent``: also until standard input
    closes (the window that started it has ended, however it ended)."""

    async def main() -> None:
        server = DemoServer(host, port, tps=tps, tokens=tokens)
        await server.start()
        print(f"Ponder demo provider on {server.base_url} (models: {', '.join(scripts.MODELS)})", flush=True)
        done = asyncio.Event()
        if with_parent:
            import os
            import sys

            fd = sys.stdin.fileno()
            loop = asyncio.get_running_loop()

            def parent_gone() -> None:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    loop.remove_reader(fd)
                    done.set()

            loop.add_reader(fd, parent_gone)
        try:
            await done.wait()
        finally:
            await server.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
