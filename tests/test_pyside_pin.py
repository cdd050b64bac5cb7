"""PySide6 6.12.0 drops a reference to True on every Signal.disconnect() on CPython 3.11, and
qasync disconnects on every socket event: the process dies with `bool_dealloc` (stack.md §1)."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()


def test_signal_disconnect_does_not_leak_a_reference_to_true() -> None:
    e = _Emitter()

    def slot() -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(3000):
        e.fired.connect(slot)
        e.fired.disconnect(slot)
    # A broken build loses 3000 references here; a little noise from elsewhere is fine.
    assert sys.getrefcount(True) >= before - 50


def test_the_pin_holds_on_python_3_11() -> None:
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__} crashes on Python 3.11"
