"""The MCP servers' side of Ponder: connections to them, made when first needed, shared by every
conversation, and closed when Ponder quits.

Everything MCP runs in one thread of its own, with its own asyncio loop, through the official
``mcp`` SDK (its client speaks stdio and Streamable HTTP). The window's loop (qasync) and the
terminal's (asyncio.run) only hand it work and wait for futures: a server that hangs, floods its
pipe or crashes never holds up the window, and the SDK's half a second of imports happens there,
not on the GUI thread. A stdio server is a child process whose stdin is Ponder's pipe: if Ponder
dies, even by ``kill -9``, the pipe closes and the server ends.

A call's result is untrusted text from another program: it is kept as it came (cut at
``MAX_RESULT_CHARS``, with a note), never run, never fetched.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import os
import tempfile
import threading
import time
from typing import Any, Callable

from ponder.core.mcp.config import McpServer
from ponder.core.mcp.types import McpUnavailable, ServerState, ToolInfo, ToolOutcome
from ponder.core.words import say

__all__ = ["McpHost", "McpUnavailable", "ServerState", "ToolInfo", "ToolOutcome", "MAX_RESULT_CHARS"]

MAX_RESULT_CHARS = 100_000  # of a result's text, on screen and to the model
MAX_IMAGE_BYTES = 20 * 1024 * 1024
START_TIMEOUT_S = 30.0  # a server that has not answered "initialize" by then has failed
STDERR_TAIL = 2000  # characters of a failed server's stderr shown with the reason


def _client_info() -> Any:
    from mcp_types import Implementation

    from ponder import __version__

    return Implementation(name="Ponder", version=__version__)




class _Conn:
    def __init__(self, server: McpServer) -> None:
        self.server = server
        self.state = ServerState(server.name, "stopped")
        self.client: Any = None
        self.ready = asyncio.Event()
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.errlog: Any = None
        self.http: Any = None  # the HTTP client of a Streamable HTTP server


class McpHost:
    """``configs()`` gives the servers as set now; ``secret(key)`` a keyring value (None if
    absent); ``on_state(state)`` hears every change of a server's state, in the host's thread."""

    def __init__(self, configs: Callable[[], list[McpServer]], secret: Callable[[str], str | None] = lambda _k: None,
                 on_state: Callable[[ServerState], None] | None = None) -> None:
        self._configs = configs
        self._secret = secret
        self._on_state = on_state
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._conns: dict[str, _Conn] = {}
        self._lock = threading.Lock()

    # -- from any thread -----------------------------------------------------------------------

    def submit(self, coro: Any) -> "concurrent.futures.Future[Any]":
        """Run a coroutine on the host's loop; its future (cancel it to cancel the coroutine)."""
        return asyncio.run_coroutine_threadsafe(coro, self._ensure_loop())

    def states(self) -> list[ServerState]:
        """Every configured server's state now (never started: "stopped")."""
        with self._lock:
            known = {n: c.state for n, c in self._conns.items()}
        return [known.get(s.name) or ServerState(s.name, "stopped") for s in self._configs()]

    def tools(self, name: str) -> "concurrent.futures.Future[list[ToolInfo]]":
        """A server's tools, starting it if needed."""
        return self.submit(self._tools(name))

    def call(self, name: str, tool: str, arguments: dict[str, Any], timeout_s: float | None = None,
             progress: Callable[[float, float | None, str | None], None] | None = None) -> "concurrent.futures.Future[ToolOutcome]":
        """Run one tool. The future always ends in a ToolOutcome (an error is one, worded for the
        model), unless cancelled."""
        return self.submit(self._call(name, tool, arguments, timeout_s, progress))

    def restart(self, name: str) -> "concurrent.futures.Future[ServerState]":
        return self.submit(self._restart(name))

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop every server and the host's thread (each stdio server's process ends with it)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._stop_all(), loop).result(timeout_s)
        except (concurrent.futures.TimeoutError, RuntimeError):
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout_s)
        self._loop = self._thread = None

    # -- the host's thread -----------------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                started = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(started.set)
                    loop.run_forever()
                    loop.close()

                self._thread = threading.Thread(target=run, name="ponder-mcp", daemon=True)
                self._thread.start()
                started.wait()
                self._loop = loop
            return self._loop

    def _config(self, name: str) -> McpServer:
        for s in self._configs():
            if s.name == name:
                if not s.enabled:
                    raise McpUnavailable(say("The MCP server '{name}' is switched off in Settings").format(name=name))
                return s
        raise McpUnavailable(say("There is no MCP server named '{name}' (ponder mcp list shows them)").format(name=name))

    def _set(self, conn: _Conn, state: ServerState) -> None:
        with self._lock:
            conn.state = state
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:  # noqa: BLE001 - a listener's mistake must not stop a server
                pass

    async def _connected(self, name: str) -> _Conn:
        server = self._config(name)
        conn = self._conns.get(name)
        if conn is not None and (conn.server != server or conn.state.status in ("failed", "stopped")):
            await self._stop(conn)  # changed in Settings, or it died: start it afresh
            conn = None
        if conn is None:
            conn = self._conns[name] = _Conn(server)
            conn.task = asyncio.get_running_loop().create_task(self._serve(conn))
        await conn.ready.wait()
        if conn.state.status != "ready":
            raise McpUnavailable(say("The MCP server '{name}' could not start: {error}").format(name=name, error=conn.state.error))
        return conn

    async def _serve(self, conn: _Conn) -> None:
        """One server's life: connect, list its tools, wait until stopped; the SDK's context
        managers are entered and left here, in this one task, as anyio requires."""
        from mcp import Client

        s = conn.server
        self._set(conn, ServerState(s.name, "starting"))
        try:
            async with asyncio.timeout(START_TIMEOUT_S) as deadline:
                async with Client(self._target(conn), client_info=_client_info()) as client:
                    tools: list[ToolInfo] = []
                    cursor = None
                    while True:  # every page of the list
                        listed = await client.list_tools(cursor=cursor)
                        tools += [ToolInfo(s.name, t.name, t.description or "", dict(t.input_schema or {}))
                                  for t in listed.tools]
                        cursor = listed.next_cursor
                        if not cursor or len(tools) > 1000:
                            break
                    deadline.reschedule(None)  # started: from now on it lives until stopped
                    conn.client = client
                    self._set(conn, ServerState(s.name, "ready", tools))
                    conn.ready.set()
                    await conn.stop.wait()
                    conn.client = None
            self._ended(conn)
        except asyncio.CancelledError:
            self._ended(conn)
            raise
        except BaseException as e:  # noqa: BLE001 - an exception group from anyio, OSError, ...: said, not raised
            if conn.state.status != "failed":  # a call that saw it die said so first, with more to say
                self._set(conn, ServerState(s.name, "failed", error=_reason(e, s), stderr=self._stderr(conn)))
        finally:
            conn.ready.set()
            if conn.http is not None:  # ours to close: the SDK closes only a client it made
                try:
                    await conn.http.aclose()
                except BaseException:  # noqa: BLE001 - closing what failed may fail too
                    pass
                conn.http = None
            if conn.errlog is not None:
                conn.errlog.close()
                conn.errlog = None

    def _ended(self, conn: _Conn) -> None:
        if conn.state.status != "failed":  # a server that died stays failed, with why, until restarted
            self._set(conn, ServerState(conn.server.name, "stopped"))

    def _target(self, conn: _Conn) -> Any:
        s = conn.server
        secrets = {k: v for k in s.secrets if (v := self._secret(s.secret_key(k))) is not None}
        if s.url:
            import httpx2
            from mcp.client.streamable_http import streamable_http_client

            headers = dict(s.headers)
            headers.update({k.split(":", 1)[1]: v for k, v in secrets.items() if k.startswith("header:")})
            conn.http = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30.0, read=s.timeout_s + 30))
            return streamable_http_client(s.url, http_client=conn.http)
        from mcp import StdioServerParameters
        from mcp.client.stdio import stdio_client

        env = dict(s.env)
        env.update({k.split(":", 1)[1]: v for k, v in secrets.items() if k.startswith("env:")})
        conn.errlog = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")
        params = StdioServerParameters(command=s.command, args=s.args, env=env, cwd=s.cwd or None)
        return stdio_client(params, errlog=conn.errlog)

    def _stderr(self, conn: _Conn) -> str:
        f = conn.errlog
        if f is None:
            return ""
        try:
            f.flush()
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - STDERR_TAIL * 4))
            return _printable(f.read()[-STDERR_TAIL:])
        except (OSError, ValueError):
            return ""

    async def _tools(self, name: str) -> list[ToolInfo]:
        return list((await self._connected(name)).state.tools)

    async def _call(self, name: str, tool: str, arguments: dict[str, Any], timeout_s: float | None,
                    progress: Callable[[float, float | None, str | None], None] | None) -> ToolOutcome:
        t0 = time.monotonic()
        try:
            conn = await self._connected(name)
        except McpUnavailable as e:
            return ToolOutcome(str(e), True, elapsed_s=time.monotonic() - t0)
        timeout = timeout_s or conn.server.timeout_s

        async def heard(p: float, total: float | None, message: str | None) -> None:
            if progress is not None:
                progress(p, total, message)

        client = conn.client
        try:
            async with asyncio.timeout(timeout):
                r = await client.call_tool(tool, arguments, read_timeout_seconds=timeout, progress_callback=heard)
        except TimeoutError:
            return ToolOutcome(say("The tool {tool} did not answer within {timeout:.0f} s and was stopped").format(tool=tool, timeout=timeout), True,
                               elapsed_s=time.monotonic() - t0)
        except asyncio.CancelledError:
            raise
        except BaseException as e:  # noqa: BLE001 - the server broke mid-call: worded for the model
            await asyncio.sleep(0.05)  # let the connection's own task see the pipe close
            died = conn.client is None or conn.task is None or conn.task.done()
            why = _reason(e, conn.server)
            if died or why.startswith("it ended"):
                tail = self._stderr(conn)
                conn.stop.set()
                self._set(conn, ServerState(name, "failed", error=say("stopped during a call of {tool}").format(tool=tool), stderr=tail))
                last = [ln for ln in tail.splitlines() if ln.strip()][-3:]
                why = (say("The MCP server '{name}' stopped while running {tool}. Its last output: {output}") if last
                       else say("The MCP server '{name}' stopped while running {tool}")).format(
                    name=name, tool=tool, output=" / ".join(ln.strip() for ln in last))
            return ToolOutcome(why, True, elapsed_s=time.monotonic() - t0)
        return _outcome(r, time.monotonic() - t0)

    async def _restart(self, name: str) -> ServerState:
        conn = self._conns.pop(name, None)
        if conn is not None:
            await self._stop(conn)
        try:
            return (await self._connected(name)).state
        except McpUnavailable:
            c = self._conns.get(name)
            return c.state if c is not None else ServerState(name, "stopped")

    async def _stop(self, conn: _Conn) -> None:
        conn.stop.set()
        if conn.task is not None and not conn.task.done():
            try:
                async with asyncio.timeout(5):
                    await asyncio.shield(conn.task)
            except (TimeoutError, asyncio.CancelledError):
                conn.task.cancel()
        if self._conns.get(conn.server.name) is conn:
            del self._conns[conn.server.name]

    async def _stop_all(self) -> None:
        await asyncio.gather(*(self._stop(c) for c in list(self._conns.values())), return_exceptions=True)


