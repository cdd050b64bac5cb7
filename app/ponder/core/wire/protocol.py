"""Build a chat-completions request body for a provider's dialect (shared/docs/protocol.md).

What differs between dialects, and where it is decided here:
- reasoning effort: OpenRouter's ``reasoning`` object, ``reasoning_effort`` (OpenAI, ZenMux,
  AIgateway, Ollama, LM Studio), DeepSeek's ``thinking`` + ``reasoning_effort``, and
  ``chat_template_kwargs`` for llama.cpp and vLLM (``_effort``);
- the token limit: ``max_completion_tokens`` (OpenAI, ZenMux) or ``max_tokens`` (``_TOKEN_FIELD``);
- ``stream_options.include_usage``: everywhere but OpenRouter, which always sends usage;
- reasoning sent back in history only where and how the provider expects it (``_assistant``).

What a dialect cannot take is left out and recorded in ``BuiltRequest.dropped`` with the reason,
so the UI can say so instead of letting the provider fail with HTTP 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ponder.core.models import Adjustment, ChatSettings, Message
from ponder.core.words import N_, say

EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
# The levels as the window names them: English keeps the API's words, another language its own.
EFFORT_NAMES = {"none": N_("none"), "minimal": N_("minimal"), "low": N_("low"), "medium": N_("medium"), "high": N_("high"),
                "xhigh": N_("xhigh"), "max": N_("max")}


def effort_name(level: str) -> str:
    """A reasoning effort as the user reads it (a level Ponder does not know: as written)."""
    return say(EFFORT_NAMES[level]) if level in EFFORT_NAMES else level

_TOKEN_FIELD = {"openai": "max_completion_tokens", "zenmux": "max_completion_tokens"}

# OpenAI reasoning models take no sampling parameters (HTTP 400 "Unsupported value").
_OPENAI_REASONING = re.compile(r"^(?:openai/)?(?:o\d|gpt-5)(?!.*-chat)", re.IGNORECASE)
_SAMPLING = ("temperature", "top_p", "frequency_penalty", "presence_penalty")


@dataclass(slots=True)
class BuiltRequest:
    body: dict[str, Any]
    dropped: list[Adjustment] = field(default_factory=list)  # what was left out or changed, and why


def nearest_effort(effort: str, allowed: tuple[str, ...]) -> str | None:
    """The supported level closest to ``effort`` (ties go up); None if ``none`` is unsupported."""
    if effort in allowed:
        return effort
    if effort == "none" or effort not in EFFORTS:
        return None
    want = EFFORTS.index(effort)
    best = None
    for level in allowed:
        if level == "none":
            continue
        d = abs(EFFORTS.index(level) - want)
        if best is None or d < best[0] or (d == best[0] and EFFORTS.index(level) > best[1]):
            best = (d, EFFORTS.index(level))
    return EFFORTS[best[1]] if best else None


_OFFERED = {
    "openrouter": ("none", "minimal", "low", "medium", "high", "xhigh"),
    "deepseek": ("none", "low", "high", "max"),
    "llamacpp": ("none", "low", "medium", "high"),
    "vllm": ("none", "low", "medium", "high"),
}


def effort_levels(dialect: str) -> tuple[str, ...]:
    """The effort levels to offer for a dialect (per-model levels come from the catalog)."""
    return _OFFERED.get(dialect) or _LEVELS.get(dialect, EFFORTS)


def efforts_for(dialect: str, info: Any = None) -> tuple[str, ...]:
    """The levels to offer for a model, the one answer every control uses (the settings bar, the
    comparison's columns): none for a model known not to reason, its own levels where the catalog
    lists them, else what its provider's dialect takes. ``info`` is a catalog.ModelInfo or None."""
    if info is not None and info.reasoning is False:
        return ()
    if info is not None and info.efforts:
        return tuple(info.efforts)
    return effort_levels(dialect)


def is_openai_reasoning_model(model: str) -> bool:
    return bool(_OPENAI_REASONING.match(model))


def build_request(
    dialect: str,
    settings: ChatSettings,
    messages: list[Message],
    *,
    stream: bool = True,
) -> BuiltRequest:
    """The JSON body for ``POST /chat/completions``."""
    s = settings
    dropped: list[Adjustment] = []
    wire: list[dict[str, Any]] = []
    if s.system:
        wire.append({"role": "system", "content": s.system})
    wire.extend(_message(m, dialect) for m in messages)
    body: dict[str, Any] = {"model": s.model, "messages": wire, "stream": stream}
    if stream and dialect != "openrouter":
        # OpenRouter always sends usage; its include_usage is deprecated and has no effect.
        body["stream_options"] = {"include_usage": True}

    _effort(dialect, s, body, dropped)

    if s.max_tokens is not None:
        body[_TOKEN_FIELD.get(dialect, "max_tokens")] = s.max_tokens

    no_sampling = dialect == "openai" and is_openai_reasoning_model(s.model)
    for name in _SAMPLING:
        value = getattr(s, name)
        if value is None:
            continue
        if no_sampling:
            dropped.append(Adjustment(name, f"{s.model} takes no {name} (OpenAI reasoning model)"))
        else:
            body[name] = value
    if s.seed is not None:
        body["seed"] = s.seed
    if s.stop:
        body["stop"] = list(s.stop)
    # OpenAI's reasoning models refuse log probabilities and token biases as they refuse sampling.
    if s.logit_bias:
        if no_sampling:
            dropped.append(Adjustment("logit_bias", say("{model} takes no logit_bias (OpenAI reasoning model)").format(model=s.model)))
        else:
            body["logit_bias"] = dict(s.logit_bias)
    if s.logprobs is not None:
        if no_sampling:
            dropped.append(Adjustment("logprobs", say("{model} gives no log probabilities (OpenAI reasoning model)").format(model=s.model)))
        else:
            body["logprobs"] = True
            if s.logprobs > 0:
                body["top_logprobs"] = min(20, s.logprobs)

    if s.tools:
        body["tools"] = [_tool(t) for t in s.tools]
        if s.tool_choice is not None:
            body["tool_choice"] = _tool_choice(s.tool_choice)
        if s.parallel_tool_calls is not None:
            body["parallel_tool_calls"] = s.parallel_tool_calls
    elif s.tool_choice is not None or s.parallel_tool_calls is not None:
        dropped.append(Adjustment("tool_choice", say("no tools are switched on")))
    if s.response_format is not None:
        body["response_format"] = s.response_format
    _web(dialect, s, body, dropped)
    _routing(dialect, s, body, dropped)
    body.update(s.extra)
    return BuiltRequest(body, dropped)


# -- web search and routing ---------------------------------------------------------------------

_ROUTING_LISTS = ("order", "only", "ignore")
SORTS = ("price", "throughput", "latency")


def _web(dialect: str, s: ChatSettings, body: dict[str, Any], dropped: list[Adjustment]) -> None:
    """OpenRouter: its web plugin (any model), and web_search_options for models that search
    themselves; OpenAI: web_search_options (its search models)."""
    if not s.web:
        return
    context = s.web.get("context")
    if dialect == "openrouter":
        plugin: dict[str, Any] = {"id": "web"}
        if isinstance(s.web.get("max_results"), int):
            plugin["max_results"] = s.web["max_results"]
        body["plugins"] = [plugin]
        if context in ("low", "medium", "high"):
            body["web_search_options"] = {"search_context_size": context}
    elif dialect == "openai":
        body["web_search_options"] = {"search_context_size": context} if context in ("low", "medium", "high") else {}
    else:
        dropped.append(Adjustment("web search", say("the {dialect} dialect has no web search (OpenRouter and OpenAI do)").format(dialect=dialect)))


def _routing(dialect: str, s: ChatSettings, body: dict[str, Any], dropped: list[Adjustment]) -> None:
    """OpenRouter's provider preferences (``provider``) and fallback models (``models``)."""
    if not (s.routing or s.fallback_models):
        return
    if dialect != "openrouter":
        dropped.append(Adjustment("provider routing", say("only OpenRouter routes between providers and models")))
        return
    r = s.routing or {}
    prefs: dict[str, Any] = {}
    for k in _ROUTING_LISTS:
        if isinstance(r.get(k), list) and r[k]:
            prefs[k] = [str(x) for x in r[k]]
    if isinstance(r.get("allow_fallbacks"), bool):
        prefs["allow_fallbacks"] = r["allow_fallbacks"]
    if r.get("sort") in SORTS:
        prefs["sort"] = r["sort"]
    if r.get("data_collection") in ("deny", "allow"):
        prefs["data_collection"] = r["data_collection"]
    if r.get("zdr") is True:
        prefs["zdr"] = True
    if prefs:
        body["provider"] = prefs
    if s.fallback_models:
        body["models"] = list(dict.fromkeys([s.model, *s.fallback_models]))


# -- reasoning effort ---------------------------------------------------------------------------

_DEEPSEEK = {"minimal": "low", "low": "low", "medium": "high", "high": "high", "xhigh": "high", "max": "max"}
_LEVELS = {
    "openai": EFFORTS,
    "generic": EFFORTS,
    "ollama": EFFORTS,  # Ollama maps each to its native ``think`` itself
    "zenmux": ("none", "minimal", "low", "medium", "high", "xhigh"),
    "aigateway": ("low", "medium", "high"),
    "lmstudio": ("low", "medium", "high"),
}


def _effort(dialect: str, s: ChatSettings, body: dict[str, Any], dropped: list[Adjustment]) -> None:
    e = s.effort
    if e is not None and e not in EFFORTS:
        dropped.append(Adjustment("effort", say("unknown reasoning effort '{effort}'").format(effort=e)))
        e = None
    budget = s.reasoning_budget
    if e is None and budget is None:
        return
    if dialect == "openrouter":
        # Either effort or max_tokens, never both (OpenRouter's rule).
        body["reasoning"] = {"max_tokens": budget} if budget is not None else {"effort": e}
        return
    if dialect == "zenmux" and budget is not None:
        body["reasoning"] = {"max_tokens": budget}
        return
    if budget is not None:
        dropped.append(Adjustment("reasoning_budget", say("the {dialect} dialect takes an effort level, not a budget").format(dialect=dialect)))
        if e is None:
            return
    assert e is not None
    if dialect == "deepseek":
        if e == "none":
            body["thinking"] = {"type": "disabled"}
        else:
            body["thinking"] = {"type": "enabled"}
            body["reasoning_effort"] = _DEEPSEEK[e]
        return
    if dialect in ("llamacpp", "vllm"):
        # Chat templates read these (Qwen3: enable_thinking; gpt-oss: reasoning_effort) and
        # ignore what they do not use.
        kwargs = body.setdefault("chat_template_kwargs", {})
        kwargs["enable_thinking"] = e != "none"
        if e != "none":
            kwargs["reasoning_effort"] = nearest_effort(e, ("low", "medium", "high"))
        return
    level = nearest_effort(e, _LEVELS.get(dialect, EFFORTS))
    if level is None:
        dropped.append(Adjustment("reasoning_effort", say("the {dialect} dialect cannot turn reasoning off").format(dialect=dialect)))
        return
    if level != e:
        dropped.append(Adjustment("reasoning_effort", say("'{effort}' is not offered").format(effort=e), level))
    body["reasoning_effort"] = level


# -- messages -----------------------------------------------------------------------------------


def _message(m: Message, dialect: str) -> dict[str, Any]:
    if m.role == "tool":
        return {"role": "tool", "tool_call_id": m.tool_call_id or "", "content": m.content or ""}
    if m.role == "assistant":
        return _assistant(m, dialect)
    if m.images and m.role == "user":
        # Text first, then the images (OpenRouter's and OpenAI's guidance).
        parts: list[dict[str, Any]] = [{"type": "text", "text": m.content or ""}]
        for img in m.images:
            if img.mime == "application/pdf":  # OpenRouter's and OpenAI's file part
                parts.append({"type": "file", "file": {"filename": img.filename or "document.pdf", "file_data": img.data_url()}})
                continue
            url: dict[str, Any] = {"url": img.data_url()}
            if img.detail:
                url["detail"] = img.detail
            parts.append({"type": "image_url", "image_url": url})
        return {"role": "user", "content": parts}
    return {"role": m.role, "content": m.content or ""}


def _assistant(m: Message, dialect: str) -> dict[str, Any]:
    out: dict[str, Any] = {"role": "assistant"}
    content = m.content if m.content is not None else m.refusal
    if m.tool_calls:
        out["content"] = content or None
        out["tool_calls"] = [
            {"id": t.id, "type": "function", "function": {"name": t.name, "arguments": t.arguments}}
            for t in m.tool_calls
        ]
    else:
        out["content"] = content or ""
    if dialect in ("openrouter", "zenmux"):
        # Sent back unmodified so models like Claude can go on reasoning after tool results.
        if m.reasoning_details:
            out["reasoning_details"] = m.reasoning_details
    elif dialect == "deepseek":
        # DeepSeek's thinking mode demands reasoning_content on turns with tool calls (HTTP 400
        # otherwise) and its older models reject it elsewhere.
        if m.tool_calls:
            out["reasoning_content"] = m.reasoning or ""
    # Everyone else: reasoning is not sent back (AIgateway says so; local templates re-inject it).
    return out


def _tool(t: dict[str, Any]) -> dict[str, Any]:
    if t.get("type") == "function" and isinstance(t.get("function"), dict):
        return t
    return {"type": "function", "function": t}


def _tool_choice(choice: str | dict[str, Any]) -> str | dict[str, Any]:
    if isinstance(choice, dict) or choice in ("auto", "none", "required"):
        return choice
    return {"type": "function", "function": {"name": choice}}
