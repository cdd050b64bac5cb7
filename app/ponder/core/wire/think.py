"""``<think>...</think>`` inside content, split incrementally into reasoning and answer.

Servers without a reasoning parser (llama.cpp ``--reasoning-format none``, vLLM without
``--reasoning-parser``, LM Studio with the setting off, many proxies) leave the model's thoughts in
``content``. Tags can be cut anywhere by the stream (``"<thi"`` + ``"nk>"``), so any suffix that
could be the start of a tag is held back until the next piece decides it.

Rules (shared/streams/README.md): the text between the tags is reasoning with surrounding
whitespace trimmed; the answer is what follows ``</think>`` with leading whitespace trimmed. An
opening tag counts only at the very start of the content. A lone ``</think>`` (the chat template
pre-filled ``<think>``, as R1-distill models do) turns the answer so far into reasoning: ``MOVE``.
"""

from __future__ import annotations

from typing import Literal

CONTENT, REASONING, MOVE = 0, 1, 2
OPEN, CLOSE = "<think>", "</think>"

_START, _THINK, _AFTER, _ANSWER, _PLAIN = range(5)

ThinkMode = Literal["auto", "off", "prefilled"]


def _partial_tag_len(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    tail = text[-(len(tag) - 1):]
    i = tail.find("<")
    while i != -1:
        if tag.startswith(tail[i:]):
            return len(tail) - i
        i = tail.find("<", i + 1)
    return 0


class ThinkSplitter:
    """Feed content pieces; get ``(kind, text)`` pieces, where kind is CONTENT, REASONING or MOVE.

    ``MOVE`` carries the text just before a lone ``</think>``: it and all content emitted so far
    were reasoning. Modes: ``auto`` (tags recognised as described), ``off`` (content is content),
    ``prefilled`` (reasoning from the first byte until ``</think>``).
    """

    __slots__ = ("_state", "_hold", "_r_started", "allow_lone_close")

    def __init__(self, mode: ThinkMode = "auto") -> None:
        self._state = {"off": _PLAIN, "prefilled": _THINK}.get(mode, _START)
        self._hold = ""
        self._r_started = False
        # Cleared by the accumulator once the server sends reasoning in a field of its own: then a
        # stray "</think>" in the answer is just text.
        self.allow_lone_close = True

    @property
    def in_reasoning(self) -> bool:
        return self._state == _THINK

    def feed(self, text: str) -> list[tuple[int, str]]:
        if self._state == _PLAIN:
            return [(CONTENT, text)]
        buf = self._hold + text if self._hold else text
        self._hold = ""
        out: list[tuple[int, str]] = []
        while True:
            st = self._state
            if st == _START:
                s = buf.lstrip()
                if not s:
                    self._hold = buf
                    return out
                if s.startswith(OPEN):
                    buf = s[len(OPEN):]
                    self._state = _THINK
                elif OPEN.startswith(s):
                    self._hold = buf
                    return out
                else:
                    self._state = _ANSWER
            elif st == _THINK:
                i = buf.find(CLOSE)
                if i >= 0:
                    r = buf[:i].rstrip()
                    if not self._r_started:
                        r = r.lstrip()
                    if r:
                        out.append((REASONING, r))
                    self._r_started = True
                    buf = buf[i + len(CLOSE):]
                    self._state = _AFTER
                    continue
                cut = len(buf) - _partial_tag_len(buf, CLOSE)
                body = buf[:cut]
                r = body.rstrip()
                # Trailing whitespace waits too: it is trimmed if </think> comes next.
                self._hold = body[len(r):] + buf[cut:]
                if not self._r_started:
                    r = r.lstrip()
                if r:
                    out.append((REASONING, r))
                    self._r_started = True
                return out
            elif st == _AFTER:
                s = buf.lstrip()
                if not s:
                    return out
                buf = s
                self._state = _PLAIN
            elif st == _ANSWER:
                if not self.allow_lone_close:
                    self._state = _PLAIN
                    continue
                i = buf.find(CLOSE)
                if i >= 0:
                    out.append((MOVE, buf[:i]))
                    buf = buf[i + len(CLOSE):]
                    self._state = _AFTER
                    continue
                k = _partial_tag_len(buf, CLOSE)
                if k:
                    self._hold = buf[len(buf) - k:]
                    buf = buf[: len(buf) - k]
                if buf:
                    out.append((CONTENT, buf))
                return out
            else:  # _PLAIN
                if buf:
                    out.append((CONTENT, buf))
                return out

    def flush(self) -> list[tuple[int, str]]:
        """End of stream: release what was held back."""
        hold, self._hold = self._hold, ""
        if not hold:
            return []
        if self._state == _THINK:
            r = hold.rstrip() if self._r_started else hold.strip()
            return [(REASONING, r)] if r else []
        if self._state in (_START, _ANSWER, _PLAIN):
            return [(CONTENT, hold)]
        return []