def _outcome(r: Any, elapsed: float) -> ToolOutcome:
    """A CallToolResult as text for the model and images for the screen."""
    texts: list[str] = []
    images: list[tuple[str, bytes]] = []
    for block in r.content or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            texts.append(block.text)
        elif kind == "image":
            try:
                data = base64.b64decode(block.data, validate=True)
            except ValueError:
                texts.append("[an image that could not be read]")
                continue
            if len(data) > MAX_IMAGE_BYTES:
                texts.append(f"[an image of {len(data) // 1024 // 1024} MB, too large to show]")
            else:
                images.append((block.mime_type, data))
                texts.append(f"[image: {block.mime_type}, {max(1, len(data) // 1024)} KB, shown to the user]")
        elif kind == "resource":
            res = block.resource
            text = getattr(res, "text", None)
            texts.append(text if isinstance(text, str) else f"[a file: {res.uri} ({getattr(res, 'mime_type', None) or 'binary'})]")
        elif kind == "resource_link":
            texts.append(f"[link: {block.name} {block.uri}]")
        elif kind == "audio":
            texts.append(f"[audio: {block.mime_type}]")
    if not texts and getattr(r, "structured_content", None) is not None:
        import json

        texts.append(json.dumps(r.structured_content, ensure_ascii=False, indent=2))
    text = "\n".join(texts)
    cut = max(0, len(text) - MAX_RESULT_CHARS)
    if cut:
        text = text[:MAX_RESULT_CHARS] + f"\n\n[… {cut:,} more characters left out: the result was longer than Ponder passes on]"
    return ToolOutcome(text or "(no output)", bool(getattr(r, "is_error", False)), images, elapsed, cut)


