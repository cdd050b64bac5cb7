"""Bringing a ChatGPT history in: a synthetic export in ChatGPT's format (conversations.json, with
branches from regenerated answers and edited questions, reasoning, code), made here, then
`ponder history import` run on it as a user would. Prints the time for the whole import (goal:
1,000,000 messages in < 120 s), for a second run (nothing imported twice), the database's size,
and a search over what came in.

    python bench/import.py [--messages 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RNG = random.Random(7)
SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zo", "ul", "an", "re", "is", "ot", "qu", "ex"]
WORDS = list(dict.fromkeys("".join(RNG.choice(SYLLABLES) for _ in range(RNG.randint(1, 4))) for _ in range(20000)))
PHRASES = [" ".join(RNG.choices(WORDS, [1 / (i + 1) for i in range(len(WORDS))], k=RNG.randint(5, 40))) for _ in range(4000)]


def text(n_phrases: int) -> str:
    return ". ".join(RNG.choices(PHRASES, k=n_phrases))


def node(nid: str, parent: str | None, role: str | None, t: float, content: dict | None = None, model: str | None = None) -> dict:
    msg = None
    if role is not None:
        msg = {"id": nid, "author": {"role": role, "name": None, "metadata": {}}, "create_time": t, "update_time": None,
               "content": content, "status": "finished_successfully", "end_turn": True, "weight": 1.0,
               "metadata": {"model_slug": model} if model else {}, "recipient": "all"}
    return {"id": nid, "message": msg, "parent": parent, "children": []}


def conversation(i: int, n_messages: int, t0: float) -> tuple[dict, int]:
    """One conversation of about ``n_messages`` messages; returns it and how many it holds."""
    mapping: dict[str, dict] = {}

    def add(n: dict) -> str:
        mapping[n["id"]] = n
        if n["parent"]:
            mapping[n["parent"]]["children"].append(n["id"])
        return n["id"]

    k = 0
    root = add(node(f"{i}-r", None, None, t0))
    last = add(node(f"{i}-s", root, "system", t0, {"content_type": "text", "parts": [""]}))
    t = t0
    count = 0
    while count < n_messages:
        k += 1
        t += 30
        u = add(node(f"{i}-u{k}", last, "user", t, {"content_type": "text", "parts": [text(RNG.randint(1, 4))]}))
        count += 1
        parent = u
        if RNG.random() < 0.08:  # a reasoning model: its thoughts come first
            parent = add(node(f"{i}-th{k}", u, "assistant", t + 1, {"content_type": "thoughts", "thoughts": [
                {"summary": "Thinking", "content": text(RNG.randint(2, 8))}]}))
        body = text(RNG.randint(3, 20))
        if RNG.random() < 0.1:
            body += "\n\n```python\nprint('hello')\n```"
        a = add(node(f"{i}-a{k}", parent, "assistant", t + 5, {"content_type": "text", "parts": [body]}, "gpt-4o"))
        count += 1
        if RNG.random() < 0.05:  # regenerated: a second answer beside the first
            a = add(node(f"{i}-a{k}b", parent, "assistant", t + 9, {"content_type": "text", "parts": [text(4)]}, "gpt-4o"))
            count += 1
        last = a
    return {"title": text(1)[:60], "create_time": t0, "update_time": t, "mapping": mapping, "current_node": last,
            "conversation_id": f"conv-{i:08d}", "id": f"conv-{i:08d}", "default_model_slug": "gpt-4o",
            "is_archived": False, "moderation_results": [], "safe_urls": []}, count


def make_export(path: Path, n_messages: int) -> tuple[int, int]:
    t0 = time.time() - 3 * 365 * 86400
    total, i = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("[")
        while total < n_messages:
            c, n = conversation(i, RNG.choice((2, 4, 6, 10, 14, 20, 40)), t0 + i * 600)
            f.write(("," if i else "") + json.dumps(c, ensure_ascii=False))
            total += n
            i += 1
        f.write("]")
    return i, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="keep the export and the database here")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    export = work / "conversations.json"
    t = time.perf_counter()
    convs, msgs = make_export(export, args.messages)
    print(f"Made a ChatGPT export of {convs:,} conversations, {msgs:,} messages "
          f"({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s")
    env = {**os.environ, "PONDER_HOME": str(work / "home")}
    cmd = [sys.executable, "-m", "ponder", "history", "import", "--from", "chatgpt", str(export)]
    for run in ("first", "second"):
        t = time.perf_counter()
        out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        took = time.perf_counter() - t
        print(f"Import, {run} run: {took:.1f} s   ({'goal < 120 s' if run == 'first' else 'nothing twice'}): {out.stdout.strip()}"
              + (f" [exit {out.returncode}: {out.stderr.strip()[-300:]}]" if out.returncode else ""))
    db = work / "home" / "data" / "ponder.db"
    print(f"Database: {sum(p.stat().st_size for p in db.parent.glob('ponder.db*')) / 1e6:.0f} MB")
    word = PHRASES[0].split()[0]
    t = time.perf_counter()
    found = subprocess.run([sys.executable, "-m", "ponder", "history", "search", word, "--limit", "5"], cwd=ROOT, env=env,
                           capture_output=True, text=True).stdout.count("\n")
    print(f"Search for '{word}' after the import: {found} hits shown ({time.perf_counter() - t:.1f} s with start-up)")


if __name__ == "__main__":
    main()
