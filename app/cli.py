"""The ``ponder`` command line. Terminal commands import no Qt, so they start fast.

    ponder ask [options] PROMPT        stream one answer to the terminal
    ponder parse-stream FILE [--json]  parse a recorded stream (.sse) or response (.http)
    ponder demo-server [--port N]      run the built-in demo provider
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any, TextIO

from app import __version__
from app.core.providers import PRESETS

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

DIM, RESET, BOLD, RED = "\x1b[2m", "\x1b[0m", "\x1b[1m", "\x1b[31m"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ponder",
        description="Ponder: chat with language models through OpenAI-compatible gateways and local servers.",
    )
    p.add_argument("--version", action="version", version=f"Ponder {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("ask", help="stream one answer to the terminal")
    a.add_argument("prompt", nargs="?", help="the prompt; '-' or nothing reads standard input")
    a.add_argument(
        "--provider",
        help=f"one of: {', '.join(PRESETS)} (default: $PONDER_PROVIDER, else demo)",
    )
    a.add_argument("--base-url", help="an OpenAI-compatible endpoint; with --provider, points it elsewhere")
    a.add_argument("--model", "-m", help="model id (default: the provider's, or a local server's first)")
    a.add_argument("--effort", choices=("none", "minimal", "low", "medium", "high", "xhigh", "max"), help="reasoning effort")
    a.add_argument("--system", help="system prompt")
    a.add_argument("--temperature", type=float)
    a.add_argument("--max-tokens", type=int)
    a.add_argument(
        "--think-tags",
        choices=("auto", "off", "prefilled"),
        default="auto",
        help="<think> tags in the answer: auto-detect, ignore, or reasoning from the first byte",
    )
    a.add_argument("--json", action="store_true", help="print the end state as JSON, with timing")

    ps = sub.add_parser("parse-stream", help="parse a recorded stream (.sse body or raw .http response)")
    ps.add_argument("file", help="the file, or '-' for standard input")
    ps.add_argument("--json", action="store_true", help="print the end state as JSON")
    ps.add_argument("--think-tags", choices=("auto", "off", "prefilled"), default="auto")

    d = sub.add_parser("demo-server", help="run the built-in demo provider (no key, no network)")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, default=8765)
    d.add_argument("--tps", type=float, help="tokens per second for every model (0: as fast as possible)")
    d.add_argument("--tokens", type=int, help="answer length in tokens for every model")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`ponder ask ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse-stream":
        return parse_stream(args)
    if args.command == "ask":
        return ask(args)
    if args.command == "demo-server":
        from app.demo.server import serve

        serve(args.host, args.port, args.tps, args.tokens)
        return 0
    _parser().print_help()
    return 0


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"ponder: {message}", file=sys.stderr)
    return code


# -- parse-stream --------------------------------------------------------------------------------


def parse_stream(args: argparse.Namespace) -> int:
    from app.core.capture import parse_capture

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else open(args.file, "rb").read()
    except OSError as e:
        return _fail(f"cannot read {args.file}: {e.strerror or e}", EXIT_USAGE)
    try:
        result, state = parse_capture(data, args.think_tags)
    except ValueError as e:
        return _fail(f"{args.file}: {e}", EXIT_USAGE)
    if state is not None and state.malformed:
        print(
            f"ponder: warning: skipped {len(state.malformed)} payload(s) that were not JSON, "
            f"e.g. {state.malformed[0][:80]!r}",
            file=sys.stderr,
        )
    end = result.to_json()
    if args.json:
        json.dump(end, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_summary(end, sys.stdout)
    return 0


def _print_summary(end: dict[str, Any], out: TextIO) -> None:
    if end.get("http_status") not in (None, 200):
        out.write(f"HTTP {end['http_status']}\n")
    if end.get("reasoning"):
        out.write(f"Reasoning:\n{end['reasoning']}\n\n")
    if end.get("content") is not None:
        out.write(f"Answer:\n{end['content']}\n\n")
    if end.get("refusal"):
        out.write(f"Refusal: {end['refusal']}\n")
    for t in end.get("tool_calls") or []:
        out.write(f"Tool call {t['name']} ({t['id']}): {t['arguments']}\n")
    for a in end.get("annotations") or []:
        c = a.get("url_citation") or {}
        out.write(f"Source: {c.get('title') or ''} {c.get('url') or ''}\n")
    if end.get("error"):
        out.write(f"Error {end['error'].get('code')}: {end['error'].get('message')}\n")
    if end.get("retry_after_s") is not None:
        out.write(f"Retry after: {end['retry_after_s']} s\n")
    out.write(f"Finish reason: {end.get('finish_reason')}\n")
    if end.get("usage"):
        out.write(f"Usage: {json.dumps(end['usage'])}\n")


# -- ask -----------------------------------------------------------------------------------------


def ask(args: argparse.Namespace) -> int:
    prompt = args.prompt
    if prompt in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            return _fail("give a prompt, or pipe one in", EXIT_USAGE)
        prompt = sys.stdin.read()
    if not prompt.strip():
        return _fail("the prompt is empty", EXIT_USAGE)
    try:
        return asyncio.run(_ask(args, prompt))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


class _Printer:
    """Writes a streaming answer to the terminal: reasoning dimmed first on a TTY."""

    def __init__(self, out: TextIO, tty: bool, quiet: bool) -> None:
        self.out, self.tty, self.quiet = out, tty, quiet
        self.mode = ""  # "", "reasoning", "content"
        self.wrote = False

    def _switch(self, mode: str) -> None:
        if mode == self.mode:
            return
        if self.mode == "reasoning" and self.tty:
            self.out.write(RESET + "\n\n")
        if mode == "reasoning" and self.tty:
            self.out.write(DIM)
        self.mode = mode

    def reasoning(self, text: str) -> None:
        if self.quiet or not self.tty:
            return  # piped output carries the answer only
        self._switch("reasoning")
        self.out.write(text)
        self.out.flush()
        self.wrote = True

    def content(self, text: str) -> None:
        if self.quiet:
            return
        self._switch("content")
        self.out.write(text)
        self.out.flush()  # stream through pipes too (`ponder ask ... | tee log`)
        self.wrote = True

    def note(self, text: str) -> None:
        if self.quiet:
            return
        self._switch("")
        if self.wrote:
            self.out.write("\n")
        self.out.write((DIM + text + RESET) if self.tty else text)
        self.out.write("\n")
        self.wrote = False

    def end(self) -> None:
        self._switch("")
        if self.wrote:
            self.out.write("\n")
        self.out.flush()


async def _ask(args: argparse.Namespace, prompt: str) -> int:
    from app.core import models as m
    from app.core.client import ChatClient
    from app.core.errors import PonderError
    from app.core.protocol import build_request
    from app.core.providers import get_provider, resolve_key

    out = sys.stdout
    tty = out.isatty()
    pr = _Printer(out, tty, quiet=args.json)
    demo = None
    client = ChatClient()
    stream = None
    try:
        provider_id = args.provider or os.environ.get("PONDER_PROVIDER") or (None if args.base_url else "demo")
        provider = get_provider(provider_id, args.base_url)
        if provider.id == "demo" and not args.base_url:
            from app.demo.server import DemoServer

            demo = DemoServer()
            await demo.start()
            provider = provider.with_base_url(demo.base_url)
        key = resolve_key(provider)
        model = args.model or provider.default_model
        if not model:
            model = await _first_model(client, provider, key)
        settings = m.ChatSettings(
            model=model,
            effort=args.effort,
            system=args.system,
            temperature=args.temperature,
            max_tokens=args.max_tokens,
        )
        built = build_request(provider.dialect, settings, [m.Message("user", prompt)])
        for param, why in built.dropped:
            print(f"ponder: note: {param} not sent: {why}", file=sys.stderr)
        stream = client.stream(provider, key, built.body, think_tags=args.think_tags)
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
        result = stream.result()
        for tc in result.tool_calls:
            pr.note(f"→ tool call {tc.name}({tc.arguments})  [{tc.id}]")
        if tty and not args.json:
            pr.note(_footer(result, stream.timing()))
        pr.end()
        if args.json:
            _print_json(result.to_json(), stream)
        if failed is not None:
            return _fail(failed.message)
        return 0
    except asyncio.CancelledError:
        # Ctrl+C: the connection is already closed; keep and show what arrived.
        pr.end()
        print("ponder: stopped", file=sys.stderr)
        if args.json and stream is not None:
            _print_json(stream.result().to_json(), stream)
        raise
    except PonderError as e:
        pr.end()
        if args.json and stream is not None:
            r = stream.result()
            r.error = r.error or {"code": getattr(e, "code", None), "message": str(e)}
            r.retry_after_s = getattr(e, "retry_after", None)
            _print_json(r.to_json(), stream)
        return _fail(str(e))
    finally:
        await client.aclose()
        if demo is not None:
            await demo.stop()


def _print_json(end: dict[str, Any], stream: Any) -> None:
    t = stream.timing()
    end["timing"] = {"ttft_ms": t["ttft_ms"], "total_ms": t["total_ms"]}
    json.dump(end, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()


async def _first_model(client: Any, provider: Any, key: str | None) -> str:
    from app.core.errors import ConfigError

    if not provider.local:
        raise ConfigError(f"Choose a model for {provider.name} with --model")
    models = await client.list_models(provider, key)
    if not models:
        raise ConfigError(f"{provider.name} has no model loaded: load one, or pass --model")
    return str(models[0].get("id"))


def _footer(result: Any, timing: dict[str, float | None]) -> str:
    bits = [result.model or ""]
    if timing.get("ttft_ms") is not None:
        bits.append(f"first token {timing['ttft_ms'] / 1000:.2f} s")
    u = result.usage or {}
    comp = u.get("completion_tokens")
    if comp and timing.get("total_ms") and timing.get("ttft_ms") is not None:
        gen_s = (timing["total_ms"] - timing["ttft_ms"]) / 1000
        if gen_s > 0:
            bits.append(f"{comp / gen_s:.0f} tokens/s")
    if u:
        r = (u.get("completion_tokens_details") or {}).get("reasoning_tokens")
        tok = f"{u.get('prompt_tokens', '?')} in / {comp if comp is not None else '?'} out"
        bits.append(tok + (f" ({r} reasoning)" if r else ""))
    if isinstance(u.get("cost"), (int, float)):
        bits.append(f"${u['cost']:.6f}")
    bits.append(result.finish_reason or "unfinished")
    return " · ".join(b for b in bits if b)
