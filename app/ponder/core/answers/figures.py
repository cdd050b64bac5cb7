"""The figures under an answer, in one place for the terminal and the window."""

from __future__ import annotations

from typing import Any

from ponder.core.words import N_, say


def usd(v: float) -> str:
    """A cost as people read it: two significant digits under a cent ($0.000027), cents to four
    places ($0.0123), dollars to two ($1.25); never "$0.0000" for something that cost a little."""
    if v == 0:
        return "$0"
    if v < 0:
        return "-" + usd(-v)
    if v >= 1:
        return f"${v:,.2f}"
    if v >= 0.01:
        return f"${v:.4f}"
    s = f"{v:.2g}"
    if "e" in s:  # 2.7e-05 -> 0.000027: as many places as the exponent, one more for a second digit
        mant, exp = s.split("e")
        s = f"{v:.{-int(exp) + ('.' in mant)}f}"
    return "$" + s


def tokens_per_second(tokens: float | None, ttft_ms: float | None, total_ms: float | None) -> float | None:
    """Tokens over the time they took to arrive, from the first to the last: the wait for the
    first token is a figure of its own, and a fast model behind a slow queue is still fast."""
    if not isinstance(tokens, (int, float)) or tokens <= 0 or not total_ms or ttft_ms is None or total_ms <= ttft_ms:
        return None
    return tokens / ((total_ms - ttft_ms) / 1000)


def answered_by(asked: str | None, served: dict[str, Any] | None) -> str:
    """The model asked for, and who answered where a gateway says so: "openai/gpt-4o via Azure
    (gpt-4o-2024-08-06)" (a fallback model, or the exact version, in the brackets)."""
    s = served or {}
    model, provider = s.get("model"), s.get("provider")
    out = asked or (model if isinstance(model, str) else "") or ""
    if isinstance(provider, str) and provider:
        out += f" via {provider[:60]}"
    if isinstance(model, str) and model and asked and model != asked and model.split("/")[-1] != asked.split("/")[-1]:
        out += f" ({model[:80]})"
    return out


def _n(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else ("?" if v is None else str(v))


def cached_tokens(usage: dict[str, Any] | None) -> int | None:
    """Prompt tokens read from the provider's cache: OpenAI's and OpenRouter's
    ``prompt_tokens_details.cached_tokens``, DeepSeek's ``prompt_cache_hit_tokens``."""
    u = usage or {}
    v = (u.get("prompt_tokens_details") or {}).get("cached_tokens") if isinstance(u.get("prompt_tokens_details"), dict) else None
    if v is None:
        v = u.get("prompt_cache_hit_tokens")
    return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else None


# Why an answer ended, as the APIs name it: in English the codes stay as users know them from the
# APIs; another language says them in its words.
FINISH_REASONS = (N_("stop"), N_("length"), N_("tool_calls"), N_("content_filter"), N_("error"))


def finish(reason: str) -> str:
    """A finish reason as the user reads it (a code Ponder does not know: as the server sent it)."""
    return say(reason) if reason in FINISH_REASONS else reason


def figures(model: str | None, ttft_ms: float | None, total_ms: float | None, usage: dict[str, Any] | None,
            cost: float | None, finish_reason: str | None, *, say_unknown: bool = False) -> list[str]:
    """Model, time to first token, tokens/s, tokens in/out (reasoning), cost, finish reason.

    ``say_unknown`` writes "cost unknown" and "unfinished" instead of leaving them out. In the
    window's language where it set one (core/words.say); the terminal's stay English.
    """
    bits = [model or ""]
    if ttft_ms is not None:
        bits.append(say("first token {s:.2f} s").format(s=ttft_ms / 1000))
    u = usage or {}
    comp = u.get("completion_tokens")
    if (tps := tokens_per_second(comp, ttft_ms, total_ms)) is not None:
        bits.append(say("{tps:.0f} tokens/s").format(tps=tps))
    if u:
        r = (u.get("completion_tokens_details") or {}).get("reasoning_tokens")
        cached = cached_tokens(u)
        text = say("{n} in").format(n=_n(u.get("prompt_tokens")))
        if cached:
            text += " " + say("({n:,} cached)").format(n=cached)
        text += " / " + say("{n} out").format(n=_n(comp))
        if r:
            text += " " + say("({n:,} reasoning)").format(n=r)
        bits.append(text)
    if cost is not None:
        bits.append(usd(cost))
    elif say_unknown:
        bits.append(say("cost unknown"))
    if finish_reason or say_unknown:
        bits.append(finish(finish_reason) if finish_reason else say("unfinished"))
    return [b for b in bits if b]
