"""The README's screenshots, made by driving the real window against the demo provider, so that
they cannot go stale: `make screenshots` (offscreen; no display needed). Each shot is taken at
1200x780 in a fresh history.

    python docs/screenshots/make.py [NAME ...]     # all of them, or the ones named
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Awaitable, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "app"))

from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SIZE = (1200, 780)


class Shot:
    """A window on a fresh history, the demo server, and what was set up for it."""

    def __init__(self, theme: str, configured: bool = True, mcp: bool = False) -> None:
        import qasync

        from ponder.core.models import ChatSettings
        from ponder.core.providers.presets import PRESETS
        from ponder.core.safety.secrets import KeyStore, MemoryKeyring
        from ponder.core.settings import Settings
        from ponder.core.history.store import Store
        from ponder.core.wire.client import ChatClient
        from ponder.demo.server import DemoServer
        from ponder.services.chat import ChatService
        from ponder.services.history import HistoryService
        from ponder.services.provider_setup import ProviderService
        from ponder.ui.theme import apply_theme
        from ponder.ui.window import MainWindow

        app = QApplication.instance()
        apply_theme(app, theme)  # type: ignore[arg-type]
        self.loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(self.loop)
        sys.set_asyncgen_hooks(firstiter=self.loop._asyncgen_firstiter_hook,  # as main.py does (stack.md §3)
                               finalizer=self.loop._asyncgen_finalizer_hook)
        self.dir = Path(tempfile.mkdtemp(prefix="ponder-shots-"))
        self.demo = DemoServer()
        self.loop.run_until_complete(self.demo.start())
        self.store = Store(self.dir / "ponder.db")
        keys = KeyStore(MemoryKeyring(), env={})
        client = ChatClient()
        demo = PRESETS["demo"].with_base_url(self.demo.base_url)
        self.service = ChatService(self.store, keys, client, lambda pid: demo)
        self.client = client
        ps = ProviderService(keys, Settings(), self.dir / "settings.json", lambda: client, self.service.tasks,
                             local=[])  # no server on the machine that makes the shots
        ps.chosen_on_command_line = configured
        self.tools = None
        if mcp:  # Ponder's demo MCP server, a real process, as Settings would have it
            from ponder.core.mcp.config import McpServer
            from ponder.services.tools import ToolService

            ps.settings.mcp_servers = [McpServer("demo", command=sys.executable, args=["-m", "ponder", "mcp-demo"],
                                                 cwd=str(HERE.parent.parent))]
            self.tools = ToolService(keys, lambda: ps.settings.mcp_servers, lambda: ps.settings.mcp_always,
                                     ps.set_mcp_always, self.service.tasks)
            self.service.attach_tools(self.tools)
            self.service.collector.take_charge()  # the MCP thread runs beside Qt, as in the app
        from ponder.demo.scripts import MODELS

        self.window = MainWindow(HistoryService(self.store), self.service, [PRESETS["demo"]],
                                 ChatSettings(model="demo/reasoning", provider="demo"), lambda pid: list(MODELS), theme,
                                 provider_service=ps)
        self.window.resize(*SIZE)
        self.window.show()

    async def until(self, cond: Callable[[], Any], timeout: float = 20) -> None:
        for _ in range(int(timeout / 0.02)):
            if cond():
                return
            await asyncio.sleep(0.02)
        raise TimeoutError("the window never got there")

    async def answered(self, prompt: str, model: str | None = None) -> None:
        if model:
            self.window.bar.model.setEditText(model)
        self.window.send(prompt)
        await self.until(lambda: self.service.busy())
        await self.until(lambda: not self.service.busy())
        await asyncio.sleep(0.3)

    def save(self, name: str) -> None:
        # Events go through the running loop: processed outside it, a stream still going (the
        # thinking shot) would step without asyncio and fail.
        self.loop.run_until_complete(asyncio.sleep(0.1))
        self.window.grab().save(str(HERE / f"{name}.png"))
        print(f"docs/screenshots/{name}.png")

    def close(self) -> None:
        if self.tools is not None:
            self.tools.close()
            self.service.collector.release()
        self.loop.run_until_complete(self.service.tasks.shutdown())
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self.demo.stop())
        self.window.close()
        self.window.deleteLater()
        QApplication.processEvents()
        self.store.close()
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()  # never loop.stop(): it would quit the application (as tests/ui/conftest.py says)
        asyncio.set_event_loop(None)


async def thinking(s: Shot) -> None:
    w = s.window
    w.send("/tps 40\nWhy is the sky blue? Explain it to a curious ten-year-old.")
    await s.until(lambda: any(getattr(x, "thinking", None) is not None and getattr(x.thinking, "thinking", False)
                              and len(x.thinking.markdown) > 150 for x in w.transcript.widgets.values()))


async def answer_dark(s: Shot) -> None:
    w = s.window
    w.send("/tps 60\nWrite a haiku about tea, then explain each line.")
    await s.until(lambda: s.service.busy())
    await asyncio.sleep(1.5)
    w.stop()
    await s.until(lambda: not s.service.busy())
    await s.answered("/error 401\nAnd one about coffee?")


async def failures(s: Shot) -> None:
    """What goes wrong, as the user reads it: a connection dropped mid-answer, then a rate limit."""
    await s.answered("/drop\nWhy is the sky blue?")
    await s.answered("/error 429\nAnd why are sunsets red?")


async def tool_call(s: Shot) -> None:
    weather = {"name": "get_weather", "description": "Current weather for a city",
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
    s.window.bar.set_tools([weather], "auto", None)
    await s.answered("What is the weather in Oslo right now?", model="demo/tools")


async def mcp_approval(s: Shot) -> None:
    from ponder.ui.tool_card import ToolCard

    w = s.window
    w.bar.model.setEditText("demo/tools")
    w.bar.set_tools([], None, None, ["demo"])
    w.send('Count the words of "the quick brown fox jumps over the lazy dog" with word_count')
    await s.until(lambda: [c for c in w.findChildren(ToolCard) if c.ask.isVisible()], 60)
    [c for c in w.findChildren(ToolCard) if c.ask.isVisible()][0].buttons["conversation"].click()
    await s.until(lambda: not s.service.busy() and s.tools is not None and not s.tools.busy(w.cid or ""))
    await asyncio.sleep(0.3)
    w.send("What time is it in Asia/Shanghai? Use current_time")
    await s.until(lambda: [c for c in w.findChildren(ToolCard) if c.ask.isVisible()], 30)
    await asyncio.sleep(0.3)


async def sources(s: Shot) -> None:
    await s.answered("Why is the sky blue?", model="demo/search")


async def probabilities(s: Shot) -> None:
    s.window.bar.set_params({"logprobs": 3})
    await s.answered("/tokens 60\nExplain entropy in one paragraph", model="demo/fast")
    w = list(s.window.transcript.widgets.values())[-1]
    w.probs.setChecked(True)  # (a hover's tooltip is a window of its own: not in a grab of this one)
    await asyncio.sleep(0.3)


async def sweep(s: Shot) -> None:
    s.window.bar.model.setEditText("demo/openrouter")
    s.window.compare_efforts()
    await asyncio.sleep(0.2)
    s.window.send("/tps 400\nWhy is the sky blue?")
    await s.until(lambda: s.service.busy())
    await s.until(lambda: not s.service.busy(), 60)
    await asyncio.sleep(0.4)


async def math(s: Shot) -> None:
    await s.answered("/tps 400\nWalk me through the math of the Gaussian integral")
    for x in s.window.transcript.widgets.values():
        if getattr(x, "thinking", None) is not None:
            x.thinking.header.setChecked(True)  # open, to show formulas in the thinking too
            for row in x.thinking.rows:  # and each of its steps
                row.set_open(True)
    await asyncio.sleep(0.4)


async def search(s: Shot) -> None:
    for prompt in ("/tokens 60\nHow do tides work?", "/tokens 60\nWhat makes the ocean salty?",
                   "/tokens 60\nPlan a weekend in Lisbon"):
        s.window.open_conversation(None)
        await s.answered(prompt, model="demo/fast")
    s.window.sidebar.search.setText("ocean")
    s.window.sidebar.refresh()


async def welcome(s: Shot) -> None:
    s.window.after_start()
    await asyncio.sleep(1.0)  # the probe for servers on this machine


async def images(s: Shot) -> None:
    w = s.window
    w.bar.model.setEditText("demo/vision")
    for color, size in (("#2563eb", (1600, 1000)), ("#d97706", (900, 900))):
        w.composer.add_media([(_picture(color, *size), None)])
    w.composer.edit.setPlainText("What is in these two pictures?")
    w.send(w.composer.edit.toPlainText())
    await s.until(lambda: s.service.busy())
    await s.until(lambda: not s.service.busy())
    await asyncio.sleep(0.3)
    w.composer.add_media([(_picture("#059669", 1200, 800), None)])
    w.composer.edit.setPlainText("And this one?")


async def compare(s: Shot) -> None:
    from ponder.core.answers.columns import Column

    w = s.window
    w.start_comparison([Column("demo", "demo/fast"), Column("demo", "demo/reasoning", "low"), Column("demo", "demo/think")])
    w.composer.edit.setPlainText("/tokens 160\nWhich sorting algorithm should I use for nearly sorted data?")
    w.send(w.composer.edit.toPlainText())
    await s.until(lambda: s.service.busy())
    await s.until(lambda: not s.service.busy())
    await asyncio.sleep(0.5)


def _picture(color: str, w: int, h: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#f8fafc"))
    p = QPainter(img)
    p.fillRect(w // 8, h // 6, w * 3 // 4, h * 2 // 3, QColor(color))
    p.end()
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(ba.data())


SHOTS: dict[str, tuple[str, bool, Callable[[Shot], Awaitable[None]]]] = {
    "thinking-light": ("light", True, thinking),
    "answer-dark": ("dark", True, answer_dark),
    "tool-call": ("light", True, tool_call),
    "search-light": ("light", True, search),
    "welcome": ("light", False, welcome),
    "images": ("light", True, images),
    "compare": ("light", True, compare),
    "mcp-approval": ("light", True, mcp_approval),
    "sources-dark": ("dark", True, sources),
    "probabilities": ("light", True, probabilities),
    "sweep": ("light", True, sweep),
    "sweep-dark": ("dark", True, sweep),
    "math-light": ("light", True, math),
    "math-dark": ("dark", True, math),
    "chinese": ("light", True, math),  # in zh_CN (LANGUAGE below)
    "chinese-dark": ("dark", True, sources),
    "pseudo": ("light", True, sources),  # every string 40% longer: is anything cut off?
    "chinese-failures": ("light", True, failures),
    "chinese-compare": ("light", True, compare),
}
LANGUAGE = {"chinese": "zh_CN", "chinese-dark": "zh_CN", "pseudo": "pseudo", "chinese-failures": "zh_CN",
            "chinese-compare": "zh_CN"}
MCP = {"mcp-approval"}  # shots with Ponder's demo MCP server connected


def main(names: list[str]) -> int:
    QApplication.instance() or QApplication([sys.argv[0]])
    for name in names or list(SHOTS):
        theme, configured, scene = SHOTS[name]
        from ponder.ui import i18n

        i18n.install(LANGUAGE.get(name, "en"))
        s = Shot(theme, configured, mcp=name in MCP)
        try:
            s.loop.run_until_complete(scene(s))
            s.save(name)
        finally:
            s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
