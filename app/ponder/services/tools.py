"""MCP tools for the window: the host of the servers (core/mcp/host.py, in a thread of its own),
the tools a conversation offers, and each answer's calls from approval to result.

An answer that calls MCP tools gets a run per call. A call already allowed ("Always", or "for
this conversation") starts at once; the others wait for the user's card in the transcript. Each
runs as soon as it is allowed; once every call of the answer has ended (run, denied or stopped)
``roundDone`` hands the runs to the chat service, which keeps them and lets the conversation go on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal

from ponder.core.mcp.config import McpServer
from ponder.core.mcp.types import ServerState
from ponder.core.models import ChatSettings
from ponder.core.safety.secrets import KeyStore
from ponder.services.tasks import TaskRunner
from ponder.core.words import say

if TYPE_CHECKING:
    from ponder.core.mcp.host import McpHost
    from ponder.core.mcp.rounds import Offered, ToolRun


@dataclass
class Round:
    """One answer's calls."""

    cid: str
    answer_id: str
    settings: ChatSettings
    runs: "list[ToolRun]"
    started: dict[str, float] = field(default_factory=dict)  # call id -> when it began running
    progress: dict[str, str] = field(default_factory=dict)  # call id -> the server's last progress message
    futures: dict[str, Any] = field(default_factory=dict)  # call id -> the host's future
    stopped: bool = False

    def run(self, call_id: str) -> "ToolRun | None":
        return next((r for r in self.runs if r.call_id == call_id), None)

    def waiting(self) -> "list[ToolRun]":
        return [r for r in self.runs if r.approval is None and not r.problem]

    def finished(self) -> bool:
        return all(r.problem or r.approval == "deny" or r.outcome is not None or self.stopped for r in self.runs) \
            and not self.futures


