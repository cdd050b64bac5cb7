"""API keys live in the OS keyring and nowhere else: the only module that imports ``keyring``.

Lookup order for a provider's key: an explicit key, then the keyring (service ``ponder``, one
entry per provider id), then the provider's environment variable, then ``PONDER_API_KEY``.
There is no plaintext fallback: with no keyring backend, storing a key fails with a message that
names what to install and the environment-variable alternative.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from typing import TYPE_CHECKING, Any

from ponder.core.errors import ConfigError
from ponder.core.providers.presets import Provider
from ponder.core.safety.redact import mask_key
from ponder.core.words import say

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "ponder"


def __getattr__(name: str) -> Any:
    # The test backend lives apart so that `keyring` (about 40 ms to import) loads only when a
    # key is actually looked up, not at start-up.
    if name == "MemoryKeyring":
        from ponder.core.safety.keyring_memory import MemoryKeyring

        return MemoryKeyring
    raise AttributeError(name)


class KeyringUnavailable(ConfigError):
    pass


def no_keyring_message(provider: Provider | None = None) -> str:
    var = (provider.key_env if provider and provider.key_env else None) or "PONDER_API_KEY"
    return (
        say("No system keyring is available to keep API keys. Install and unlock one (GNOME Keyring: "
            "`sudo apt install gnome-keyring`; on KDE: KWallet), or set the key in the environment "
            "instead ({var}=...)").format(var=var)
    )


@dataclass(frozen=True)
class KeyInfo:
    provider: Provider
    source: str  # "keyring", "env:VAR", "none", "optional", "not needed"
    masked: str  # "" when there is no key


class KeyStore:
    def __init__(self, backend: "KeyringBackend | None" = None, env: Mapping[str, str] | None = None) -> None:
        self._backend = backend
        self._env = env
        self.last_error: str | None = None  # why the keyring could not be read, if it could not

    @property
    def env(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env

    @property
    def backend(self) -> "KeyringBackend":
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def available(self) -> bool:
        from keyring.backends import fail

        b = self.backend
        if isinstance(b, fail.Keyring):
            return False
        return not (hasattr(b, "backends") and not b.backends)  # an empty chainer

    def get(self, provider_id: str) -> str | None:
        from keyring.errors import KeyringError, PasswordDeleteError  # noqa: F401

        if not self.available:
            return None
        try:
            return self.backend.get_password(SERVICE, provider_id) or None
        except KeyringError as e:  # locked, D-Bus gone, ...: fall through to the environment
            self.last_error = say("The system keyring could not be read: {why}").format(why=e)
            return None

    def set(self, provider: Provider, key: str) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError  # noqa: F401

        key = key.strip()
        if not key:
            raise ConfigError(say("The key is empty: nothing was stored"))
        if any(ch.isspace() for ch in key):
            raise ConfigError(say("The key contains spaces or line breaks: check what was pasted"))
        if not self.available:
            raise KeyringUnavailable(no_keyring_message(provider))
        try:
            self.backend.set_password(SERVICE, provider.id, key)
        except KeyringError as e:
            raise KeyringUnavailable(say("The system keyring refused to store the key: {why}").format(why=e)) from None

    def delete(self, provider: Provider) -> bool:
        from keyring.errors import KeyringError, PasswordDeleteError  # noqa: F401

        """True if a key was deleted."""
        if not self.available:
            raise KeyringUnavailable(no_keyring_message(provider))
        try:
            self.backend.delete_password(SERVICE, provider.id)
            return True
        except PasswordDeleteError:
            return False
        except KeyringError as e:
            raise KeyringUnavailable(say("The system keyring refused to delete the key: {why}").format(why=e)) from None

    def get_secret(self, name: str) -> str | None:
        """Another secret kept under Ponder's name (an MCP server's token: ``mcp:<server>:...``);
        masked in logs and crash reports once read."""
        value = self.get(name)
        if value:
            from ponder.core.safety.crash import remember

            remember(value)
        return value

    def set_secret(self, name: str, value: str) -> None:
        if not value.strip():
            raise ConfigError(say("The value is empty: nothing was stored"))
        if not self.available:
            raise KeyringUnavailable(say("No system keyring is available to keep this secret. Install and unlock one (GNOME "
                                         "Keyring: `sudo apt install gnome-keyring`; on KDE: KWallet)"))
        from keyring.errors import KeyringError

        try:
            self.backend.set_password(SERVICE, name, value.strip())
        except KeyringError as e:
            raise KeyringUnavailable(say("The system keyring refused to store the secret: {why}").format(why=e)) from None

    def delete_secret(self, name: str) -> bool:
        """True if there was one to delete; never raises for a keyring that is missing."""
        from keyring.errors import KeyringError, PasswordDeleteError

        if not self.available:
            return False
        try:
            self.backend.delete_password(SERVICE, name)
            return True
        except (PasswordDeleteError, KeyringError):
            return False

    def lookup(self, provider: Provider, explicit: str | None = None) -> tuple[str | None, str]:
        """(key, where it came from)."""
        from ponder.core.safety.crash import remember  # masked in logs and crash reports from now on

        if explicit:
            remember(explicit.strip())
            return explicit.strip(), "explicit"
        key = self.get(provider.id)
        if key:
            remember(key)
            return key, "keyring"
        for var in (provider.key_env, "PONDER_API_KEY"):
            if var and self.env.get(var, "").strip():
                remember(self.env[var].strip())
                return self.env[var].strip(), f"env:{var}"
        if provider.needs_key:
            return None, "none"
        return None, "optional" if provider.key_optional else "not needed"

    def resolve(self, provider: Provider, explicit: str | None = None) -> str | None:
        """The key to send, None for servers that need none; ConfigError if a needed key is missing."""
        key, _ = self.lookup(provider, explicit)
        if key is None and provider.needs_key:
            var = provider.key_env or "PONDER_API_KEY"
            hint = f" ({self.last_error})" if self.last_error else ""
            raise ConfigError(
                say("No API key for {name}: run `ponder keys set {id}`, or set {var}{hint}").format(name=provider.name, id=provider.id, var=var, hint=hint)
            )
        return key

    def info(self, provider: Provider) -> KeyInfo:
        key, source = self.lookup(provider)
        return KeyInfo(provider, source, mask_key(key) if key else "")
