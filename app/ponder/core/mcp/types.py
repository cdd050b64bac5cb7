"""What the MCP host hands out (a server's tools, its state, a call's outcome), apart from the
host itself: the window imports these at start-up, the host (and asyncio with it) only when a
server is first needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ponder.core.words import say


@dataclass
class ToolInfo:
    server: str
    name: str  # the server's own name for it
    description: str
    schema: dict[str, Any]


@dataclass
class ServerState:
    name: str
    status: str  # "stopped", "starting", "ready", "failed"
    tools: list[ToolInfo] = field(default_factory=list)
    error: str = ""  # why it failed, in words
    stderr: str = ""  # the end of what it wrote to stderr

    def describe(self) -> str:
        if self.status == "ready":
            return say("ready, %n tool(s)", len(self.tools))
        if self.status == "failed":
            return say("failed: {why}").format(why=self.error)
        return {"stopped": say("not running"), "starting": say("starting")}.get(self.status, self.status)


@dataclass
class ToolOutcome:
    """What a call returned, as the user sees it and the model gets it."""

    text: str  # for the model (and the card): the text parts, cut at MAX_RESULT_CHARS
    is_error: bool = False
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (MIME type, bytes): shown, not sent
    elapsed_s: float = 0.0
    cut: int = 0  # characters left out


class McpUnavailable(Exception):
    """A server could not be reached: not configured, disabled, or failed to start (why is said)."""
