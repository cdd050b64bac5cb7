"""Formulas typeset in a process of Ponder's own (``ponder math-worker``, core/mathtex.serve).

ziamath is pure Python: about 10 ms for a short formula, over a second for a hostile one. On the
window's thread that is a stall; in a thread it is worse, as every call into Qt then waits for the
interpreter lock (measured: scanning a document's blocks went from 1 ms to 550 ms). A worker
process shares nothing: the window sends a line and reads the answer when it comes.

The worker starts with the first formula, ends when Ponder quits (its input closes, even if Ponder
is killed), and is started again if it dies. A formula it has not answered in TIMEOUT seconds is
given up as too long to typeset, and the worker is replaced.
"""

from __future__ import annotations

import atexit
import json
import re
import sys
import time
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from ponder.core.mathtex import Typeset
from ponder.core.words import say

_UNSAFE = re.compile(r"<image|<foreignObject|<script|href|url\(|@import", re.I)
TIMEOUT = 10.0  # seconds a formula may take before it is given up (counted once the worker is ready)
STARTUP = 60.0  # seconds a worker may take to be ready (a loaded machine) before formulas stay as source
MAX_RESTARTS = 3  # deaths in a row, with nothing typeset between them, before formulas are shown as source


class Typesetter(QObject):
    """Sends formulas to the worker; ``done(key, Typeset | reason)`` for each, on the GUI thread."""

    done = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self._proc: QProcess | None = None
        self._pending: dict[int, tuple[Any, dict[str, Any], float]] = {}  # id -> key, request, when sent
        self._next = 0
        self._buf = b""
        self._deaths = 0
        self._closing = False
        self._started_at = 0.0
        self._ready_at: float | None = None  # when the worker said it was ready (None: still loading)
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self._check_time)
        atexit.register(self.close)

    def submit(self, key: Any, latex: str, display: bool, size: float, color: str) -> None:
        self._next += 1
        req = {"id": self._next, "latex": latex, "display": display, "size": size, "color": color}
        self._pending[self._next] = (key, req, time.monotonic())
        if self._proc is None:
            self._start()  # sends what is pending
        else:
            self._send(req)
        if not self._watch.isActive():
            self._watch.start()

    def close(self) -> None:
        """End the worker (at quit): its input closes and it exits; killed if it does not."""
        self._closing = True
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                proc.finished.disconnect(self._died)
                proc.closeWriteChannel()
                if not proc.waitForFinished(1000):
                    proc.kill()
                    proc.waitForFinished(1000)
            except RuntimeError:  # already gone with the application
                pass
        self._watch.stop()

    def _start(self) -> None:
        self._closing = False
        me = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ponder"]
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        proc.setStandardErrorFile(QProcess.nullDevice())
        proc.readyReadStandardOutput.connect(self._read)
        proc.finished.connect(self._died)
        proc.errorOccurred.connect(self._error)
        self._proc, self._buf = proc, b""
        self._started_at, self._ready_at = time.monotonic(), None
        proc.start(me[0], [*me[1:], "math-worker"])
        for _key, req, _sent in self._pending.values():
            self._send(req)

    def _send(self, req: dict[str, Any]) -> None:
        if self._proc is not None:
            self._proc.write(json.dumps(req).encode() + b"\n")

    def _read(self) -> None:
        if self._proc is None:
            return
        self._buf += bytes(self._proc.readAllStandardOutput().data())
        *lines, self._buf = self._buf.split(b"\n")
        for line in lines:
            try:
                a = json.loads(line)
                if a.get("ready"):
                    self._ready_at = time.monotonic()
                    continue
                entry = self._pending.pop(a["id"])
            except (ValueError, KeyError, TypeError):
                continue
            self._deaths = 0
            if "svg" in a and _UNSAFE.search(str(a["svg"])):
                # ziamath draws glyphs as paths; an SVG that points anywhere (an image, a link,
                # a url()) did not come from it as it should: shown as source, never drawn.
                result: Typeset | str = say("LaTeX not typeset")
            elif "svg" in a:
                try:
                    result = Typeset(str(a["svg"]), float(a["width"]), float(a["height"]), float(a["baseline"]))
                except (KeyError, TypeError, ValueError):
                    result = say("LaTeX not typeset")
            else:
                why = str(a.get("error") or "")  # the worker's word for it (core/mathtex.serve)
                result = say("LaTeX not typeset: {why}").format(why=why) if why else say("LaTeX not typeset")
            self.done.emit(entry[0], result)
        if not self._pending:
            self._watch.stop()

    def _check_time(self) -> None:
        """The formula the worker is on took too long: given up, and the worker replaced."""
        if not self._pending:
            self._watch.stop()
            return
        now = time.monotonic()
        if self._ready_at is None:  # still starting: its start-up is not the formula's fault
            if now - self._started_at > STARTUP:
                self._deaths = MAX_RESTARTS
                self._restart()
            return
        oldest = min(self._pending)
        if now - max(self._pending[oldest][2], self._ready_at) > TIMEOUT:
            self._fail(oldest, say("too long to typeset"))
            self._restart()

    def _died(self, *_: object) -> None:
        if self._closing:
            return
        self._deaths += 1
        if self._pending:  # the formula it was on is the likely cause: given up
            self._fail(min(self._pending), say("the typesetter stopped on this formula"))
        self._restart()

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._deaths = MAX_RESTARTS
            self._died()

    def _restart(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.finished.disconnect(self._died)
            proc.errorOccurred.disconnect(self._error)
            proc.kill()
            proc.waitForFinished(1000)
            proc.deleteLater()
        if self._deaths >= MAX_RESTARTS:  # it cannot run here: every formula stays as source
            for rid in list(self._pending):
                self._fail(rid, say("formulas cannot be typeset here"))
            return
        if self._pending:
            now = time.monotonic()
            self._pending = {rid: (key, req, now) for rid, (key, req, _sent) in self._pending.items()}
            self._start()

    def _fail(self, rid: int, why: str) -> None:
        entry = self._pending.pop(rid, None)
        if entry is not None:
            self.done.emit(entry[0], why)
