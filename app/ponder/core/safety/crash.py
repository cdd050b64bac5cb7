"""When Ponder itself fails: one line for the user, the details in a log file, no key anywhere.

A traceback is for the developers, not the person at the terminal: :func:`report` writes it to
the logs folder and returns the path for a one-line message. Everything written there is passed
through :func:`scrub_secrets`, which masks every key Ponder could know of (the API-key variables
of the environment, keys looked up in the keyring this run) and anything shaped like a bearer
token or a provider key.
"""

from __future__ import annotations

import logging
import os
import re
import time
import traceback
from pathlib import Path

from ponder.core.safety.redact import scrub

_KNOWN: set[str] = set()  # keys handed out this run (see remember); process-wide on purpose
_SHAPES = re.compile(r"(?i)(bearer\s+)[^\s\"']{8,}|\b(sk-[\w-]{12,}|[\w-]*api[_-]?key[\"'=:\s]+)[^\s\"',}]{8,}")


def remember(key: str | None) -> None:
    """A key that was read this run: masked in every log and crash report from now on."""
    if key and len(key) >= 8:
        _KNOWN.add(key)


def scrub_secrets(text: str) -> str:
    keys = set(_KNOWN)
    keys.update(v.strip() for k, v in os.environ.items() if k.endswith("_API_KEY") and len(v.strip()) >= 8)
    for key in keys:
        text = scrub(text, key)
    return _SHAPES.sub(lambda m: (m.group(1) or m.group(2) or "") + "[hidden]", text)


def report(exc: BaseException, logs: Path) -> Path | None:
    """Write ``exc``'s traceback to a new file under ``logs``; None if even that failed."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = logs / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as f:
            f.write(scrub_secrets(text))
        return path
    except OSError:
        return None


class _Scrubbing(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_secrets(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = scrub_secrets("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        return True


_HANDLER = "ponder"


def setup_logging(logs: Path) -> None:
    """Log to ``logs/ponder.log`` (owner-only, scrubbed), never to the terminal."""
    root = logging.getLogger()
    if any(h.get_name() == _HANDLER for h in root.handlers):
        return
    try:
        logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = logs / "ponder.log"
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", errors="replace")
    except OSError:
        handler = logging.NullHandler()  # a read-only disk: lose the log, not the program
    handler.addFilter(_Scrubbing())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name(_HANDLER)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)

