"""The answer pipeline, one for every caller: the window, a comparison's columns and `ponder ask`
each drive an answer through here, so the same conversation and settings give the same bytes on
the wire (tests/ui/test_pipeline.py compares them) and the same record in history.

    history = resend(store.thread(cid), settings.image_detail)   # what is sent again
    req = prepare(provider.dialect, settings, history + [question], info)
    answer = Answer.create(store, cid, settings, parent_id=...)  # the row that fills as it streams
    answer.send(client, provider, key, req, info)
    async for ev in answer.events():     # typed deltas (ContentDelta, ReasoningDelta, ...)
        ...                              # or answer.frame(): the snapshot, ~30 times a second
    answer.end("done")                   # priced, saved; False if the save failed (kept in memory)

A caller adapts it: the terminal prints each delta; the window's service draws frames.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Iterable, Mapping

from ponder.core.providers.catalog import ModelInfo, cost_of, fit
from ponder.core.errors import PonderError
from ponder.core.models import (Adjustment, ChatSettings, ContentWasReasoning, Frame, Message, ReasoningDelta, StreamEvent,
                                StreamFailed, StreamResult)
from ponder.core.wire.protocol import build_request
from ponder.core.answers.recorder import AnswerRecorder
from ponder.core.answers.steps import StepClock
from ponder.core.history.records import StoredMessage
from ponder.core.safety.redact import scrub
from ponder.core.wire.think import ThinkMode
from ponder.core.words import say

if TYPE_CHECKING:
    from ponder.core.wire.client import ChatClient, ChatStream  # httpx loads at the first send
    from ponder.core.providers.presets import Provider
    from ponder.core.history.store import Store, StoreError

log = logging.getLogger(__name__)


def resend(thread: Iterable[StoredMessage], detail: str | None = None,
           in_memory: Mapping[str, bytes] | None = None) -> list[Message]:
    """The thread as it is sent again: an answer that failed with nothing in it has nothing to
    re-send; images go with the detail asked of the provider ("low" or "high"; else its default),
    those just attached from ``in_memory`` (by SHA-256)."""
    return [sm.to_message(detail, in_memory) for sm in thread
            if not (sm.role == "assistant" and not (sm.content or sm.tool_calls or sm.refusal))]


@dataclass
class Request:
    body: dict[str, Any]
    settings: ChatSettings  # as sent: what the model would refuse is left out
    notes: list[str] = field(default_factory=list)  # each parameter left out or changed, and why (models.Adjustment)


def prepare(dialect: str, settings: ChatSettings, messages: list[Message], info: ModelInfo | None) -> Request:
    """Fit the settings to the model, then write the body in the provider's dialect. Everything
    left out on the way (the model refuses it, the dialect cannot say it) becomes a note."""
    if not settings.tools and (settings.tool_choice is not None or settings.parallel_tool_calls is not None):
        # The conversation remembers how its tools are called while none is switched on: nothing to say.
        settings = dataclasses.replace(settings, tool_choice=None, parallel_tool_calls=None)
    changed: list[Adjustment] = []
    forced = settings.tool_choice not in (None, "auto", "none")
    if settings.tools and forced and messages and messages[-1].role == "tool":
        # "required" (or one named tool) again with the results would make the model call again,
        # and again: with the results it may answer.
        changed.append(Adjustment("tool_choice", "the tool results go back to the model", "auto"))
        settings = dataclasses.replace(settings, tool_choice="auto")
    fitted, fitted_changes = fit(settings, info)
    built = build_request(dialect, fitted, messages)
    return Request(built.body, fitted, [str(a) for a in [*changed, *fitted_changes, *built.dropped]])




class Answer:
    """One answer from request to record: streams, saves at least once a second, prices, and
    ends in one of done, stopped or error, with what arrived kept."""

    def __init__(self, store: "Store | None" = None, message_id: str | None = None, *, interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.message_id = store, message_id
        self.stream: ChatStream | None = None
        self.info: ModelInfo | None = None
        self.notes: list[str] = []  # what was left out for this model, and why
        self.failed: StreamFailed | None = None  # the server's in-band error, if one came
        self.error: dict[str, Any] | None = None  # why it ended early, when not in the stream
        self.cost: float | None = None
        self.status = "streaming"
        self._reset = False
        self._steps = StepClock()
        self._it: AsyncIterator[StreamEvent] | None = None
        self._recorder = AnswerRecorder(store, message_id, self, interval=interval, clock=clock) \
            if store is not None and message_id is not None else None

    @classmethod
    def create(cls, store: "Store", cid: str, settings: ChatSettings, *, parent_id: str | None | object = ...,
               variant: str | None = None, make_head: bool = True) -> "Answer":
        """The answer's row in history (under ``parent_id``; by default the conversation's head),
        "streaming" from now on (a kill leaves it to be marked cut off at the next start), with
        the settings it was asked with."""
        mid = store.add_message(cid, Message("assistant"), parent_id=parent_id, status="streaming",
                                model=settings.model, provider=settings.provider,
                                settings={**settings.to_dict(), "model": settings.model},
                                variant=variant, make_head=make_head)
        return cls(store, mid)

    @property
    def save_error(self) -> "StoreError | None":
        """The first save that failed (a full disk, a locked file), if any."""
        return self._recorder.error if self._recorder is not None else None

    def send(self, client: "ChatClient", provider: "Provider", key: str | None, request: Request,
             info: ModelInfo | None, think_tags: ThinkMode = "auto") -> None:
        self.stream = client.stream(provider, key, request.body, think_tags=think_tags)
        self.notes, self.info = list(request.notes), info

    def events(self) -> "Answer":
        """The stream's typed events (each a delta), saving as they come. The answer is its own
        iterator, not an async generator: one abandoned half-way (Stop, a closed window) leaves
        nothing for the event loop to finalize."""
        if self.stream is None:
            raise RuntimeError("send() first")
        self._it = self.stream.__aiter__()
        return self

    def __aiter__(self) -> "Answer":
        return self

    async def __anext__(self) -> StreamEvent:
        if self._it is None:
            raise RuntimeError("events() first")
        ev = await self._it.__anext__()
        if isinstance(ev, StreamFailed):
            self.failed = ev
        elif type(ev) is ReasoningDelta:
            self._step(ev.text)
        elif type(ev) is ContentWasReasoning:
            self._reset = True
            self._step(ev.text)
        if self._recorder is not None:
            self._recorder.tick()
        return ev

    def _step(self, text: str) -> None:
        """The reasoning grew (by what the accumulator added): note any step title, and when."""
        since = self.stream.first_reasoning_at if self.stream is not None else None
        self._steps.feed(text, (time.perf_counter() - since) * 1000 if since is not None else 0.0)

    def frame(self) -> Frame:
        """The snapshot and whether the model is still thinking; ``reset`` once per lone </think>."""
        s = self.stream
        if s is None:
            return Frame("", "", False, False, None, None, [])
        snap = s.state.snapshot()
        reset, self._reset = self._reset, False
        thinking = not snap.content and not snap.tool_calls and (bool(snap.reasoning) or s.state.in_reasoning)
        return Frame(snap.content or "", snap.reasoning or "", reset, thinking, s.first_reasoning_at,
                     s.timing()["thinking_ms"], snap.tool_calls, self._steps.marks)

    def result(self) -> StreamResult:
        """What arrived, the key masked, with the reason it ended early if it did."""
        r = self.stream.result() if self.stream is not None else StreamResult()
        if self.error is not None and r.error is None:
            r.error = self.error
        if self._steps.marks:
            r.reasoning_steps = [list(m) for m in self._steps.marks]
        return r

    @property
    def usage(self) -> dict[str, Any] | None:
        """The token counts so far (no snapshot built)."""
        return self.stream.state.usage if self.stream is not None else None

    def timing(self) -> dict[str, float | None] | None:
        return self.stream.timing() if self.stream is not None else None

    def end(self, status: str, error: dict[str, Any] | None = None) -> bool:
        """The final save: ``status`` done, stopped or error (``error`` when it ended outside the
        stream: a refused key, a dropped connection). True if the answer is safely stored; if
        not, ``save_error`` says why and ``result()`` still holds it."""
        self.status = "error" if status == "done" and self.failed is not None else status
        if error is not None:
            self.error = self.error or error
        elif self.stream is not None:
            self.cost = cost_of(self.usage, self.info)
        if self._recorder is None:
            return False
        self._recorder.cost = self.cost
        return self._recorder.finish(self.status)


def error_of(e: BaseException, key: str | None = None) -> dict[str, Any]:
    """Why an answer ended, for its record: a PonderError in its own words; a bug named as one
    (logged with its traceback), with the key masked whatever the bug put in its message."""
    if isinstance(e, PonderError):
        return {"code": getattr(e, "code", None), "message": str(e)}
    log.error("an answer failed", exc_info=e)
    return {"code": None, "message": scrub(say("Something went wrong in Ponder: {why}").format(why=f"{type(e).__name__}: {e}"), key)}
