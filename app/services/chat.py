"""Chat sessions for the window: send, stop, retry; streaming progress coalesced into frames.

Deltas are not forwarded one by one: each stream marks itself dirty and a single ~33 ms
single-shot timer emits ``progress`` for the dirty ones (stack.md §3 measured a 136-164 ms freeze
when a widget is updated per event in a burst, 12-15 ms with this batching). Answers are saved as
they stream (AnswerRecorder), and every end (done, error, Stop) leaves a stored message the view
reloads, so what the window shows and what history holds are the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.core import models as m
from app.core.errors import PonderError
from app.core.protocol import build_request
from app.core.providers import Provider
from app.core.recorder import AnswerRecorder
from app.core.secrets import KeyStore
from app.core.store import Store, StoreError
from app.core.titles import title_from
from app.services.tasks import TaskRunner

if TYPE_CHECKING:
    from app.core.catalog import CatalogCache
    from app.core.client import ChatClient, ChatStream

FRAME_MS = 33


@dataclass
class Progress:
    """What a view needs to draw a streaming answer; sent about 30 times a second."""

    conversation_id: str
    message_id: str
    content: str
    reasoning: str
    thinking: bool  # reasoning and no answer yet
    thinking_ms: float | None
    tool_calls: list[m.ToolCall] = field(default_factory=list)
    notice: str | None = None  # "Rate limited: retrying in 20 s"


@dataclass
class ConversationSettings:
    provider: str
    model: str
    effort: str | None = None
    system: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    tools: list[dict[str, Any]] = field(default_factory=list)  # the switched-on function tools
    tool_choice: str | None = None  # auto, none, required, or a tool's name
    parallel_tool_calls: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, []) and k not in ("provider", "model")}

    @classmethod
    def from_conversation(cls, provider: str, model: str, settings: dict[str, Any]) -> "ConversationSettings":
        keys = ("effort", "system", "temperature", "max_tokens", "top_p", "tools", "tool_choice", "parallel_tool_calls")
        return cls(provider, model, **{k: settings.get(k) for k in keys if k in settings})


class _Live:
    __slots__ = ("cid", "mid", "stream", "dirty", "notice")

    def __init__(self, cid: str, mid: str) -> None:
        self.cid, self.mid = cid, mid
        self.stream: ChatStream | None = None
        self.dirty = False
        self.notice: str | None = None


class ChatService(QObject):
    conversationsChanged = Signal()
    answerStarted = Signal(str, str)  # conversation id, message id
    progress = Signal(object)  # Progress
    answerFinished = Signal(str, str)  # conversation id, message id: reload it from the store
    catalogRefreshed = Signal(str, str)  # provider id, what went wrong ("" if nothing)

    def __init__(
        self, store: Store, keys: KeyStore, client: "ChatClient | Callable[[], ChatClient]",
        resolve_provider: Callable[[str], Provider], tasks: TaskRunner | None = None, parent: QObject | None = None,
        catalog: "CatalogCache | None" = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.keys = store, keys
        self.catalog = catalog  # what is known of each model: parameters that fit, prices
        self.model_overrides: dict[str, dict[str, Any]] = {}  # the user's word (settings), by "provider:model"
        # A factory defers httpx (about 25 ms to import) from start-up to the first send.
        self._client = client if hasattr(client, "stream") else None
        self._client_factory = client
        self.resolve_provider = resolve_provider
        self.tasks = tasks or TaskRunner(self)
        self._live: dict[str, _Live] = {}  # by conversation id
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._flush)

    @property
    def client(self) -> "ChatClient":
        if self._client is None:
            self._client = self._client_factory()  # type: ignore[operator]
        return self._client

    async def aclose(self) -> None:
        await self.tasks.shutdown()
        if self._client is not None:
            await self._client.aclose()

    # -- commands -------------------------------------------------------------------------------

    def streaming(self, cid: str | None) -> bool:
        return cid is not None and cid in self._live

    def busy(self) -> bool:
        return bool(self._live)

    def send(self, cid: str | None, prompt: str, cs: ConversationSettings) -> str:
        """Add the user's message and start the answer; returns the conversation id."""
        if cid is None:
            cid = self.store.create_conversation(title_from(prompt), provider=cs.provider, model=cs.model,
                                                 settings=cs.to_dict()).id
        else:
            self.store.update_conversation(cid, provider=cs.provider, model=cs.model, settings=cs.to_dict())
        user_id = self.store.add_message(cid, m.Message("user", prompt))
        self._answer(cid, user_id, cs)
        self.conversationsChanged.emit()
        return cid

    def resend(self, cid: str, user_id: str, text: str, cs: ConversationSettings) -> None:
        """An edited question: a new branch beside the old one (which stays reachable), answered."""
        old = self.store.message(user_id)
        new_id = self.store.add_message(cid, m.Message("user", text), parent_id=old.parent_id)
        self._answer(cid, new_id, cs)
        self.conversationsChanged.emit()

    def retry(self, cid: str, answer_id: str, cs: ConversationSettings | None = None) -> None:
        """Answer the same message again; the earlier answer stays reachable as an alternative."""
        old = self.store.message(answer_id)
        if cs is None:
            c = self.store.conversation(cid)
            cs = ConversationSettings.from_conversation(c.provider or "demo", c.model or "", c.settings)
        self._answer(cid, old.parent_id, cs)

    def stop(self, cid: str) -> None:
        self.tasks.cancel(f"chat:{cid}")

    def reply_to_tools(self, cid: str, results: list[tuple[str, str]], cs: ConversationSettings) -> None:
        """The user's results for every tool call of an answer; the conversation continues with them."""
        last = None
        for call_id, result in results:
            last = self.store.add_message(cid, m.Message("tool", result, tool_call_id=call_id))
        self._answer(cid, last, cs)

    def refresh_catalog(self, provider_id: str, force: bool = False) -> None:
        """Fetch a provider's model list in the background if the cached one is a day old (or now,
        with ``force``); ``catalogRefreshed`` says how it went."""
        if self.catalog is None:
            return

        async def run() -> None:
            from app.core.catalog import refresh

            try:
                p = self.resolve_provider(provider_id)
                cat = await refresh(self.client, p, self.keys.lookup(p)[0], self.catalog, force=force)
                self.catalogRefreshed.emit(provider_id, cat.error or "")
            except PonderError as e:
                # Offline, or no key yet: the cache (or the family table) serves meanwhile.
                self.catalogRefreshed.emit(provider_id, f"Could not fetch the model list: {e}")

        self.tasks.run(f"catalog:{provider_id}", run())

    # -- the stream -----------------------------------------------------------------------------

    def _answer(self, cid: str, parent_id: str | None, cs: ConversationSettings) -> None:
        if cid in self._live:
            self.stop(cid)
        mid = self.store.add_message(cid, m.Message("assistant"), parent_id=parent_id, status="streaming",
                                     model=cs.model, provider=cs.provider, settings={**cs.to_dict(), "model": cs.model})
        live = self._live[cid] = _Live(cid, mid)
        self.answerStarted.emit(cid, mid)
        self.tasks.run(f"chat:{cid}", self._run(live, cs))

    def _history(self, cid: str, upto: str) -> list[m.Message]:
        msgs = self.store.thread(cid, upto)
        return [
            sm.to_message() for sm in msgs[:-1]
            if not (sm.role == "assistant" and not (sm.content or sm.tool_calls or sm.refusal))
        ]

    async def _run(self, live: _Live, cs: ConversationSettings) -> None:
        import asyncio

        stream: "ChatStream | None" = None
        info = None
        rec: AnswerRecorder | None = None
        status = "done"
        error: dict[str, Any] | None = None
        try:
            history = self._history(live.cid, live.mid)
            provider = self.resolve_provider(cs.provider)
            key = self.keys.resolve(provider)
            settings = m.ChatSettings(model=cs.model, effort=cs.effort, system=cs.system, temperature=cs.temperature,
                                      max_tokens=cs.max_tokens, top_p=cs.top_p, tools=list(cs.tools),
                                      tool_choice=cs.tool_choice if cs.tools else None,
                                      parallel_tool_calls=cs.parallel_tool_calls if cs.tools else None)
            from app.core.catalog import fit, lookup

            info = lookup(self.catalog, cs.provider, cs.model, self.model_overrides)
            settings, fitted = fit(settings, info)
            if fitted:  # what the model would refuse is left out, and the answer says so
                live.notice = "; ".join(f"{p} not sent: {why}" for p, why in fitted)
            body = build_request(provider.dialect, settings, history).body
            stream = live.stream = self.client.stream(provider, key, body)
            rec = AnswerRecorder(self.store, live.mid, stream)
            n = 0
            async for ev in stream:
                if type(ev) is m.Retrying:
                    live.notice = f"{ev.reason}: retrying in {ev.delay_s:.0f} s"
                elif type(ev) is m.StreamFailed:
                    status = "error"
                live.dirty = True
                if not self._timer.isActive():
                    self._timer.start()
                rec.tick()
                n += 1
                if n % 20 == 0:
                    await asyncio.sleep(0)  # a burst must not starve the window
        except asyncio.CancelledError:
            status = "stopped"
        except PonderError as e:
            status = "error"
            error = {"code": getattr(e, "code", None), "message": str(e)}
        finally:
            self._live.pop(live.cid, None)
            try:
                if stream is not None and error is None and rec is not None:
                    from app.core.catalog import cost_of

                    rec.cost = cost_of(stream.result().usage, info)
                    rec.finish(status)
                else:
                    r = stream.result() if stream is not None else m.StreamResult()
                    r.error = r.error or error
                    self.store.save_answer(live.mid, r, status=status, timing=stream.timing() if stream else None)
            except StoreError:
                pass  # the answer is still on screen; the view says it was not saved
            self.answerFinished.emit(live.cid, live.mid)
            self.conversationsChanged.emit()

    def _flush(self) -> None:
        for live in list(self._live.values()):
            if not live.dirty or live.stream is None:
                continue
            live.dirty = False
            s = live.stream
            snap = s.state.snapshot()
            t = s.timing()
            self.progress.emit(Progress(
                live.cid, live.mid, snap.content or "", snap.reasoning or "",
                thinking=not snap.content and not snap.tool_calls and (bool(snap.reasoning) or s.state.in_reasoning),
                thinking_ms=t.get("thinking_ms"), tool_calls=snap.tool_calls, notice=live.notice,
            ))
            live.notice = None
