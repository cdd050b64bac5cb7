"""Providers and keys from the window: the settings dialog, the welcome page, and the service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from ponder.core.providers.presets import PRESETS
from ponder.core.safety.secrets import KeyStore, MemoryKeyring
from ponder.core.settings import Settings
from ponder.demo.server import DemoServer
from ponder.services.provider_setup import ProviderService
from ponder.services.tasks import TaskRunner
from ponder.ui.settings_dialog import SettingsDialog
from ponder.ui.welcome import Welcome


def service(tmp_path: Path, demo: DemoServer | None = None, local: list | None = None) -> ProviderService:  # type: ignore[type-arg]
    from ponder.core.wire.client import ChatClient

    client = ChatClient()
    return ProviderService(KeyStore(MemoryKeyring(), env={}), Settings(), tmp_path / "settings.json", lambda: client,
                           TaskRunner(), local=local)


async def wait(cond: Any, timeout: float = 10) -> None:
    import asyncio

    for _ in range(int(timeout / 0.01)):
        if cond():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def test_dialog_saves_a_key_to_the_keyring_only_and_tests_the_connection(qtbot: Any, tmp_path: Path, demo: DemoServer, aloop: Any) -> None:
    svc = service(tmp_path)
    mine = PRESETS["openrouter"].with_base_url(demo.base_url)  # OpenRouter's dialect, pointed at the demo
    svc.providers = lambda: [mine]  # type: ignore[method-assign]
    d = SettingsDialog(svc)
    qtbot.addWidget(d)
    assert "none yet" in d.key_state.text()
    d.key.setText("sk-or-v1-dialogkey-0000aaaa")
    qtbot.mouseClick(d.save_key, Qt.MouseButton.LeftButton)
    assert d.key.text() == "" and "sk-or-...aaaa" in d.key_state.text() and "keyring" in d.key_state.text()
    assert svc.keys.lookup(mine) == ("sk-or-v1-dialogkey-0000aaaa", "keyring")
    assert not (tmp_path / "settings.json").exists()  # nothing written to a file for a key

    async def scenario() -> None:
        qtbot.mouseClick(d.test, Qt.MouseButton.LeftButton)
        await wait(lambda: d.result.text().startswith(("✓", "✗")))
        assert d.result.text() == f"✓ Connected to OpenRouter: {len(__import__('ponder.demo.scripts', fromlist=['MODELS']).MODELS)} models available"
        await svc._client().aclose()

    aloop.run_until_complete(scenario())
    d.default_model.setText("demo/openrouter")
    qtbot.mouseClick(d.make_default, Qt.MouseButton.LeftButton)
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["default_provider"] == "openrouter" and saved["default_models"] == {"openrouter": "demo/openrouter"}
    assert "sk-or" not in (tmp_path / "settings.json").read_text()
    qtbot.mouseClick(d.delete_key, Qt.MouseButton.LeftButton)
    assert svc.keys.lookup(mine)[1] == "none"


def test_a_bad_key_gets_a_clear_message(qtbot: Any, tmp_path: Path) -> None:
    d = SettingsDialog(service(tmp_path))
    qtbot.addWidget(d)
    d.key.setText("two words")
    qtbot.mouseClick(d.save_key, Qt.MouseButton.LeftButton)
    assert "spaces or line breaks" in d.result.text()


def test_welcome_finds_a_local_server_and_the_demo(qtbot: Any, tmp_path: Path, demo: DemoServer, aloop: Any) -> None:
    ollama_here = PRESETS["ollama"].with_base_url(demo.base_url)
    nothing_there = PRESETS["lmstudio"].with_base_url("http://127.0.0.1:9/v1")
    svc = service(tmp_path, local=[ollama_here, nothing_there])
    w = Welcome(svc)
    qtbot.addWidget(w)
    chosen: list[tuple[str, str]] = []
    w.chosen.connect(lambda p, m: chosen.append((p, m)))

    async def scenario() -> None:
        w.probe()
        await wait(lambda: w.local_list.count() > 0)
        button = w.local_list.itemAt(0).widget()
        assert button.text() == "Use Ollama (demo/reasoning)"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await svc._client().aclose()

    aloop.run_until_complete(scenario())
    assert chosen == [("ollama", "demo/reasoning")]
    assert json.loads((tmp_path / "settings.json").read_text())["default_provider"] == "ollama"
    w.key.setText("")
    qtbot.mouseClick(w.findChildren(type(w.local_list.itemAt(0).widget()))[0], Qt.MouseButton.LeftButton)  # "Save and start" without a key
    assert "Paste your OpenRouter key first" in w.hosted_result.text()


def test_test_connection_never_shows_the_key_a_server_echoes(qtbot: Any, tmp_path: Path, aloop: Any) -> None:
    from tests.helpers.rawserver import RawServer, Reply

    key = "sk-or-v1-echoed-0123456789abcdef"
    escaped = "".join(f"\\u{ord(c):04x}" for c in key)
    server = RawServer([Reply(401, ('{"error": {"message": "bad key ' + escaped + ' / Bearer ' + key + '"}}').encode(),
                              content_type="application/json")])
    aloop.run_until_complete(server.__aenter__())
    svc = service(tmp_path)
    mine = PRESETS["openrouter"].with_base_url(server.url)
    svc.providers = lambda: [mine]  # type: ignore[method-assign]
    d = SettingsDialog(svc)
    qtbot.addWidget(d)
    d.key.setText(key)
    qtbot.mouseClick(d.save_key, Qt.MouseButton.LeftButton)

    async def scenario() -> None:
        qtbot.mouseClick(d.test, Qt.MouseButton.LeftButton)
        await wait(lambda: d.result.text().startswith(("✓", "✗")))
        assert "bad key sk-or-...cdef / Bearer sk-or-...cdef" in d.result.text()
        assert key not in d.result.text() and key[10:] not in d.result.text()
        await svc._client().aclose()
        await server.__aexit__()

    aloop.run_until_complete(scenario())
