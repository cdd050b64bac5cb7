"""What every command shares: the user-facing error line, and the objects built from the paths
(settings, keys, history), created on first use."""

from __future__ import annotations

import sys
from functools import cached_property

from ponder.core.paths import Paths
from ponder.core.providers.presets import Provider, get_provider
from ponder.core.safety.secrets import KeyStore
from ponder.core.settings import Settings, load_settings
from ponder.core.history.store import Store, StoreError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"ponder: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    print(f"ponder: warning: {message}", file=sys.stderr)


def read_limited(file: str, limit: int) -> bytes:
    """A file's bytes ('-': standard input), refusing one larger than ``limit`` (``/dev/zero``
    would otherwise be read until memory runs out). OSError if it cannot be read; ValueError if
    it is too large."""
    f = sys.stdin.buffer if file == "-" else open(file, "rb")
    try:
        data = f.read(limit + 1)
    finally:
        if f is not sys.stdin.buffer:
            f.close()
    if len(data) > limit:
        raise ValueError(f"larger than {limit // (1024 * 1024)} MB: not a file Ponder can read this way")
    return data


class Context:
    """Built once per command; nothing is opened until a command needs it."""

    def __init__(self, paths: Paths | None = None) -> None:
        self.paths = paths or Paths.default()

    @cached_property
    def settings(self) -> Settings:
        settings, warnings = load_settings(self.paths.settings)
        for w in warnings:
            warn(w)
        return settings

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore()

    @cached_property
    def store(self) -> Store:
        try:
            self.paths.ensure()
        except OSError as e:
            raise StoreError(f"Ponder cannot write its files: {e.filename}: {e.strerror or e}") from None
        store = Store(self.paths.database)
        if store.recovered_from is not None:
            warn(
                f"the history database was damaged; it was moved to {store.recovered_from} "
                "and a new one was started"
            )
        return store

    def provider(self, provider_id: str | None, base_url: str | None = None) -> Provider:
        return get_provider(provider_id, base_url, custom=self.settings.providers())

    def all_providers(self) -> list[Provider]:
        return self.settings.configurable_providers()
