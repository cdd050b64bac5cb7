"""History figures on a realistic database: 10,000 conversations, 100,000 messages with reasoning.

Prints: full-text search p50/p95 (newest hits first, with snippets), opening a 1,000-message
conversation, and what saving a streaming answer once a second costs, both against a stream at
full speed through the real client and as CPU per second of a paced answer.
Goals (issue 3): search p95 < 30 ms, open < 50 ms, streaming saves < 1% of the stream's CPU.

    python bench/store.py [--conversations N] [--messages N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))  # the ponder package of this tree

from ponder.core.wire.client import ChatClient  # noqa: E402
from ponder.core.models import Message, StreamResult  # noqa: E402
from ponder.core.providers.presets import PRESETS  # noqa: E402
from ponder.core.answers.recorder import AnswerRecorder  # noqa: E402
from ponder.core.history.store import Store  # noqa: E402

RNG = random.Random(42)
SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zo", "ul", "an", "re", "is", "ot", "qu", "ex"]
VOCAB = ["".join(RNG.choice(SYLLABLES) for _ in range(RNG.randint(1, 4))) for _ in range(20000)]
VOCAB = list(dict.fromkeys(VOCAB))
# Zipf-like weights: a few words are everywhere, most are rare, as in real text.
WEIGHTS = [1 / (i + 1) for i in range(len(VOCAB))]


def text(n_chars: int) -> str:
    words = RNG.choices(VOCAB, WEIGHTS, k=max(1, n_chars // 6))
    return " ".join(words)[:n_chars]


def build(path: Path, n_conv: int, n_msg: int) -> tuple[str, float]:
    """Fill a database through the schema Ponder creates; returns the big conversation's id."""
    Store(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    t0 = time.perf_counter()
    db.execute("BEGIN")
    now = time.time() - 86400 * 365
    conv_ids = [uuid.uuid4().hex for _ in range(n_conv)]
    big = conv_ids[0]
    db.executemany(
        "INSERT INTO conversations(id, title, provider, model, settings, created_at, updated_at) VALUES (?, ?, 'openrouter', 'm', '{}', ?, ?)",
        [(cid, text(40), now + i * 3000, now + i * 3000) for i, cid in enumerate(conv_ids)],
    )
    # The big conversation gets 1,000 messages; the rest are spread over the others.
    counts = [1000] + [0] * (n_conv - 1)
    for _ in range(n_msg - 1000):
        counts[RNG.randrange(1, n_conv)] += 1
    rows = []
    for ci, cid in enumerate(conv_ids):
        parent = None
        for s in range(counts[ci]):
            mid = uuid.uuid4().hex
            user = s % 2 == 0
            content = text(RNG.randint(20, 400)) if user else text(RNG.randint(300, 4000))
            reasoning = None if user or RNG.random() < 0.5 else text(RNG.randint(200, 3000))
            t = now + ci * 3000 + s
            rows.append((mid, cid, parent, s + 1, "user" if user else "assistant", content, reasoning, t, t))
            parent = mid
        db.execute("UPDATE conversations SET head_id = ? WHERE id = ?", (parent, cid))
    db.executemany(
        "INSERT INTO messages(id, conversation_id, parent_id, seq, role, content, reasoning, status, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)",
        rows,
    )
    db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild')")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return big, time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_search(store: Store) -> list[float]:
    queries = []
    for i in range(300):
        kind = i % 3
        if kind == 0:
            q = RNG.choice(VOCAB[:50])  # very common
        elif kind == 1:
            q = " ".join(RNG.choices(VOCAB[:2000], k=2))  # two medium words
        else:
            q = RNG.choice(VOCAB[2000:])[:3]  # a rare prefix
        queries.append(q)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        store.search(q, limit=50)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_typing(store: Store) -> list[float]:
    """A common word being typed: each of its 5-7 letter beginnings (longer than the indexed
    prefixes, and the costliest for FTS5 to expand)."""
    times = []
    for w in [w for w in VOCAB[:200] if len(w) >= 7][:40]:
        for n in (5, 6, 7):
            t0 = time.perf_counter()
            store.search(w[:n], limit=50)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_open(store: Store, cid: str) -> list[float]:
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        store.conversation(cid)
        thread = store.thread(cid)
        times.append((time.perf_counter() - t0) * 1000)
    assert len(thread) == 1000
    return times


class TimedStore:
    """Wraps save_answer to count the CPU it takes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.streaming: list[float] = []  # CPU of each save while streaming
        self.final = 0.0  # CPU of the last save (which also indexes the answer for search)

    def save_answer(self, *a, **kw):  # type: ignore[no-untyped-def]
        t0 = time.process_time()
        try:
            return self.store.save_answer(*a, **kw)
        finally:
            took = time.process_time() - t0
            if kw.get("status") == "streaming":
                self.streaming.append(took)
            else:
                self.final = took


async def full_speed(store: Store, tokens: int) -> tuple[float, TimedStore]:
    """A fast stream through the real client, saved every second into the big database."""
    proc = subprocess.Popen([sys.executable, "-m", "ponder", "demo-server", "--port", "0", "--tps", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    url = proc.stdout.readline().split(" on ")[1].split()[0]
    try:
        c = store.create_conversation("bench")
        mid = store.add_message(c.id, Message("assistant"), status="streaming")
        timed = TimedStore(store)
        async with ChatClient() as client:
            body = {"model": "demo/fast", "stream": True, "messages": [{"role": "user", "content": f"/tokens {tokens}\nbench"}]}
            stream = client.stream(PRESETS["demo"].with_base_url(url), None, body)
            rec = AnswerRecorder(timed, mid, stream)  # type: ignore[arg-type]
            cpu0 = time.process_time()
            async for _ in stream:
                rec.tick()
            rec.finish("done")
            total = time.process_time() - cpu0
        return total, timed
    finally:
        proc.terminate()
        proc.wait(5)


def paced(store: Store, seconds: int, tps: int) -> list[float]:
    """A paced answer (tps tokens a second for `seconds`): CPU of each once-a-second save."""
    c = store.create_conversation("paced")
    mid = store.add_message(c.id, Message("assistant"), status="streaming")
    parts: list[str] = []
    costs = []
    for s in range(seconds):
        parts.extend(text(6 * tps).split(" "))
        r = StreamResult(content=" ".join(parts), reasoning=None)
        t0 = time.process_time()
        store.save_answer(mid, r, status="streaming" if s < seconds - 1 else "done")
        costs.append((time.process_time() - t0) * 1e6)
    return costs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=10_000)
    ap.add_argument("--messages", type=int, default=100_000, help="e.g. 1000000 (a 4 GB database: minutes to build)")
    ap.add_argument("--db", type=Path, help="build the database here, or use the one there (search and open only)")
    args = ap.parse_args()
    if args.db is not None and args.db.exists():
        store = Store(args.db)
        big = store._q("SELECT conversation_id FROM messages GROUP BY conversation_id ORDER BY count(*) DESC LIMIT 1")[0][0]
        n = store._q("SELECT count(*) FROM messages")[0][0]
        s = bench_search(store)
        print(f"Search, {n:,} messages (300 queries: common words, word pairs, rare prefixes; 50 hits with snippets)")
        print(f"  p50 {pct(s, 50):.1f} ms   p95 {pct(s, 95):.1f} ms   max {max(s):.1f} ms   (goal p95 < 30 ms, max < 60 ms)")
        ty = bench_typing(store)
        print(f"Typing a common word (its first 5, 6, 7 letters; {len(ty)} searches): p50 {pct(ty, 50):.1f} ms   "
              f"p95 {pct(ty, 95):.1f} ms   max {max(ty):.1f} ms")
        o = bench_open(store, big)
        print(f"Open a 1,000-message conversation: p50 {pct(o, 50):.1f} ms   p95 {pct(o, 95):.1f} ms   (goal < 50 ms)")
        store.close()
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "ponder.db"
        big, took = build(path, args.conversations, args.messages)
        size = sum(f.stat().st_size for f in path.parent.iterdir() if f.name.startswith(path.name)) / 1e6
        print(f"Built {args.conversations:,} conversations, {args.messages:,} messages in {took:.1f} s ({size:.0f} MB)\n")
        store = Store(path)
        s = bench_search(store)
        print("Search (300 queries: common words, word pairs, rare prefixes; 50 hits with snippets)")
        print(f"  p50 {pct(s, 50):.1f} ms   p95 {pct(s, 95):.1f} ms   max {max(s):.1f} ms   (goal p95 < 30 ms, max < 60 ms)")
        o = bench_open(store, big)
        print("Open a 1,000-message conversation (conversation + thread)")
        print(f"  p50 {pct(o, 50):.1f} ms   p95 {pct(o, 95):.1f} ms   (goal < 50 ms)")

        shares = {}
        for tokens in (20_000, 200_000):
            total, timed = asyncio.run(full_speed(store, tokens))
            streaming = sum(timed.streaming)
            shares[tokens] = 100 * streaming / total
            print(f"Streaming saves, full speed ({tokens:,} tokens through the real client, saved every second)")
            print(f"  stream CPU {total:.2f} s; {len(timed.streaming)} saves while streaming took {streaming * 1000:.1f} ms = "
                  f"{shares[tokens]:.2f}% of it (goal < 1%); the final save, which indexes the answer for search, "
                  f"{timed.final * 1000:.1f} ms ({100 * timed.final / total:.1f}%)")
        costs = paced(store, 60, 50)
        print("Streaming saves, paced (a 60 s answer at 50 tokens/s, one save a second)")
        print(f"  per save: p50 {statistics.median(costs):.0f} us, last (whole answer) {costs[-1]:.0f} us; "
              f"{sum(costs) / 1e4 / 60:.3f}% of one core over the answer")
        store.close()
        print("\n" + json.dumps({
            "search_p50_ms": round(pct(s, 50), 2), "search_p95_ms": round(pct(s, 95), 2),
            "open_1000_p50_ms": round(pct(o, 50), 2), "streaming_save_share_pct": {k: round(v, 3) for k, v in shares.items()},
            "paced_save_p50_us": round(statistics.median(costs)),
        }))


if __name__ == "__main__":
    main()
