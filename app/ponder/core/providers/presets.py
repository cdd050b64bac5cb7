"""Provider presets, as data. Each names its base URL, wire dialect, key variable and headers.

The dialect decides how a request is built (app/ponder/core/wire/protocol.py); the preset only says where
to send it and how to authenticate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Mapping

from ponder import APP_NAME, APP_URL
from ponder.core.errors import ConfigError

DIALECTS = (
    "openrouter",
    "openai",
    "deepseek",
    "aigateway",
    "zenmux",
    "ollama",
    "lmstudio",
    "llamacpp",
    "vllm",
    "generic",
)


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    base_url: str
    dialect: str
    key_env: str | None = None  # environment variable holding the key
    local: bool = False  # a server on the user's machine: no key needed, one request at a time
    headers: Mapping[str, str] = field(default_factory=dict)
    default_model: str | None = None
    base_url_env: str | None = None  # e.g. OPENAI_BASE_URL, honoured as the OpenAI SDK does
    key_optional: bool = False  # sent when there is one (a custom endpoint may be a keyless LAN box)

    @property
    def needs_key(self) -> bool:
        return not (self.local or self.key_optional or self.id == "demo")

    def chat_url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def models_url(self) -> str:
        return self.base_url.rstrip("/") + "/models"

    def with_base_url(self, url: str) -> "Provider":
        return replace(self, base_url=url, base_url_env=None)


PRESETS: dict[str, Provider] = {
    p.id: p
    for p in (
        Provider(
            "openrouter",
            "OpenRouter",
            "https://openrouter.ai/api/v1",
            "openrouter",
            key_env="OPENROUTER_API_KEY",
            headers={"HTTP-Referer": APP_URL, "X-Title": APP_NAME, "X-OpenRouter-Title": APP_NAME},
            default_model="openrouter/auto",
        ),
        Provider(
            "openai",
            "OpenAI",
            "https://api.openai.com/v1",
            "openai",
            key_env="OPENAI_API_KEY",
            base_url_env="OPENAI_BASE_URL",
        ),
        Provider("zenmux", "ZenMux", "https://zenmux.ai/api/v1", "zenmux", key_env="ZENMUX_API_KEY"),
        Provider(
            "aigateway",
            "AIgateway",
            "https://api.aigateway.sh/v1",
            "aigateway",
            key_env="AIGATEWAY_API_KEY",
        ),
        Provider(
            "deepseek",
            "DeepSeek",
            "https://api.deepseek.com",
            "deepseek",
            key_env="DEEPSEEK_API_KEY",
            default_model="deepseek-chat",
        ),
        Provider("ollama", "Ollama", "http://localhost:11434/v1", "ollama", local=True),
        Provider("lmstudio", "LM Studio", "http://localhost:1234/v1", "lmstudio", local=True),
        Provider("llamacpp", "llama.cpp server", "http://localhost:8080/v1", "llamacpp", local=True),
        Provider(
            "vllm", "vLLM", "http://localhost:8000/v1", "vllm", key_env="VLLM_API_KEY", local=True
        ),
        Provider("custom", "Custom endpoint", "", "generic", key_env="PONDER_API_KEY", key_optional=True),
        # The built-in demo server (app/ponder/demo); its address is set when it starts.
        Provider("demo", "Demo", "", "generic", default_model="demo/reasoning"),
    )
}


def get_provider(
    provider_id: str | None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
    custom: Mapping[str, Provider] | None = None,
) -> Provider:
    """The preset for ``provider_id``, pointed at ``base_url`` if one is given.

    ``base_url`` alone means a custom OpenAI-compatible endpoint; ``custom`` adds the user's own
    providers (from settings) to the presets. Environment overrides:
    ``OPENAI_BASE_URL`` for OpenAI (as the OpenAI SDK), ``OLLAMA_HOST`` for Ollama.
    """
    env = os.environ if env is None else env
    if provider_id is None:
        if base_url is None:
            raise ConfigError("Choose a provider (--provider) or an endpoint (--base-url)")
        provider_id = "custom"
    known = {**PRESETS, **(custom or {})}
    key = provider_id.lower()
    if key not in known:
        raise ConfigError(
            f"Unknown provider '{provider_id}'. Known: {', '.join(sorted(known))}"
        )
    p = known[key]
    if base_url:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"The address must start with http:// or https:// (got '{base_url}')")
        return p.with_base_url(base_url)
    if p.base_url_env and env.get(p.base_url_env):
        return p.with_base_url(env[p.base_url_env])
    if p.id == "ollama" and env.get("OLLAMA_HOST"):
        host = env["OLLAMA_HOST"].strip().rstrip("/")
        if "://" not in host:
            host = "http://" + host
        if host.count(":") < 2:  # scheme present, port missing
            host += ":11434"
        return p.with_base_url(host + "/v1")
    if not p.base_url and p.id == "custom":
        raise ConfigError("A custom endpoint needs its address: --base-url URL")
    return p
