"""``ponder keys set|list|delete``: API keys in the OS keyring. A key is read from a hidden prompt or
standard input, never from the command line (where shell history and `ps` would see it)."""

from __future__ import annotations

import argparse
import getpass
import sys

from ponder.commands.common import EXIT_USAGE, Context, fail


def run(args: argparse.Namespace) -> int:
    from ponder.core.errors import ConfigError

    ctx = Context()
    try:
        if args.keys_command == "list":
            return _list(ctx)
        provider = ctx.provider(args.provider)
        if provider.id in ("demo", "custom"):
            return fail(f"{provider.name} takes no stored key", EXIT_USAGE)
        if args.keys_command == "set":
            if sys.stdin is not None and sys.stdin.isatty():
                key = getpass.getpass(f"API key for {provider.name} (hidden): ")
            else:
                key = sys.stdin.readline() if sys.stdin is not None else ""
            ctx.keys.set(provider, key)
            info = ctx.keys.info(provider)
            print(f"Stored the key for {provider.name} in the system keyring ({info.masked})")
            return 0
        if ctx.keys.delete(provider):
            print(f"Deleted the key for {provider.name} from the system keyring")
        else:
            print(f"The system keyring held no key for {provider.name}")
        return 0
    except ConfigError as e:
        return fail(str(e))
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        return fail("nothing was stored", 130)


def _list(ctx: Context) -> int:
    rows = []
    for p in ctx.all_providers():
        info = ctx.keys.info(p)
        source = {"keyring": "keyring", "none": "no key", "optional": "no key (optional)", "not needed": "not needed"}.get(info.source, info.source)
        if source.startswith("env:"):
            source = "environment " + source[4:]
        rows.append((p.id, p.name, source, info.masked))
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip())
    if not ctx.keys.available:
        from ponder.core.safety.secrets import no_keyring_message

        print(f"\nNote: {no_keyring_message()}", file=sys.stderr)
    return 0
