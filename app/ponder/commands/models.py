"""``ponder models``: the model catalog of a provider, from its cache or fetched."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import asdict

from ponder.commands.common import Context, fail, warn
from ponder.core.safety.terminal import dump_json


def _per_million(p: float | None) -> str:
    return "?" if p is None else f"${p * 1e6:,.2f}"


def run(args: argparse.Namespace) -> int:
    from ponder.core.providers.catalog import CatalogCache, refresh
    from ponder.core.wire.client import ChatClient
    from ponder.core.errors import PonderError

    ctx = Context()
    try:
        provider = ctx.provider(args.provider or ctx.settings.default_provider or "demo", args.base_url)
        demo = None

        async def main():  # type: ignore[no-untyped-def]
            nonlocal provider, demo
            if provider.id == "demo" and not args.base_url:
                from ponder.demo.server import DemoServer

                demo = DemoServer()
                await demo.start()
                provider = provider.with_base_url(demo.base_url)
            try:
                async with ChatClient() as client:
                    key = ctx.keys.lookup(provider)[0]
                    return await refresh(client, provider, key, CatalogCache(ctx.paths.cache), force=args.refresh)
            finally:
                if demo is not None:
                    await demo.stop()

        cat = asyncio.run(main())
    except PonderError as e:
        return fail(str(e))
    if cat.error:
        warn(cat.error)
    models = [m for m in cat.models if not args.search or m.matches(args.search)]
    if args.json:
        dump_json([asdict(m) for m in models], sys.stdout)
        return 0
    if not models:
        print(f"No model of {provider.name} matches “{args.search}”" if args.search else f"{provider.name} lists no models")
        return 0
    width = min(48, max(len(m.id) for m in models))
    print(f"{'model':<{width}}  {'context':>9}  {'in /1M':>9}  {'out /1M':>9}  can")
    for m in models:
        caps = ", ".join(c for c, on in (("vision", m.vision), ("tools", m.tools), ("reasoning", m.reasoning)) if on)
        ctx_len = f"{m.context_length:,}" if m.context_length else "?"
        print(f"{m.id:<{width}}  {ctx_len:>9}  {_per_million(m.prompt_price):>9}  {_per_million(m.completion_price):>9}  {caps}")
    return 0
