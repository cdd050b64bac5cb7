"""``ponder ask``: stream one answer to the terminal, and keep the exchange in history."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
from typing import Any, TextIO

from ponder.commands.common import EXIT_INTERRUPTED, EXIT_USAGE, Context, fail, warn
from ponder.core.safety.redact import StreamScrubber
from ponder.core.safety.terminal import dump_json, style
from ponder.core.answers.titles import title_from

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
    from ponder.core.wire.client import ChatClient
    from ponder.core.errors import PonderError
    from ponder.core.answers.pipeline import Answer, error_of, prepare, resend
    from ponder.core.history.store import StoreError

    out = sys.stdout
    tty = out.isatty()
    pr = Printer(out, tty, quiet=args.json)
    demo = None
    client = ChatClient()
    answer: Answer | None = None
    store = conv = None
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
        # A conversation goes on with its own settings (its system prompt, effort, tools); a flag
        # given here wins for this answer (its record keeps what it was asked with).
        given = {f.name: v for f in dataclasses.fields(m.ChatSettings)
                 if f.name not in ("model", "provider") and (v := getattr(args, f.name, None)) is not None}
        for name, default in (("image_detail", "auto"), ("image_size", "balanced")):  # the default, said
            if given.get(name) == default:
                given[name] = None
        base = m.ChatSettings.from_dict(provider.id, model, conv.settings) if conv is not None else m.ChatSettings(model)
        settings = dataclasses.replace(base, model=model, provider=provider.id, **given)
        if conv is not None:
            history = resend(ctx.store.thread(conv.id), settings.image_detail)
            if history and history[-1].role == "assistant" and history[-1].tool_calls:
                from ponder.core.errors import ConfigError

                # A provider rejects tool calls followed by anything but their results.
                names = ", ".join(tc.name for tc in history[-1].tool_calls)
                raise ConfigError(f"{conv.id[:8]} ends in a tool call ({names}) waiting for its result: give the "
                                  "result in the window, then continue here. Nothing was sent.")
        from ponder.core.providers.catalog import CatalogCache, lookup

        cache = CatalogCache(ctx.paths.cache)
        info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
        images = []
        if args.image:
            from ponder.core.answers.attachments import accepts_pdf, refused_by

            images = _images(args.image, settings.image_size or "balanced", accepts_pdf(provider.id, provider.dialect))  # a bad file stops here, before sending
            if info.vision is None:  # not known from the cache or the family table: ask the endpoint
                from ponder.core.providers.catalog import refresh

                try:
                    await refresh(client, provider, key, cache)
                    info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
                except PonderError:
                    pass
            if refused_by(info.vision, (a.mime for a in images)):
                from ponder.core.errors import ConfigError

                raise ConfigError(f"{model} does not take images (the provider's model list says so): choose a "
                                  "model with vision, or leave out --image. Nothing was sent.")
            if info.vision is None:
                warn(f"not known whether {model} takes images; sending them anyway")
            for a in images:
                print(f"ponder: image {a.filename}: {a.describe()}", file=sys.stderr)
        parts = [m.ImagePart.asked(a.data, a.mime, settings.image_detail, a.filename) for a in images]
        req = prepare(provider.dialect, settings, history + [m.Message("user", prompt, images=parts)], info)
        for note in req.notes:
            warn(note)

        answer = Answer()  # not kept in history (--no-save, or the history cannot be written)
        if not args.no_save:
            try:
                store = store or ctx.store
                if conv is None:
                    conv = store.create_conversation(title_from(prompt), provider=provider.id, model=model,
                                                     settings=settings.to_dict())
                user_id = store.add_message(conv.id, m.Message("user", prompt))
                if images:
                    store.attach(user_id, images)
                answer = Answer.create(store, conv.id, settings)
            except StoreError as e:
                warn(f"not saved to history: {e}")
                store = None

        answer.send(client, provider, key, req, info, think_tags=args.think_tags)
        async for ev in answer.events():
            if isinstance(ev, (m.ContentDelta, m.RefusalDelta)):
                pr.content(ev.text)
            elif isinstance(ev, m.ReasoningDelta):
                pr.reasoning(ev.text)
            elif isinstance(ev, m.ContentWasReasoning):
                pr.note("(the text above was the model's reasoning)")
            elif isinstance(ev, m.Retrying):
                print(f"ponder: {ev.reason}; retrying in {ev.delay_s:.0f} s (attempt {ev.attempt})", file=sys.stderr)
        saved = _end(answer, "done")
        result = answer.result()
        for tc in result.tool_calls:
            pr.note(f"→ tool call {tc.name}({tc.arguments})  [{tc.id}]")
        saved_as = conv.id if saved and conv else None
        if tty and not args.json:
            pr.note(_footer(result, answer.timing() or {}, saved_as, answer.cost))
        pr.end()
        if args.json:
            _print_json(result.to_json(), answer, saved_as, answer.cost)
        if answer.failed is not None:
            return fail(answer.failed.message)
        return 0
    except asyncio.CancelledError:
        # Ctrl+C: the connection is already closed; keep and show what arrived.
        pr.end()
        if answer is not None:
            _end(answer, "stopped")
        print("ponder: stopped", file=sys.stderr)
        if args.json and answer is not None:
            _print_json(answer.result().to_json(), answer, conv.id if conv else None)
        raise
    except PonderError as e:
        pr.end()
        if answer is not None:  # the user's prompt stays in history, with the reason it got no answer
            _end(answer, "error", error_of(e))
        r = answer.result() if answer is not None else m.StreamResult(error=error_of(e))
        r.retry_after_s = getattr(e, "retry_after", None)
        if args.json and answer is not None:
            _print_json(r.to_json(), answer, conv.id if conv else None)
        return fail(str(e))
    finally:
        await client.aclose()
        if demo is not None:
            await demo.stop()


def _end(answer: Any, status: str, error: dict[str, Any] | None = None) -> bool:
    """The answer's final save; a save that fails is said (the answer was printed all the same)."""
    ok = bool(answer.end(status, error))
    if not ok and answer.save_error is not None:
        warn(f"not saved to history: {answer.save_error}")
    return ok


def _images(paths: list[str], size: str, allow_pdf: bool) -> list[Any]:
    """The --image files, sized as they will be sent; an unreadable one stops the command."""
    from ponder.core.errors import ConfigError
    from ponder.core.answers.attachments import ImageError
    from ponder.services.image_codec import prepare, read_file  # QtGui, only when images are asked for

    out = []
    for path in paths:
        try:
            out.append(prepare(read_file(path), os.path.basename(path), size, allow_pdf=allow_pdf))
        except ImageError as e:
            raise ConfigError(f"{e}. Nothing was sent.") from None
    return out


def _print_json(end: dict[str, Any], answer: Any, conversation_id: str | None, cost: float | None = None) -> None:
    t = answer.timing() or {"ttft_ms": None, "total_ms": None}
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
    from ponder.core.answers.figures import figures

    bits = figures(result.model, timing.get("ttft_ms"), timing.get("total_ms"), result.usage, cost, result.finish_reason,
                   say_unknown=True)
    if conversation_id:
        bits.append(f"saved as {conversation_id[:8]}")
    return " · ".join(bits)
