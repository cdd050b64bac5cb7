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
    problem = _response_format(args) or _web_and_routing(args)
    if problem:
        return fail(problem, EXIT_USAGE)
    if args.stop and len(args.stop) > 4:
        return fail("at most 4 --stop sequences (what providers take)", EXIT_USAGE)
    prompt = args.prompt
    if prompt in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            return fail("give a prompt, or pipe one in", EXIT_USAGE)
        prompt = sys.stdin.read()
    if not prompt.strip():
        return fail("the prompt is empty", EXIT_USAGE)
    try:
        if getattr(args, "sweep", False):
            return asyncio.run(_sweep(args, prompt, Context()))
        return asyncio.run(_ask(args, prompt, Context()))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


async def _sweep(args: argparse.Namespace, prompt: str, ctx: Context) -> int:
    """The prompt at every reasoning effort the model offers, at once (a local server: in turn),
    and a table of what each cost and bought. Printed, not kept in history."""
    from ponder.core import models as m
    from ponder.core.answers.columns import sweep
    from ponder.core.answers.figures import usd
    from ponder.core.answers.pipeline import Answer, error_of, prepare
    from ponder.core.errors import ConfigError, PonderError
    from ponder.core.providers.catalog import CatalogCache, lookup
    from ponder.core.wire.client import ChatClient
    from ponder.core.wire.protocol import efforts_for

    client = ChatClient()
    demo = None
    try:
        provider = ctx.provider(args.provider or os.environ.get("PONDER_PROVIDER") or ctx.settings.default_provider or "demo",
                                args.base_url)
        if provider.id == "demo" and not args.base_url:
            from ponder.demo.server import DemoServer

            demo = DemoServer()
            await demo.start()
            provider = provider.with_base_url(demo.base_url)
        key = ctx.keys.resolve(provider)
        model = args.model or ctx.settings.default_models.get(provider.id) or provider.default_model or ""
        if not model:
            raise ConfigError("--sweep needs a model (-m)")
        cache = CatalogCache(ctx.paths.cache)
        info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
        if info.source != "catalog":  # which efforts it offers is the provider's to say: ask it
            from ponder.core.providers.catalog import refresh

            try:
                await refresh(client, provider, key, cache)
                info = lookup(cache, provider.id, model, ctx.settings.model_overrides)
            except PonderError:
                pass
        try:
            columns = sweep(provider.id, model, efforts_for(provider.dialect, info))
        except ValueError as e:
            raise ConfigError(str(e)) from None
        given = {f.name: v for f in dataclasses.fields(m.ChatSettings)
                 if f.name not in ("model", "provider", "effort") and (v := getattr(args, f.name, None)) is not None}
        lock = asyncio.Lock() if provider.local else None

        async def one(effort: str) -> tuple[str, Any, Any]:
            settings = m.ChatSettings(model, provider.id, effort=effort, **given)
            answer = Answer()
            try:
                if lock is not None:
                    await lock.acquire()
                req = prepare(provider.dialect, settings, [m.Message("user", prompt)], info)
                answer.send(client, provider, key, req, info)
                async for _ in answer.events():
                    pass
                answer.end("done")
            except PonderError as e:
                answer.end("error", error_of(e))
            finally:
                if lock is not None:
                    lock.release()
            return effort, answer, answer.result()

        print(f"Sweeping {model} over {len(columns)} reasoning efforts: {', '.join(c.effort or '' for c in columns)}…",
              file=sys.stderr)
        done = await asyncio.gather(*(one(c.effort or "") for c in columns))
    except PonderError as e:
        return fail(str(e))
    finally:
        await client.aclose()
        if demo is not None:
            await demo.stop()
    rows = []
    for effort, answer, r in done:
        u = r.usage or {}
        reasoning = (u.get("completion_tokens_details") or {}).get("reasoning_tokens")
        comp = u.get("completion_tokens")
        t = answer.timing() or {}
        rows.append({"effort": effort, "reasoning_tokens": reasoning, "thinking_ms": t.get("thinking_ms"),
                     "total_ms": t.get("total_ms"), "answer_tokens": comp - (reasoning or 0) if isinstance(comp, int) else None,
                     "cost": answer.cost, "finish_reason": r.finish_reason,
                     "error": (r.error or {}).get("message"), "content": r.content})
    if args.json:
        dump_json(rows, sys.stdout)
        return 0

    def sec(ms: Any) -> str:
        return f"{ms / 1000:.1f} s" if isinstance(ms, (int, float)) else "–"

    head = ("effort", "reasoning tokens", "thinking", "total", "answer tokens", "cost")
    table = [head] + [(r["effort"], f"{r['reasoning_tokens']:,}" if isinstance(r["reasoning_tokens"], int) else "–",
                       sec(r["thinking_ms"]), sec(r["total_ms"]),
                       f"{r['answer_tokens']:,}" if isinstance(r["answer_tokens"], int) else "–",
                       usd(r["cost"]) if r["cost"] is not None else "–") for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip())
    for r in rows:
        if r["error"]:
            print(f"ponder: {r['effort']}: {r['error']}", file=sys.stderr)
    return 0 if not any(r["error"] for r in rows) else 1


