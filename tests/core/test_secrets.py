"""Keys in the keyring and nowhere else; the lookup order; no silent fallback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ponder.core.errors import ConfigError
from ponder.core.providers.presets import PRESETS, get_provider
from ponder.core.safety.secrets import KeyringUnavailable, KeyStore, MemoryKeyring
from ponder.core.settings import CustomProvider
from tests.conftest import ROOT

OR = PRESETS["openrouter"]


def test_lookup_order_explicit_keyring_env() -> None:
    env = {"OPENROUTER_API_KEY": "sk-or-env-0000", "PONDER_API_KEY": "sk-generic-0000"}
    ks = KeyStore(MemoryKeyring(), env=env)
    assert ks.lookup(OR) == ("sk-or-env-0000", "env:OPENROUTER_API_KEY")
    ks.set(OR, "  sk-or-ring-1234\n")
    assert ks.lookup(OR) == ("sk-or-ring-1234", "keyring")
    assert ks.lookup(OR, "sk-explicit-9999") == ("sk-explicit-9999", "explicit")
    assert KeyStore(MemoryKeyring(), env={"PONDER_API_KEY": "sk-generic-0000"}).lookup(OR) == ("sk-generic-0000", "env:PONDER_API_KEY")
    assert ks.info(OR).masked == "sk-or-...1234"
    assert ks.delete(OR) and not ks.delete(OR)
    assert ks.lookup(OR)[1] == "env:OPENROUTER_API_KEY"


def test_missing_key_says_how_to_set_one() -> None:
    ks = KeyStore(MemoryKeyring(), env={})
    with pytest.raises(ConfigError, match=r"No API key for OpenRouter: run `ponder keys set openrouter`, or set OPENROUTER_API_KEY"):
        ks.resolve(OR)
    assert ks.resolve(PRESETS["ollama"]) is None
    assert ks.info(PRESETS["ollama"]).source == "not needed"
    custom = CustomProvider("lan", "LAN box", "http://lan:8080/v1").provider()
    assert ks.resolve(get_provider("lan", env={}, custom={"lan": custom})) is None


def test_bad_keys_are_refused() -> None:
    ks = KeyStore(MemoryKeyring(), env={})
    with pytest.raises(ConfigError, match="empty"):
        ks.set(OR, "   \n")
    with pytest.raises(ConfigError, match="spaces or line breaks"):
        ks.set(OR, "sk-or-abc def")


def test_no_backend_is_a_clear_error_never_a_plaintext_fallback() -> None:
    # A real process with no D-Bus session, as on a headless box or CI: keyring has no backend.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS", "XDG_RUNTIME"))}
    env["PONDER_HOME"] = "/nonexistent-ponder-home"
    code = (
        "from ponder.core.safety.secrets import KeyStore, KeyringUnavailable; from ponder.core.providers.presets import PRESETS\n"
        "import keyring\n"
        "ks = KeyStore()\n"
        "print(type(keyring.get_keyring()).__name__, ks.available)\n"
        "try:\n    ks.set(PRESETS['openrouter'], 'sk-or-0123456789')\nexcept KeyringUnavailable as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    first, message = out.stdout.splitlines()
    # The test-only MemoryKeyring is imported, yet keyring must not pick it: that would keep keys
    # in memory and lose them silently.
    assert first == "Keyring False"
    assert "GNOME Keyring" in message and "KWallet" in message and "OPENROUTER_API_KEY=" in message


def test_memory_keyring_is_never_chosen_automatically() -> None:
    assert not MemoryKeyring.viable
    with pytest.raises(KeyringUnavailable):
        KeyStore(__import__("keyring").backends.fail.Keyring(), env={}).set(OR, "sk-or-0123456789")
