"""Providers and keys from the window: the settings dialog, the welcome page, and the service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

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


def test_a_provider_of_ones_own_is_added_changed_and_removed_from_settings(qtbot: Any, tmp_path: Path, aloop: Any,
                                                                            monkeypatch: Any) -> None:
    """Added in Settings: offered by the bar at once, its requests go to its address with its header
    and its key (the key in the keyring, never in settings.json); changed; removed with its key."""
    from ponder.core.providers.presets import get_provider
    from ponder.core.history.store import Store
    from ponder.core.models import ChatSettings
    from ponder.services.chat import ChatService
    from ponder.services.history import HistoryService
    from ponder.ui.provider_dialog import ProviderDialog
    from ponder.ui.window import MainWindow
    from tests.helpers.rawserver import RawServer, Reply
    from tests.ui.conftest import sse

    server = RawServer([Reply(200, sse({"choices": [{"delta": {"content": "from my box"}}]}))])
    aloop.run_until_complete(server.__aenter__())
    svc = service(tmp_path)
    store = Store(tmp_path / "p.db")
    chat = ChatService(store, svc.keys, svc._client(), lambda pid: get_provider(pid, custom=svc.settings.providers()))
    w = MainWindow(HistoryService(store), chat, [PRESETS["demo"], *svc.providers()], ChatSettings(model="m", provider="demo"),
                   lambda pid: [], provider_service=svc)  # closed below, before the store
    d = SettingsDialog(svc, w)
    assert not d.change.isEnabled() and not d.remove.isEnabled()  # a built-in provider stays

    add = ProviderDialog(svc, None, d)
    qtbot.addWidget(add)
    qtbot.keyClicks(add.name, "My vLLM box")
    assert add.id.text() == "my-vllm-box"
    add.url.setText(server.url + "/")
    add.headers.setPlainText("X-Team: research\nAuthorization: Bearer sk-in-a-header")
    add.key.setText("sk-my-box-key-000111")
    qtbot.mouseClick(add.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "looks like a credential" in add.problem.text() and add.result() != ProviderDialog.DialogCode.Accepted
    assert not (tmp_path / "settings.json").exists() and svc.keys.get("my-vllm-box") is None  # nothing saved
    add.headers.setPlainText("X-Team: research")
    qtbot.mouseClick(add.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert add.result() == ProviderDialog.DialogCode.Accepted

    saved = (tmp_path / "settings.json").read_text()
    assert "sk-my-box-key" not in saved and json.loads(saved)["custom_providers"] == [{
        "id": "my-vllm-box", "name": "My vLLM box", "base_url": server.url, "dialect": "generic",
        "headers": {"X-Team": "research"}, "local": False}]
    assert svc.keys.get("my-vllm-box") == "sk-my-box-key-000111"
    assert w.bar.provider.findText("My vLLM box") >= 0  # offered at once, no restart
    d._fill(select="my-vllm-box")
    assert d.change.isEnabled() and d.remove.isEnabled() and "sk-my-...0111" in d.key_state.text()

    w.bar.set_settings(ChatSettings(model="box-model", provider="my-vllm-box"))
    w.composer.edit.setPlainText("hello")
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_Return)

    async def answered() -> None:
        for _ in range(1000):
            if store.conversations() and not chat.streaming(store.conversations()[0].id):
                m = store.messages(store.conversations()[0].id)
                if m and m[-1].status == "done":
                    return
            await asyncio.sleep(0.01)
        raise AssertionError("no answer")

    import asyncio
    aloop.run_until_complete(answered())
    head = server.request_headers[0]
    assert head["x-team"] == "research" and head["authorization"] == "Bearer sk-my-box-key-000111"
    assert store.messages(store.conversations()[0].id)[-1].content == "from my box"

    change = ProviderDialog(svc, svc.custom("my-vllm-box"), d)
    qtbot.addWidget(change)
    assert change.id.isReadOnly() and change.headers.toPlainText() == "X-Team: research"
    change.name.setText("Lab box")
    change.dialect.setCurrentIndex(change.dialect.findData("vllm"))
    qtbot.mouseClick(change.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert svc.custom("my-vllm-box").name == "Lab box" and w.bar.provider.currentText() == "Lab box"
    assert svc.keys.get("my-vllm-box") == "sk-my-box-key-000111"  # an empty key field keeps the key

    from PySide6.QtWidgets import QMessageBox

    d._fill(select="my-vllm-box")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(d.remove, Qt.MouseButton.LeftButton)
    assert svc.custom("my-vllm-box") is not None  # asked first
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(d.remove, Qt.MouseButton.LeftButton)
    assert d.result.text() == "Removed Lab box" and svc.keys.get("my-vllm-box") is None
    assert "custom_providers\": []" in (tmp_path / "settings.json").read_text()
    assert w.bar.provider.findData("my-vllm-box") < 0
    assert store.conversations()  # its conversation stays

    aloop.run_until_complete(chat.tasks.shutdown())
    aloop.run_until_complete(svc._client().aclose())
    aloop.run_until_complete(server.__aexit__())
    w.close()
    store.close()