def _web_and_routing(args: argparse.Namespace) -> str | None:
    """--web-search and OpenRouter's routing flags as ``args.web`` / ``args.routing`` /
    ``args.fallback_models`` (ChatSettings' names); what is wrong, if anything."""
    args.web = args.routing = None
    args.fallback_models = getattr(args, "fallback_model", None) or None
    if getattr(args, "web_search", False):
        args.web = {"on": True, **{k: v for k, v in (("max_results", args.web_max_results), ("context", args.search_context))
                                   if v is not None}}
        if args.web_max_results is not None and not 1 <= args.web_max_results <= 20:
            return "--web-max-results must be from 1 to 20"
    elif args.web_max_results is not None or args.search_context is not None:
        return "--web-max-results and --search-context go with --web-search"
    routing: dict[str, object] = {}
    if getattr(args, "provider_order", None):
        routing["order"] = [p.strip() for p in args.provider_order.split(",") if p.strip()]
    if getattr(args, "no_fallbacks", False):
        routing["allow_fallbacks"] = False
    if getattr(args, "sort", None):
        routing["sort"] = args.sort
    if getattr(args, "zdr", False):
        routing["zdr"] = True
    if getattr(args, "no_data_collection", False):
        routing["data_collection"] = "deny"
    args.routing = routing or None
    return None


