"""``ponder parse-stream FILE``: the end state of a recorded stream or HTTP response."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ponder.commands.common import EXIT_USAGE, fail, read_limited, warn
from ponder.core.safety.terminal import dump_json


CAPTURE_LIMIT = 256 * 1024 * 1024  # a 100,000-chunk capture is about 20 MB


def run(args: argparse.Namespace) -> int:
    from ponder.core.wire.capture import parse_capture

    try:
        data = read_limited(args.file, CAPTURE_LIMIT)
    except OSError as e:
        return fail(f"cannot read {args.file}: {e.strerror or e}", EXIT_USAGE)
    except ValueError as e:
        return fail(f"{args.file}: {e}", EXIT_USAGE)
    try:
        result, state = parse_capture(data, args.think_tags)
    except ValueError as e:
        return fail(f"{args.file}: {e}", EXIT_USAGE)
    if state is not None and state.malformed:
        warn(f"skipped {len(state.malformed)} payload(s) that were not JSON, e.g. {state.malformed[0][:80]!r}")
    end = result.to_json()
    if args.json:
        dump_json(end, sys.stdout)
    else:
        summary(end, sys.stdout)
    return 0


def summary(end: dict[str, Any], out: TextIO) -> None:
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
