"""``ponder ask``: stream one answer to the terminal, and keep the exchange in history."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any, TextIO

from ponder.commands.common import EXIT_INTERRUPTED, EXIT_USAGE, Context, fail, warn
from ponder.core.redact import StreamScrubber
from ponder.core.terminal import dump_json, style
from ponder.core.titles import title_from

DIM, RESET = "\x1b[2m", "\x1b[0m"


def run(args: argparse.Namespace) -> int:
    prompt = args.prompt
    if prompt in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            return fail("give a prompt, or pipe one in", EXIT_USAGE)
        prompt = sys.stdin.read()
    if not prompt.strip():
        return fail("the prompt is empty", EXIT_USAGE)
    try:
        return asyncio.run(_ask(args, prompt, Context()))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


class Printer:
    """Writes a streaming answer to the terminal: reasoning dimmed first on a TTY."""

    def __init__(self, out: TextIO, tty: bool, quiet: bool) -> None:
        self.out, self.tty, self.quiet = out, tty, quiet
        self.mode = ""  # "", "reasoning", "content"
        self.wrote = False
        self.scrub = StreamScrubber(None)  # the key, once known: a server echoing it is not shown

    def _switch(self, mode: str) -> None:
        if mode == self.mode:
            return
        held = self.scrub.flush()
        if held:
            self.out.write(held)
        if self.mode == "reasoning" and self.tty:
            style(self.out, RESET)
            self.out.write("\n\n")
        if mode == "reasoning" and self.tty:
            style(self.out, DIM)
        self.mode = mode

    def reasoning(self, text: str) -> None:
        if self.quiet or not self.tty:
            return  # piped output carries the answer only
        self._switch("reasoning")
        self.out.write(self.scrub.feed(text))
        self.out.flush()
        self.wrote = True

    def content(self, text: str) -> None:
        if self.quiet:
            return
        self._switch("content")
        self.out.write(self.scrub.feed(text))
        self.out.flush()  # stream through pipes too (`ponder ask ... | tee log`)
        self.wrote = True

    def note(self, text: str) -> None:
        if self.quiet:
            return
        self._switch("")
        if self.wrote:
            self.out.write("\n")
        if self.tty:
            style(self.out, DIM)
        self.out.write(text)
        if self.tty:
            style(self.out, RESET)
        self.out.write("\n")
        self.wrote = False

    def end(self) -> None:
        self._switch("")
        if self.wrote:
            self.out.write("\n")
        self.out.flush()


async def _ask(args: argparse.Namespace, prompt: str, ctx: Context) -> int:
    from ponder.core import models as m
    from ponder.core.client import ChatClient
    from ponder.core.errors import PonderError
    from ponder.core.pipeline import prepare, resend
    from ponder.core.recorder import AnswerRecorder
    from ponder.core.store import StoreError

    out = sys.stdout
    tty = out.isatty()
    pr = Printer(out, tty, quiet=args.json)
    demo = None
    client = ChatClient()
    stream = recorder = None
    store = conv = None
    answer_id = None
    try:
        history: list[m.Message] = []
        conv_provider = conv_model = None
        if args.conversation:
            store = ctx.store
            conv = store.conversation(store.resolve_id(args.conversation))
            if conv.kind == "compare":
                from ponder.core.errors import ConfigError

                # Which column would it continue? The window asks (Continue with this answer).
                raise ConfigError(f"{conv.id[:8]} is a comparison of several models: open it in the window and "
                                  "choose an answer with \"Continue with this answer\", then continue it here")
            conv_provider, conv_model = conv.provider, conv.model
            history = resend(store.thread(conv.id))

        provider_id = (
            args.provider or (None if args.base_url else os.environ.get("PONDER_PROVIDER"))
            or (None if args.base_url else conv_provider or ctx.settings.default_provider)
            or (None if args.base_url else "demo")
        )
        provider = ctx.provider(provider_id, args.base_url)
        if provider.id == "demo" and not args.base_url:
            from ponder.demo.server import DemoServer

            demo = DemoServer()
            await demo.start()
            provider = provider.with_base_url(demo.base_url)
        key = ctx.keys.resolve(provider)
        pr.scrub = StreamScrubber(key)
        model = args.model or conv_model or ctx.settings.default_models.get(provider.id) or provider.default_model
        if not model:
            model = await _first_model(client, provider, key)
        settings = m.ChatSettings(
            model=model, effort=args.effort, system=args.system, temperature=args.temperature, max_tokens=args.max_tokens,
        )
        from ponder.core.catalog import CatalogCache, cost_of, lookup

        cache = CatalogCache(ctx.paths.cache)
        info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
        images = []
        if args.image:
            from ponder.core.images import accepts_pdf

            images = _images(args, accepts_pdf(provider.id, provider.dialect))  # a bad file stops here, before sending
            if info.vision is None:  # not known from the cache or the family table: ask the endpoint
                from ponder.core.catalog import refresh

                try:
                    await refresh(client, provider, key, cache)
                    info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
                except PonderError:
                    pass
            if info.vision is False and any(a.mime.startswith("image/") for a in images):
                from ponder.core.errors import ConfigError

                raise ConfigError(f"{model} does not take images (the provider's model list says so): choose a "
                                  "model with vision, or leave out --image. Nothing was sent.")
            if info.vision is None:
                warn(f"not known whether {model} takes images; sending them anyway")
            for a in images:
                print(f"ponder: image {a.filename}: {a.describe()}", file=sys.stderr)
        parts = [m.ImagePart.asked(a.data, a.mime, args.detail, a.filename) for a in images]
        req = prepare(provider.dialect, settings, history + [m.Message("user", prompt, images=parts)], info)
        for note in req.notes:
            warn(note)

        used = {k: v for k, v in (("effort", args.effort), ("system", args.system), ("temperature", args.temperature),
                                  ("max_tokens", args.max_tokens)) if v is not None}
        if not args.no_save:
            try:
                store = store or ctx.store
                if conv is None:
                    conv = store.create_conversation(title_from(prompt), provider=provider.id, model=model, settings=used)
                user_id = store.add_message(conv.id, m.Message("user", prompt))
                if images:
                    store.attach(user_id, images)
                answer_id = store.add_message(conv.id, m.Message("assistant"), status="streaming", model=model,
                                              provider=provider.id, settings={**used, "model": model})
            except StoreError as e:
                warn(f"not saved to history: {e}")
                store = None

        stream = client.stream(provider, key, req.body, think_tags=args.think_tags)
        if store is not None and answer_id is not None:
            recorder = AnswerRecorder(store, answer_id, stream)
        failed = None
        async for ev in stream:
            t = type(ev)
            if t is m.ContentDelta:
                pr.content(ev.text)
            elif t is m.ReasoningDelta:
                pr.reasoning(ev.text)
            elif t is m.ContentWasReasoning:
                pr.note("(the text above was the model's reasoning)")
            elif t is m.RefusalDelta:
                pr.content(ev.text)
            elif t is m.Retrying:
                print(f"ponder: {ev.reason}; retrying in {ev.delay_s:.0f} s (attempt {ev.attempt})", file=sys.stderr)
            elif t is m.StreamFailed:
                failed = ev
            if recorder is not None:
                recorder.tick()
        result = stream.result()
        cost = cost_of(result.usage, info)
        if recorder is not None:
            recorder.cost = cost
        saved = _finish(recorder, "error" if failed else "done")
        for tc in result.tool_calls:
            pr.note(f"→ tool call {tc.name}({tc.arguments})  [{tc.id}]")
        if tty and not args.json:
            pr.note(_footer(result, stream.timing(), conv.id if saved and conv else None, cost))
        pr.end()
        if args.json:
            _print_json(result.to_json(), stream, conv.id if saved and conv else None, cost)
        if failed is not None:
            return fail(failed.message)
        return 0
    except asyncio.CancelledError:
        # Ctrl+C: the connection is already closed; keep and show what arrived.
        pr.end()
        _finish(recorder, "stopped")
        print("ponder: stopped", file=sys.stderr)
        if args.json and stream is not None:
            _print_json(stream.result().to_json(), stream, conv.id if conv else None)
        raise
    except PonderError as e:
        pr.end()
        r = stream.result() if stream is not None else m.StreamResult()
        r.error = r.error or {"code": getattr(e, "code", None), "message": str(e)}
        r.retry_after_s = getattr(e, "retry_after", None)
        if store is not None and answer_id is not None:
            try:  # the user's prompt stays in history, with the reason it got no answer
                store.save_answer(answer_id, r, status="error", timing=stream.timing() if stream else None)
            except StoreError as se:
                warn(f"not saved to history: {se}")
        if args.json and stream is not None:
            _print_json(r.to_json(), stream, conv.id if conv else None)
        return fail(str(e))
    finally:
        await client.aclose()
        if demo is not None:
            await demo.stop()


def _finish(recorder: Any, status: str) -> bool:
    if recorder is None:
        return False
    ok = recorder.finish(status)
    if recorder.error is not None:
        warn(f"not saved to history: {recorder.error}")
    return ok


def _images(args: Any, allow_pdf: bool) -> list[Any]:
    """The --image files, sized as they will be sent; an unreadable one stops the command."""
    from ponder.core.errors import ConfigError
    from ponder.core.images import ImageError
    from ponder.services.images import prepare, read_file  # QtGui, only when images are asked for

    out = []
    for path in args.image:
        try:
            out.append(prepare(read_file(path), os.path.basename(path), args.image_size, allow_pdf=allow_pdf))
        except ImageError as e:
            raise ConfigError(f"{e}. Nothing was sent.") from None
    return out


def _print_json(end: dict[str, Any], stream: Any, conversation_id: str | None, cost: float | None = None) -> None:
    t = stream.timing()
    end["timing"] = {"ttft_ms": t["ttft_ms"], "total_ms": t["total_ms"]}
    end["cost"] = cost  # USD; null when unknown (never a made-up 0)
    if conversation_id:
        end["conversation_id"] = conversation_id
    dump_json(end, sys.stdout)
    sys.stdout.flush()


async def _first_model(client: Any, provider: Any, key: str | None) -> str:
    from ponder.core.errors import ConfigError

    if not provider.local:
        raise ConfigError(f"Choose a model for {provider.name} with --model")
    models = await client.list_models(provider, key)
    if not models:
        raise ConfigError(f"{provider.name} has no model loaded: load one, or pass --model")
    return str(models[0].get("id"))


def _footer(result: Any, timing: dict[str, float | None], conversation_id: str | None, cost: float | None = None) -> str:
    from ponder.core.figures import figures

    bits = figures(result.model, timing.get("ttft_ms"), timing.get("total_ms"), result.usage, cost, result.finish_reason,
                   say_unknown=True)
    if conversation_id:
        bits.append(f"saved as {conversation_id[:8]}")
    return " · ".join(bits)