def _response_format(args: argparse.Namespace) -> str | None:
    """--json-object / --json-schema FILE as ``args.response_format``; what is wrong, if anything."""
    from pathlib import Path

    from ponder.core.answers.structured import JSON_OBJECT, SchemaError, schema_format

    args.response_format = None
    if getattr(args, "json_object", False) and getattr(args, "json_schema", None):
        return "give --json-object or --json-schema, not both"
    if getattr(args, "json_object", False):
        args.response_format = dict(JSON_OBJECT)
    elif getattr(args, "json_schema", None):
        from ponder.commands.common import read_limited

        try:
            text = read_limited(args.json_schema, 1024 * 1024).decode("utf-8", "replace")
            args.response_format = schema_format(text, Path(args.json_schema).stem)
        except (OSError, ValueError) as e:
            why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            return f"{args.json_schema}: {why}" if not isinstance(e, SchemaError) else f"{args.json_schema}: {e}"
    return None


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
    tooling: _Tooling | None = None
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
        if getattr(args, "preset", None):
            from ponder.core.answers.presets import apply, presets
            from ponder.core.errors import ConfigError

            known = presets(ctx.settings.presets)
            if args.preset not in known:
                raise ConfigError(f"there is no preset named {args.preset!r} (there are: {', '.join(known)}). Nothing was sent.")
            base = apply(base, known[args.preset])  # the flags given below win over it
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
        messages = history + [m.Message("user", prompt, images=parts)]
        tooling = await _Tooling.start(ctx, settings, conv, args) if settings.mcp else None

        def request(msgs: list[m.Message]) -> Any:
            sent = settings
            if tooling is not None and tooling.offered.tools:
                sent = dataclasses.replace(settings, tools=[*settings.tools, *tooling.offered.functions()])
            return prepare(provider.dialect, sent, msgs, info)

        req = request(messages)
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

        rounds = 0
        while True:
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
            todo = tooling.runs(result) if tooling is not None and answer.failed is None else None
            if todo is None:
                break
            rounds += 1
            if rounds > tooling.max_rounds:
                for r in todo:  # answered, so the conversation can go on (ponder ask -c)
                    r.problem = f"Not run: Ponder stops a model that calls tools {tooling.max_rounds} rounds in a row."
                if store is not None and conv is not None and answer.message_id:
                    tooling.keep(store, conv.id, todo)
                pr.note(f"Stopped: the model asked for tools {tooling.max_rounds} rounds in a row. Its last calls were "
                        "not run; continue the conversation (ponder ask -c ID) to let it go on.")
                break
            await tooling.run(todo, pr)
            if store is not None and conv is not None and answer.message_id:
                tooling.keep(store, conv.id, todo)
                messages = resend(store.thread(conv.id), settings.image_detail, {a.sha256: a.data for a in images})
                answer = Answer.create(store, conv.id, settings)
            else:
                messages = messages + [m.Message("assistant", result.content, reasoning=result.reasoning,
                                                 reasoning_details=result.reasoning_details, tool_calls=result.tool_calls)]
                messages += [m.Message("tool", r.for_model(), tool_call_id=r.call_id) for r in todo]
                answer = Answer()
            req = request(messages)
        for tc in result.tool_calls:
            pr.note(f"→ tool call {tc.name}({tc.arguments})  [{tc.id}]")
        from ponder.core.answers.citations import source_lines, sources

        cited = sources(result.annotations, result.content or "")
        if cited and not args.json:
            pr.end()
            pr.content("\nSources:\n" + "\n".join(source_lines(cited)) + "\n")
        checked = None
        if result.content and answer.failed is None:
            from ponder.core.answers.structured import check_answer

            checked = check_answer(result.content, settings.response_format)
            if checked is not None and not args.json:
                if checked.valid:
                    print(f"ponder: {checked.describe()}", file=sys.stderr)
                else:
                    warn(checked.describe())
        saved_as = conv.id if saved and conv else None
        if tty and not args.json:
            pr.note(_footer(result, answer.timing() or {}, saved_as, answer.cost, settings.model))
        pr.end()
        if args.json:
            end = result.to_json()
            if cited:
                end["sources"] = [{"n": c.n, "url": c.url, "title": c.title, "domain": c.domain} for c in cited]
            if checked is not None:
                end["checked"] = {"json": checked.parsed, "valid": checked.valid, "errors": checked.errors}
            _print_json(end, answer, saved_as, answer.cost)
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
        if tooling is not None:
            tooling.close()


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


def _footer(result: Any, timing: dict[str, float | None], conversation_id: str | None, cost: float | None = None,
            asked: str | None = None) -> str:
    from ponder.core.answers.figures import answered_by, figures

    served = {"model": result.model, "provider": result.provider}
    bits = figures(answered_by(asked or result.model, served), timing.get("ttft_ms"), timing.get("total_ms"), result.usage, cost,
                   result.finish_reason, say_unknown=True)
    if conversation_id:
        bits.append(f"saved as {conversation_id[:8]}")
    return " · ".join(bits)


