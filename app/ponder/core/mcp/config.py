"""MCP servers the user connects (Model Context Protocol): what one is, how it is kept, and the
``mcpServers`` JSON other apps use (Claude Desktop, Cursor, ...), read into it.

Values that are secrets (an environment variable or a header whose name says it carries a
credential, a bearer token) never go into settings.json: only their names do, and the values are
kept in the keyring under ``mcp:<server>:env:<NAME>`` or ``mcp:<server>:header:<Name>``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ponder.core.providers.custom import is_secret_header
from ponder.core.words import say

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_SECRET_ENV = re.compile(r"key|token|secret|passw|auth|credential|cookie|private", re.IGNORECASE)
TOOL_NAME_MAX = 64  # what providers accept for a function's name, as [A-Za-z0-9_-]
DEFAULT_TIMEOUT_S = 60.0


class McpConfigError(ValueError):
    """What is wrong with a server's settings, in words for the user."""


@dataclass
class McpServer:
    name: str
    command: str = ""  # stdio: the program, its arguments, folder and environment
    args: list[str] = field(default_factory=list)
    cwd: str | None = None
    env: dict[str, str] = field(default_factory=dict)  # values that are not secrets
    url: str = ""  # Streamable HTTP
    headers: dict[str, str] = field(default_factory=dict)  # values that are not secrets
    secrets: list[str] = field(default_factory=list)  # "env:NAME" / "header:Name": values in the keyring
    enabled: bool = True
    timeout_s: float = DEFAULT_TIMEOUT_S  # for each call

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"

    def secret_key(self, secret: str) -> str:
        """The keyring entry of one of ``secrets``."""
        return f"mcp:{self.name}:{secret}"

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name}
        if self.url:
            d["url"] = self.url
            if self.headers:
                d["headers"] = dict(self.headers)
        else:
            d["command"] = self.command
            if self.args:
                d["args"] = list(self.args)
            if self.cwd:
                d["cwd"] = self.cwd
            if self.env:
                d["env"] = dict(self.env)
        if self.secrets:
            d["secrets"] = list(self.secrets)
        if not self.enabled:
            d["enabled"] = False
        if self.timeout_s != DEFAULT_TIMEOUT_S:
            d["timeout_s"] = self.timeout_s
        return d

    @classmethod
    def from_json(cls, d: Any) -> "McpServer":
        """One server as settings.json keeps it; McpConfigError if it cannot be used."""
        if not isinstance(d, dict):
            raise McpConfigError(say("is not an object"))

        def strings(key: str) -> dict[str, str]:
            v = d.get(key) or {}
            if not isinstance(v, dict):
                raise McpConfigError(say('"{key}" is not an object').format(key=key))
            return {str(k): str(x) for k, x in v.items()}

        args = d.get("args") or []
        secrets = d.get("secrets") or []
        if not isinstance(args, list) or not isinstance(secrets, list):
            raise McpConfigError(say('"args" and "secrets" must be lists'))
        timeout = d.get("timeout_s", DEFAULT_TIMEOUT_S)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 1 <= timeout <= 3600:
            raise McpConfigError(say('"timeout_s" must be a number of seconds from 1 to 3600'))
        s = cls(str(d.get("name", "")), str(d.get("command") or ""), [str(a) for a in args],
                str(d["cwd"]) if d.get("cwd") else None, strings("env"), str(d.get("url") or ""),
                strings("headers"), [str(x) for x in secrets], d.get("enabled", True) is not False, float(timeout))
        check_server(s)
        return s


