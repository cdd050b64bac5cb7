"""Value types shared by the core, the services and the UI.

Stream events are small frozen dataclasses: the UI receives these, never raw JSON dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Union

# ---------------------------------------------------------------------------------------------
# What goes out


@dataclass(slots=True)
class ImagePart:
    """An image already encoded for the wire (downscaling is the caller's job)."""

    data: bytes
    mime: str = "image/png"  # or application/pdf: sent as a file part where the provider takes one
    detail: Literal["auto", "low", "high"] | None = None
    filename: str | None = None

    @classmethod
    def asked(cls, data: bytes, mime: str, detail: str | None, filename: str | None = None) -> "ImagePart":
        """An attachment as it goes out, the one place the detail rule lives: only an image (not a
        PDF) carries a detail, and only "low" or "high" ("auto" is the provider's default: not sent)."""
        d: Literal["low", "high"] | None = "low" if detail == "low" else "high" if detail == "high" else None
        return cls(data, mime, d if mime != "application/pdf" else None, filename)

    def data_url(self) -> str:
        import base64

        return f"data:{self.mime};base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(slots=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # raw JSON text as the model produced it
    type: str = "function"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "arguments": self.arguments}


Role = Literal["system", "user", "assistant", "tool"]


def finite_number(v: Any) -> bool:
    """A number as JSON from elsewhere may hold it: not a bool, not NaN, not infinite."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


@dataclass(slots=True)
class Message:
    """One turn of a conversation as Ponder keeps it (provider-neutral)."""

    role: Role
    content: str | None = None
    images: list[ImagePart] = field(default_factory=list)
    # assistant turns
    reasoning: str | None = None
    reasoning_details: list[dict[str, Any]] | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    refusal: str | None = None
    # tool turns
    tool_call_id: str | None = None


@dataclass(slots=True)
class ChatSettings:
    """What the user chose for a conversation's answers: the one settings type, from the window's
    controls and ``ponder ask``'s flags, through the history, to the request. None means "not
    sent; the provider's default"."""

    model: str
    provider: str = ""  # the provider's id ("openrouter"); the dialect comes from it
    effort: str | None = None  # none, minimal, low, medium, high, xhigh, max
    reasoning_budget: int | None = None  # reasoning max_tokens, where a dialect takes one
    system: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    seed: int | None = None
    stop: list[str] | None = None
    tools: list[dict[str, Any]] = field(default_factory=list)  # OpenAI function-tool objects
    tool_choice: str | dict[str, Any] | None = None  # auto, none, required, or a named tool
    parallel_tool_calls: bool | None = None
    response_format: dict[str, Any] | None = None  # {"type": "json_object"} or {"type": "json_schema", ...}
    logit_bias: dict[str, float] | None = None  # token id -> bias, -100 to 100
    logprobs: int | None = None  # log probabilities asked for: the top N alternatives of each token (0: none)
    # Web search: {"on": True, "max_results": N, "context": "low"|"medium"|"high"} (OpenRouter's web plugin,
    # web_search_options where the model takes it); None: off
    web: dict[str, Any] | None = None
    # OpenRouter's routing: {"order", "only", "ignore": [provider names], "allow_fallbacks": bool,
    # "sort": "price"|"throughput"|"latency", "data_collection": "deny"|"allow", "zdr": bool}
    routing: dict[str, Any] | None = None
    fallback_models: list[str] | None = None  # OpenRouter: tried in order if the model fails
    image_size: str | None = None  # balanced (None), small or original: how attached images are sent
    image_detail: str | None = None  # auto (None), low or high: the detail asked of the provider
    # MCP tools offered: "server" (all its tools) or "server/tool" (core/mcp/rounds.py); their
    # definitions are fetched from the servers for each request, not kept
    mcp: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # merged last, verbatim

    # What a conversation keeps of its settings (its `settings` column). Only these are read back:
    # a history file may come from anywhere, and `extra` (merged into the body verbatim) is never
    # taken from one.
    # What Advanced ▸ Parameters… sets (kept with the conversation like the rest of STORED)
    ADVANCED = ("seed", "stop", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "response_format",
                "web", "routing", "fallback_models")
    STORED = ("effort", "system", "temperature", "max_tokens", "top_p", "tools", "tool_choice",
              "parallel_tool_calls", "image_size", "image_detail", "mcp", "seed", "stop", "frequency_penalty",
              "presence_penalty", "response_format", "logit_bias", "logprobs", "web", "routing", "fallback_models")

    def to_dict(self) -> dict[str, Any]:
        """The stored form: what is set of STORED (a default, None or no tools, is not written)."""
        return {k: v for k in self.STORED if (v := getattr(self, k)) not in (None, [])}

    @classmethod
    def from_dict(cls, provider: str, model: str, settings: dict[str, Any]) -> "ChatSettings":
        """A conversation's settings as stored (see STORED; anything else is ignored)."""
        return cls(model, provider, **{k: settings[k] for k in cls.STORED if k in settings})