class _Tooling:
    """The MCP side of one ``ponder ask``: the offered tools, the approvals, the calls."""

    def __init__(self, ctx: Context, host: Any, offered: Any, approvals: Any, yes: bool, conv: Any) -> None:
        from ponder.core.mcp.rounds import MAX_ROUNDS

        self.ctx, self.host, self.offered, self.approvals, self.yes, self.conv = ctx, host, offered, approvals, yes, conv
        self.max_rounds = MAX_ROUNDS

    @classmethod
    async def start(cls, ctx: Context, settings: Any, conv: Any, args: argparse.Namespace) -> "_Tooling":
        from ponder.commands.mcp import host as make_host
        from ponder.core.errors import ConfigError
        from ponder.core.mcp.rounds import Approvals, offer

        names = list(dict.fromkeys(sel.split("/", 1)[0] for sel in settings.mcp))
        unknown = [n for n in names if ctx.settings.mcp_server(n) is None]
        if unknown:
            raise ConfigError(f"there is no MCP server named {unknown[0]} (`ponder mcp list` shows them). Nothing was sent.")
        host = make_host(ctx)
        lists: dict[str, Any] = {}
        for name, got in zip(names, await asyncio.gather(*(asyncio.wrap_future(host.tools(n)) for n in names),
                                                        return_exceptions=True)):
            lists[name] = got
        offered = offer(lists, settings.mcp)
        for problem in offered.problems:
            warn(f"MCP server {problem}")
        allowed = set((conv.settings.get("mcp_allowed") or []) if conv is not None else [])
        return cls(ctx, host, offered, Approvals(set(ctx.settings.mcp_always), allowed), args.yes, conv)

    def runs(self, result: Any) -> Any:
        from ponder.core.mcp.rounds import runs

        return runs(result.tool_calls, self.offered) if result.tool_calls else None

    def _decide(self, r: Any) -> None:
        from ponder.core.mcp.rounds import pretty_arguments

        if r.problem:
            return
        given = self.approvals.given(r.server, r.tool)
        if given:
            r.approval = given
            return
        if self.yes:
            r.approval = "auto"
            return
        if sys.stdin is None or not sys.stdin.isatty():
            r.approval, r.reason = "deny", "no one was there to approve it (ponder ask --yes approves every call)"
            warn(f"{r.tool} of {r.server} was not run: no terminal to ask for approval (--yes approves every call)")
            return
        args = pretty_arguments(r.arguments).replace("\n", "\n    ")
        print(f"\nponder: the model wants to run {r.tool} (MCP server {r.server}) with:\n    {args}", file=sys.stderr)
        while True:
            print("Allow it? [y]es, once / [c]onversation / [a]lways / [n]o: ", end="", file=sys.stderr, flush=True)
            said = (sys.stdin.readline() or "n").strip().lower()[:1]
            if said in ("y", "c", "a", "n"):
                break
        if said == "n":
            print("A reason for the model (optional): ", end="", file=sys.stderr, flush=True)
            r.approval, r.reason = "deny", (sys.stdin.readline() or "").strip()[:500]
            return
        r.approval = {"y": "once", "c": "conversation", "a": "always"}[said]
        if r.approval == "conversation":
            self.approvals.conversation.add(r.key)
        elif r.approval == "always":
            self.approvals.always.add(r.key)
            if r.key not in self.ctx.settings.mcp_always:
                from ponder.commands.mcp import _save

                self.ctx.settings.mcp_always.append(r.key)
                _save(self.ctx)

    async def run(self, todo: list[Any], pr: "Printer") -> None:
        """Ask for each call's approval, one by one; then run the allowed ones together."""
        for r in todo:
            self._decide(r)
        go = [r for r in todo if r.approval not in (None, "deny") and not r.problem]
        outcomes = await asyncio.gather(*(asyncio.wrap_future(self.host.call(r.server, r.tool, r.arguments or {})) for r in go))
        for r, o in zip(go, outcomes):
            r.outcome = o
        for r in todo:
            o = r.outcome
            took = f" ({o.elapsed_s:.2f} s)" if o else ""
            text = r.for_model()
            lines = text.splitlines() or [""]
            shown = "\n  ".join(lines[:20]) + (f"\n  … {len(lines) - 20} more lines" if len(lines) > 20 else "")
            pr.note(f"← {r.tool} ({r.server}){took}: {shown}")

    def keep(self, store: Any, cid: str, todo: list[Any]) -> None:
        """The results in history, each with its approval and timing; a conversation's approvals with it."""
        from ponder.core.mcp.rounds import keep

        keep(store, cid, todo)

    def close(self) -> None:
        self.host.close()
