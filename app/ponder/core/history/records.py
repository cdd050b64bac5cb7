"""The history's value records: what the store hands out and views show. No SQL, no Qt.

The store (store.py) writes and reads them; services and widgets receive them and never see SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, cast

from ponder.core.models import ImagePart, Message, Role, ToolCall

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # around search hits in snippets; never in stored text


@dataclass
class Conversation:
    id: str
    title: str
    kind: str
    provider: str | None
    model: str | None
    settings: dict[str, Any]
    head_id: str | None
    created_at: float
    updated_at: float
    message_count: int = 0
    cost: float | None = None
    last_status: str | None = None  # the status of the message on show last (an answer: done, error, ...)

    @property
    def never_answered(self) -> bool:
        """A question whose only answer failed (refused key, unknown model, no connection)."""
        return self.message_count <= 2 and self.last_status == "error"


@dataclass
class StoredImage:
    """An image attached to a message: the file it is kept in (content-addressed), and its facts."""

    sha256: str
    mime: str
    path: Path
    filename: str | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None

    def read(self) -> bytes | None:
        """The bytes, or None if the file has gone (deleted by hand)."""
        try:
            return self.path.read_bytes()
        except OSError:
            return None


@dataclass
class StoredMessage:
    id: str
    conversation_id: str
    parent_id: str | None
    seq: int
    role: str
    content: str | None = None
    reasoning: str | None = None
    reasoning_details: list[dict[str, Any]] | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_call_id: str | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)
    model: str | None = None
    provider: str | None = None
    settings: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    cost: float | None = None
    ttft_ms: float | None = None
    thinking_ms: float | None = None
    total_ms: float | None = None
    finish_reason: str | None = None
    error: dict[str, Any] | None = None
    status: str = "done"
    variant: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    served: dict[str, Any] | None = None  # who answered, where a gateway says: {"model", "provider"}
    reasoning_steps: list[list[float]] | None = None  # when each step title arrived (answers/steps.py)
    images: list[StoredImage] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """The answer did not finish: streaming now, stopped, cut off, or failed mid-way."""
        return self.status in ("streaming", "stopped", "interrupted") or (
            self.status == "error" and bool(self.content or self.reasoning)
        )

    def to_message(self, detail: str | None = None, in_memory: Mapping[str, bytes] | None = None) -> Message:
        """The turn as it is re-sent to a provider: its images from ``in_memory`` (by SHA-256: the
        bytes of a question just asked, never read back from the file just written), else read
        from their files."""
        images = []
        for im in self.images:
            data = in_memory.get(im.sha256) if in_memory else None
            if data is None:
                data = im.read()
            if data is not None:
                images.append(ImagePart.asked(data, im.mime, detail, im.filename))
        role = self.role if self.role in ("system", "user", "assistant", "tool") else "user"
        return Message(
            role=cast(Role, role),
            content=self.content,
            images=images,
            reasoning=self.reasoning,
            reasoning_details=self.reasoning_details,
            tool_calls=list(self.tool_calls),
            refusal=self.refusal,
            tool_call_id=self.tool_call_id,
        )


@dataclass
class SearchHit:
    conversation_id: str
    title: str
    message_id: str | None  # None: the title matched
    role: str | None
    field: str  # "title", "content" or "reasoning"
    snippet: str  # hits between MARK_OPEN and MARK_CLOSE
    updated_at: float
