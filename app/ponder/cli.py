"""The ``ponder`` command line. Terminal commands import no Qt, so they start fast; with no command
it opens the window.

    ponder [--demo] [--prompt TEXT] ...         open the window
    ponder --compare M1,M2[,...] --prompt TEXT  open a comparison of models side by side
    ponder ask [options] PROMPT                 stream one answer; saved to history
    ponder history list|show|search|export|import|rename|delete
    ponder keys set|list|delete PROVIDER        API keys in the OS keyring
    ponder parse-stream FILE [--json]           parse a recorded stream (.sse) or response (.http)
    ponder demo-server [--port N]               run the built-in demo provider
    ponder install-desktop [--uninstall]        add Ponder to the application menu
"""

from __future__ import annotations

import argparse
from pathlib import Path
import os
import sys
from typing import Callable

from ponder import __version__
from ponder.core.errors import PonderError
from ponder.core.wire.protocol import EFFORTS  # one list of effort levels, the core's
from ponder.core.providers.presets import PRESETS


# Each command word and what runs it. The modules are imported by name inside each runner: only
# the command used is loaded (start-up stays fast), and PyInstaller and the linters see every one.
def _ask(args: argparse.Namespace) -> int:
    from ponder.commands import ask

    return ask.run(args)


def _history(args: argparse.Namespace) -> int:
    from ponder.commands import history

    return history.run(args)


def _keys(args: argparse.Namespace) -> int:
    from ponder.commands import keys

    return keys.run(args)


def _models(args: argparse.Namespace) -> int:
    from ponder.commands import models

    return models.run(args)


def _parse(args: argparse.Namespace) -> int:
    from ponder.commands import parse

    return parse.run(args)


def _desktop(args: argparse.Namespace) -> int:
    from ponder.commands import desktop

    return desktop.run(args)


def _mcp(args: argparse.Namespace) -> int:
    from ponder.commands import mcp

    return mcp.run(args)


def _mcp_demo(args: argparse.Namespace) -> int:
    from ponder.demo.mcp_server import main

    return main(["--with-faults"] if args.with_faults else [])


def _demo_server(args: argparse.Namespace) -> int:
    from ponder.demo.server import serve

    serve(args.host, args.port, args.tps, args.tokens, with_parent=args.with_parent)
    return 0


def _math_worker(args: argparse.Namespace) -> int:
    from ponder.core.mathtex import serve

    # The raw streams: answers are JSON lines for the window, not text for a terminal.
    return serve(sys.__stdin__.buffer, sys.__stdout__.buffer)  # type: ignore[union-attr]


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ask": _ask, "history": _history, "keys": _keys, "models": _models, "parse-stream": _parse,
    "install-desktop": _desktop, "demo-server": _demo_server, "mcp": _mcp, "mcp-demo": _mcp_demo,
    "math-worker": _math_worker,
}


def _penalty(text: str) -> float:
    value = _finite(text)
    if not -2 <= value <= 2:
        raise argparse.ArgumentTypeError(f"must be from -2 to 2, not {text}")
    return value


def _top_logprobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= n <= 20:
        raise argparse.ArgumentTypeError("must be from 0 to 20 (the alternatives shown for each token)")
    return n


