"""The qasync loop for UI tests (stack.md §3), and a whole app against the demo provider."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import qasync

from ponder.core.wire.client import ChatClient
from ponder.core.providers.presets import PRESETS
from ponder.core.safety.secrets import KeyStore, MemoryKeyring
from ponder.core.history.store import Store
from ponder.demo.server import DemoServer
from tests.helpers.rawserver import RawServer, Reply
from ponder.core.models import ChatSettings
from ponder.services.chat import ChatService
from ponder.services.history import HistoryService
from ponder.ui.window import MainWindow


@pytest.fixture
def aloop(qapp: Any) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    old = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook, finalizer=loop._asyncgen_finalizer_hook)
    yield loop
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()  # never loop.stop() here: it would quit the QApplication for every later test
    sys.set_asyncgen_hooks(*old)
    asyncio.set_event_loop(None)


@pytest.fixture
def demo(aloop: qasync.QEventLoop) -> Iterator[DemoServer]:
    # On the test's own loop, in this thread: a Python thread beside Qt objects lets the cycle
    # collector free them on the wrong thread, which left dangling timers (segfaults).
    server = DemoServer()
    aloop.run_until_complete(server.start())
    yield server
    aloop.run_until_complete(server.stop())


@dataclass
class App:
    store: Store
    service: ChatService
    window: MainWindow
    client: ChatClient
    path: Path
    tools: Any = None  # the ToolService, with make_app(mcp_servers=...)

    async def wait(self, cond: Callable[[], Any], timeout: float = 15.0, what: str = "") -> None:
        end = asyncio.get_running_loop().time() + timeout
        while not cond():
            if asyncio.get_running_loop().time() > end:
                raise AssertionError(f"timed out waiting for {what or cond}")
            await asyncio.sleep(0.01)


def make_app(qtbot: Any, demo: DemoServer, path: Path, model: str = "demo/reasoning", settings_path: Path | None = None,
             mcp_servers: list[Any] | None = None, **client_kw: Any) -> App:
    """The whole window against the demo; with ``settings_path``, a real settings file (and the
    Settings dialog, the welcome and what is kept across restarts); with ``mcp_servers``, MCP
    tools (their host thread runs beside Qt, so the collector is put in charge, as main.py does:
    call ``app.tools.close()`` and ``app.service.collector.release()`` when done)."""
    store = Store(path)
    client = ChatClient(**{"backoff_s": (0.01,), **client_kw})
    # Every provider is the demo server, under its own id (its catalog is cached under that id).
    resolve = lambda pid: replace(PRESETS["demo"], id=pid, base_url=demo.base_url)
    keys = KeyStore(MemoryKeyring(), env={})
    service = ChatService(store, keys, client, resolve)
    ps = None
    if settings_path is not None:
        from ponder.core.settings import load_settings
        from ponder.services.provider_setup import ProviderService

        ps = ProviderService(keys, load_settings(settings_path)[0], settings_path, lambda: client, service.tasks)
        ps.chosen_on_command_line = True  # no welcome
    tools = None
    if mcp_servers is not None:
        from ponder.services.tools import ToolService

        always: list[str] = []
        tools = ToolService(keys, lambda: mcp_servers, lambda: always, lambda new: always.__setitem__(slice(None), new),
                            service.tasks)
        service.attach_tools(tools)
        service.collector.take_charge()
    window = MainWindow(HistoryService(store), service, [PRESETS["demo"]], ChatSettings(model=model, provider="demo"),
                        lambda pid: ["demo/reasoning", "demo/fast", "demo/hidden", "demo/tools"], provider_service=ps)
    qtbot.addWidget(window)
    window.show()
    return App(store, service, window, client, path, tools)


@pytest.fixture
def app(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: qasync.QEventLoop) -> Iterator[App]:
    a = make_app(qtbot, demo, tmp_path / "ponder.db")
    yield a
    a.service.collector.stop()  # its deferred full collection must not land in the next test's stream
    aloop.run_until_complete(a.service.tasks.shutdown())
    aloop.run_until_complete(a.client.aclose())
    a.store.close()


def sse(*chunks: Any) -> bytes:
    """Server-sent events for ``chunks``, then [DONE]."""
    return b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"


@dataclass
class RawApp:
    """The real window, its service and store, against a loopback server replaying ``replies``."""

    server: RawServer
    store: Store
    client: ChatClient
    service: ChatService
    window: MainWindow

    async def wait(self, cond: Any, what: str) -> None:
        for _ in range(1500):
            if cond():
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def rawapp(qtbot: Any, tmp_path: Path, aloop: Any) -> Iterator[Callable[..., RawApp]]:
    made: list[RawApp] = []

    def make(replies: list[Reply], **server_kw: Any) -> RawApp:
        server = RawServer(replies, **server_kw)
        aloop.run_until_complete(server.__aenter__())
        store = Store(tmp_path / "p.db")
        client = ChatClient(max_attempts=1)
        service = ChatService(store, KeyStore(MemoryKeyring(), env={}), client,
                              lambda pid: PRESETS["demo"].with_base_url(server.url))
        window = MainWindow(HistoryService(store), service, [PRESETS["demo"]], ChatSettings(model="demo/fast", provider="demo"), lambda pid: ["demo/fast"])
        window.show()  # closed below, before the store (not by qtbot, which closes it after this teardown)
        made.append(h := RawApp(server, store, client, service, window))
        return h

    yield make
    for h in made:
        aloop.run_until_complete(h.service.tasks.shutdown())
        aloop.run_until_complete(h.client.aclose())
        aloop.run_until_complete(h.server.__aexit__())
        h.window.close()  # before the store closes: the window saves its draft on close
        h.window.deleteLater()
        h.store.close()
