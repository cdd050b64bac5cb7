"""Chat sessions for the window: send, stop, retry; streaming progress coalesced into frames.

Deltas are not forwarded one by one: each stream marks itself dirty and a single ~33 ms
single-shot timer emits ``progress`` for the dirty ones (stack.md §3 measured a 136-164 ms freeze
when a widget is updated per event in a burst, 12-15 ms with this batching). Answers are saved as
they stream (AnswerRecorder), and every end (done, error, Stop) leaves a stored message the view
reloads, so what the window shows and what history holds are the same record.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ponder.core import models as m
from ponder.core.models import ChatSettings
from ponder.core.models import Frame
from ponder.core.answers.pipeline import Answer, error_of, prepare, resend
from ponder.core.providers.presets import Provider
from ponder.core.safety.secrets import KeyStore
from ponder.core.history.store import Store, StoreError
from ponder.core.history.records import StoredMessage
from ponder.core.answers.titles import title_from
from ponder.services.catalog import ModelCatalog
from ponder.services.collector import Collector
from ponder.services.tasks import TaskRunner
from ponder.core.words import say

if TYPE_CHECKING:
    from ponder.services.tools import Round, ToolService
    from ponder.core.providers.catalog import CatalogCache
    from ponder.core.answers.columns import Column
    from ponder.core.wire.client import ChatClient

FRAME_MS = 33
FRAME_BUDGET_MS = 3  # drawing in one go before input, timers and paint get a turn
_SHARED = ("system", "max_tokens", "top_p", "temperature")  # a comparison's settings every column shares
_KEPT_SETTINGS = ("columns", "mcp_allowed")  # what a settings change keeps (a comparison's columns, approvals)


@dataclass
class Progress:
    """A frame of a streaming answer for the views; sent about 30 times a second."""

    conversation_id: str
    message_id: str
    frame: Frame | None  # None while the answer waits for its server's turn
    notice: str | None = None  # "Rate limited: retrying in 20 s"


class _Live:
    __slots__ = ("cid", "answer", "dirty", "notice", "variant", "lane", "started", "images", "notes", "retrying")

    def __init__(self, cid: str, answer: Answer, variant: str | None = None, images: list[Any] | None = None) -> None:
        self.cid, self.answer, self.variant = cid, answer, variant
        # The question's images, just attached: sent from these bytes, not read back from their files.
        self.images = {a.sha256: a.data for a in images or []}
        self.lane: Any = None  # the asyncio.Lock held while this answer has its server's turn
        self.started = False
        self.dirty = False
        self.notice: str | None = None  # for the next frame: a text to show, "" to clear, None: as it is
        self.notes = ""  # what was left out for this model: shown again once a retry's banner is over
        self.retrying = False

    @property
    def mid(self) -> str:
        return self.answer.message_id or ""


@dataclass
class _Unsaved:
    """An answer whose final save failed, as it stood: what to show, and what to save again."""

    cid: str
    result: m.StreamResult
    status: str
    timing: dict[str, float | None] | None
    cost: float | None


class ChatService(QObject):
    conversationsChanged = Signal()
    answerStarted = Signal(str, str)  # conversation id, message id
    progress = Signal(object)  # Progress
    answerFinished = Signal(str, str)  # conversation id, message id: reload it from the store
    saveProblem = Signal(str, str, str)  # conversation id, message id, why ("" once it is saved after all)
    priced = Signal(str)  # a conversation whose answers got their cost once the prices arrived
    threadGrew = Signal(str)  # a conversation got messages no answer brought (tool results kept)

    def __init__(
        self, store: Store, keys: KeyStore, client: "ChatClient | Callable[[], ChatClient]",
        resolve_provider: Callable[[str], Provider], tasks: TaskRunner | None = None, parent: QObject | None = None,
        catalog: "CatalogCache | None" = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.keys = store, keys
        # A factory defers httpx (about 25 ms to import) from start-up to the first send.
        self._client = client if hasattr(client, "stream") else None
        self._client_factory = client
        self.resolve_provider = resolve_provider
        self.tasks = tasks or TaskRunner(self)
        # What is known of each model: parameters that fit, prices (the family table without a cache).
        self.models = ModelCatalog(catalog, keys, lambda: self.client, resolve_provider, self.tasks, self)
        self.models.refreshed.connect(self._price_unpriced)
        self._unpriced: set[tuple[str, str]] = set()  # (provider, model) of answers waiting for prices
        self._asked_prices: set[tuple[str, str]] = set()  # fetched for once this session already
        self._live: dict[str, _Live] = {}  # by answer (message) id: a comparison streams several
        self._lanes: dict[str, Any] = {}  # a local server's address -> asyncio.Lock: one request at a time
        self.local_parallel = False  # the user's setting: let a local server take a comparison's columns at once
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._flush)
        self._more = QTimer(self)  # the rest of a frame, on the next turn of the event loop
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._flush)
        self._next_turn = 0  # which stream the next frame draws first
        # Answers whose final save failed (a full disk, a locked file): kept here, shown from
        # here, and saved again every few seconds until it works.
        self.unsaved: dict[str, _Unsaved] = {}  # by message id
        self._resave = QTimer(self)
        self._resave.setInterval(5000)
        self._resave.timeout.connect(self.save_unsaved)
        self.tools: "ToolService | None" = None  # MCP tools (attach_tools)
        self.collector = Collector(self.busy, self)  # no full garbage collection while answers stream
        self.answerStarted.connect(lambda *_: self.collector.started())
        self.answerFinished.connect(lambda *_: self.collector.ended())

    def attach_tools(self, tools: "ToolService") -> None:
        """MCP tools: offered with each answer whose settings name servers, their calls run by ``tools``."""
        self.tools = tools
        tools.roundDone.connect(self._tools_done)

    @property
    def client(self) -> "ChatClient":
        if self._client is None:
            self._client = self._client_factory()  # type: ignore[operator]
        return self._client

    async def aclose(self) -> None:
        self.collector.stop()  # a closed service's deferred full collection never runs later
        await self.tasks.shutdown()
        if self._client is not None:
            await self._client.aclose()

    # -- commands -------------------------------------------------------------------------------

    def streaming(self, cid: str | None) -> bool:
        return cid is not None and any(live.cid == cid for live in self._live.values())

    def streaming_message(self, mid: str) -> bool:
        return mid in self._live

    def busy(self) -> bool:
        return bool(self._live)

    def send(self, cid: str | None, prompt: str, cs: ChatSettings, images: list[Any] | None = None) -> str:
        """Add the user's message (and its images, ``core.images.Attachment``) and start the
        answer; returns the conversation id."""
        if cid is None:
            cid = self.store.create_conversation(title_from(prompt), provider=cs.provider, model=cs.model,
                                                 settings=cs.to_dict()).id
        else:
            if self.tools is not None and self.tools.busy(cid):
                # The user wrote instead of answering the cards: those calls end (kept as not run),
                # so the question follows their results, as providers require.
                self.tools.stop_conversation(cid)
            self.update_settings(cid, cs)
        user_id = self.store.add_message(cid, m.Message("user", prompt))
        if images:
            self.store.attach(user_id, images)
        self._answer(cid, user_id, cs, images=images)
        self.conversationsChanged.emit()
        return cid

    def resend(self, cid: str, user_id: str, text: str, cs: ChatSettings) -> None:
        """An edited question: a new branch beside the old one (which stays reachable), answered."""
        old = self.store.message(user_id)
        new_id = self.store.add_message(cid, m.Message("user", text), parent_id=old.parent_id)
        kept: list[Any] = []
        if old.images:  # the edited question keeps its images
            from ponder.core.answers.attachments import Attachment

            kept = [Attachment(d, im.mime, im.width or 0, im.height or 0, im.filename, sha256=im.sha256)
                    for im in old.images if (d := im.read()) is not None]
            self.store.attach(new_id, kept)
        self._answer(cid, new_id, cs, images=kept)
        self.conversationsChanged.emit()

    def retry(self, cid: str, answer_id: str, cs: ChatSettings | None = None) -> None:
        """Answer the same message again; the earlier answer stays reachable as an alternative."""
        old = self.store.message(answer_id)
        if cs is None:
            c = self.store.conversation(cid)
            cs = ChatSettings.from_dict(c.provider or "demo", c.model or "", c.settings)
        self._answer(cid, old.parent_id, cs)

    def update_settings(self, cid: str, cs: ChatSettings) -> None:
        """The conversation's model and settings, keeping what is not the chat's own (the columns
        of the comparison it came from)."""
        kept = {k: v for k, v in self.store.conversation(cid).settings.items() if k in _KEPT_SETTINGS}
        self.store.update_conversation(cid, provider=cs.provider, model=cs.model, settings={**cs.to_dict(), **kept})

    def stop(self, cid: str) -> None:
        """Stop every answer streaming in the conversation (all the columns of a comparison), and
        its tool calls."""
        for live in list(self._live.values()):
            if live.cid == cid:
                self.tasks.cancel(f"chat:{live.mid}")
        if self.tools is not None:
            self.tools.stop_conversation(cid)

    def stop_message(self, mid: str) -> None:
        self.tasks.cancel(f"chat:{mid}")

    def reply_to_tools(self, cid: str, results: list[tuple[str, str]], cs: ChatSettings) -> None:
        """The user's results for every tool call of an answer; the conversation continues with them."""
        last = None
        for call_id, result in results:
            last = self.store.add_message(cid, m.Message("tool", result, tool_call_id=call_id))
        self._answer(cid, last, cs)

    # -- the stream -----------------------------------------------------------------------------

    def _answer(self, cid: str, parent_id: str | None, cs: ChatSettings, variant: str | None = None,
                images: list[Any] | None = None) -> str:
        for live in list(self._live.values()):  # a chat has one answer streaming; a column too
            if live.cid == cid and live.variant == variant:
                self.stop_message(live.mid)
        answer = Answer.create(self.store, cid, cs, parent_id=parent_id, variant=variant, make_head=variant is None)
        mid = answer.message_id or ""
        live = self._live[mid] = _Live(cid, answer, variant, images)
        self.answerStarted.emit(cid, mid)
        task = self.tasks.run(f"chat:{mid}", self._run(live, cs))
        task.add_done_callback(lambda _t: self._never_ran(live))
        return mid

    def _never_ran(self, live: _Live) -> None:
        # A task cancelled before its first step never enters _run (so never its ``finally``):
        # Stop pressed the instant after Send. The answer still has to end as stopped.
        if live.started or self._live.get(live.mid) is not live:
            return
        del self._live[live.mid]
        live.answer.end("stopped")  # a failed save leaves it "streaming": marked cut off at the next start
        self.answerFinished.emit(live.cid, live.mid)
        self.conversationsChanged.emit()

    # -- comparisons ----------------------------------------------------------------------------

    def columns(self, cid: str) -> list[Column]:
        from ponder.core.answers.columns import Column  # on first use: a comparison is not every start-up's business

        return [Column.from_dict(d) for d in self.store.conversation(cid).settings.get("columns") or []]

    def compare(self, cid: str | None, prompt: str, columns: list[Column] | None = None,
                base: ChatSettings | None = None, images: list[Any] | None = None) -> str:
        """Ask every column: a new comparison (``cid`` None, with ``columns``), or a follow-up that
        continues each column's own branch. Returns the conversation id."""
        from ponder.core.answers.columns import check_columns, column_threads, with_keys

        if cid is None:
            if columns is None:
                raise ValueError(say("A new comparison needs its columns"))
            cols = with_keys(columns)
            check_columns(cols)
            shared = (base.to_dict() if base else {})
            shared = {k: v for k, v in shared.items() if k in _SHARED}
            cid = self.store.create_conversation(
                title_from(prompt), provider=cols[0].provider, model=cols[0].model, kind="compare",
                settings={**shared, "columns": [c.to_dict() for c in cols]}).id
            root = self.store.add_message(cid, m.Message("user", prompt))
            if images:
                self.store.attach(root, images)
            for c in cols:
                self._answer(cid, root, self._column_settings(cid, c), variant=c.key, images=images)
        else:
            cols = self.columns(cid)
            threads = column_threads(self.store.messages(cid), [c.key for c in cols])
            if any(self.streaming_message(t[-1].id) for t in threads.values() if t):
                raise ValueError(say("Every column must finish (or be stopped) before a follow-up"))
            self.store.update_conversation(cid, kind="compare")
            for c in cols:
                thread = threads.get(c.key) or []
                parent = thread[-1].id if thread else None
                q = self.store.add_message(cid, m.Message("user", prompt), parent_id=parent, variant=c.key, make_head=False)
                if images:
                    self.store.attach(q, images)  # one file for all the columns
                self._answer(cid, q, self._column_settings(cid, c), variant=c.key, images=images)
        self.conversationsChanged.emit()
        return cid

    def retry_column(self, cid: str, answer_id: str) -> str:
        """Ask one column's question again; the earlier answer stays (the column shows the new one)."""
        old = self.store.message(answer_id)
        col = next((c for c in self.columns(cid) if c.key == old.variant), None)
        if col is None:
            raise ValueError(say("That answer is not a column of this comparison"))
        return self._answer(cid, old.parent_id, self._column_settings(cid, col), variant=col.key)

    def continue_with(self, cid: str, answer_id: str) -> ChatSettings:
        """The chosen column's answer becomes the conversation's, and the chat goes on with its
        model; the other columns stay as alternatives of it. Returns the chat's settings."""
        a = self.store.message(answer_id)
        col = next((c for c in self.columns(cid) if c.key == a.variant), None)
        if col is None:
            raise ValueError(say("That answer is not a column of this comparison"))
        cs = self._column_settings(cid, col)
        kept = self.store.conversation(cid).settings
        self.store.update_conversation(cid, kind="chat", provider=cs.provider, model=cs.model,
                                       settings={**cs.to_dict(), **{k: v for k, v in kept.items() if k in _KEPT_SETTINGS}})
        self.store.set_head(cid, answer_id)
        self.conversationsChanged.emit()
        return cs

    def _column_settings(self, cid: str, col: Column) -> ChatSettings:
        shared = self.store.conversation(cid).settings
        # A column's own temperature wins; otherwise the comparison's (Advanced) applies to it too.
        temperature = col.temperature if col.temperature is not None else shared.get("temperature")
        return ChatSettings(col.model, col.provider, effort=col.effort, temperature=temperature,
                                    **{k: shared.get(k) for k in _SHARED if k != "temperature" and k in shared})

    def _lane(self, provider: Provider, variant: str | None) -> str | None:
        """Columns on one local server take turns (it often serves one request at a time)."""
        if variant is None or not provider.local or self.local_parallel:
            return None
        return provider.base_url.rstrip("/")

    def _history(self, cid: str, upto: str, detail: str | None = None,
                 in_memory: dict[str, bytes] | None = None) -> list[m.Message]:
        return resend(self.store.thread(cid, upto)[:-1], detail, in_memory)  # up to the answer being written

    async def _run(self, live: _Live, cs: ChatSettings) -> None:
        import asyncio

        live.started = True
        answer = live.answer
        offered = None
        status = "done"
        error: dict[str, Any] | None = None
        key: str | None = None
        info = None
        try:
            history = self._history(live.cid, live.mid, cs.image_detail, live.images)
            live.images = {}  # sent: the bytes need not stay in memory
            provider = self.resolve_provider(cs.provider)
            key = self.keys.resolve(provider)
            lane = self._lane(provider, live.variant)
            if lane is not None:
                lock = self._lanes.setdefault(lane, asyncio.Lock())
                if lock.locked():
                    live.notice = say("Waiting: {name} answers one request at a time").format(name=provider.name)
                    self._mark(live)
                await lock.acquire()
                live.lane = lock
            info = self.models.info(cs.provider, cs.model)
            sent, problems = cs, []
            if cs.mcp and self.tools is not None:
                live.notice = say("Starting the MCP servers…")
                self._mark(live)
                offered = await self.tools.offer(cs.mcp)
                problems = [say("MCP server {problem}").format(problem=p) for p in offered.problems]
                if offered.tools:
                    sent = dataclasses.replace(cs, tools=[*cs.tools, *offered.functions()])
            req = prepare(provider.dialect, sent, history, info)
            notes = problems + req.notes
            live.notice = live.notes = "; ".join(notes)  # what was left out for this model, and why (or "")
            answer.send(self.client, provider, key, req, info)
            n = 0
            async for ev in answer.events():
                if type(ev) is m.Retrying:
                    live.notice = say("{why}: retrying in {s:.0f} s").format(why=ev.reason, s=ev.delay_s)
                    live.retrying = True
                elif live.retrying:  # the retry is answering: its banner is over
                    live.retrying = False
                    live.notice = live.notes
                self._mark(live)
                n += 1
                if n % 20 == 0:
                    await asyncio.sleep(0)  # a burst must not starve the window
        except asyncio.CancelledError:
            status = "stopped"
        except Exception as e:  # noqa: BLE001 - a bug must still end the answer, visibly, not leave it "streaming"
            status, error = "error", error_of(e, key)
        finally:
            if live.lane is not None:
                live.lane.release()  # the next column on this server may start
            self._live.pop(live.mid, None)
            saved = answer.end(status, error)
            model = (cs.provider, cs.model)
            if saved and answer.cost is None and answer.usage and info is not None and self.models.cache is not None \
                    and model not in self._asked_prices:
                # No price known yet (the catalog not fetched, or fetched before the model was in it):
                # fetch it once this session, and price the model's answers when it comes.
                self._asked_prices.add(model)
                self._unpriced.add(model)
                self.models.refresh(cs.provider, force=info.source != "catalog")
            if not saved and answer.save_error is not None:
                # Nothing is lost: the answer stays on screen from memory and is saved later.
                self.unsaved[live.mid] = _Unsaved(live.cid, answer.result(), answer.status, answer.timing(), answer.cost)
                self._resave.start()
                self.saveProblem.emit(live.cid, live.mid, say("This answer is not saved yet: {why}").format(why=answer.save_error))
            result = answer.result()
            if status == "done" and offered is not None and result.tool_calls and answer.failed is None and saved:
                self._tool_calls(live, offered, result.tool_calls, cs)
            self.answerFinished.emit(live.cid, live.mid)
            self.conversationsChanged.emit()

    def _tool_calls(self, live: _Live, offered: Any, calls: list[m.ToolCall], cs: ChatSettings) -> None:
        """An answer called MCP tools: their round begins (cards to approve, or at once where
        allowed), unless the model has called tools MAX_ROUNDS times in a row since the question."""
        from ponder.core.mcp.rounds import MAX_ROUNDS, runs

        todo = runs(calls, offered)
        if todo is None or self.tools is None:
            return  # a function the user defined: its result is theirs to give
        try:
            thread = self.store.thread(live.cid)
            allowed = self.store.conversation(live.cid).settings.get("mcp_allowed") or []
        except StoreError:
            return
        rounds = 0
        for msg in reversed(thread):
            if msg.role == "user":
                break
            rounds += msg.role == "assistant" and bool(msg.tool_calls)
        if rounds > MAX_ROUNDS:
            for run in todo:  # answered, so the conversation can go on when the user writes again
                run.problem = f"Not run: Ponder stops a model that calls tools {MAX_ROUNDS} rounds in a row."
            self._keep_runs(live.cid, live.mid, todo)
            self.saveProblem.emit(live.cid, live.mid, say("Stopped: the model asked for tools {rounds} rounds in a row. Send a message to let it "
                                                          "go on.").format(rounds=MAX_ROUNDS))
            return
        self.tools.begin(live.cid, live.mid, todo, cs, list(allowed))

    def _keep_runs(self, cid: str, answer_id: str, todo: list[Any]) -> str | None:
        """The runs' results in history, each with its approval and time; the conversation's
        approvals with it. Returns the last result's id (None if they could not be kept)."""
        from PySide6.QtGui import QImage

        from ponder.core.mcp.rounds import keep

        def size(data: bytes) -> tuple[int, int] | None:
            img = QImage.fromData(data)
            return None if img.isNull() else (img.width(), img.height())

        try:
            last = keep(self.store, cid, todo, size)
        except StoreError as e:
            self.saveProblem.emit(cid, answer_id, say("The tools' results could not be kept: {why}").format(why=e))
            return None
        self.conversationsChanged.emit()
        self.threadGrew.emit(cid)
        return last

    def _tools_done(self, r: "Round") -> None:
        """Every call of an answer ended: the results are kept, and the conversation goes on
        (unless it was stopped)."""
        last = self._keep_runs(r.cid, r.answer_id, r.runs)
        if last is None or r.stopped:
            self.answerFinished.emit(r.cid, r.answer_id)  # the window shows what was kept
            return
        self._answer(r.cid, last, r.settings)

    def _price_unpriced(self, provider_id: str, problem: str) -> None:
        """The provider's catalog arrived: the answers that waited for its prices get their cost."""
        from ponder.core.providers.catalog import cost_of

        for pid, model in [k for k in self._unpriced if k[0] == provider_id]:
            info = self.models.info(pid, model)
            if info.prompt_price is None:
                continue  # still unknown (not in the list): nothing to price with
            self._unpriced.discard((pid, model))
            touched = set()
            try:
                for mid, cid, usage in self.store.unpriced(pid, model):
                    cost = cost_of(usage, info)
                    if cost is not None:
                        self.store.set_cost(mid, cost)
                        touched.add(cid)
            except StoreError:
                continue
            for cid in touched:
                self.priced.emit(cid)
            if touched:
                self.conversationsChanged.emit()

    def message(self, mid: str) -> StoredMessage:
        """An answer as it stands: from memory while it waits to be saved, else from the store."""
        pending = self.unsaved.get(mid)
        try:
            stored = self.store.message(mid)
        except StoreError:
            if pending is None:
                raise
            stored = StoredMessage(mid, pending.cid, None, 0, "assistant")
        if pending is None:
            return stored
        r, t = pending.result, pending.timing or {}
        return dataclasses.replace(
            stored, content=r.content, reasoning=r.reasoning, reasoning_details=r.reasoning_details, refusal=r.refusal,
            tool_calls=list(r.tool_calls), annotations=list(r.annotations), usage=r.usage, cost=pending.cost,
            ttft_ms=t.get("ttft_ms"), thinking_ms=t.get("thinking_ms"), total_ms=t.get("total_ms"),
            finish_reason=r.finish_reason, error=r.error, status=pending.status, model=stored.model or r.model)

    def save_unsaved(self) -> None:
        """Try again to save the answers a full disk (or a lock) kept in memory."""
        for mid, u in list(self.unsaved.items()):
            try:
                self.store.save_answer(mid, u.result, status=u.status, timing=u.timing, cost=u.cost)
            except StoreError:
                return  # still failing: the next try comes in a few seconds
            del self.unsaved[mid]
            self.saveProblem.emit(u.cid, mid, "")
            self.conversationsChanged.emit()
        self._resave.stop()

    def _mark(self, live: _Live) -> None:
        live.dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        # A frame is drawn in slices: with eight columns streaming, drawing all of them in one go
        # can hold the window for 50 ms and more. After each slice the event loop runs (keys,
        # timers, paint), then the frame goes on where it stopped, so every column gets its turn.
        lives = list(self._live.values())
        if not lives:
            return
        start = self._next_turn % len(lives)
        t0 = time.perf_counter()
        for n, live in enumerate(lives[start:] + lives[:start]):
            if n and (time.perf_counter() - t0) * 1000 > FRAME_BUDGET_MS:
                self._next_turn = start + n
                self._more.start()
                return
            if not live.dirty:
                continue
            live.dirty = False
            if live.answer.stream is None:  # waiting its turn: only the notice
                self.progress.emit(Progress(live.cid, live.mid, None, live.notice))
                continue
            self.progress.emit(Progress(live.cid, live.mid, live.answer.frame(), live.notice))
            live.notice = None
