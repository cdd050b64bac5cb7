"""A model's calls of MCP tools, from the answer that makes them to the results that go back:
which tools a conversation offers, who approved each call, and what the model is told. Shared by
the window and ``ponder ask``; the asking itself (a card, a terminal prompt) is theirs.

Nothing runs without an approval: "once" (this call), "conversation" (this tool, for the rest of
the conversation), "always" (this tool, kept in settings and revocable there), or "deny" (the
model is told, with the user's reason if they gave one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ponder.core.mcp.config import tool_name
from ponder.core.mcp.types import ToolInfo, ToolOutcome
from ponder.core.words import N_, say

APPROVALS = ("once", "conversation", "always", "deny")
# A run's approval as the user reads it ("auto": `ponder ask --yes`): on its card and in an export.
APPROVAL_WORDS = {"once": N_("allowed once"), "conversation": N_("allowed for this conversation"),
                  "always": N_("always allowed"), "auto": N_("allowed by --yes"), "deny": N_("denied")}


def approval_words(approval: str | None, default: str = "") -> str:
    words = APPROVAL_WORDS.get(approval or "")
    return say(words) if words else default
MAX_ROUNDS = 10  # tool rounds in one answer before Ponder stops a model that keeps calling
MAX_ARGUMENTS = 1_000_000  # characters of a call's arguments Ponder will parse


@dataclass
class Offered:
    """The MCP tools a request offers, by the name the model sees."""

    tools: dict[str, ToolInfo] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # servers that could not be reached, and why

    def functions(self) -> list[dict[str, Any]]:
        """Function tools for the request ({name, description, parameters}, as the user's own)."""
        out = []
        for name, t in self.tools.items():
            schema = t.schema if isinstance(t.schema, dict) and t.schema.get("type") == "object" else {
                "type": "object", "properties": {}}
            desc = (t.description or t.name).strip()
            out.append({"name": name, "description": f"{desc}\n\n(Tool {t.name} of the MCP server {t.server}.)",
                        "parameters": schema})
        return out


def selected(selection: list[str], server: str, tool: str) -> bool:
    """Is a tool in a conversation's selection ("server" for all its tools, "server/tool" for one)?"""
    return server in selection or f"{server}/{tool}" in selection


def offer(lists: dict[str, list[ToolInfo] | Exception], selection: list[str]) -> Offered:
    """The offered tools from each server's list (or why it could not be had)."""
    out = Offered()
    for server, tools in lists.items():
        if isinstance(tools, Exception):
            out.problems.append(f"{server}: {tools}")
            continue
        for t in tools:
            if selected(selection, server, t.name):
                out.tools[tool_name(server, t.name)] = t
    return out


def parse_arguments(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """A call's arguments (a JSON object), or why they cannot be used, worded for the model."""
    if len(text) > MAX_ARGUMENTS:
        return None, f"The arguments were {len(text):,} characters long: more than Ponder passes to a tool"
    if not text.strip():
        return {}, None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as e:
        return None, f"The arguments were not valid JSON ({e}); nothing was run. Send them as a JSON object."
    if not isinstance(value, dict):
        return None, "The arguments must be a JSON object; nothing was run."
    return value, None


@dataclass
class Approvals:
    """What the user has allowed without asking again: "server/tool" names."""

    always: set[str] = field(default_factory=set)
    conversation: set[str] = field(default_factory=set)

    def given(self, server: str, tool: str) -> str | None:
        key = f"{server}/{tool}"
        if key in self.always:
            return "always"
        if key in self.conversation:
            return "conversation"
        return None


@dataclass
class ToolRun:
    """One call of an answer: what was asked, who allowed it, what came back."""

    call_id: str
    name: str  # as the model called it
    server: str
    tool: str
    arguments: dict[str, Any] | None
    problem: str | None = None  # the arguments could not be used
    approval: str | None = None  # one of APPROVALS, once decided
    reason: str = ""  # the user's words with a denial
    outcome: ToolOutcome | None = None

    @property
    def key(self) -> str:
        return f"{self.server}/{self.tool}"

    def for_model(self) -> str:
        """The tool message's text."""
        if self.problem:
            return self.problem
        if self.approval == "deny":
            return "The user did not allow this call of " + self.tool + (f": {self.reason}" if self.reason else ".")
        if self.approval is None:
            return f"Not run: the user went on without allowing this call of {self.tool}."
        if self.outcome is None:
            return f"The call of {self.tool} was stopped before it finished."
        if self.outcome.is_error:
            return f"The tool reported an error: {self.outcome.text}"
        return self.outcome.text

    def record(self) -> dict[str, Any]:
        """What history keeps of the run (beside the text, in the tool message's settings)."""
        o = self.outcome
        return {"tool_run": {
            "server": self.server, "tool": self.tool, "approval": self.approval, "reason": self.reason or None,
            "is_error": bool(self.problem) or (o.is_error if o else self.approval not in ("deny", None)),
            "elapsed_ms": round(o.elapsed_s * 1000, 1) if o else None, "cut": o.cut if o else 0,
        }}


def runs(calls: list[Any], offered: Offered) -> list[ToolRun] | None:
    """The answer's tool calls as runs, or None if any is not an MCP tool (a function the user
    defined: its result is theirs to give, as before)."""
    out = []
    for c in calls:
        t = offered.tools.get(c.name)
        if t is None:
            return None
        args, problem = parse_arguments(c.arguments or "")
        out.append(ToolRun(c.id, c.name, t.server, t.name, args, problem))
    return out


IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")


def keep(store: Any, cid: str, runs: list[ToolRun],
         size: Callable[[bytes], tuple[int, int] | None] | None = None) -> str | None:
    """The runs' results in history (a tool message each, with its run's record and images), and
    the tools allowed "for this conversation" with the conversation. ``size`` measures an image
    (None: not an image at all: left out). Returns the last result's id."""
    from ponder.core import models as m
    from ponder.core.answers.attachments import Attachment

    last = None
    for run in runs:
        last = store.add_message(cid, m.Message("tool", run.for_model(), tool_call_id=run.call_id), settings=run.record())
        images = []
        for i, (mime, data) in enumerate(run.outcome.images if run.outcome else []):
            wh = size(data) if size is not None else (0, 0)  # a server may send anything
            if wh is not None and mime in IMAGE_TYPES:
                images.append(Attachment(data, mime, wh[0], wh[1], f"{run.tool}-{i + 1}.{mime.rsplit('/', 1)[-1]}"))
        if images:
            store.attach(last, images)
    allowed = {run.key for run in runs if run.approval == "conversation"}
    if allowed:
        c = store.conversation(cid)
        kept = c.settings.get("mcp_allowed") or []
        store.update_conversation(cid, settings={**c.settings, "mcp_allowed": sorted({*kept, *allowed})})
    return last


def pretty_arguments(args: dict[str, Any] | None, fold: int = 400) -> str:
    """Arguments for a card or the terminal: indented JSON, long string values folded."""
    if args is None:
        return "(not valid JSON)"

    def folded(v: Any) -> Any:
        if isinstance(v, str) and len(v) > fold:
            return v[:fold] + f"… ({len(v) - fold:,} more characters)"
        if isinstance(v, dict):
            return {k: folded(x) for k, x in v.items()}
        if isinstance(v, list):
            return [folded(x) for x in v]
        return v

    return json.dumps(folded(args), ensure_ascii=False, indent=2)
