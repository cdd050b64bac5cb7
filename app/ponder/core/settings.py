"""Ponder's settings: one small JSON file, and never a secret in it.

A broken or hand-edited file never stops Ponder: what cannot be read falls back to its default,
with a warning that says what and where. The user's file is not overwritten by that; when Ponder
next saves settings, the unreadable file is first kept beside it with a dated name.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ponder.core.mcp.config import McpConfigError, McpServer, check_server
from ponder.core.providers.custom import CustomProvider, check_custom_provider, is_secret_header  # noqa: F401
from ponder.core.providers.presets import PRESETS, Provider

@dataclass
class Settings:
    default_provider: str | None = None
    enabled_providers: list[str] = field(default_factory=list)
    custom_providers: list[CustomProvider] = field(default_factory=list)
    default_models: dict[str, str] = field(default_factory=dict)
    ui: dict[str, Any] = field(default_factory=dict)
    tools: list[dict[str, Any]] = field(default_factory=list)  # function tools the user defined
    # "provider:model" -> {vision, tools, reasoning: bool; context_length: int}: the user's word
    model_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Comparisons: named model sets, the last set used, and whether one local server may take
    # several requests at once (by default its columns wait their turn).
    model_sets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    last_model_set: list[dict[str, Any]] = field(default_factory=list)
    compare_local_parallel: bool = False
    # MCP servers (core/mcp/config.py; their secrets are in the keyring), and the tools the user
    # chose "Always allow" for, as "server/tool".
    mcp_servers: list[McpServer] = field(default_factory=list)
    mcp_always: list[str] = field(default_factory=list)
    # The user's presets: name -> a system prompt and parameters (core/answers/presets.py)
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def providers(self) -> dict[str, Provider]:
        """The user's custom providers, by id (the presets are in providers.PRESETS)."""
        return {c.id: c.provider() for c in self.custom_providers}

    def configurable_providers(self) -> list[Provider]:
        """Every provider a user can set up: the presets (not the demo or the bare custom
        endpoint), then their own."""
        presets = [p for p in PRESETS.values() if p.id not in ("demo", "custom")]
        return presets + list(self.providers().values())

    def mcp_server(self, name: str) -> McpServer | None:
        return next((m for m in self.mcp_servers if m.name == name), None)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["mcp_servers"] = [m.to_json() for m in self.mcp_servers]
        return d


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings, and warnings about whatever had to be ignored."""
    if not path.exists():
        return Settings(), []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        return Settings(), [f"Could not read {path} ({e}): using default settings"]
    except RecursionError:
        return Settings(), [f"{path} is nested too deeply to be Ponder's settings: using default settings; "
                            "the file was left as it is"]
    except json.JSONDecodeError as e:
        return Settings(), [
            f"{path} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}): using default "
            "settings; the file was left as it is"
        ]
    if not isinstance(raw, dict):
        return Settings(), [f"{path} does not hold a JSON object: using default settings"]
    s, warnings = Settings(), []

    def bad(key: str, why: str) -> None:
        warnings.append(f"{path}: '{key}' {why}: using its default")

    v = raw.get("default_provider")
    if v is None or isinstance(v, str):
        s.default_provider = v
    else:
        bad("default_provider", "is not a string")
    v = raw.get("enabled_providers", [])
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        s.enabled_providers = v
    else:
        bad("enabled_providers", "is not a list of provider ids")
    v = raw.get("default_models", {})
    if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()):
        s.default_models = v
    else:
        bad("default_models", "is not a map of provider id to model")
    v = raw.get("ui", {})
    if isinstance(v, dict):
        s.ui = v
    else:
        bad("ui", "is not an object")
    v = raw.get("model_overrides", {})
    if isinstance(v, dict):
        for key, o in v.items():
            if isinstance(o, dict) and ":" in str(key):
                clean = {k: o[k] for k in ("vision", "tools", "reasoning") if isinstance(o.get(k), bool)}
                if isinstance(o.get("context_length"), int):
                    clean["context_length"] = o["context_length"]
                s.model_overrides[str(key)] = clean
            else:
                warnings.append(f"{path}: model override '{key}' was skipped (expected \"provider:model\": {{...}})")
    else:
        bad("model_overrides", "is not an object")
    def columns(key: str, v: Any) -> list[dict[str, Any]] | None:
        from ponder.core.answers.columns import Column

        if not isinstance(v, list) or not all(isinstance(c, dict) and c.get("model") and c.get("provider") for c in v):
            warnings.append(f"{path}: model set '{key}' was skipped (expected a list of {{provider, model}})")
            return None
        return [Column.from_dict(c).to_dict() for c in v]

    v = raw.get("model_sets", {})
    if isinstance(v, dict):
        for name, cols in v.items():
            if (ok := columns(str(name), cols)) is not None:
                s.model_sets[str(name)] = ok
    else:
        bad("model_sets", "is not an object")
    if "last_model_set" in raw:
        s.last_model_set = columns("last_model_set", raw["last_model_set"]) or []
    v = raw.get("compare_local_parallel", False)
    if isinstance(v, bool):
        s.compare_local_parallel = v
    else:
        bad("compare_local_parallel", "is not true or false")
    from ponder.core.answers.tools import ToolError, make_tool

    tools = raw.get("tools") or []
    if not isinstance(tools, list):
        bad("tools", "is not a list of tools")
        tools = []
    for i, t in enumerate(tools):
        try:
            if not isinstance(t, dict):
                raise ToolError("is not an object")
            s.tools.append(make_tool(str(t.get("name", "")), str(t.get("description", "")), json.dumps(t.get("parameters") or {"type": "object", "properties": {}})))
        except (ToolError, RecursionError, ValueError) as e:
            warnings.append(f"{path}: tool {i + 1} was skipped: {e}")
    customs = raw.get("custom_providers") or []
    if not isinstance(customs, list):
        bad("custom_providers", "is not a list of providers")
        customs = []
    for i, c in enumerate(customs):
        try:
            if not isinstance(c, dict):
                raise ValueError("is not an object")
            cp = CustomProvider(
                id=str(c["id"]), name=str(c.get("name") or c["id"]), base_url=str(c["base_url"]),
                dialect=str(c.get("dialect") or "generic"),
                headers={str(k): str(v) for k, v in (c.get("headers") or {}).items()},
                local=bool(c.get("local", False)),
            )
            check_custom_provider(cp)
            s.custom_providers.append(cp)
        except (KeyError, ValueError, AttributeError, TypeError) as e:
            what = f"missing {e}" if isinstance(e, KeyError) else str(e)
            warnings.append(f"{path}: custom provider {i + 1} was skipped: {what}")
    servers = raw.get("mcp_servers") or []
    if not isinstance(servers, list):
        bad("mcp_servers", "is not a list of servers")
        servers = []
    for i, d in enumerate(servers):
        try:
            server = McpServer.from_json(d)
            if s.mcp_server(server.name) is not None:
                raise McpConfigError(f"'{server.name}' is there twice")
            s.mcp_servers.append(server)
        except McpConfigError as e:
            warnings.append(f"{path}: MCP server {i + 1} was skipped: {e}")
    own = raw.get("presets") or {}
    if isinstance(own, dict):
        from ponder.core.answers.presets import clean as only_preset_fields

        s.presets = {str(k)[:60]: only_preset_fields(v) for k, v in own.items() if isinstance(v, dict)}
    else:
        bad("presets", "is not an object of named presets")
    always = raw.get("mcp_always") or []
    if isinstance(always, list) and all(isinstance(a, str) for a in always):
        s.mcp_always = list(dict.fromkeys(always))
    else:
        bad("mcp_always", "is not a list of tools")
    return s, warnings


def save_settings(path: Path, settings: Settings) -> Path | None:
    """Write atomically. Returns where an unreadable old file was kept, if there was one."""
    for c in settings.custom_providers:
        check_custom_provider(c)
    for m in settings.mcp_servers:
        check_server(m)  # a secret never reaches the file, even by a caller's mistake
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    if path.exists():
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(path, kept)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(settings.to_json(), f, indent=2, ensure_ascii=False)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return kept
