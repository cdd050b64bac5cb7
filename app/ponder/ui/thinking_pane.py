"""The thinking pane: a model's reasoning, live while it thinks (counting from the stream's own
clock), collapsed when the answer begins unless the user keeps it open; the honest line for a
provider that reasons without sharing the text."""

from __future__ import annotations

from typing import Any

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget,
)

from ponder.core.answers.steps import Step, steps
from ponder.core.render import MarkdownRenderer
from ponder.core.history.records import StoredMessage
from ponder.core.models import Frame
from ponder.ui.markdown_view import MarkdownView
from ponder.ui.safe import PlainLabel
from ponder.ui.i18n import tr


def secs(ms: float | None) -> str:
    if ms is None:
        return ""
    s = ms / 1000
    return tr("{s:.1f} s").format(s=s) if s < 10 else tr("{s:.0f} s").format(s=s)


@dataclass
class ViewOptions:
    """The user's display preferences: one object the window owns and hands to every view it
    builds (read when a pane is built; Settings changes it)."""

    keep_thinking_open: bool = False
    # The width an answer will be laid out at (the transcript keeps it): a view wrapped at that
    # width when built has its height before the first layout pass, instead of reaching it over
    # several passes of the whole transcript.
    text_width: int | None = None
    # An answer's tokens with their log probabilities, read from history when asked for (the window sets it)
    logprobs: Any = None  # Callable[[str], list[dict] | None]
    dark: bool = False


def show_open(button: QToolButton, on: bool) -> None:
    """A folding header's arrow, and its state for a screen reader."""
    button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
    button.setAccessibleDescription(tr("expanded") if on else tr("collapsed"))


class StepRow(QWidget):
    """One step of a chain of thought: its title and when it arrived, its text folded under it."""

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.head = QToolButton(self)
        self.head.setCheckable(True)
        self.head.setAutoRaise(True)
        self.head.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.head.setMinimumWidth(60)
        self.head.toggled.connect(self._toggled)
        lay.addWidget(self.head)
        self.body = MarkdownView(renderer, self, max_height=320)
        indent = QHBoxLayout()
        indent.setContentsMargins(20, 0, 0, 4)  # under its title, as a list item
        indent.addWidget(self.body)
        lay.addLayout(indent)
        self.text = ""
        self._toggled(False)

    def set(self, step: Step, text: str, final: bool) -> None:
        when = tr("  ·  at {when}").format(when=secs(step.at_ms)) if step.at_ms is not None else ""
        label = step.title + when
        if self.head.text() != label:
            self.head.setText(label)
            self.head.setAccessibleName(tr('Step: {title}').format(title=step.title))
        if text != self.text or final:
            self.text = text
            if final:
                self.body.finish_markdown(text)
            else:
                self.body.stream_markdown(text)
            self.body.setVisible(self.head.isChecked() and bool(text))

    def set_open(self, on: bool) -> None:
        if self.head.isChecked() != on:
            self.head.setChecked(on)

    def _toggled(self, on: bool) -> None:
        self.body.setVisible(on and bool(self.text))
        show_open(self.head, on)


