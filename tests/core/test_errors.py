from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from ponder.core import errors as E


@pytest.mark.parametrize(
    "status,cls,words",
    [
        (401, E.AuthError, "The key for OpenRouter was rejected: set a new one"),
        (402, E.CreditsError, "out of credits"),
        (403, E.Forbidden, "moderation"),
        (404, E.NotFound, "check the model name"),
        (408, E.RequestTimeout, "timed out"),
        (500, E.ServerError, "failed (HTTP 500)"),
        (502, E.ServerError, "is unavailable"),
        (503, E.ServerError, "is unavailable"),
    ],
)
def test_status_to_typed_error(status: int, cls: type, words: str) -> None:
    e = E.error_from_status(status, b'{"error":{"code":%d,"message":"upstream says no"}}' % status, provider="OpenRouter")
    assert type(e) is cls and words in str(e) and "upstream says no" in str(e)
    assert e.status == status and e.code == status


def test_400_names_the_parameter() -> None:
    body = b'{"error":{"message":"Unsupported parameter: \'max_tokens\' is not supported with this model.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}'
    e = E.error_from_status(400, body, provider="OpenAI")
    assert isinstance(e, E.BadRequest) and e.param == "max_tokens" and "'max_tokens'" in str(e)
    # No `param` field: found in the message.
    e = E.error_from_status(400, b'{"error":{"message":"Unsupported value: \'temperature\' does not support 0.2"}}')
    assert e.param == "temperature"


def test_429_retry_after_seconds_and_date() -> None:
    e = E.error_from_status(429, b'{"error":{"code":429,"message":"Rate limit exceeded"}}', provider="OpenRouter", retry_after_header="20")
    assert isinstance(e, E.RateLimited) and e.retry_after == 20 and "retry in 20 s" in str(e)
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=90), usegmt=True)
    assert 80 < (E.parse_retry_after(when) or 0) <= 90
    assert E.parse_retry_after("soon") is None


def test_odd_bodies() -> None:
    assert E.parse_error_body(b"<html>Bad Gateway</html>") == {"message": "<html>Bad Gateway</html>"}
    assert E.parse_error_body('{"error":"plain"}') == {"message": "plain"}
    assert E.parse_error_body(b"") == {}
    e = E.error_from_status(502, b"<html>Bad Gateway</html>", provider="X")
    assert "X is unavailable (HTTP 502)" in str(e)
    assert E.error_from_status(418, b"", provider="X").status == 418


def test_retryable_kinds() -> None:
    assert E.RateLimited("x", status=429).retryable and E.ServerError("x", status=503).retryable
    assert not E.AuthError("x", status=401).retryable and not E.BadRequest("x", status=400).retryable
    assert E.NetworkError("x").retryable and not E.StallError("x").retryable