def _logit_bias(text: str) -> dict[str, float]:
    import json
    import math

    try:
        raw = json.loads(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not JSON: {e}") from None
    if not isinstance(raw, dict):
        raise argparse.ArgumentTypeError('give an object of token id -> bias, e.g. {"50256": -100}')
    out: dict[str, float] = {}
    for k, v in raw.items():
        if not str(k).isdigit():
            raise argparse.ArgumentTypeError(f"{k!r} is not a token id (a whole number)")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not -100 <= v <= 100:
            raise argparse.ArgumentTypeError(f"the bias of {k} must be a number from -100 to 100")
        out[str(k)] = v
    return out


def _finite(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    return value


def _parser(window_only: bool = False) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ponder",
        description="Ponder: chat with language models through OpenAI-compatible gateways and local servers.",
    )
    p.add_argument("--version", action="version", version=f"Ponder {__version__}")
    _window_options(p)
    if window_only:
        p.set_defaults(command=None)
        return p
    _commands(p)
    return p


def _window_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("the window (ponder with no command)")
    g.add_argument("--demo", action="store_true", help="start with the built-in demo provider")
    g.add_argument("--provider", help="the provider new chats start with")
    g.add_argument("--base-url", help="an OpenAI-compatible endpoint (with --provider: that provider at another address)")
    g.add_argument("--model", help="the model new chats start with")
    g.add_argument("--prompt", help="send this prompt at start")
    g.add_argument("--compare", metavar="MODEL,MODEL[,...]",
                   help="open a comparison of 2 to 8 models ([provider:]model[@effort], e.g. "
                        "demo/fast,demo/reasoning@low,openrouter:openai/gpt-5@high); with --prompt, ask them")
    g.add_argument("--sweep", metavar="MODEL", help="open a comparison of MODEL at every reasoning effort it offers")
    g.add_argument("--image", action="append", metavar="FILE", help="attach an image to the prompt (repeatable)")
    g.add_argument("--mcp", action="append", metavar="SERVER[/TOOL]",
                   help="offer new chats a configured MCP server's tools, or one of them (repeatable)")
    g.add_argument("--screenshot", metavar="FILE", help="save a PNG of the window once nothing is streaming")
    g.add_argument("--exit-when-done", action="store_true", help="quit once nothing is streaming (with --prompt)")
    g.add_argument("--theme", choices=("system", "light", "dark"), help="default: as chosen in Settings, else the system's")


def _commands(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("ask", help="stream one answer to the terminal (saved to history)")
    a.add_argument("prompt", nargs="?", help="the prompt; '-' or nothing reads standard input")
    a.add_argument("--provider", help=f"one of: {', '.join(PRESETS)}, or a custom one from settings (default: $PONDER_PROVIDER, the settings' default, else demo)")
    a.add_argument("--base-url", help="an OpenAI-compatible endpoint; with --provider, points it elsewhere")
    a.add_argument("--model", "-m", help="model id (default: the provider's, or a local server's first)")
    a.add_argument("--effort", choices=EFFORTS, help="reasoning effort")
    a.add_argument("--system", help="system prompt")
    a.add_argument("--sweep", action="store_true",
                   help="ask at every reasoning effort the model offers, at once, and print a table of what each cost and bought")
    a.add_argument("--preset", metavar="NAME", help="a named system prompt and parameters (e.g. \"JSON extractor\"); flags given win")
    a.add_argument("--temperature", type=_finite, help="sampling temperature (a number, e.g. 0.7)")
    a.add_argument("--top-p", type=_finite, help="nucleus sampling: the share of probability mass kept (0 to 1)")
    a.add_argument("--max-tokens", type=int)
    a.add_argument("--seed", type=int, help="for answers that repeat (where the model supports it)")
    a.add_argument("--stop", action="append", metavar="TEXT", help="stop the answer at this text (repeatable, up to 4)")
    a.add_argument("--frequency-penalty", type=_penalty, metavar="N", help="-2 to 2: less repetition of frequent tokens")
    a.add_argument("--presence-penalty", type=_penalty, metavar="N", help="-2 to 2: more new topics")
    a.add_argument("--logit-bias", type=_logit_bias, metavar="JSON", help='token id -> bias (-100 to 100), e.g. \'{"50256": -100}\'')
    a.add_argument("--logprobs", type=_top_logprobs, metavar="N",
                   help="log probabilities of each answer token, with its top N alternatives (0 to 20; with --json)")
    a.add_argument("--json-object", action="store_true", help="ask for an answer that is a JSON object (JSON mode)")
    a.add_argument("--json-schema", metavar="FILE", help="ask for JSON that fits this schema; the answer is checked against it")
    a.add_argument("--web-search", action="store_true",
                   help="let the model search the web (OpenRouter's web plugin; web_search_options on OpenAI's search models)")
    a.add_argument("--web-max-results", type=int, metavar="N", help="with --web-search: results to read (OpenRouter)")
    a.add_argument("--search-context", choices=("low", "medium", "high"), help="with --web-search: how much of the pages to read")
    a.add_argument("--provider-order", metavar="A,B", help="OpenRouter: try these providers first, in this order")
    a.add_argument("--no-fallbacks", action="store_true", help="OpenRouter: only the providers named, no others")
    a.add_argument("--sort", choices=("price", "throughput", "latency"), help="OpenRouter: prefer providers by this")
    a.add_argument("--zdr", action="store_true", help="OpenRouter: only providers that keep no data (zero data retention)")
    a.add_argument("--no-data-collection", action="store_true", help="OpenRouter: no provider that may train on prompts")
    a.add_argument("--fallback-model", action="append", metavar="ID", help="OpenRouter: try this model if the first fails (repeatable)")
    a.add_argument("--think-tags", choices=("auto", "off", "prefilled"), default="auto",
                   help="<think> tags in the answer: auto-detect, ignore, or reasoning from the first byte")
    a.add_argument("--json", action="store_true", help="print the end state as JSON, with timing")
    a.add_argument("--no-save", action="store_true", help="do not keep this exchange in history")
    a.add_argument("--conversation", "-c", metavar="ID", help="continue a conversation from history (an id or its prefix)")
    a.add_argument("--image", "-i", action="append", metavar="FILE",
                   help="attach an image (PNG, JPEG, WebP, GIF, BMP; repeat for several), sent downscaled; or a PDF where the provider takes files (OpenRouter, OpenAI)")
    # A flag whose dest is a ChatSettings field reaches the request by that name (commands/ask.py);
    # not given (None), the conversation's own setting applies.
    a.add_argument("--image-size", choices=("balanced", "small", "original"),
                   help="balanced: long side <= 1568 px, short side <= 768 px (default); small: <= 512 px; original")
    a.add_argument("--detail", dest="image_detail", choices=("auto", "low", "high"),
                   help="the image detail asked of the provider (default: auto)")
    a.add_argument("--mcp", action="append", metavar="SERVER[/TOOL]",
                   help="offer a configured MCP server's tools (or one of them; repeatable); each call asks first")
    a.add_argument("--yes", action="store_true", help="approve every MCP tool call without asking")

    h = sub.add_parser("history", help="conversations kept in history")
    hs = h.add_subparsers(dest="history_command", metavar="ACTION", required=True)
    x = hs.add_parser("list", help="newest first")
    x.add_argument("--limit", type=int, default=50, help="how many (0: all of them)")
    x.add_argument("--json", action="store_true", help="as JSON: id, title, dates, messages, cost, provider, model")
    x = hs.add_parser("show", help="print a conversation as Markdown")
    x.add_argument("id")
    x = hs.add_parser("search", help="full-text search over titles, answers and reasoning")
    x.add_argument("text", nargs="+")
    x.add_argument("--limit", type=int, default=30)
    x = hs.add_parser("export", help="write a conversation as Markdown or JSON")
    x.add_argument("id")
    x.add_argument("--format", choices=("md", "json"), default="md")
    x.add_argument("--output", "-o", help="the file (default: standard output)")
    x = hs.add_parser("import", help="import a conversation exported by Ponder, or a whole history from ChatGPT "
                                     "(conversations.json, its folder or the export's .zip), Open WebUI, Chatbox "
                                     "(its exported data .json) or Cherry Studio (its backup .zip)")
    x.add_argument("file")
    x.add_argument("--from", dest="source", choices=("auto", "ponder", "chatgpt", "openwebui", "chatbox", "cherry"),
                   default="auto",
                   help="which app made the file (default: found from the file)")
    x.add_argument("--again", action="store_true", help="import it even if it is in history already (a Ponder export)")
    x.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)  # the window reads progress this way
    x.add_argument("--db", type=Path, help=argparse.SUPPRESS)  # the window's own database
    x = hs.add_parser("rename", help="give a conversation a new title")
    x.add_argument("id")
    x.add_argument("title", nargs="+")
    hs.add_parser("recover", help="copy what can still be read from a damaged history into a new one")
    x = hs.add_parser("delete", help="delete a conversation")
    x.add_argument("id")
    x.add_argument("--yes", "-y", action="store_true", help="do not ask first")

    k = sub.add_parser("keys", help="API keys, kept in the OS keyring")
    ks = k.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    x = ks.add_parser("set", help="store a key (asked for hidden, or read from standard input)")
    x.add_argument("provider")
    ks.add_parser("list", help="each provider, where its key comes from, masked")
    x = ks.add_parser("delete", help="remove a provider's key from the keyring")
    x.add_argument("provider")

    mo = sub.add_parser("models", help="a provider's models: context, prices per million tokens, capabilities")
    mo.add_argument("--provider", help="default: the settings' default provider, else demo")
    mo.add_argument("--base-url", help="the provider at another address")
    mo.add_argument("--search", help="only models whose id, name or capabilities match")
    mo.add_argument("--json", action="store_true")
    mo.add_argument("--refresh", action="store_true", help="fetch the list even if the cached one is fresh")

    ps = sub.add_parser("parse-stream", help="parse a recorded stream (.sse body or raw .http response)")
    ps.add_argument("file", help="the file, or '-' for standard input")
    ps.add_argument("--json", action="store_true", help="print the end state as JSON")
    ps.add_argument("--think-tags", choices=("auto", "off", "prefilled"), default="auto")

    x = sub.add_parser("install-desktop", help="add Ponder to the application menu (a desktop entry and the icon in ~/.local/share)")
    x.add_argument("--uninstall", action="store_true", help="remove them again")

    mc = sub.add_parser("mcp", help="MCP servers whose tools models may call (with your approval)")
    ms = mc.add_subparsers(dest="mcp_command", metavar="ACTION")
    x = ms.add_parser("list", help="each server, whether it starts, and its tools")
    x.add_argument("--json", action="store_true")
    x = ms.add_parser("add", help="a server: NAME -- COMMAND [ARGS...] (stdio) or NAME --url URL (Streamable HTTP)")
    x.add_argument("name")
    x.add_argument("cmd", nargs="?", metavar="-- COMMAND [ARGS]",
                   help="the program that serves over stdio and its arguments, after -- (Ponder's options go before it)")
    x.add_argument("--url", help="a Streamable HTTP server's address")
    x.add_argument("--env", action="append", metavar="NAME=VALUE", help="for the program (a secret-looking name goes to the keyring)")
    x.add_argument("--header", action="append", metavar="NAME=VALUE", help="for every request (Authorization and the like go to the keyring)")
    x.add_argument("--secret", action="append", metavar="NAME",
                   help="an environment variable (or, with --url, header) whose value is asked for hidden and kept in the keyring")
    x.add_argument("--bearer", action="store_true", help="ask for a bearer token (kept in the keyring)")
    x.add_argument("--cwd", help="the folder the program runs in")
    x.add_argument("--timeout", type=_finite, default=60.0, help="seconds a call may take (default: 60)")
    x = ms.add_parser("remove", help="a server, its secrets and its always-allowed tools")
    x.add_argument("name")
    x = ms.add_parser("import", help='servers from the "mcpServers" JSON of Claude Desktop, Cursor and others')
    x.add_argument("file", help="the file ('-': standard input)")
    x = ms.add_parser("tools", help="a server's tools and their parameters (starts it)")
    x.add_argument("name")
    x.add_argument("--json", action="store_true", help="with each tool's full input schema")
    x = sub.add_parser("mcp-demo", help="run Ponder's demo MCP server on stdio (calculator, time zones, word count, ...)")
    x.add_argument("--with-faults", action="store_true", help="add tools that crash, hang, or return megabytes (for tests)")
    x.add_argument("label", nargs="*", help=argparse.SUPPRESS)  # ignored: lets a test find its process

    sub.add_parser("math-worker")  # the window's typesetter (a JSON line each way); no help: not listed

    d = sub.add_parser("demo-server", help="run the built-in demo provider (no key, no network)")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, default=8765)
    d.add_argument("--tps", type=float, help="tokens per second for every model (0: as fast as possible)")
    d.add_argument("--tokens", type=int, help="answer length in tokens for every model")
    d.add_argument("--with-parent", action="store_true", help=argparse.SUPPRESS)  # the window's: end when its stdin closes


