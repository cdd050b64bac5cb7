"""MCP tool calls in the transcript: the card that asks before a call runs (Allow once / for this
conversation / Always / Deny, with a reason), shows it running (time, progress, Stop), and the
result once kept (folded when long, images as thumbnails). A server's words are untrusted:
plain text only, nothing loaded."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from ponder.core.mcp.rounds import ToolRun, approval_words, pretty_arguments
from ponder.ui.safe import PlainLabel
from ponder.ui.i18n import tr

FOLD_LINES = 12
def _mono(label: PlainLabel) -> PlainLabel:
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Folded(QWidget):
    """Text that shows its first lines, with "Show all" for the rest."""

    def __init__(self, text: str, parent: QWidget | None = None, lines: int = FOLD_LINES) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.text = text
        all_lines = text.splitlines() or [""]
        self.short = "\n".join(all_lines[:lines])
        self.label = _mono(PlainLabel(self.short if len(all_lines) > lines else text, self))
        lay.addWidget(self.label)
        self.more: QToolButton | None = None
        if len(all_lines) > lines:
            self.more = QToolButton(self)
            self.more.setText(tr("Show all (%n line(s))", len(all_lines)))
            self.more.setCheckable(True)
            self.more.toggled.connect(self._toggle)
            lay.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)

    def _toggle(self, on: bool) -> None:
        self.label.setText(self.text if on else self.short)
        if self.more is not None:
            n = len(self.text.splitlines())
            self.more.setText(tr("Show less") if on else tr("Show all (%n line(s))", n))


class ToolCard(QFrame):
    """One call of an answer while its round is on: asking, running, or ended."""

    decided = Signal(str, str, str)  # call id, approval, reason
    stop = Signal()

    def __init__(self, run: ToolRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ToolBox")
        self.run = run
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(6)
        head = PlainLabel(tr('{tool}  ·  MCP server {server}').format(tool=run.tool, server=run.server), self)
        head.setObjectName("ToolHead")
        f = head.font()
        f.setBold(True)
        head.setFont(f)
        lay.addWidget(head)
        lay.addWidget(Folded(pretty_arguments(run.arguments) if not run.problem else run.problem, self, lines=8))
        self.state = PlainLabel(self)
        self.state.setObjectName("Muted")
        self.state.setWordWrap(True)
        lay.addWidget(self.state)
        self.ask = QWidget(self)
        al = QVBoxLayout(self.ask)
        al.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit(self.ask)
        self.reason.setPlaceholderText(tr("A reason for the model, if you deny it (optional)"))
        self.reason.setAccessibleName(tr("Reason for denying"))
        al.addWidget(self.reason)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for approval, text, tip_text in (
                ("once", tr("Allow once"), tr("Run this call")),
                ("conversation", tr("Allow for this conversation"), tr("Run {tool} without asking again in this conversation").format(tool=run.tool)),
                ("always", tr("Always allow"), tr("Run {tool} of {server} without asking, everywhere (revoke in Settings)").format(tool=run.tool, server=run.server)),
                ("deny", tr("Deny"), tr("Do not run it; the model is told, with your reason"))):
            b = QPushButton(text, self.ask)
            b.setToolTip(tip_text)
            if approval == "once":
                b.setObjectName("Primary")
            b.clicked.connect(lambda _=False, a=approval: self.decided.emit(self.run.call_id, a, self.reason.text()))
            self.buttons[approval] = b
            row.addWidget(b)
        row.addStretch(1)
        al.addLayout(row)
        lay.addWidget(self.ask)
        self.running = QWidget(self)
        rl = QHBoxLayout(self.running)
        rl.setContentsMargins(0, 0, 0, 0)
        self.clock = PlainLabel(self.running)
        rl.addWidget(self.clock, 1)
        self.stop_button = QPushButton(tr("Stop"), self.running)
        self.stop_button.setToolTip(tr("Stop the running calls; the conversation waits for you"))
        self.stop_button.clicked.connect(self.stop)
        rl.addWidget(self.stop_button)
        lay.addWidget(self.running)
        self.result: Folded | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self._since: float | None = None
        self._progress: dict[str, str] = {}

    def show_state(self, started: float | None, progress: dict[str, str], stopped: bool) -> None:
        r = self.run
        self._since, self._progress = started, progress
        asking = r.approval is None and not r.problem and not stopped
        self.ask.setVisible(asking)
        running = started is not None and r.outcome is None and r.approval not in (None, "deny") and not stopped
        self.running.setVisible(running)
        (self._timer.start if running else self._timer.stop)()
        if asking:
            self.state.setText(tr("The model wants to run this tool. Nothing runs until you allow it."))
        elif r.problem:
            self.state.setText(tr("Not run: the arguments could not be used (the model is told why)"))
        elif r.approval == "deny":
            self.state.setText(tr("Denied") + (tr(': {reason}').format(reason=r.reason) if r.reason else "") + tr(" (the model is told)"))
        elif r.outcome is not None:
            o = r.outcome
            self.state.setText(tr("{state} in {elapsed_s:.2f} s · {approval}").format(state=tr("Error") if o.is_error else tr("Done"), elapsed_s=o.elapsed_s,
                                                                     approval=approval_words(r.approval)))
            if self.result is None:
                self.result = Folded(o.text, self, lines=6)
                self.layout().addWidget(self.result)
        elif stopped:
            self.state.setText(tr("Stopped before it finished"))
        else:
            self.state.setText(approval_words(r.approval) + tr(" · running"))
        self._tick()

    def _tick(self) -> None:
        if self._since is None:
            return
        note = self._progress.get(self.run.call_id)
        self.clock.setText(tr('Running… {v1:.1f} s').format(v1=time.monotonic() - self._since) + (tr(' · {note}').format(note=note) if note else ""))


class ToolResultView(QFrame):
    """A kept result of an MCP call (a ``tool`` message with its run's record)."""

    def __init__(self, m: Any, parent: QWidget | None = None) -> None:  # m: StoredMessage
        super().__init__(parent)
        self.setObjectName("ToolBox")
        run = (m.settings or {}).get("tool_run") or {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(4)
        facts = [tr("{tool} · MCP server {server}").format(tool=run.get("tool"), server=run.get("server")),
                 approval_words(str(run.get("approval")), tr("not run"))]
        if isinstance(run.get("elapsed_ms"), (int, float)):
            facts.append(f"{run['elapsed_ms'] / 1000:.2f} s")
        if run.get("is_error"):
            facts.append("error")
        head = PlainLabel(tr("Result of ") + " · ".join(facts), self)
        head.setObjectName("Muted")
        head.setWordWrap(True)
        lay.addWidget(head)
        lay.addWidget(Folded(m.content or "", self))
        if m.images:
            from ponder.ui.thumbnails import MessageImages

            lay.addWidget(MessageImages(m.images, self, left=True))
