"""Chunks per second through Ponder's whole streaming path, and the cost per chunk as streams grow.

    demo server (its own process) -> loopback TCP -> httpx -> SSE decoder -> accumulator

Prints, for 1,000 and 100,000 content chunks: wall-clock chunks/s, chunks per second of the client's
own CPU time (the figure for "one core"), and the cost per chunk relative to the 1,000-chunk run.
Then the same streams parsed in memory (decoder + accumulator, no socket), to show what the parser
itself costs. Goals (issue 2): >= 20,000 chunks/s; cost per chunk at 100k <= 1.3x that at 1k.

    python bench/stream.py [--repeat N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))  # the ponder package of this tree

from ponder.core.wire.capture import parse_sse  # noqa: E402
from ponder.core.wire.client import ChatClient  # noqa: E402
from ponder.core.providers.presets import PRESETS  # noqa: E402
from ponder.demo.scripts import Emitter, Plan, split_tokens  # noqa: E402

SIZES = (1_000, 100_000)


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ponder", "demo-server", "--port", "0", "--tps", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, line.split(" on ")[1].split()[0]


async def one_run(client: ChatClient, url: str, n: int, small_writes: bool = False) -> tuple[float, float, int]:
    provider = PRESETS["demo"].with_base_url(url)
    body = {"model": "demo/fast", "stream": True, "messages": [{"role": "user", "content": f"/tokens {n}\nbench"}]}
    if small_writes:
        # The server writes (and the client reads) one frame at a time, as a real provider
        # streaming token by token does: the worst case for the client.
        body["demo_per_frame_writes"] = True
    cpu0, t0 = time.process_time(), time.perf_counter()
    stream = client.stream(provider, None, body)
    async for _ in stream:
        pass
    result = stream.result()  # the snapshot is part of the cost
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    assert result.finish_reason == "stop", result.error
    return wall, cpu, stream.state.chunks


async def network(repeat: int, small_writes: bool) -> dict[int, tuple[float, float, int]]:
    proc, url = start_server()
    best: dict[int, tuple[float, float, int]] = {}
    try:
        async with ChatClient() as client:
            await one_run(client, url, 100)  # warm up: connection, imports, caches
            for n in SIZES:
                runs = [await one_run(client, url, n, small_writes) for _ in range(repeat)]
                best[n] = min(runs, key=lambda r: r[1])
    finally:
        proc.terminate()
        proc.wait(5)
    return best


def memory(n: int, repeat: int) -> tuple[float, int]:
    em = Emitter("demo/fast", "chatcmpl-bench")
    words = split_tokens("The quick brown fox jumps over the lazy dog. ") * (n // 9 + 1)
    body = b"".join(em.frames(Plan([], words[:n], [], 10)))
    reads = [body[i : i + 16384] for i in range(0, len(body), 16384)]
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        result, state = parse_sse(reads)
        times.append(time.process_time() - t0)
    assert len(result.content or "") > n
    return min(times), state.chunks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the best is kept")
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; best of {args.repeat} runs\n")

    summary: dict[str, object] = {}
    for label, small in (("16 KiB server writes", False), ("one frame per write, as token-by-token providers send", True)):
        net = asyncio.run(network(args.repeat, small))
        print(f"Whole path, {label}:\n  (demo server process -> loopback -> httpx -> SSE -> accumulator)")
        print(f"  {'chunks':>8} {'wall s':>8} {'chunks/s':>10} {'client CPU s':>13} {'chunks/CPU-s':>13} {'us/chunk':>9}")
        per_chunk = {}
        for n, (wall, cpu, chunks) in net.items():
            per_chunk[n] = cpu / chunks
            print(f"  {chunks:>8,} {wall:>8.3f} {chunks / wall:>10,.0f} {cpu:>13.3f} {chunks / cpu:>13,.0f} {1e6 * cpu / chunks:>9.2f}")
        ratio = per_chunk[SIZES[1]] / per_chunk[SIZES[0]]
        print(f"  cost per chunk, 100k vs 1k (client CPU): {ratio:.2f}x  (goal <= 1.3x)\n")
        summary["small_writes" if small else "batched_writes"] = {
            "chunks_per_s_wall": {n: round(c / w) for n, (w, _, c) in net.items()},
            "chunks_per_cpu_s": {n: round(c / cpu) for n, (_, cpu, c) in net.items()},
            "cost_ratio_100k_vs_1k": round(ratio, 2),
        }

    print("Parser alone (decoder + accumulator, in memory, 16 KiB reads):")
    mem = {}
    for n in SIZES:
        t, chunks = memory(n, args.repeat)
        mem[n] = t / chunks
        print(f"  {chunks:>8,} chunks {t:>8.3f} s {chunks / t:>12,.0f} chunks/s {1e6 * t / chunks:>7.2f} us/chunk")
    print(f"  cost per chunk, 100k vs 1k: {mem[SIZES[1]] / mem[SIZES[0]]:.2f}x")

    print("\n" + json.dumps(summary))


if __name__ == "__main__":
    main()