def main(argv: list[str] | None = None) -> int:
    from ponder.core.safety.terminal import SafeWriter

    # Whatever a server, a model or a file says reaches the terminal inert (app/ponder/core/safety/terminal.py).
    if not isinstance(sys.stdout, SafeWriter) and sys.stdout is not None:
        sys.stdout = SafeWriter(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, SafeWriter) and sys.stderr is not None:
        sys.stderr = SafeWriter(sys.stderr)  # type: ignore[assignment]
    words = sys.argv[1:] if argv is None else argv
    try:
        return _main([_text(w) for w in words])
    except BrokenPipeError:
        # The reader went away (`ponder ask ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except PonderError as e:
        print(f"ponder: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - a bug ends with one line, the traceback goes to a file
        from ponder.core.safety.crash import report
        from ponder.core.paths import Paths

        path = report(e, Paths.default().logs)
        where = f"; the details are in {path}" if path else ""
        print(f"ponder: something went wrong inside Ponder ({type(e).__name__}){where}. "
              "Please report it: nothing you had was deleted", file=sys.stderr)
        return 70  # EX_SOFTWARE


def _text(word: str) -> str:
    """An argument as valid text: bytes that were not UTF-8 (kept by Python as lone surrogates,
    which nothing can store or print) become U+FFFD."""
    try:
        word.encode("utf-8")
        return word
    except UnicodeEncodeError:
        return word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _main(argv: list[str]) -> int:
    # Opening the window is the common case: parse only its options (the full parser, with every
    # command, costs start-up time for nothing). Help and commands get the full one.
    window_only = not any(w in COMMANDS or w in ("-h", "--help") for w in argv)
    parser = _parser(window_only)
    server_command = None
    if argv[:2] == ["mcp", "add"] and "--" in argv:
        # Everything after "--" is the server's command line, options of its own included;
        # argparse would take them for Ponder's.
        cut = argv.index("--")
        argv, server_command = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    if server_command is not None:
        args.cmd = server_command
    if args.command in COMMANDS:
        return int(COMMANDS[args.command](args))
    from ponder import main as gui

    return gui.run(args)