def _reason(e: BaseException, s: McpServer) -> str:
    """Words for why a server failed: the innermost cause of an exception group, said plainly."""
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    if isinstance(e, FileNotFoundError):
        return say("the program '{command}' was not found (is it installed, and on PATH?)").format(command=s.command)
    if isinstance(e, PermissionError):
        return say("the program '{command}' could not be run (permission denied)").format(command=s.command)
    if isinstance(e, TimeoutError):
        return say("it did not answer within {seconds:.0f} s").format(seconds=START_TIMEOUT_S)
    name = type(e).__name__
    text = str(e).strip()
    if name in ("ClosedResourceError", "BrokenResourceError", "EndOfStream", "BrokenPipeError") or text == "Connection closed":
        return say("it ended before it answered") if s.url else say("it ended before it answered (what it wrote is below)")
    if name == "ConnectError" or "connect" in name.lower():
        return say("could not connect to {url}: {why}").format(url=s.url, why=text or name)
    if s.url and "error response" in text:
        return say("{url} refused it ({why}): is the address right, and its token?").format(url=s.url, why=text)
    return _printable(f"{text or name}")[:500]


def _printable(text: str) -> str:
    """Another program's text, without control characters (a terminal or a label shows it)."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127 and not 0x80 <= ord(ch) < 0xA0))
