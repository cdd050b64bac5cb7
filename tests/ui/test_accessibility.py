"""What a screen reader finds (issue 19): every control a keyboard reaches has a name, through Qt's
accessibility interface, in the window, the comparison and every dialog; each dialog's Tab order
reaches all of its controls; how an answer ended is announced once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from ponder.demo.server import DemoServer
from ponder.ui import safe


def name_of(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def stops(top: QWidget) -> list[QWidget]:
    """What Tab can reach in ``top`` as it is shown now."""
    return [x for x in [top, *top.findChildren(QWidget)] if x.isVisibleTo(top) and x.isEnabled()
            and x.focusPolicy() & Qt.FocusPolicy.TabFocus and x.focusProxy() is None]


def unnamed(top: QWidget) -> list[str]:
    return [f"{type(x).__name__} in {type(x.parentWidget()).__name__} ({x.toolTip()[:40]!r})" for x in stops(top) if not name_of(x)]


def every_tab(top: QWidget) -> list[str]:
    """Unnamed controls on each tab page of ``top``'s tab widgets (and on the page shown)."""
    found = unnamed(top)
    for tabs in top.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            found += unnamed(top)
    return sorted(set(found))


def dialogs(window: Any) -> dict[str, QWidget]:
    from ponder.core.answers.columns import Column
    from ponder.core.paths import Paths
    from ponder.core.providers.presets import PRESETS
    from ponder.ui.about import AboutDialog
    from ponder.ui.compare_dialog import CompareDialog
    from ponder.ui.mcp_settings import McpImportDialog, McpServerDialog
    from ponder.ui.model_picker import ModelPicker
    from ponder.ui.params_dialog import ParamsDialog
    from ponder.ui.provider_dialog import ProviderDialog
    from ponder.ui.settings_dialog import SettingsDialog
    from ponder.ui.shortcuts import ShortcutsDialog
    from ponder.ui.tools_dialog import ToolsDialog

    svc = window.provider_service
    return {
        "settings": SettingsDialog(svc, window), "parameters": ParamsDialog({}, lambda p: None, "llama3", {}, None),
        "tools": ToolsDialog([], [], None, None), "about": AboutDialog(Paths.default(), window),
        "provider": ProviderDialog(svc, None, window), "mcp server": McpServerDialog(None, window),
        "mcp import": McpImportDialog(window), "shortcuts": ShortcutsDialog(window),
        "compare": CompareDialog([PRESETS["demo"]], lambda p: ["demo/fast"], [Column("demo", "demo/fast"),
                                 Column("demo", "demo/reasoning")], {}, False),
        "model picker": ModelPicker({"demo": "Demo"}, "demo", ("", ""), [], []),
    }


def test_every_control_has_a_name_in_the_window_the_comparison_and_each_dialog(qtbot: Any, demo: DemoServer,
                                                                                tmp_path: Path, aloop: Any) -> None:
    from ponder.core.answers.columns import Column
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", settings_path=tmp_path / "settings.json")
    w = a.window

    async def ask(prompt: str) -> None:
        w.send(prompt)
        await a.wait(lambda: a.service.busy(), what="the answer starts")
        await a.wait(lambda: not a.service.busy(), what="the answer ends")
        await asyncio.sleep(0.2)

    aloop.run_until_complete(ask("/tokens 20\nHello"))
    w.bar.advanced.setChecked(True)
    assert unnamed(w) == []
    w.start_comparison([Column("demo", "demo/fast"), Column("demo", "demo/reasoning")])
    aloop.run_until_complete(ask("/tokens 20\nCompare this"))
    assert unnamed(w) == []
    for name, d in dialogs(w).items():
        qtbot.addWidget(d)
        d.show()
        d.activateWindow()
        qtbot.waitUntil(lambda d=d: QApplication.activeWindow() is d)
        assert every_tab(d) == [], name
        # Tab reaches every control of the dialog (the page shown), and comes round again.
        want = set(stops(d)) - {d}
        first = next(iter(want))
        first.setFocus()
        assert QApplication.focusWidget() is first, name
        seen = set()
        for _ in range(len(want) * 2 + 2):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen.add(QApplication.focusWidget())
        assert want <= seen, (name, [type(x).__name__ for x in want - seen])
        d.close()
    aloop.run_until_complete(a.service.aclose())


def test_how_an_answer_ended_is_announced_once(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db")

    async def ask(prompt: str) -> None:
        before = len(safe.ANNOUNCED)
        a.window.send(prompt)
        await a.wait(lambda: a.service.busy(), what="the answer starts")
        await a.wait(lambda: not a.service.busy(), what="the answer ends")
        await asyncio.sleep(0.1)
        assert len(safe.ANNOUNCED) == before + 1  # once, not per token

    aloop.run_until_complete(ask("/tokens 200\n/tps 2000\nHello"))
    assert safe.ANNOUNCED[-1] == "Answer finished"
    aloop.run_until_complete(ask("/error 401\nAgain"))
    assert safe.ANNOUNCED[-1].startswith("The answer failed: ") and "key" in safe.ANNOUNCED[-1].lower()
    aloop.run_until_complete(a.service.aclose())
