"""``ponder history list|show|search|export|import|rename|delete``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ponder.core.answers.figures import usd
from ponder.commands.common import EXIT_USAGE, Context, fail, read_limited
from ponder.core.safety.terminal import dump_json, style

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def run(args: argparse.Namespace) -> int:
    from ponder.core.history.export import ImportError_
    from ponder.core.history.store import StoreError

    ctx = Context()
    if args.history_command == "recover":
        return _recover(ctx)
    try:
        db = getattr(args, "db", None)
        if db is not None:
            from ponder.core.history.store import Store

            store = Store(db)  # the window's database, for an import it runs
        else:
            store = ctx.store
        cmd = args.history_command
        if cmd == "list":
            return _list(store, args.limit, getattr(args, "json", False))
        if cmd == "search":
            return _search(store, " ".join(args.text), args.limit)
        if cmd == "import":
            kind = getattr(args, "source", "auto")
            if kind != "ponder" and (kind != "auto" or _is_bulk(Path(args.file))):
                return _import_history(store, Path(args.file), kind, getattr(args, "progress_json", False))
            return _import(store, args.file, args.again)
        cid = store.resolve_id(args.id)
        if cmd == "show":
            from ponder.core.history.export import to_markdown

            sys.stdout.write(to_markdown(store, cid))
        elif cmd == "export":
            return _export(store, cid, args.format, args.output)
        elif cmd == "rename":
            store.update_conversation(cid, title=" ".join(args.title))
        elif cmd == "delete":
            c = store.conversation(cid)
            if not args.yes:
                if not sys.stdin or not sys.stdin.isatty():
                    return fail("deleting needs --yes when not asked on a terminal", EXIT_USAGE)
                if input(f"Delete “{c.title}” ({c.message_count} messages)? [y/N] ").strip().lower() not in ("y", "yes"):
                    print("Kept.")
                    return 0
            store.delete_conversation(cid)
            print(f"Deleted “{c.title}”")
        return 0
    except (StoreError, ImportError_) as e:
        return fail(str(e))


def _ago(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def _list(store, limit: int, as_json: bool = False) -> int:  # type: ignore[no-untyped-def]
    if limit < 0:
        return fail("--limit must be 0 (all) or more", EXIT_USAGE)
    convs = store.conversations(limit=limit or -1)  # SQLite: LIMIT -1 is no limit
    if as_json:
        iso = lambda ts: time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(ts))  # noqa: E731
        dump_json([{"id": c.id, "title": c.title, "kind": c.kind, "created_at": iso(c.created_at),
                    "updated_at": iso(c.updated_at), "messages": c.message_count, "cost_usd": c.cost,
                    "provider": c.provider, "model": c.model, "answered": not c.never_answered} for c in convs], sys.stdout)
        return 0
    if not convs:
        print("No conversations yet. Start one with: ponder ask \"...\"")
        return 0
    for c in convs:
        cost = usd(c.cost) if c.cost is not None else "-"
        mark = "  (not answered: the request failed)" if c.never_answered else ""
        print(f"{c.id[:8]}  {_ago(c.updated_at)}  {c.message_count:>4} msgs  {cost:>9}  {c.title}{mark}")
    return 0


def _search(store, text: str, limit: int) -> int:  # type: ignore[no-untyped-def]
    from ponder.core.history.records import MARK_CLOSE, MARK_OPEN

    hits = store.search(text, limit=limit)
    if not hits:
        print(f"Nothing found for “{text}”")
        return 0
    out = sys.stdout
    tty = out.isatty()
    for h in hits:
        where = {"title": "title", "content": h.role or "message", "reasoning": "thinking"}[h.field]
        out.write(f"{h.conversation_id[:8]}  {h.title[:40]:<40}  [{where}] ")
        # The marks around hits are Ponder's own bold on a terminal; the text between is the store's.
        for i, part in enumerate(" ".join(h.snippet.split()).replace(MARK_CLOSE, MARK_OPEN).split(MARK_OPEN)):
            if i and tty:
                style(out, BOLD if i % 2 else RESET)
            elif i:
                out.write("«" if i % 2 else "»")
            out.write(part)
        out.write("\n")
    return 0


def _export(store, cid: str, fmt: str, output: str | None) -> int:  # type: ignore[no-untyped-def]
    from ponder.core.history.export import to_json, to_markdown, write

    if output in (None, "-"):
        if fmt == "md":
            sys.stdout.write(to_markdown(store, cid))
        else:
            dump_json(to_json(store, cid), sys.stdout)
        return 0
    try:
        write(store, cid, Path(output), fmt)
    except OSError as e:
        return fail(f"cannot write {output}: {e.strerror or e}")
    print(f"Exported to {output}", file=sys.stderr)
    return 0


def _recover(ctx: Context) -> int:
    from ponder.core.history.salvage import salvage
    from ponder.core.history.store import StoreError

    path = ctx.paths.database
    if not path.exists():
        return fail(f"there is no history at {path}")
    try:
        r = salvage(path)
    except StoreError as e:
        return fail(str(e))
    lost = sum(r.lost.values())
    print(f"Recovered {r.saved.get('conversations', 0)} conversations and {r.saved.get('messages', 0)} messages into {path}"
          + (f"; {lost} damaged rows could not be read" if lost else "") + f". The damaged file is kept as {r.damaged}")
    return 0


_BULK_KEYS = (b'"session:', b'"chat-sessions', b'"__exported_items"', b'"indexedDB"', b'"localStorage"')


def _is_bulk(path: Path) -> bool:
    """A whole history (a folder, a .zip, a JSON array, a Chatbox or Cherry Studio object)
    rather than one Ponder conversation."""
    import zipfile

    try:
        if path.is_dir():
            return True
        if not path.is_file():
            return False  # a FIFO, /dev/zero: the import that follows refuses it (never read without end)
        if zipfile.is_zipfile(path):
            return True
        with open(path, "rb") as f:
            head = f.read(1 << 16).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"{") and b'"ponder.conversation"' not in head:
            return any(k in head for k in _BULK_KEYS)
        return head.startswith(b"[")
    except OSError:
        return False  # said by the import that follows


def _import_history(store, path: Path, kind: str, as_json: bool) -> int:  # type: ignore[no-untyped-def]
    """Another app's history, with progress: a line that updates itself on a terminal, JSON lines
    for the window (--progress-json)."""
    import json

    from ponder.core.history.bulk import Progress, import_history

    tty = sys.stderr.isatty()
    started = time.monotonic()
    if as_json:
        _speak_the_windows_language()

    def progress(p: Progress) -> None:
        if as_json:
            print(json.dumps({"done": p.done, "total": p.total, "conversations": p.conversations,
                              "messages": p.messages, "skipped": p.skipped}), flush=True)
        elif tty:
            share = p.done / p.total if p.total else 0
            sys.stderr.write(f"\rImporting… {share:.0%}  {p.conversations:,} conversations, {p.messages:,} messages")
            sys.stderr.flush()

    try:
        p = import_history(store, path, kind, progress=progress, threaded=True)  # no Qt here: a writer thread is safe
    except KeyboardInterrupt:
        if tty:
            sys.stderr.write("\n")
        return fail("stopped: what was imported so far is kept; run the same command again to go on", 130)
    if tty and not as_json:
        sys.stderr.write("\n")
    took = time.monotonic() - started
    if as_json:  # the window says it in its own words
        print(json.dumps({"imported": {"conversations": p.conversations, "messages": p.messages, "images": p.images,
                                       "skipped": p.skipped, "seconds": round(took)}}), flush=True)
        return 0
    there = f"; {p.skipped:,} were there already or held nothing to import" if p.skipped else ""
    pics = f", {_count(p.images, 'image')}" if p.images else ""
    print(f"Imported {_count(p.conversations, 'conversation')} ({_count(p.messages, 'message')}{pics}) in {took:.0f} s{there}")
    return 0


def _speak_the_windows_language() -> None:
    """The window starts this import with its language in PONDER_LANGUAGE: what goes wrong is said in it."""
    import os

    from ponder.core import words
    from ponder.resources import resources_dir

    lang, folder = os.environ.get("PONDER_LANGUAGE", ""), resources_dir()
    if lang.replace("_", "").isalnum() and lang != "en" and folder is not None:
        ts = folder / "i18n" / f"ponder_{lang}.ts"
        if ts.is_file():
            words.use(words.catalogue(ts), lang)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _import(store, file: str, again: bool = False) -> int:  # type: ignore[no-untyped-def]
    from ponder.core.history.export import IMPORT_LIMIT, AlreadyImported, ImportError_, import_json, loads

    try:
        raw = read_limited(file, IMPORT_LIMIT)
    except OSError as e:
        return fail(f"cannot read {file}: {e.strerror or e}", EXIT_USAGE)
    except ValueError as e:
        return fail(f"{file}: {e}", EXIT_USAGE)
    try:
        data = loads(raw)
    except ImportError_ as e:
        raise ImportError_(f"{file}: {e}") from None
    try:
        cid = import_json(store, data, again=again)
    except AlreadyImported as e:
        return fail(f"{file}: {e}; nothing imported (--again imports a second copy)")
    print(f"Imported as {cid[:8]}: {store.conversation(cid).title}")
    return 0