class ThinkingPane(QFrame):
    """Reasoning, live while the model thinks; collapses when the answer starts."""

    def __init__(self, renderer: MarkdownRenderer, keep_open: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ThinkingPane")
        self.keep_open = keep_open
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(4)
        self.header = QToolButton(self)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.toggled.connect(self._toggled)
        self.header.setMinimumWidth(60)  # a long "Thought for … · N reasoning tokens" must not widen a narrow column
        lay.addWidget(self.header)
        self.renderer = renderer
        self.body = MarkdownView(renderer, self, max_height=320)
        self.body.setAccessibleName(tr("Thinking text"))
        lay.addWidget(self.body)
        # Where the reasoning has step titles (summaries do), its steps instead: a list that folds,
        # each with the time it arrived (answers/steps.py).
        self.steps_box = QWidget(self)
        self.steps_lay = QVBoxLayout(self.steps_box)
        self.steps_lay.setContentsMargins(0, 0, 0, 0)
        self.steps_lay.setSpacing(0)
        self.rows: list[StepRow] = []
        lay.addWidget(self.steps_box)
        self.markdown = ""  # the reasoning so far, whichever way it is shown
        self._marks: list[list[float]] | None = None
        # Reading a long chain of thought: find in it, copy it, fold it from its foot.
        self.tools = QWidget(self)
        tl = QHBoxLayout(self.tools)
        tl.setContentsMargins(0, 0, 0, 0)
        self.find = QLineEdit(self.tools)
        self.find.setPlaceholderText(tr("Find in thinking"))
        self.find.setAccessibleName(tr("Find in thinking"))
        self.find.setClearButtonEnabled(True)
        self.find.setMaximumWidth(220)
        self.find.textChanged.connect(self._find)
        self.found = PlainLabel(self.tools)
        self.found.setObjectName("Muted")
        self.copy = QToolButton(self.tools)
        self.copy.setText(tr("Copy thinking"))
        self.copy.clicked.connect(self._copy)
        self.fold = QToolButton(self.tools)
        self.fold.setText(tr("Collapse ▴"))
        self.fold.setToolTip(tr("Fold the thinking away (from down here: no need to scroll back up)"))
        self.fold.clicked.connect(lambda: self._set_open(False))
        for w in (self.find, self.found):
            tl.addWidget(w)
        tl.addStretch(1)
        tl.addWidget(self.copy)
        tl.addWidget(self.fold)
        lay.addWidget(self.tools)
        find_key = QShortcut(QKeySequence.StandardKey.Find, self)
        find_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # Ctrl+F while the pane has focus
        find_key.activated.connect(self._focus_find)
        self._chars = 0  # of reasoning so far (its live tokens per second: about 4 characters a token)
        self._since: float | None = None  # time.perf_counter() when the model began to think
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)
        self.thinking = False
        self._set_open(False)

    def _toggled(self, on: bool) -> None:
        stepped = bool(self.rows)
        self.body.setVisible(on and bool(self.body.markdown) and not stepped)
        self.steps_box.setVisible(on and stepped)
        self.tools.setVisible(on and bool(self.markdown) and not self.thinking)
        show_open(self.header, on)

    def _copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.markdown)
        self.copy.setText(tr("Copied"))
        QTimer.singleShot(1500, self.copy, lambda: self.copy.setText(tr("Copy thinking")))  # not after the pane is gone

    def _focus_find(self) -> None:
        if not self.header.isChecked():
            self._set_open(True)
        self.tools.show()
        self.find.setFocus()
        self.find.selectAll()

    def _find(self, words: str) -> None:
        """Every hit marked in the thinking; how many there are, said."""
        words = words.strip()
        n = self.highlight(words)  # "" clears the marks
        self.found.setText("" if not words else tr("%n found", n) if n else tr("not found"))

    def highlight(self, words: str) -> int:
        """Mark every hit of ``words`` in the reasoning (a step with hits is opened); how many."""
        if not self.rows:
            return self.body.highlight(words)
        n = 0
        for row in self.rows:
            hits = row.body.highlight(words)
            if hits and words:
                row.set_open(True)
            n += hits
        return n

    def _show_steps(self, reasoning: str, marks: list[list[float]] | None, live: bool) -> bool:
        """The reasoning as steps, if it has them: the one being written open, those before it
        folded (while live); False if it has none (then the plain view shows it)."""
        found = steps(reasoning, marks, live=live and marks is not None)
        if not found:
            if self.rows:  # it had steps, and no longer (a new text; too many to be steps): the plain view
                for row in self.rows:
                    row.deleteLater()
                self.rows = []
                if live:
                    self.body.stream_markdown(reasoning)
                else:
                    self.body.set_markdown(reasoning)  # in slices when long
                self._toggled(self.header.isChecked())
            return False
        if not self.rows:
            self.body.clear_stream()
        while len(self.rows) > len(found):
            self.rows.pop().deleteLater()
        for i, st in enumerate(found):
            if i == len(self.rows):
                if live and self.rows:
                    self.rows[-1].set_open(False)  # a new step began: the one before folds
                row = StepRow(self.renderer, self.steps_box)
                self.steps_lay.addWidget(row)
                self.rows.append(row)
                row.set_open(live and i == len(found) - 1)  # the step being written is open
            last = i == len(found) - 1
            self.rows[i].set(st, reasoning[st.body_start:st.end].strip("\n"), final=not (live and last))
        self._toggled(self.header.isChecked())
        return True

    def _set_open(self, on: bool) -> None:
        self.header.setChecked(on)
        self._toggled(on)

    def start(self, since: float | None = None) -> None:
        """``since``: when the stream's reasoning began (the pipeline's clock, Frame.thinking_since)."""
        self.thinking = True
        self._since = since if since is not None else time.perf_counter()
        self.header.setText(tr("Thinking…"))
        self._timer.start()
        self._set_open(True)
        self.show()

    def _tick(self) -> None:
        if self._since is not None:
            took = time.perf_counter() - self._since
            if took >= 1 and self._chars:
                self.header.setText(tr("Thinking… {took:.0f} s · ~{rate:,.0f} tokens/s").format(took=took, rate=self._chars / 4 / took))
            else:
                self.header.setText(tr("Thinking… {took:.0f} s").format(took=took))

    def stream(self, reasoning: str, since: float | None = None, marks: list[list[float]] | None = None) -> None:
        """``marks``: where step titles arrived, and when (Frame.steps): two or more, and the
        reasoning may be steps."""
        if not self.thinking and not self.isVisible():
            self.start(since)
        self._chars = len(reasoning)
        self.markdown = reasoning
        self._marks = marks
        if (marks is not None and len(marks) >= 2 or self.rows) and self._show_steps(reasoning, marks, live=True):
            return
        self.body.stream_markdown(reasoning)
        if self.header.isChecked():
            self.body.setVisible(True)
            sb = self.body.verticalScrollBar()
            sb.setValue(sb.maximum())

    def follow(self, f: Frame) -> None:
        """A frame of a streaming answer: reasoning streams in; the first answer token ends it
        (``f.thinking`` is the pipeline's word, not decided again here)."""
        if f.reasoning and (f.thinking or f.reset or self.thinking or self.isVisible()):
            self.stream(f.reasoning, f.thinking_since, f.steps)
        if not f.thinking and self.thinking:
            self.stop(f.thinking_ms)

    def stop(self, thinking_ms: float | None = None) -> None:
        """Done thinking (answer began, finished, error, Stop): the timer stops, always."""
        self._timer.stop()
        was = self.thinking
        self.thinking = False
        if thinking_ms is None and self._since is not None:
            thinking_ms = (time.perf_counter() - self._since) * 1000
        self.header.setText(tr("Thought for {took}").format(took=secs(thinking_ms)) if thinking_ms else tr("Thought"))
        if self.rows:  # the step that was being written is complete: its text laid out whole
            self._show_steps(self.markdown, self._marks, live=False)
        if was and not self.keep_open:
            self._set_open(False)
        else:
            self._toggled(self.header.isChecked())  # its tools, now that it is done

    def show_final(self, m: StoredMessage) -> None:
        self._timer.stop()
        self.thinking = False
        rt = ((m.usage or {}).get("completion_tokens_details") or {}).get("reasoning_tokens")
        took = secs(m.thinking_ms)
        if m.reasoning:
            self.markdown = m.reasoning
            if not self._show_steps(m.reasoning, m.reasoning_steps, live=False):
                self.body.finish_markdown(m.reasoning)
            head = tr("Thought for {took}").format(took=took) if took else tr("Thought")
            if rt:
                head += " · " + tr("%n reasoning token(s)", rt)
            self.header.setText(head)
            self.header.setEnabled(True)
            self._set_open(self.keep_open)
            self.show()
        elif rt:
            # The provider reasoned but does not share the text (OpenAI o-series): say so honestly.
            # Time to the first token is how long it reasoned; too short to read as one (a local
            # or demo server) is left unsaid rather than "0.0 s".
            ms = next((x for x in (m.ttft_ms, m.thinking_ms) if x and x >= 100), None)
            took = secs(ms) if ms else ""
            tokens = tr("%n reasoning token(s)", rt)
            self.header.setText(tr("Reasoned for {took} · {tokens} (text not shared by the provider)").format(took=took, tokens=tokens)
                                if took else tr("Reasoned · {tokens} (text not shared by the provider)").format(tokens=tokens))
            self.header.setEnabled(False)
            self.header.setArrowType(Qt.ArrowType.NoArrow)
            self.body.hide()
            self.show()
        else:
            self.hide()
