"""Providers and their keys, for the settings dialog and the welcome page: keys go to the
keyring only, "test connection" asks the provider for its models, and local servers are found by
probing their usual ports on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from ponder.core.errors import PonderError
from ponder.core.providers.presets import PRESETS, Provider
from ponder.core.safety.secrets import KeyInfo, KeyStore, no_keyring_message
from ponder.core.providers.custom import CustomProvider, check_custom_provider
from ponder.core.settings import Settings, save_settings
from ponder.services.tasks import TaskRunner
from ponder.core.words import say

LOCAL = ("ollama", "lmstudio", "llamacpp", "vllm")


class ProviderService(QObject):
    tested = Signal(str, bool, str)  # provider id, ok, what to tell the user
    probed = Signal(object)  # list of (Provider, [model ids]) found running on this machine
    settings_changed = Signal()
    providers_changed = Signal()  # a custom provider was added, changed or removed

    def __init__(self, keys: KeyStore, settings: Settings, settings_path: Path, client: Callable[[], Any],
                 tasks: TaskRunner, local: list[Provider] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys, self.settings, self.settings_path = keys, settings, settings_path
        self._client = client
        self.tasks = tasks
        self.local = local if local is not None else [PRESETS[pid] for pid in LOCAL]
        self.chosen_on_command_line = False  # --demo, --provider, --prompt...: no welcome

    def providers(self) -> list[Provider]:
        return self.settings.configurable_providers()

    # -- keys (the keyring only) ----------------------------------------------------------------

    def key_info(self, p: Provider) -> KeyInfo:
        return self.keys.info(p)

    def keyring_problem(self) -> str | None:
        return None if self.keys.available else no_keyring_message()

    def set_key(self, p: Provider, key: str) -> str:
        """Store a key; returns it masked. Raises ConfigError with words for the user."""
        self.keys.set(p, key)
        return self.keys.info(p).masked

    def delete_key(self, p: Provider) -> bool:
        return self.keys.delete(p)

    # -- the user's own providers ---------------------------------------------------------------

    def custom(self, provider_id: str) -> CustomProvider | None:
        return next((c for c in self.settings.custom_providers if c.id == provider_id), None)

    def save_custom(self, c: CustomProvider, key: str | None = None, new: bool = True) -> None:
        """Add a provider (``new``) or change the one with ``c.id``; a ``key`` goes to the keyring.
        Raises ValueError or ConfigError with words for the user, and then nothing has changed."""
        check_custom_provider(c)
        if new and self.custom(c.id) is not None:
            raise ValueError(say("There is already a provider with the id '{id}': choose another").format(id=c.id))
        if not new and self.custom(c.id) is None:
            raise ValueError(say("There is no provider '{id}' any more").format(id=c.id))
        if key and key.strip():
            self.keys.set(c.provider(), key)  # first: if the keyring refuses, nothing was saved
        customs = self.settings.custom_providers
        if new:
            customs.append(c)
            if c.id not in self.settings.enabled_providers:
                self.settings.enabled_providers.append(c.id)
        else:
            customs[next(i for i, x in enumerate(customs) if x.id == c.id)] = c
        save_settings(self.settings_path, self.settings)
        self.providers_changed.emit()

    def remove_custom(self, provider_id: str) -> None:
        """Forget a provider and its key. Its conversations stay in history."""
        c = self.custom(provider_id)
        if c is None:
            return
        if self.keys.available:
            self.keys.delete(c.provider())
        s = self.settings
        s.custom_providers = [x for x in s.custom_providers if x.id != provider_id]
        s.enabled_providers = [x for x in s.enabled_providers if x != provider_id]
        s.default_models.pop(provider_id, None)
        if s.default_provider == provider_id:
            s.default_provider = None
        save_settings(self.settings_path, s)
        self.providers_changed.emit()

    # -- defaults -------------------------------------------------------------------------------

    def set_default(self, provider_id: str, model: str | None = None) -> None:
        self.settings.default_provider = provider_id
        if model:
            self.settings.default_models[provider_id] = model
        if provider_id not in self.settings.enabled_providers:
            self.settings.enabled_providers.append(provider_id)
        save_settings(self.settings_path, self.settings)
        self.settings_changed.emit()

    def set_tools(self, library: list[dict[str, Any]]) -> None:
        self.settings.tools = library
        save_settings(self.settings_path, self.settings)

    def set_override(self, provider_id: str, model: str, override: dict[str, Any] | None) -> None:
        key = f"{provider_id}:{model}"
        if override:
            self.settings.model_overrides[key] = override
        else:
            self.settings.model_overrides.pop(key, None)
        save_settings(self.settings_path, self.settings)
        self.settings_changed.emit()

    def save_preset(self, name: str, preset: dict[str, Any]) -> None:
        """A named system prompt and parameters, kept in settings.json."""
        from ponder.core.answers.presets import clean

        self.settings.presets[name] = clean(preset)
        save_settings(self.settings_path, self.settings)

    # -- MCP servers ----------------------------------------------------------------------------

    def set_mcp_always(self, tools: list[str]) -> None:
        """The tools allowed without asking ("server/tool")."""
        self.settings.mcp_always = list(dict.fromkeys(tools))
        save_settings(self.settings_path, self.settings)
        self.settings_changed.emit()

    def save_mcp_server(self, server: Any, secrets: dict[str, str] | None = None, replacing: str | None = None) -> None:
        """Add a server (or replace ``replacing``); its secrets' values go to the keyring first,
        so nothing is saved that cannot start. ValueError with a reason the user can act on."""
        from ponder.core.mcp.config import check_server

        check_server(server)
        others = [m for m in self.settings.mcp_servers if m.name != (replacing or server.name)]
        if any(m.name == server.name for m in others):
            raise ValueError(say("There is already a server named {name}").format(name=server.name))
        for k, v in (secrets or {}).items():
            if v:
                self.keys.set_secret(server.secret_key(k), v)
        at = next((i for i, m in enumerate(self.settings.mcp_servers) if m.name == (replacing or server.name)),
                  len(self.settings.mcp_servers))
        self.settings.mcp_servers = others[:at] + [server] + others[at:]
        save_settings(self.settings_path, self.settings)
        self.settings_changed.emit()

    def remove_mcp_server(self, name: str) -> None:
        """A server, its secrets and its always-allowed tools."""
        s = self.settings.mcp_server(name)
        if s is None:
            return
        for k in s.secrets:
            self.keys.delete_secret(s.secret_key(k))
        self.settings.mcp_servers = [m for m in self.settings.mcp_servers if m.name != name]
        self.settings.mcp_always = [a for a in self.settings.mcp_always if not a.startswith(f"{name}/")]
        save_settings(self.settings_path, self.settings)
        self.settings_changed.emit()

    def import_mcp(self, text: str) -> tuple[list[str], list[str]]:
        """Servers from another app's mcpServers JSON: (the names added, what was skipped and why)."""
        from ponder.core.mcp.config import read_mcp_servers

        found, skipped = read_mcp_servers(text)
        added = []
        for imp in found:
            if self.settings.mcp_server(imp.server.name) is not None:
                skipped.append(say("{name}: a server of that name is there already").format(name=imp.server.name))
                continue
            self.save_mcp_server(imp.server, imp.secret_values)
            added.append(imp.server.name)
        return added, skipped

    def set_ui(self, key: str, value: Any, notify: bool = True) -> None:
        """A display preference, saved at once (``notify``: the views follow it now)."""
        self.settings.ui[key] = value
        save_settings(self.settings_path, self.settings)
        if notify:
            self.settings_changed.emit()

    # -- comparisons ----------------------------------------------------------------------------

    def save_model_set(self, name: str, columns: list[dict[str, Any]] | None) -> None:
        """Keep a named model set (``None`` deletes it)."""
        if columns is None:
            self.settings.model_sets.pop(name, None)
        else:
            self.settings.model_sets[name] = [{k: v for k, v in c.items() if k != "key"} for c in columns]
        save_settings(self.settings_path, self.settings)

    def remember_model_set(self, columns: list[dict[str, Any]]) -> None:
        """The set a comparison was started with: the next one starts from it."""
        cols = [{k: v for k, v in c.items() if k != "key"} for c in columns]
        if cols != self.settings.last_model_set:
            self.settings.last_model_set = cols
            save_settings(self.settings_path, self.settings)

    def set_compare_local_parallel(self, on: bool) -> None:
        self.settings.compare_local_parallel = on
        save_settings(self.settings_path, self.settings)

    def configured(self) -> bool:
        """Has the user chosen a provider (or set a key) yet? If not, the window welcomes them."""
        if self.chosen_on_command_line or self.settings.default_provider:
            return True
        return any(self.keys.lookup(p)[0] for p in self.providers() if p.needs_key)

    # -- network --------------------------------------------------------------------------------

    def test(self, p: Provider, key: str | None = None) -> None:
        self.tasks.run(f"test:{p.id}", self._test(p, key))

    async def _test(self, p: Provider, key: str | None) -> None:
        try:
            key = key or self.keys.lookup(p)[0]
            if p.needs_key and not key:
                self.tested.emit(p.id, False, say("No key for {name} yet: paste one above").format(name=p.name))
                return
            models = await self._client().list_models(p, key)
            self.tested.emit(p.id, True, say("Connected to {name}: %n model(s) available", len(models)).format(name=p.name))
        except PonderError as e:
            self.tested.emit(p.id, False, str(e))

    def probe_local(self) -> None:
        self.tasks.run("probe-local", self._probe())

    async def _probe(self) -> None:
        import asyncio

        async def one(p: Provider) -> tuple[Provider, list[str]] | None:
            try:
                models = await asyncio.wait_for(self._client().list_models(p, None), 2.0)
            except (PonderError, asyncio.TimeoutError):
                return None
            return p, [str(m.get("id")) for m in models if m.get("id")]

        found = await asyncio.gather(*(one(p) for p in self.local))
        self.probed.emit([f for f in found if f is not None])
