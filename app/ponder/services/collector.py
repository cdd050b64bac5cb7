"""Python's garbage collector, kept out of the way of answers that stream, and on the GUI thread.

A full collection walks every object Python tracks: with eight comparison columns open that is
120,000-150,000 objects and 50-65 ms, a stall anyone sees in text that streams 30 frames a
second. So while any answer streams, full collections wait (the young generations still collect,
and their cost follows what was just allocated, not the size of the heap); once nothing has
streamed for a moment, one full collection runs while the window is idle. What start-up built
(modules, classes, the window) is frozen out of the collector's walks once the window is up.

In the app (``take_charge``), the collector runs only here, on the GUI thread, from a timer:
Python would otherwise collect in whichever thread allocates, and a worker thread (the history
search) could then free Qt objects from the wrong thread. Work is done off the GUI thread only
while this is so (``in_charge``).
"""

from __future__ import annotations

import gc
from typing import Callable

from PySide6.QtCore import QObject, QTimer

NORMAL = gc.get_threshold()
HELD = (NORMAL[0], NORMAL[1], 1_000_000)  # gen-1 collections before a full one: never, in practice
IDLE_MS = 1500  # after the last answer ended, before the deferred full collection
TICK_MS = 100  # how often the GUI thread collects, when it is in charge
FULL_EVERY_S = 30.0  # a full collection at most this often, and never while answers stream

_in_charge = False


def in_charge() -> bool:
    """Is garbage collected only on the GUI thread (so other threads may run Python)?"""
    return _in_charge


class Collector(QObject):
    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._collect)
        self.held = False
        self.destroyed.connect(_thresholds_back)  # a service gone while an answer streamed holds nothing

    def take_charge(self) -> None:
        """Collect only here, on the GUI thread: Python's automatic collection is off until
        ``release``. Young generations as Python would (their counts against its thresholds),
        a full collection at most every 30 s and never while an answer streams."""
        global _in_charge
        import time

        if _in_charge:
            return
        gc.disable()
        _in_charge = True
        self._last_full = time.monotonic()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.collect_due)
        self._tick.start()
        self.destroyed.connect(lambda *_: _hand_back())

    def release(self) -> None:
        """Python collects by itself again."""
        if getattr(self, "_tick", None) is not None:
            self._tick.stop()
        _hand_back()

    def collect_due(self) -> None:
        import time

        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = NORMAL
        if c0 <= t0:
            return
        gen = 0
        if c1 >= t1:
            gen = 1
            if c2 >= t2 and not self.held and not self._busy() and time.monotonic() - self._last_full > FULL_EVERY_S:
                gen = 2
                self._last_full = time.monotonic()
        gc.collect(gen)

    def started(self) -> None:
        """An answer started streaming: no full collection until they all end."""
        self._idle.stop()
        if not self.held:
            gc.set_threshold(*HELD)
            self.held = True

    def ended(self) -> None:
        """An answer ended: once none streams and a moment has passed, collect fully."""
        if not self._busy():
            self._idle.start()

    def stop(self) -> None:
        """No deferred full collection from here any more (its service closed): a later one,
        meant for a window that is gone, would land in whatever streams then."""
        self._idle.stop()

    def _collect(self) -> None:
        if self._busy():
            return
        gc.set_threshold(*NORMAL)
        self.held = False
        gc.collect()  # now, while nothing moves, not as a stall in the next answer

    @staticmethod
    def freeze_startup() -> None:
        """Leave what start-up built out of every later collection's walk."""
        gc.collect()
        gc.freeze()


def _hand_back() -> None:
    global _in_charge
    if _in_charge:
        _in_charge = False
        gc.enable()


def _thresholds_back(*_: object) -> None:
    gc.set_threshold(*NORMAL)
