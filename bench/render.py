"""The worst stall of the GUI thread while pathological answers render: opened from history (shown
in slices) and streamed in (30 frames a second, 20 KB a frame: far faster than any model).

    python bench/render.py            # every case
    python bench/render.py quotes     # one

A 10 ms timer runs on the GUI thread; the longest gap between its ticks is the stall a user would
feel. Goal (issue 12): under 100 ms for each case, and the whole text shown.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))  # the ponder package of this tree

CASES = {
    "deep-list": "- " * 5000 + "x",
    "deep-olist": "1. " * 5000 + "x",
    "long-line": "a" * 1_000_000,
    "quotes": "\n".join(">" * i + " x" for i in range(1, 5001)),
    "code-100k": "```python\n" + "".join(f"x_{i} = {i}\n" for i in range(100_000)) + "```\n",
    "prose-1MB": "\n\n".join(f"Paragraph {i}: " + "some words about things " * 40 for i in range(1000)),
}


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QScrollArea

    from ponder.core.render import MarkdownRenderer
    from ponder.ui.markdown_view import MarkdownView

    app = QApplication([])
    renderer = MarkdownRenderer()
    names = sys.argv[1:] or list(CASES)
    print(f"{'case':<12} {'size':>9}  {'open: worst gap':>16} {'total':>8}  {'stream: worst gap':>18} {'total':>8}"
          "   close (the view destroyed)")
    for name in names:
        text = CASES[name]
        row = []
        closes: list[float] = []
        for mode in ("open", "stream"):
            # In a scroll area, as in the transcript: only what is in view is painted.
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.resize(900, 700)
            view = MarkdownView(renderer)
            area.setWidget(view)
            area.show()
            app.processEvents()
            gaps = [0.0]
            last = [time.perf_counter()]

            def tick(gaps: list[float] = gaps, last: list[float] = last) -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                last[0] = now

            timer = QTimer()
            timer.timeout.connect(tick)
            timer.start(10)
            t0 = time.perf_counter()
            if mode == "open":
                view.set_markdown(text)
                while view._slicing is not None:
                    app.processEvents()
            else:
                pos = 0
                next_frame = time.perf_counter()
                while pos < len(text):
                    pos = min(len(text), pos + 20_000)
                    view.stream_markdown(text[:pos])
                    # As the chat service does: the next frame 33 ms after this one, with the
                    # event loop running in between (a slow frame delays the next one).
                    next_frame = time.perf_counter() + 1 / 30
                    app.processEvents()
                    while time.perf_counter() < next_frame:
                        app.processEvents()
                view.finish_markdown(text)
            end = time.perf_counter() + 0.3  # let the layout that follows finish
            while time.perf_counter() < end:
                app.processEvents()
            total = time.perf_counter() - t0
            timer.stop()
            shown = "".join(view.toPlainText().replace("\u200b", "").split())
            ok = text.split()[-1].strip("`>-.")[-20:] in shown
            row.append(f"{max(gaps) * 1000:>13.0f} ms {total:>7.1f}s" + ("" if ok else " (TEXT LOST)"))
            t = time.perf_counter()
            area.deleteLater()
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            closes.append(time.perf_counter() - t)
        print(f"{name:<12} {len(text) / 1e6:>7.2f}MB  {row[0]}  {row[1]:>26}   close {max(closes) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
