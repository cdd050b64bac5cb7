"""Every sample stream parses to its expected end state, however the network cuts it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ponder.core.wire.capture import parse_capture, parse_sse
from tests.conftest import stream_cases

CASES = stream_cases()
SSE_CASES = [c for c in CASES if c[1].suffix == ".sse"]


def expected(path: Path) -> dict:
    exp = json.loads(path.read_text())
    exp.pop("notes", None)
    return exp


def slices(data: bytes, seed: int, lo: int = 1, hi: int = 7) -> list[bytes]:
    rnd = random.Random(seed)
    out, i = [], 0
    while i < len(data):
        n = rnd.randint(lo, hi)
        out.append(data[i : i + n])
        i += n
    return out


def test_there_are_samples() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("name,src,exp", CASES, ids=[c[0] for c in CASES])
def test_whole_file(name: str, src: Path, exp: Path) -> None:
    result, _ = parse_capture(src.read_bytes())
    assert result.to_json() == expected(exp)


@pytest.mark.parametrize("name,src,exp", SSE_CASES, ids=[c[0] for c in SSE_CASES])
def test_one_byte_at_a_time_and_random_slices(name: str, src: Path, exp: Path) -> None:
    data = src.read_bytes()
    want = expected(exp)
    result, _ = parse_sse([data[i : i + 1] for i in range(len(data))])
    assert result.to_json() == want
    for seed in range(25):
        result, _ = parse_sse(slices(data, seed))
        assert result.to_json() == want, f"seed {seed}"


@pytest.mark.parametrize("eol", [b"\r\n", b"\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("name,src,exp", SSE_CASES, ids=[c[0] for c in SSE_CASES])
def test_other_line_endings(name: str, src: Path, exp: Path, eol: bytes) -> None:
    data = src.read_bytes().replace(b"\n", eol)
    want = expected(exp)
    for seed in range(5):
        result, _ = parse_sse(slices(data, seed))
        assert result.to_json() == want
