"""When Ponder itself fails: one line for the user, the details in a file, and no key in either."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ponder.core.safety.crash import remember, report, scrub_secrets, setup_logging

KEY = "sk-or-v1-crashkey-0123456789abcdef"


def test_a_crash_report_holds_the_traceback_and_no_key(tmp_path: Path) -> None:
    remember(KEY)
    try:
        {"Authorization": f"Bearer {KEY}"}["missing " + KEY]
    except KeyError as e:
        path = report(e, tmp_path / "logs")
    assert path is not None and (path.stat().st_mode & 0o777) == 0o600
    text = path.read_text()
    assert "Traceback" in text and "KeyError" in text and "test_crash.py" in text
    assert KEY not in text and KEY[10:] not in text


def test_keys_shaped_like_keys_are_hidden_even_unknown(monkeypatch: Any) -> None:
    monkeypatch.setenv("SOMEONE_API_KEY", "zz-unseen-value-123456789")
    out = scrub_secrets("Bearer abcdefghijklmnop; sk-proj-AAAABBBBCCCCDDDD; key zz-unseen-value-123456789")
    assert "abcdefghijklmnop" not in out and "AAAABBBBCCCCDDDD" not in out and "zz-unseen-value" not in out


def test_logs_go_to_a_scrubbed_file_not_the_terminal(tmp_path: Path, capsys: Any) -> None:
    remember(KEY)
    root = logging.getLogger()
    before = list(root.handlers)
    setup_logging(tmp_path)
    try:
        try:
            raise RuntimeError(f"the server said {KEY}")
        except RuntimeError:
            logging.getLogger("ponder.test").exception("answer %s failed with %s", "m1", KEY)
    finally:
        for h in root.handlers[len(before):]:
            h.close()
            root.removeHandler(h)
    text = (tmp_path / "ponder.log").read_text()
    assert "answer m1 failed" in text and "RuntimeError" in text and KEY not in text
    assert KEY not in capsys.readouterr().err
