from __future__ import annotations

import pytest

from ponder.core.errors import ConfigError
from ponder.core.providers.presets import PRESETS, Provider, get_provider

NAMED = ["openrouter", "openai", "zenmux", "aigateway", "deepseek", "ollama", "lmstudio", "llamacpp", "vllm", "custom"]


def test_every_named_provider_has_a_preset() -> None:
    assert set(NAMED) <= set(PRESETS)
    for pid in NAMED:
        p = PRESETS[pid]
        assert p.dialect and (p.base_url or pid == "custom")
        assert p.local == (pid in ("ollama", "lmstudio", "llamacpp", "vllm"))


def test_openrouter_attribution_headers() -> None:
    h = PRESETS["openrouter"].headers
    assert h["X-Title"] == "Ponder" and h["HTTP-Referer"].startswith("https://")


def test_openai_base_url_env_and_explicit_base_url() -> None:
    assert get_provider("openai", env={}).chat_url() == "https://api.openai.com/v1/chat/completions"
    p = get_provider("openai", env={"OPENAI_BASE_URL": "http://proxy:9/v1/"})
    assert p.chat_url() == "http://proxy:9/v1/chat/completions" and p.dialect == "openai"
    p = get_provider("openrouter", "http://mirror/api/v1", env={})
    assert p.chat_url() == "http://mirror/api/v1/chat/completions" and p.dialect == "openrouter"
    assert get_provider("deepseek", env={}).chat_url() == "https://api.deepseek.com/chat/completions"


def test_base_url_alone_is_a_custom_endpoint() -> None:
    p = get_provider(None, "http://127.0.0.1:5000/v1", env={})
    assert p.id == "custom" and p.dialect == "generic"
    with pytest.raises(ConfigError):
        get_provider("custom", env={})
    with pytest.raises(ConfigError, match="Unknown provider 'nope'"):
        get_provider("nope", env={})
    with pytest.raises(ConfigError, match="must start with http"):
        get_provider(None, "localhost:8080/v1", env={})


def test_ollama_host() -> None:
    assert get_provider("ollama", env={"OLLAMA_HOST": "0.0.0.0:11500"}).base_url == "http://0.0.0.0:11500/v1"
    assert get_provider("ollama", env={"OLLAMA_HOST": "http://box"}).base_url == "http://box:11434/v1"


def test_custom_providers_join_the_presets() -> None:
    mine = Provider("myproxy", "My proxy", "http://proxy:1/v1", "openrouter")
    assert get_provider("myproxy", env={}, custom={"myproxy": mine}) is mine
    with pytest.raises(ConfigError, match="myproxy"):
        get_provider("nope", env={}, custom={"myproxy": mine})
