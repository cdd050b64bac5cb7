"""What a tool round costs Ponder, in the window's path (services/chat.py + services/tools.py),
against the demo provider's tool model and Ponder's demo MCP server (a real process over stdio).

Per round: from the end of the answer that called the tool (its last byte sent by the provider)
to the next request arriving at the provider, less the tool's own time (the call as the host saw
it: the server's work and the pipe both ways). What is left is Ponder's: saving the answer,
the approval check, handing the call to the MCP thread and back, keeping the result, building
the next request. Goal (issue 16): < 20 ms. The calls are "Always allowed" (a user's click is
not Ponder's time). The first request of a session waits for the server to start (its tools
are listed for the request): shown apart.

    python bench/tools.py [--conversations 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from ponder.demo.server import DemoServer  # noqa: E402


class TimedDemo(DemoServer):
    """The demo provider, noting when each chat request arrived and when its answer ended."""

    def __init__(self) -> None:
        super().__init__(tps=0)
        self.arrived: list[float] = []
        self.ended: list[float] = []

    async def _chat(self, req: dict[str, Any], model: str, writer: asyncio.StreamWriter) -> bool:
        self.arrived.append(time.perf_counter())
        try:
            return await super()._chat(req, model, writer)
        finally:
            self.ended.append(time.perf_counter())


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=5, help="each makes the model call a tool 10 rounds in a row")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook, finalizer=loop._asyncgen_finalizer_hook)
    from dataclasses import replace

    from ponder.core.history.store import Store
    from ponder.core.mcp.config import McpServer
    from ponder.core.models import ChatSettings
    from ponder.core.providers.presets import PRESETS
    from ponder.core.safety.secrets import KeyStore, MemoryKeyring
    from ponder.core.wire.client import ChatClient
    from ponder.services.chat import ChatService
    from ponder.services.tools import ToolService

    demo = TimedDemo()
    loop.run_until_complete(demo.start())
    store = Store(Path(tempfile.mkdtemp()) / "ponder.db")
    client = ChatClient()
    keys = KeyStore(MemoryKeyring(), env={})
    service = ChatService(store, keys, client, lambda pid: replace(PRESETS["demo"], id=pid, base_url=demo.base_url))
    server = McpServer("demo", command=sys.executable, args=["-m", "ponder", "mcp-demo"], cwd=str(ROOT))
    always = ["demo/calculate"]
    tools = ToolService(keys, lambda: [server], lambda: always, lambda new: None, service.tasks)
    service.attach_tools(tools)
    service.collector.take_charge()  # as the app: the MCP thread runs beside Qt
    cs = ChatSettings(model="demo/tools", provider="demo", mcp=["demo/calculate"])

    overheads: list[float] = []
    first: float | None = None
    startup: float | None = None

    async def run() -> None:
        nonlocal first, startup
        for n in range(args.conversations):
            start = len(demo.arrived)
            t0 = time.perf_counter()
            cid = service.send(None, "loop: what is 1+1? use calculate", cs)
            if n == 0:
                while len(demo.arrived) <= start:
                    await asyncio.sleep(0.001)
                startup = (demo.arrived[start] - t0) * 1000
            # 10 rounds of calls, then an 11th answer that calls again and is stopped
            while len(demo.ended) < start + 11 or service.busy() or tools.busy(cid):
                await asyncio.sleep(0.005)
            await asyncio.sleep(0.05)
            tool_ms = [m.settings["tool_run"]["elapsed_ms"] for m in store.thread(cid)
                       if m.role == "tool" and m.settings and m.settings["tool_run"].get("elapsed_ms") is not None]
            for i, took in enumerate(tool_ms):
                gap = (demo.arrived[start + i + 1] - demo.ended[start + i]) * 1000 - took
                if n == 0 and i == 0:
                    first = gap  # the session's first call: shown apart
                    continue
                overheads.append(gap)

    loop.run_until_complete(run())
    tools.close()
    service.collector.release()
    loop.run_until_complete(service.aclose())
    loop.run_until_complete(demo.stop())
    store.close()
    print(f"Tool rounds: {len(overheads)} (demo/tools calling demo/calculate of `ponder mcp-demo`, Always allowed)")
    print("  Ponder's share of a round, from the answer's end to the next request, less the tool's own time:")
    print(f"  median {statistics.median(overheads):.1f} ms   p95 {pct(overheads, 95):.1f} ms   max {max(overheads):.1f} ms"
          "   (goal < 20 ms)")
    print(f"  the session's first round: {first:.1f} ms; its first request waited {startup:.0f} ms for the MCP "
          "server to start and list its tools")
    print(json.dumps({"rounds": len(overheads), "overhead_median_ms": round(statistics.median(overheads), 2),
                      "overhead_p95_ms": round(pct(overheads, 95), 2), "overhead_max_ms": round(max(overheads), 2),
                      "first_round_ms": round(first or 0, 1), "first_request_with_server_start_ms": round(startup or 0)}))


if __name__ == "__main__":
    main()
