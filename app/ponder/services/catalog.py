"""What is known of each provider's models, for the widgets: capabilities, prices and the user's
overrides, from the cached catalog (or the family table), fetched again in the background once a
day. The one door from widgets to `core/providers/catalog.py`."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from ponder.core.providers.catalog import CatalogCache, apply_overrides, known_model, lookup
from ponder.core.errors import PonderError
from ponder.core.models import ModelInfo
from ponder.core.providers.presets import Provider
from ponder.core.safety.secrets import KeyStore
from ponder.services.tasks import TaskRunner
from ponder.core.words import N_, say

NOT_FETCHED = N_("The model list has not been fetched yet: it is fetched in the background, try again shortly.")


class ModelCatalog(QObject):
    refreshed = Signal(str, str)  # provider id, what went wrong ("" if nothing)

    def __init__(self, cache: CatalogCache | None, keys: KeyStore, client: Callable[[], Any],
                 resolve_provider: Callable[[str], Provider], tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.keys, self._client, self.resolve_provider, self.tasks = keys, client, resolve_provider, tasks
        self.overrides: dict[str, dict[str, Any]] = {}  # the user's word (settings), by "provider:model"

    def info(self, provider_id: str, model_id: str) -> ModelInfo:
        """What is known of a model without a request (the family table when nothing is cached)."""
        return lookup(self.cache, provider_id, model_id, self.overrides)

    def listed(self, provider_id: str) -> list[ModelInfo] | None:
        """The provider's cached list, with the user's overrides; None if never fetched."""
        return self._listed(provider_id)[0]

    def _listed(self, provider_id: str) -> tuple[list[ModelInfo] | None, str | None]:
        # The cache file is read once: OpenRouter's list is megabytes of JSON.
        cat = self.cache.load(provider_id) if self.cache is not None else None
        if cat is None or not cat.models:
            return None, None
        return [self._overridden(provider_id, m) for m in cat.models], cat.error

    def for_picker(self, provider_id: str, known_ids: list[str]) -> tuple[list[ModelInfo], str | None]:
        """The models to choose from, and a note for the user: the cached list (and why it may be
        old), else ``known_ids`` (history, settings) described by the family table while the list
        is fetched in the background."""
        models, problem = self._listed(provider_id)
        if models is not None:
            return models, problem
        self.refresh(provider_id)
        return [self._overridden(provider_id, known_model(provider_id, i)) for i in known_ids], say(NOT_FETCHED)

    def _overridden(self, provider_id: str, m: ModelInfo) -> ModelInfo:
        return apply_overrides(m, self.overrides.get(f"{provider_id}:{m.id}"))

    def refresh(self, provider_id: str, force: bool = False) -> None:
        """Fetch a provider's model list in the background if the cached one is a day old (or now,
        with ``force``); ``refreshed`` says how it went."""
        if self.cache is None:
            return
        cache = self.cache

        async def run() -> None:
            from ponder.core.providers.catalog import refresh

            try:
                p = self.resolve_provider(provider_id)
                cat = await refresh(self._client(), p, self.keys.lookup(p)[0], cache, force=force)
                self.refreshed.emit(provider_id, cat.error or "")
            except PonderError as e:
                # Offline, or no key yet: the cache (or the family table) serves meanwhile.
                self.refreshed.emit(provider_id, say("Could not fetch the model list: {why}").format(why=e))

        self.tasks.run(f"catalog:{provider_id}", run())
