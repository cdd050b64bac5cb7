"""The transcript of a long conversation, in the real window, offscreen. Prints:

- opening a stored conversation of 10,000 messages, to first paint (goal < 300 ms), and memory
  when idle after that (goal < 250 MiB RSS);
- reading a conversation of 1,000 messages from its end to its start a page at a time (Page Up
  key presses, the garbage collector run as the app runs it):
  each step's time until the window is idle again (goal < 100 ms, flat from the first step to
  the last; before the transcript built only what is near the viewport, the same reading took
  24 presses of "Show earlier messages", 113 ms the first and 648 ms the last).

    python bench/transcript.py [--messages 1000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(store, n: int, title: str) -> str:  # type: ignore[no-untyped-def]
    from ponder.core.models import Message, StreamResult
    from ponder.demo.scripts import ANSWER

    c = store.create_conversation(title)
    with store.transaction():
        for i in range(n // 2):
            store.add_message(c.id, Message("user", f"Question {i}: tell me more about item {i}?"))
            mid = store.add_message(c.id, Message("assistant"), status="streaming", model="demo/reasoning")
            store.save_answer(mid, StreamResult(content=ANSWER.format(title=f"Answer {i}", echo="more"), reasoning="Thinking " * 40,
                                                finish_reason="stop", usage={"prompt_tokens": 10, "completion_tokens": 150}), status="done")
    return c.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=1000, help="the conversation read from end to start")
    ap.add_argument("--big", type=int, default=10_000, help="the conversation opened for time and memory")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from ponder.core.history.store import Store
    from ponder.core.models import ChatSettings
    from ponder.core.providers.presets import PRESETS
    from ponder.core.safety.secrets import KeyStore, MemoryKeyring
    from ponder.services.chat import ChatService
    from ponder.services.history import HistoryService
    from ponder.ui.theme import apply_theme
    from ponder.ui.window import MainWindow

    app = QApplication([])
    apply_theme(app, "light")
    store = Store(Path(tempfile.mkdtemp()) / "ponder.db")
    long_id = fill(store, args.messages, f"{args.messages:,} messages")
    big_id = fill(store, args.big, f"{args.big:,} messages")
    service = ChatService(store, KeyStore(MemoryKeyring(), env={}), None, lambda pid: PRESETS["demo"])  # type: ignore[arg-type]
    window = MainWindow(HistoryService(store), service, [PRESETS["demo"]], ChatSettings(model="demo/reasoning", provider="demo"),
                        lambda p: [])
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    service.collector.take_charge()  # as main.py does: garbage is collected on this thread, from a timer
    window.after_start()  # and warms up, then freezes what start-up built, while idle
    for _ in range(40):
        app.processEvents()
        time.sleep(0.025)

    opens = []
    for _ in range(3):
        window.open_conversation(None)
        app.processEvents()
        t0 = time.perf_counter()
        window.open_conversation(big_id)
        window.repaint()
        opens.append((time.perf_counter() - t0) * 1000)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    rss = rss_mib()
    print(f"Open {args.big:,} messages, to first paint: {statistics.median(opens):.0f} ms (median of 3)   (goal < 300 ms); "
          f"idle after: {rss:.0f} MiB RSS   (goal < 250 MiB)")

    window.open_conversation(long_id)
    window.repaint()
    sb = window.transcript.verticalScrollBar()
    steps = []
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtTest import QTest

    window.transcript.setFocus()
    fulls: list[float] = []
    began: list[float] = []

    def timed(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if info["generation"] == 2:
            if phase == "start":
                began.append(time.perf_counter())
            else:
                fulls.append((time.perf_counter() - began.pop()) * 1000)

    gc.callbacks.append(timed)
    while sb.value() > 0:
        t0 = time.perf_counter()
        QTest.keyClick(window.transcript, Qt.Key.Key_PageUp)  # as a reader would
        window.repaint()
        app.processEvents()
        # What the event loop does once a step's events are handled (processEvents does not):
        # widgets scrolled far away are deleted. Without it they pile up, and so does the
        # collector's work (a 267 ms full collection, measured before this line was added).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        steps.append((time.perf_counter() - t0) * 1000)
    gc.callbacks.remove(timed)
    third = max(1, len(steps) // 3)
    print(f"Read {args.messages:,} messages from the end to the start, {len(steps)} pages: median of the first third "
          f"{statistics.median(steps[:third]):.0f} ms, of the last third {statistics.median(steps[-third:]):.0f} ms, "
          f"slowest {max(steps):.0f} ms   (goal < 100 ms, flat); {len(window.transcript.widgets)} message widgets at the end; "
          f"{len(fulls)} full collections" + (f", the longest {max(fulls):.0f} ms" if fulls else ""))
    print(json.dumps({"open_big_ms": round(statistics.median(opens)), "idle_rss_mib": round(rss), "pages": len(steps),
                      "page_first_third_ms": round(statistics.median(steps[:third])),
                      "page_last_third_ms": round(statistics.median(steps[-third:])), "page_max_ms": round(max(steps)),
                      "full_collections": len(fulls), "full_collection_max_ms": round(max(fulls, default=0))}))


if __name__ == "__main__":
    main()
