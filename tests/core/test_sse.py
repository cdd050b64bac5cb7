"""SSE framing per the WHATWG rules, from raw bytes cut anywhere."""

from __future__ import annotations

import random

import pytest

from ponder.core.wire.sse import SSEDecoder


def decode(pieces: list[bytes]) -> list[tuple[str, str, str, int | None]]:
    d = SSEDecoder()
    evs = [e for p in pieces for e in d.feed(p)] + d.close()
    return [(e.event, e.data, e.id, e.retry) for e in evs]


def all_cuts(data: bytes) -> list[list[bytes]]:
    """Whole, byte by byte, every single cut point, and random slices."""
    out = [[data], [data[i : i + 1] for i in range(len(data))]]
    out += [[data[:i], data[i:]] for i in range(1, len(data))]
    rnd = random.Random(7)
    for _ in range(20):
        pieces, i = [], 0
        while i < len(data):
            n = rnd.randint(1, 7)
            pieces.append(data[i : i + n])
            i += n
        out.append(pieces)
    return out


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_endings_and_cuts_give_the_same_events(eol: bytes) -> None:
    body = eol.join(
        [b": keep-alive", b"", b"data: one", b"", b"data:two", b"data:  three", b"", b"data: [DONE]", b"", b""]
    )
    want = [("message", "one", "", None), ("message", "two\n three", "", None), ("message", "[DONE]", "", None)]
    for pieces in all_cuts(body):
        assert decode(pieces) == want


def test_crlf_split_across_reads_is_one_line_end() -> None:
    # "\r" ends one read and "\n" starts the next: that is ONE line end, not a blank line.
    assert decode([b"data: a\r", b"\ndata: b\r\n\r\n"]) == [("message", "a\nb", "", None)]


def test_comments_are_ignored_and_empty_data_is_not_dispatched() -> None:
    body = b": OPENROUTER PROCESSING\n\nid: 7\n\nretry: 3000\n\nevent: ping\n\ndata\n\n"
    # `data` with no colon is a data line with an empty value: dispatched as "" per the spec.
    assert decode([body]) == [("message", "", "7", None)]


def test_event_id_and_retry_fields() -> None:
    body = b"event: error\nid: 42\nretry: 1500\ndata: {\"x\":1}\n\n"
    assert decode([body]) == [("error", '{"x":1}', "42", 1500)]


def test_multibyte_utf8_cut_by_reads_survives() -> None:
    body = 'data: {"t":"17 × 23 = 391 — ok ✓ 你好"}\n\n'.encode()
    for pieces in all_cuts(body):
        assert decode(pieces)[0][1] == '{"t":"17 × 23 = 391 — ok ✓ 你好"}'


def test_invalid_utf8_becomes_replacement_not_a_crash() -> None:
    assert decode([b"data: a\xffb\n\n"]) == [("message", "a\ufffdb", "", None)]


def test_leading_bom_is_stripped() -> None:
    assert decode([b"\xef\xbb", b"\xbfdata: x\n\n"]) == [("message", "x", "", None)]


def test_pending_event_at_eof_is_kept() -> None:
    # The server hung up without the final blank line: its last words still count.
    assert decode([b"data: {\"error\":1}"]) == [("message", '{"error":1}', "", None)]
    assert decode([b"data: a\n"]) == [("message", "a", "", None)]


def test_long_line_in_tiny_pieces_is_linear() -> None:
    # 200 KB in 1-byte reads: the pending line is kept in pieces, not re-joined every read.
    line = b"data: " + b"x" * 200_000 + b"\n\n"
    d = SSEDecoder()
    evs = []
    for i in range(len(line)):
        evs += d.feed(line[i : i + 1])
    assert len(evs) == 1 and len(evs[0].data) == 200_000
