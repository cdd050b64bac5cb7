"""Python's garbage collector, kept out of the way of answers that stream.

A full collection walks every object Python tracks: with eight comparison columns open that is
120,000-150,000 objects and 50-65 ms, a stall anyone sees in text that streams 30 frames a
second. So while any answer streams, full collections wait (the young generations still collect,
and their cost follows what was just allocated, not the size of the heap); once nothing has
streamed for a moment, one full collection runs while the window is idle. What start-up built
(modules, classes, the window) is frozen out of the collector's walks once the window is up.
"""

from __future__ import annotations

import gc
from typing import Callable

from PySide6.QtCore import QObject, QTimer

NORMAL = gc.get_threshold()
HELD = (NORMAL[0], NORMAL[1], 1_000_000)  # gen-1 collections before a full one: never, in practice
IDLE_MS = 1500  # after the last answer ended, before the deferred full collection


class Collector(QObject):
    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._collect)
        self.held = False

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