def check_server(s: McpServer) -> None:
    """Raise McpConfigError with a reason the user can act on if ``s`` cannot be kept."""
    if not _NAME.match(s.name):
        raise McpConfigError(say("Server name '{name}' must be 1 to 32 letters, digits, '-' or '_', starting with a letter "
                                 "or digit (it becomes part of each tool's name)").format(name=s.name))
    if bool(s.url) == bool(s.command):
        raise McpConfigError(say("Server '{name}' needs either a command (a program on this machine) or an address").format(name=s.name))
    if s.url and not s.url.startswith(("http://", "https://")):
        raise McpConfigError(say("The address of '{name}' must start with http:// or https://").format(name=s.name))
    for k in s.env:
        if not _ENV.match(k):
            raise McpConfigError(say("'{variable}' is not an environment variable name").format(variable=k))
        if _SECRET_ENV.search(k):
            raise McpConfigError(say("'{variable}' of '{name}' looks like a secret: settings are plain text, so its value goes in the "
                                     "keyring instead (mark it as a secret)").format(variable=k, name=s.name))
    for k, v in s.headers.items():
        if not _HEADER.match(k):
            raise McpConfigError(say("'{header}' is not a header name (letters, digits and - only)").format(header=k))
        if is_secret_header(k):
            raise McpConfigError(say("Header '{header}' of '{name}' looks like a credential: its value goes in the keyring").format(header=k, name=s.name))
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in v):
            raise McpConfigError(say("The value of header '{header}' contains a line break or control character").format(header=k))
    for secret in s.secrets:
        kind, _, name = secret.partition(":")
        if kind not in ("env", "header") or not (_ENV if kind == "env" else _HEADER).match(name):
            raise McpConfigError(say("'{secret}' is not a secret Ponder can keep (env:NAME or header:Name)").format(secret=secret))
    if any(ch in s.command for ch in "\0\n") or any("\0" in a for a in s.args):
        raise McpConfigError(say("The command of '{name}' contains a line break or a NUL character").format(name=s.name))


def is_secret_env(name: str) -> bool:
    """Does an environment variable's name say it holds a credential (GITHUB_TOKEN, API_KEY, ...)?"""
    return bool(_SECRET_ENV.search(name))


@dataclass
class Imported:
    server: McpServer
    secret_values: dict[str, str]  # "env:NAME" -> the value, for the keyring


def read_mcp_servers(text: str) -> tuple[list[Imported], list[str]]:
    """Servers from the ``mcpServers`` JSON of Claude Desktop, Cursor, VS Code and others (the
    whole file, or just its ``mcpServers`` object). Secrets are split out for the keyring.
    Returns the servers and what was skipped, with why."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise McpConfigError(say("This is not valid JSON: {why}").format(why=e)) from None
    if isinstance(data, dict) and isinstance(data.get("mcpServers"), dict):
        data = data["mcpServers"]
    elif isinstance(data, dict) and isinstance(data.get("servers"), dict):  # VS Code's mcp.json
        data = data["servers"]
    if not isinstance(data, dict):
        raise McpConfigError(say('No servers found: expected {"mcpServers": {"name": {"command": ...}}}'))
    out: list[Imported] = []
    skipped: list[str] = []
    for raw_name, d in data.items():
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", str(raw_name)).strip("-_")[:32] or "server"
        try:
            if not isinstance(d, dict):
                raise McpConfigError(say("is not an object"))
            kind = str(d.get("type") or d.get("transport") or "")
            if kind in ("sse",):
                raise McpConfigError(say("uses the old SSE transport, which Ponder does not speak (Streamable HTTP and stdio only)"))
            env: dict[str, str] = {}
            headers: dict[str, str] = {}
            secrets: dict[str, str] = {}
            for k, v in (d.get("env") or {}).items():
                (secrets.__setitem__(f"env:{k}", str(v)) if is_secret_env(str(k)) else env.__setitem__(str(k), str(v)))
            for k, v in (d.get("headers") or {}).items():
                (secrets.__setitem__(f"header:{k}", str(v)) if is_secret_header(str(k)) else headers.__setitem__(str(k), str(v)))
            args = d.get("args") or []
            if not isinstance(args, list):
                raise McpConfigError(say('"args" is not a list'))
            s = McpServer(name, str(d.get("command") or ""), [str(a) for a in args],
                          str(d["cwd"]) if d.get("cwd") else None, env, str(d.get("url") or ""), headers,
                          sorted(secrets), d.get("disabled") is not True)
            check_server(s)
            out.append(Imported(s, secrets))
        except (McpConfigError, AttributeError, TypeError) as e:
            skipped.append(f"{raw_name}: {e}")
    return out, skipped


def tool_name(server: str, tool: str) -> str:
    """The name a server's tool is offered to the model under: "<server>__<tool>", in the
    characters and length providers accept; a long one keeps a hash of the whole."""
    full = f"{server}__{tool}"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", full)
    if len(safe) <= TOOL_NAME_MAX and safe == full:
        return safe
    import hashlib  # here: settings load this module at every start

    digest = hashlib.sha1(full.encode()).hexdigest()[:8]
    return safe[: TOOL_NAME_MAX - 9] + "_" + digest
