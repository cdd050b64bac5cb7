"""An in-memory keyring backend for tests (imported on demand: see secrets.__getattr__)."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory, for tests: handed in explicitly, never chosen by keyring.

    keyring considers every imported KeyringBackend subclass whose ``priority`` does not raise;
    were this one viable it would outrank "no keyring" and keys would silently vanish with the
    process (tests/core/test_secrets.py guards this).
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("MemoryKeyring is for tests and is never selected automatically")

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._items.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")
