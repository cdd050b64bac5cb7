"""Test set-up shared by every test: headless Qt, and the sample streams."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

# Before any QApplication exists: without a display Qt would abort (shared/docs/stack.md §2).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests never touch the user's own history, settings or keys: every Ponder process they start
# (and this one) keeps its files in a throw-away folder unless a test names another.
_HOME = tempfile.mkdtemp(prefix="ponder-test-home-")
os.environ["PONDER_HOME"] = _HOME
atexit.register(shutil.rmtree, _HOME, True)

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the repository (CI clones it there); PONDER_SHARED overrides.
SHARED = Path(os.environ.get("PONDER_SHARED", ROOT.parent / "shared"))
STREAMS = SHARED / "streams"
VENDORED_STREAMS = ROOT / "tests" / "data" / "streams"


def stream_cases() -> list[tuple[str, Path, Path]]:
    """(name, input file, expected file) for every sample stream: the copy in tests/data, plus
    any case in shared/streams (whose version wins), so new samples are tested when they land."""
    cases: dict[str, tuple[Path, Path]] = {}
    for folder in (VENDORED_STREAMS, STREAMS):
        if not folder.is_dir():
            continue
        for exp in sorted(folder.glob("*.expected.json")):
            name = exp.name[: -len(".expected.json")]
            for ext in (".sse", ".http"):
                src = folder / (name + ext)
                if src.exists():
                    cases[name] = (src, exp)
    return [(n, s, e) for n, (s, e) in sorted(cases.items())]


@pytest.fixture(scope="module")
def demo() -> "Iterator[object]":
    """The demo provider in a thread, for tests that run Ponder as a separate process.

    (tests/ui has its own `demo` on the test's loop: a Python thread beside Qt objects is unsafe.)
    """
    from ponder.demo.server import DemoServer

    server = DemoServer(tps=0)
    server.start_in_thread()
    yield server
    server.stop_thread()