@dataclass
class ModelInfo:
    """What is known of one model (core/providers/catalog.py fills it from a provider's list, the family
    table and the user's overrides)."""

    id: str
    provider: str
    name: str = ""
    context_length: int | None = None
    max_output: int | None = None
    # USD per token; None = unknown (never "free" by accident)
    prompt_price: float | None = None
    completion_price: float | None = None
    cache_read_price: float | None = None
    request_price: float | None = None
    vision: bool | None = None  # None = unknown
    tools: bool | None = None
    reasoning: bool | None = None
    efforts: list[str] | None = None  # levels it takes, highest first; None = unknown or all
    reasoning_mandatory: bool = False
    supported_parameters: list[str] | None = None  # None = unknown: send what the user set
    token_field: str | None = None  # "max_completion_tokens" where the model demands it
    source: str = "list"  # "catalog" (the provider described it), "family" (our table), "list"

    def takes(self, param: str) -> bool | None:
        """Does the model take this request parameter? None if nobody says."""
        if self.supported_parameters is None:
            return None
        aliases = {"max_tokens": ("max_tokens", "max_completion_tokens"), "reasoning_effort": ("reasoning", "reasoning_effort")}
        return any(p in self.supported_parameters for p in aliases.get(param, (param,)))

    def matches(self, text: str) -> bool:
        t = text.lower()
        caps = " ".join(c for c, on in (("vision", self.vision), ("tools", self.tools), ("reasoning", self.reasoning)) if on)
        return all(w in f"{self.id} {self.name} {self.provider} {caps}".lower() for w in t.split())


class Adjustment(NamedTuple):
    """A setting the model or the dialect would not take as asked: left out (``sent`` None), or
    ``sent`` another value instead. The window and the terminal both say it to the user."""

    param: str
    why: str  # "o3 does not take temperature"
    sent: str | None = None  # the value sent instead, if one was

    def __str__(self) -> str:
        if self.sent is None:
            return f"{self.param} not sent: {self.why}"
        return f"{self.param}: {self.why}: sent {self.sent}"


# ---------------------------------------------------------------------------------------------
# What comes back: events, emitted as a stream is parsed


@dataclass(frozen=True, slots=True)
class ContentDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ContentWasReasoning:
    """A lone ``</think>`` arrived: the answer text shown so far was reasoning all along.

    ``text`` is that text, already moved to the reasoning; the live view should clear its answer.
    """

    text: str


@dataclass(frozen=True, slots=True)
class RefusalDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    index: int
    id: str | None
    name: str | None
    arguments: str  # the fragment that arrived


@dataclass(frozen=True, slots=True)
class AnnotationsAdded:
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class UsageUpdated:
    usage: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Finished:
    reason: str


@dataclass(frozen=True, slots=True)
class StreamFailed:
    """The provider reported an error inside the stream (HTTP 200). The partial answer stays."""

    code: int | str | None
    message: str


@dataclass(frozen=True, slots=True)
class Retrying:
    """Emitted by the client before it retries a request that failed before any token."""

    attempt: int  # the attempt about to start, 2..max
    delay_s: float
    reason: str


StreamEvent = Union[
    ContentDelta,
    ReasoningDelta,
    ContentWasReasoning,
    RefusalDelta,
    ToolCallDelta,
    AnnotationsAdded,
    UsageUpdated,
    Finished,
    StreamFailed,
    Retrying,
]


@dataclass(slots=True)
class StreamResult:
    """The end state of one answer (or the state so far, for a partial one)."""

    content: str | None = None
    reasoning: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    error: dict[str, Any] | None = None  # {code, message}
    annotations: list[dict[str, Any]] = field(default_factory=list)
    reasoning_details: list[dict[str, Any]] | None = None
    timings: dict[str, Any] | None = None
    # each answer token's log probability, where asked: {"token", "logprob", "top": [[token, logprob], ...]}
    logprobs: list[dict[str, Any]] | None = None
    http_status: int | None = None
    retry_after_s: float | None = None
    # [offset, ms] of each step title in the reasoning as it arrived (answers/steps.py); Ponder's own
    reasoning_steps: list[list[float]] | None = None
    # envelope facts, not part of the end-state JSON
    model: str | None = None
    response_id: str | None = None
    provider: str | None = None
    done: bool = False  # saw [DONE]

    def to_json(self) -> dict[str, Any]:
        """The end state with the keys of shared/streams/README.md; optional keys only when set."""
        out: dict[str, Any] = {
            "content": self.content,
            "reasoning": self.reasoning,
            "refusal": self.refusal,
            "tool_calls": [t.to_dict() for t in self.tool_calls],
            "finish_reason": self.finish_reason,
            "usage": self.usage,
            "error": self.error,
            "annotations": self.annotations,
        }
        if self.reasoning_details is not None:
            out["reasoning_details"] = self.reasoning_details
        if self.timings is not None:
            out["timings"] = self.timings
        if self.logprobs is not None:
            out["logprobs"] = self.logprobs
        if self.http_status is not None:
            out["http_status"] = self.http_status
        if self.retry_after_s is not None:
            ra = self.retry_after_s
            out["retry_after_s"] = int(ra) if float(ra).is_integer() else ra
        return out

    def to_message(self) -> Message:
        """The assistant turn to keep in history and re-send."""
        return Message(
            role="assistant",
            content=self.content,
            reasoning=self.reasoning,
            reasoning_details=self.reasoning_details,
            tool_calls=list(self.tool_calls),
            refusal=self.refusal,
        )


@dataclass(slots=True)
class Frame:
    """Where a streaming answer stands, for a view that draws about 30 times a second
    (pipeline.Answer.frame)."""

    content: str  # the answer so far (a snapshot: the view renders the growing text)
    reasoning: str
    reset: bool  # a lone </think> since the last frame: the answer shown so far was reasoning
    thinking: bool  # reasoning and no answer or tool call yet: decided here, and only here
    thinking_since: float | None  # time.perf_counter() when reasoning began: the one clock
    thinking_ms: float | None
    tool_calls: list[ToolCall]
    steps: list[list[float]] = field(default_factory=list)  # [offset, ms] of each step title so far
