"""``ponder mcp list|add|remove|import|tools``: the MCP servers whose tools models may call.

A secret (an environment variable or a header whose name says it is a credential, or one given
with ``--secret``) goes to the keyring; settings.json keeps only its name.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from ponder.commands.common import EXIT_USAGE, Context, fail, read_limited, warn


def run(args: argparse.Namespace) -> int:
    from ponder.core.errors import ConfigError
    from ponder.core.mcp.config import McpConfigError

    ctx = Context()
    try:
        cmd = args.mcp_command
        if cmd == "list":
            return _list(ctx, args.json)
        if cmd == "add":
            return _add(ctx, args)
        if cmd == "remove":
            return _remove(ctx, args.name)
        if cmd == "import":
            return _import(ctx, args.file)
        if cmd == "tools":
            return _tools(ctx, args.name, args.json)
        return fail("say what to do: list, add, remove, import or tools", EXIT_USAGE)
    except (McpConfigError, ConfigError) as e:
        return fail(str(e))
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        return fail("stopped: nothing was changed", 130)


def host(ctx: Context) -> Any:
    """An McpHost over the configured servers, their secrets from the keyring."""
    from ponder.core.mcp.host import McpHost

    return McpHost(lambda: ctx.settings.mcp_servers, ctx.keys.get_secret)


def _save(ctx: Context) -> None:
    from ponder.core.settings import save_settings

    kept = save_settings(ctx.paths.settings, ctx.settings)
    if kept is not None:
        warn(f"the settings file could not be read; it was kept as {kept}")


def _list(ctx: Context, as_json: bool) -> int:
    servers = ctx.settings.mcp_servers
    if not servers:
        if as_json:
            print("[]")
        else:
            print("No MCP servers yet. Add one with `ponder mcp add NAME -- COMMAND [ARGS...]`, "
                  "`ponder mcp add NAME --url URL`, or bring them from another app with `ponder mcp import FILE`.")
        return 0
    h = host(ctx)
    try:
        futures = {s.name: h.tools(s.name) for s in servers if s.enabled}
        for f in futures.values():
            try:
                f.result(60)
            except Exception:  # noqa: BLE001 - its state says why
                pass
        states = {st.name: st for st in h.states()}
    finally:
        h.close()
    rows = []
    for s in servers:
        st = states[s.name]
        where = s.url or " ".join([s.command, *s.args])
        rows.append({"name": s.name, "transport": s.transport, "target": where, "enabled": s.enabled,
                     "state": st.status if s.enabled else "off", "tools": len(st.tools), "error": st.error,
                     "stderr": st.stderr[-500:]})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    w = max(len(r["name"]) for r in rows)
    for r, s in zip(rows, servers):
        state = "off" if not s.enabled else states[s.name].describe()
        print(f"{r['name']:<{w}}  {r['transport']:<5}  {state}\n{'':<{w}}  {r['target']}")
        if r["stderr"] and r["state"] == "failed":
            last = [ln for ln in r["stderr"].splitlines() if ln.strip()][-3:]
            for ln in last:
                print(f"{'':<{w}}  | {ln}")
    return 0


def _pairs(items: list[str] | None, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        k, sep, v = item.partition("=")
        if not sep or not k:
            raise ValueError(f"{what} must be NAME=VALUE, not {item!r}")
        out[k] = v
    return out


def _add(ctx: Context, args: argparse.Namespace) -> int:
    from ponder.core.mcp.config import McpServer, check_server, is_secret_env
    from ponder.core.providers.custom import is_secret_header

    if ctx.settings.mcp_server(args.name) is not None:
        return fail(f"there is already a server named {args.name}: remove it first, or choose another name")
    cmd = args.cmd if isinstance(args.cmd, list) else ([args.cmd] if args.cmd else [])
    if bool(cmd) == bool(args.url):
        return fail("give either a command (after --) or --url URL", EXIT_USAGE)
    mine = [a for a in cmd if a.split("=", 1)[0] in ("--env", "--header", "--secret", "--bearer", "--cwd", "--timeout", "--url")]
    if mine:
        # After "--" everything is the server's command line: a secret given there would be kept
        # in settings.json as an argument.
        return fail(f"{mine[0]} comes after --, so it would be an argument of the server's program: put Ponder's "
                    "options before --", EXIT_USAGE)
    if args.url and (args.env or args.cwd):
        return fail("--env and --cwd are for a server Ponder starts (a command), not one at an address", EXIT_USAGE)
    try:
        env, headers = _pairs(args.env, "--env"), _pairs(args.header, "--header")
    except ValueError as e:
        return fail(str(e), EXIT_USAGE)
    secrets: dict[str, str] = {}
    for k in list(env):
        if is_secret_env(k):
            secrets[f"env:{k}"] = env.pop(k)
    for k in list(headers):
        if is_secret_header(k):
            secrets[f"header:{k}"] = headers.pop(k)
    for name in args.secret or []:
        key = name if ":" in name else (f"header:{name}" if args.url and "-" in name else f"env:{name}")
        secrets[key] = _ask_secret(f"{key.split(':', 1)[1]} for {args.name}")
    if args.bearer:
        secrets["header:Authorization"] = "Bearer " + _ask_secret(f"the bearer token for {args.name}").removeprefix("Bearer ")
    s = McpServer(args.name, cmd[0] if cmd else "", cmd[1:], args.cwd, env, args.url or "", headers, sorted(secrets),
                  timeout_s=args.timeout)
    check_server(s)
    for k, v in secrets.items():
        ctx.keys.set_secret(s.secret_key(k), v)
    ctx.settings.mcp_servers.append(s)
    _save(ctx)
    kept = f"; {len(secrets)} secret{'s' if len(secrets) != 1 else ''} in the keyring" if secrets else ""
    print(f"Added the MCP server {s.name} ({s.transport}){kept}. `ponder mcp tools {s.name}` starts it and lists its tools.")
    return 0


def _ask_secret(what: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"{what} (hidden): ").strip()
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


def _remove(ctx: Context, name: str) -> int:
    s = ctx.settings.mcp_server(name)
    if s is None:
        return fail(f"there is no MCP server named {name} (`ponder mcp list` shows them)")
    for k in s.secrets:
        ctx.keys.delete_secret(s.secret_key(k))
    ctx.settings.mcp_servers.remove(s)
    prefix = f"{name}/"
    ctx.settings.mcp_always = [a for a in ctx.settings.mcp_always if not a.startswith(prefix)]
    _save(ctx)
    print(f"Removed the MCP server {name}, its secrets and its always-allowed tools")
    return 0


def _import(ctx: Context, file: str) -> int:
    from ponder.core.mcp.config import read_mcp_servers

    try:
        text = read_limited(file, 1024 * 1024).decode("utf-8", "replace")
    except (OSError, ValueError) as e:
        return fail(f"{file}: {getattr(e, 'strerror', None) or e}")
    found, skipped = read_mcp_servers(text)
    added, there = [], []
    for imp in found:
        if ctx.settings.mcp_server(imp.server.name) is not None:
            there.append(imp.server.name)
            continue
        for k, v in imp.secret_values.items():
            ctx.keys.set_secret(imp.server.secret_key(k), v)
        ctx.settings.mcp_servers.append(imp.server)
        added.append(imp)
    if added:
        _save(ctx)
    for imp in added:
        n = len(imp.secret_values)
        print(f"Added {imp.server.name} ({imp.server.transport})" + (f", {n} secret{'s' if n != 1 else ''} in the keyring" if n else "")
              + ("" if imp.server.enabled else ", switched off as it was"))
    for name in there:
        print(f"Kept {name} as it was: a server of that name is there already")
    for why in skipped:
        warn(f"skipped {why}")
    if not found:
        return fail(f"{Path(file).name} holds no MCP servers Ponder can use")
    return 0


def _tools(ctx: Context, name: str, as_json: bool) -> int:
    from ponder.core.mcp.config import tool_name
    from ponder.core.mcp.host import McpUnavailable

    if ctx.settings.mcp_server(name) is None:
        return fail(f"there is no MCP server named {name} (`ponder mcp list` shows them)")
    h = host(ctx)
    try:
        tools = h.tools(name).result(90)
    except McpUnavailable as e:
        st = next((s for s in h.states() if s.name == name), None)
        tail = [ln for ln in (st.stderr if st else "").splitlines() if ln.strip()][-5:]
        return fail(str(e) + ("".join(f"\n  | {ln}" for ln in tail)))
    finally:
        h.close()
    if as_json:
        print(json.dumps([{"name": t.name, "offered_as": tool_name(name, t.name), "description": t.description,
                           "input_schema": t.schema} for t in tools], ensure_ascii=False, indent=2))
        return 0
    for t in tools:
        print(f"{t.name}  (offered to models as {tool_name(name, t.name)})")
        if t.description:
            print("  " + t.description.strip().replace("\n", "\n  "))
        props = t.schema.get("properties") if isinstance(t.schema.get("properties"), dict) else {}
        required = set(t.schema.get("required") or [])
        for p, spec in props.items():
            kind = spec.get("type", "any") if isinstance(spec, dict) else "any"
            print(f"    {p}: {kind}{'' if p in required else ' (optional)'}")
    print(f"{len(tools)} tool{'' if len(tools) == 1 else 's'}")
    return 0
