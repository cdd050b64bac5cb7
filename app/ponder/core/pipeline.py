"""The request stage of an answer, one for every caller: the window, a comparison's columns and
`ponder ask` all turn a conversation into a request body here, so the same conversation and
settings give the same bytes on the wire (tests/ui/test_pipeline.py compares them).

    history = resend(store.thread(cid), detail)        # what is sent again of the thread
    req = prepare(provider.dialect, settings, history + [new_message], info)
    req.body                                           # for ChatClient.stream
    req.notes                                          # "temperature not sent: ..." for the user

The streaming, recording and pricing stages are still each caller's (docs/architecture.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ponder.core.catalog import ModelInfo, fit
from ponder.core.models import ChatSettings, Message
from ponder.core.protocol import build_request
from ponder.core.records import StoredMessage


def resend(thread: Iterable[StoredMessage], detail: str | None = None) -> list[Message]:
    """The thread as it is sent again: an answer that failed with nothing in it has nothing to
    re-send; images go with the detail asked of the provider ("low" or "high"; else its default)."""
    return [sm.to_message(detail) for sm in thread
            if not (sm.role == "assistant" and not (sm.content or sm.tool_calls or sm.refusal))]


@dataclass
class Request:
    body: dict[str, Any]
    settings: ChatSettings  # as sent: what the model would refuse is left out
    notes: list[str] = field(default_factory=list)  # each parameter left out or changed, and why


def prepare(dialect: str, settings: ChatSettings, messages: list[Message], info: ModelInfo | None) -> Request:
    """Fit the settings to the model, then write the body in the provider's dialect. Everything
    left out on the way (the model refuses it, the dialect cannot say it) becomes a note."""
    fitted, changed = fit(settings, info)
    built = build_request(dialect, fitted, messages)
    return Request(built.body, fitted, [note(param, why) for param, why in [*changed, *built.dropped]])


def note(param: str, why: str) -> str:
    """A left-out parameter as the user reads it: "temperature not sent: o3 does not take
    temperature", or, when another value went instead, "effort: o3 offers low, high: sent high"."""
    return f"{param}: {why}" if _SENT_INSTEAD.search(why) else f"{param} not sent: {why}"


_SENT_INSTEAD = re.compile(r"\bsent '?[\w-]+'?$")
