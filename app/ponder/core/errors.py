"""Typed errors. Each knows how to say what went wrong in words a user can act on.

    PonderError
    ├── ConfigError            something the user must set (a key, a model, a base URL)
    ├── NetworkError           could not reach the server, or the connection broke
    │   ├── StallError         no byte (not even a keep-alive) for too long
    │   └── InterruptedStream  the connection closed mid-answer (partial answer kept)
    ├── MalformedResponse      the server answered something that is not a chat completion
    └── ProviderError          the provider answered with an HTTP error before streaming
        ├── BadRequest (400)   .param names the offending parameter when the provider says
        ├── AuthError (401)
        ├── CreditsError (402)
        ├── Forbidden (403)
        ├── NotFound (404)
        ├── RequestTimeout (408)
        ├── RateLimited (429)  .retry_after (seconds) from Retry-After
        └── ServerError (5xx)

No message ever contains an API key: errors are built from status codes and provider bodies,
never from request headers.
"""

from __future__ import annotations

import re
from typing import Any

from ponder.core.words import say


class PonderError(Exception):
    """Base of every error Ponder expects. ``str(e)`` is the message for the user."""

    retryable: bool = False


class ConfigError(PonderError):
    pass


class NetworkError(PonderError):
    retryable = True


class StallError(NetworkError):
    retryable = False  # after minutes of silence, trying again blindly helps nobody


class InterruptedStream(NetworkError):
    retryable = False  # tokens already arrived: never retried automatically


class MalformedResponse(PonderError):
    pass


class ProviderError(PonderError):
    """An HTTP error status from the provider, with what its body said."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        provider: str = "the provider",
        code: int | str | None = None,
        param: str | None = None,
        type: str | None = None,
        retry_after: float | None = None,
        raw_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.provider = provider
        self.code = code
        self.param = param
        self.type = type
        self.retry_after = retry_after
        self.raw_message = raw_message if raw_message is not None else message


class BadRequest(ProviderError):
    pass


class AuthError(ProviderError):
    pass


class CreditsError(ProviderError):
    pass


class Forbidden(ProviderError):
    pass


class NotFound(ProviderError):
    pass


class RequestTimeout(ProviderError):
    retryable = True


class RateLimited(ProviderError):
    retryable = True


class ServerError(ProviderError):
    retryable = True


_PARAM_RE = re.compile(r"'([A-Za-z_][\w.]*)'")


def parse_error_body(body: bytes | str) -> dict[str, Any]:
    """The ``error`` object of an OpenAI-style error body, or {} when there is none.

    Accepts ``{"error": {...}}``, ``{"error": "text"}``, ``{"message": ...}`` and plain text.
    """
    import json

    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    text = body.strip()
    try:
        obj = json.loads(text) if text else None
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python will follow
        return {"message": text[:500]} if text else {}
    if isinstance(obj, dict):
        err = obj.get("error", obj)
        if isinstance(err, str):
            return {"message": err}
        if isinstance(err, dict):
            return err
    return {}


def error_code(value: Any) -> int | str | None:
    """An error's ``code`` as a server sent it, if it is one a user can read (text or a number)."""
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime
    from datetime import datetime, timezone

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def error_from_status(
    status: int,
    body: bytes | str,
    *,
    provider: str = "the provider",
    retry_after_header: str | None = None,
    secret: str | None = None,
) -> ProviderError:
    """Turn an HTTP error response into a typed error with an actionable message.

    ``secret`` (the key sent) is masked in whatever the body says, after it is decoded: a body
    may spell the key in JSON escapes that only decoding turns back into the key.
    """
    from ponder.core.safety.redact import scrub_json

    err = scrub_json(parse_error_body(body), secret)
    raw = str(err.get("message") or "").strip()
    code = error_code(err.get("code"))
    param = err.get("param") if isinstance(err.get("param"), str) else None
    etype = err.get("type") if isinstance(err.get("type"), str) else None
    meta = err.get("metadata") if isinstance(err.get("metadata"), dict) else {}
    retry_after = parse_retry_after(retry_after_header)
    detail = f": {raw}" if raw else ""
    kw: dict[str, Any] = dict(
        status=status, provider=provider, code=code, param=param, type=etype, raw_message=raw
    )

    if status == 400:
        if param is None and raw:
            m = _PARAM_RE.search(raw)
            if m and ("parameter" in raw.lower() or "unsupported" in raw.lower()):
                param = m.group(1)
                kw["param"] = param
        if param:
            return BadRequest(say("{provider} refused the parameter '{param}'").format(provider=provider, param=param) + detail, **kw)
        return BadRequest(say("{provider} refused the request").format(provider=provider) + detail, **kw)
    if status == 401:
        return AuthError(say("The key for {provider} was rejected: set a new one").format(provider=provider) + detail, **kw)
    if status == 402:
        return CreditsError(say("{provider} says the account is out of credits: top it up").format(provider=provider) + detail, **kw)
    if status == 403:
        return Forbidden(say("{provider} refused this request (moderation or permissions)").format(provider=provider) + detail, **kw)
    if status == 404:
        return NotFound(
            say("{provider} does not know this model or address: check the model name").format(provider=provider) + detail, **kw
        )
    if status == 408:
        return RequestTimeout(say("{provider} timed out before answering").format(provider=provider) + detail, **kw)
    if status == 429:
        said = (say("Rate limited by {provider} (retry in {s:.0f} s)") if retry_after is not None
                else say("Rate limited by {provider}")).format(provider=provider, s=retry_after)
        return RateLimited(said + detail, retry_after=retry_after, **kw)
    if status >= 500:
        kind = meta.get("error_type") if isinstance(meta, dict) else None
        unavailable = status in (502, 503) or kind == "provider_unavailable"
        return ServerError(
            (say("{provider} is unavailable (HTTP {status})") if unavailable else say("{provider} failed (HTTP {status})")).format(
                provider=provider, status=status) + detail, retry_after=retry_after, **kw
        )
    return ProviderError(say("{provider} answered HTTP {status}").format(provider=provider, status=status) + detail, **kw)