class ToolService(QObject):
    serverState = Signal(object)  # ServerState, as it changes (from the host's thread, queued here)
    roundChanged = Signal(str)  # answer id: a card to redraw (approved, running, progress, done)
    roundDone = Signal(object)  # Round: every call ended; the chat keeps the results and goes on
    alwaysChanged = Signal()  # the "Always allow" list changed (Settings shows it)

    def __init__(self, keys: KeyStore, servers: Callable[[], list[McpServer]], always: Callable[[], list[str]],
                 set_always: Callable[[list[str]], None], tasks: TaskRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = keys
        self._servers, self._always, self._set_always = servers, always, set_always
        self.tasks = tasks or TaskRunner(self)
        self._host: "McpHost | None" = None
        self.rounds: dict[str, Round] = {}  # by answer id
        self.states: dict[str, ServerState] = {}
        self.serverState.connect(self._remember)  # first, so every other listener reads the new state

    # -- the servers ----------------------------------------------------------------------------

    @property
    def host(self) -> "McpHost":
        if self._host is None:
            from ponder.core.mcp.host import McpHost  # with asyncio and the rest: when a server is first needed

            self._host = McpHost(self._servers, self.keys.get_secret, self.serverState.emit)
        return self._host

    def _remember(self, state: ServerState) -> None:
        self.states[state.name] = state

    def servers(self) -> list[McpServer]:
        return self._servers()

    def state(self, name: str) -> ServerState:
        return self.states.get(name) or ServerState(name, "stopped")

    def restart(self, name: str) -> None:
        self.host.restart(name)

    def start(self, name: str) -> None:
        """Start a server (to show its tools), if it is not running."""
        self.host.tools(name)

    def close(self) -> None:
        if self._host is not None:
            self._host.close()
            self._host = None

    async def offer(self, selection: list[str]) -> "Offered":
        """The tools a conversation offers (its servers started if need be)."""
        import asyncio

        from ponder.core.mcp.rounds import offer

        names = list(dict.fromkeys(s.split("/", 1)[0] for s in selection))
        known = {s.name for s in self._servers()}
        got = await asyncio.gather(*(asyncio.wrap_future(self.host.tools(n)) for n in names if n in known),
                                   return_exceptions=True)
        lists: dict[str, Any] = dict(zip([n for n in names if n in known], got))
        for n in names:
            if n not in known:
                lists[n] = LookupError(say("there is no server of that name in Settings"))
        return offer(lists, selection)

    # -- an answer's calls ------------------------------------------------------------------------

    def begin(self, cid: str, answer_id: str, todo: "list[ToolRun]", cs: ChatSettings, conversation_allowed: list[str]) -> None:
        """An answer ended calling MCP tools (``core.mcp.rounds.runs``): their round begins."""
        from ponder.core.mcp.rounds import Approvals

        r = self.rounds[answer_id] = Round(cid, answer_id, cs, todo)
        approvals = Approvals(set(self._always()), set(conversation_allowed))
        for run in todo:
            given = None if run.problem else approvals.given(run.server, run.tool)
            if given:
                run.approval = given
                self._start(r, run)
        self.roundChanged.emit(answer_id)
        self._maybe_done(r)

    def decide(self, answer_id: str, call_id: str, approval: str, reason: str = "") -> None:
        """The user's word on one call (one of core.mcp.rounds.APPROVALS)."""
        r = self.rounds.get(answer_id)
        run = r.run(call_id) if r else None
        if r is None or run is None or run.approval is not None or r.stopped:
            return
        run.approval, run.reason = approval, reason.strip()[:1000]
        if approval == "always" and run.key not in self._always():
            self._set_always([*self._always(), run.key])
            self.alwaysChanged.emit()
        if approval in ("conversation", "always"):  # the same tool, called again in this round: allowed too
            for other in r.waiting():
                if other.key == run.key:
                    other.approval = approval
                    self._start(r, other)
        if approval != "deny":
            self._start(r, run)
        self.roundChanged.emit(answer_id)
        self._maybe_done(r)

    def decide_all(self, answer_id: str, approval: str) -> None:
        r = self.rounds.get(answer_id)
        for run in list(r.waiting()) if r else []:
            self.decide(answer_id, run.call_id, approval)

    def stop(self, answer_id: str) -> None:
        """Stop: running calls are cancelled, waiting ones never run; the conversation does not go on."""
        r = self.rounds.get(answer_id)
        if r is None:
            return
        r.stopped = True
        for f in list(r.futures.values()):
            f.cancel()
        r.futures.clear()  # ended now, not when each cancellation is heard: the round is over at once
        self.roundChanged.emit(answer_id)
        self._maybe_done(r)

    def stop_conversation(self, cid: str) -> None:
        for r in list(self.rounds.values()):
            if r.cid == cid:
                self.stop(r.answer_id)

    def busy(self, cid: str) -> bool:
        return any(r.cid == cid for r in self.rounds.values())

    def _start(self, r: Round, run: "ToolRun") -> None:
        r.started[run.call_id] = time.monotonic()

        def heard(p: float, total: float | None, message: str | None) -> None:  # the host's thread
            text = message or (f"{p:g} of {total:g}" if total else f"{p:g}")
            r.progress[run.call_id] = text[:200]

        future = self.host.call(run.server, run.tool, run.arguments or {}, progress=heard)
        r.futures[run.call_id] = future
        self.tasks.run(f"tool:{run.call_id}", self._await(r, run, future))

    async def _await(self, r: Round, run: "ToolRun", future: Any) -> None:
        import asyncio

        try:
            run.outcome = await asyncio.wrap_future(future)
        except (asyncio.CancelledError, Exception):  # noqa: BLE001 - Stop, or the host closing: the run says "stopped"
            future.cancel()
        finally:
            r.futures.pop(run.call_id, None)
            self.roundChanged.emit(r.answer_id)
            self._maybe_done(r)

    def _maybe_done(self, r: Round) -> None:
        if self.rounds.get(r.answer_id) is r and r.finished():
            del self.rounds[r.answer_id]
            self.roundDone.emit(r)
