"""Widgets on their own: the markdown view's safety, the composer's keys, the thinking pane."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from ponder.core.render import MarkdownRenderer
from ponder.core.history.records import StoredMessage
from ponder.core.models import Frame
from ponder.services.chat import Progress
from ponder.ui.composer import Composer
from ponder.ui.markdown_view import MarkdownView
from ponder.ui.message import MessageWidget
from ponder.ui.thinking_pane import ThinkingPane
from ponder.ui.sidebar import date_group


def test_model_html_is_shown_as_text_and_nothing_loads(qtbot: Any) -> None:
    v = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(v)
    v.set_markdown('<script>alert(1)</script> <img src="http://evil/x.png"> ![cat](http://evil/cat.png) [js](javascript:alert(1))')
    text = v.toPlainText()
    assert "<script>alert(1)</script>" in text and '<img src="http://evil/x.png">' in text and "[image: cat]" in text
    assert v.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("http://evil/cat.png")) is None
    assert "javascript" not in v.toHtml().split("<body")[1].replace("javascript:alert(1))", "")  # no live js link


def test_streaming_view_matches_the_final_render(qtbot: Any) -> None:
    text = "# Title\n\nSome *text* and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\nThe end."
    live = MarkdownView(MarkdownRenderer())
    final = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(live)
    qtbot.addWidget(final)
    for i in range(1, len(text) + 1, 3):
        live.stream_markdown(text[:i])
    live.stream_markdown(text)
    final.set_markdown(text)
    assert live.toPlainText() == final.toPlainText() and live.code == final.code == ["x = 1"]
    live.stream_markdown("Something else entirely")  # shorter: it cannot be the same text grown
    assert live.toPlainText() == "Something else entirely"
    live.clear_stream()  # the pipeline's Frame.reset (a lone </think>): a longer text starts afresh too
    live.stream_markdown("A different text that is longer than the one before")
    assert live.toPlainText() == "A different text that is longer than the one before"


def test_composer_keys(qtbot: Any) -> None:
    c = Composer()
    qtbot.addWidget(c)
    sent, stopped = [], []
    c.send.connect(sent.append)
    c.stop.connect(lambda: stopped.append(1))
    qtbot.keyClicks(c.edit, "line one")
    qtbot.keyClick(c.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(c.edit, "line two")
    assert c.edit.toPlainText() == "line one\nline two" and sent == []
    qtbot.keyClick(c.edit, Qt.Key.Key_Return)
    assert sent == ["line one\nline two"]
    c.set_streaming(True)
    assert c.button.text() == "Stop"
    qtbot.keyClick(c.edit, Qt.Key.Key_Escape)
    qtbot.mouseClick(c.button, Qt.MouseButton.LeftButton)
    assert stopped == [1, 1]
    qtbot.keyClick(c.edit, Qt.Key.Key_Return)  # Enter does not send while an answer streams
    assert len(sent) == 1


def test_thinking_pane_timer_and_headers(qtbot: Any) -> None:
    pane = ThinkingPane(MarkdownRenderer())
    qtbot.addWidget(pane)
    pane.start()
    assert pane.header.text() == "Thinking…" and pane.thinking
    qtbot.waitUntil(lambda: pane.header.text().startswith("Thinking… "), timeout=2000)
    pane.stream("Let me think about **this**.")
    pane.stop(12_400)
    assert pane.header.text() == "Thought for 12 s" and not pane.header.isChecked()
    hidden = StoredMessage("m", "c", None, 1, "assistant", content="answer", ttft_ms=9200.0,
                           usage={"completion_tokens_details": {"reasoning_tokens": 1024}})
    pane.show_final(hidden)
    assert pane.header.text() == "Reasoned for 9.2 s · 1,024 reasoning tokens (text not shared by the provider)"
    quick = StoredMessage("m", "c", None, 1, "assistant", content="answer", ttft_ms=20.0,
                          usage={"completion_tokens_details": {"reasoning_tokens": 12}})
    pane.show_final(quick)  # a local server answers in 20 ms: no "Reasoned for 0.0 s"
    assert pane.header.text() == "Reasoned · 12 reasoning tokens (text not shared by the provider)"


def test_answer_widget_never_leaves_the_timer_running(qtbot: Any) -> None:
    m = StoredMessage("m", "c", None, 1, "assistant", status="streaming")
    w = MessageWidget(m, MarkdownRenderer())
    qtbot.addWidget(w)
    w.update_progress(Progress("c", "m", Frame("", "thinking hard", False, True, None, None, [])))
    assert w.thinking.thinking
    done = StoredMessage("m", "c", None, 1, "assistant", content="", reasoning="thinking hard", status="error",
                         error={"code": 401, "message": "The key for Demo was rejected: set a new one"})
    w.show_final(done)
    assert not w.thinking.thinking and not w.thinking._timer.isActive()
    assert w.error_box.isVisibleTo(w) and "set a new one" in w.error_label.text()


def test_date_groups() -> None:
    today = dt.date(2026, 11, 22)
    ts = lambda d: dt.datetime(d.year, d.month, d.day, 12).timestamp()
    assert date_group(ts(today), today) == "Today"
    assert date_group(ts(today - dt.timedelta(days=1)), today) == "Yesterday"
    assert date_group(ts(today - dt.timedelta(days=5)), today) == "Previous 7 days"
    assert date_group(ts(today - dt.timedelta(days=20)), today) == "Previous 30 days"
    assert date_group(ts(today - dt.timedelta(days=90)), today) == "Older"


def test_a_long_code_line_wraps_instead_of_being_cut_off(qtbot: Any) -> None:
    v = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(v)
    v.setFixedWidth(300)  # a comparison column, a narrow window
    v.show()
    v.set_markdown("```python\nprint('" + "a long line of code " * 20 + "')\n```")
    QApplication.processEvents()
    assert v.document().size().width() <= v.viewport().width() + 1  # nothing is past the right edge
    assert v.document().size().height() > 4 * v.fontMetrics().height()  # it went onto more lines


def test_a_streamed_answer_is_laid_out_as_the_reopened_one(qtbot: Any) -> None:
    # A list after a finished paragraph used to open an empty line while streaming, and blocks
    # after a list lost their margins: gone after reopening, so the answer jumped.
    text = ("Here is what a rich answer looks like:\n\n- **Bold**, *italic*\n- A link\n- Nested items:\n  1. first\n"
            "  2. second\n\nThe end paragraph here.\n\n> a quote\n\n1. one\n2. two\n")
    live, final = MarkdownView(MarkdownRenderer()), MarkdownView(MarkdownRenderer())
    for v in (live, final):
        qtbot.addWidget(v)
        v.setFixedWidth(600)
        v.show()
    for i in range(1, len(text) + 1, 2):
        live.stream_markdown(text[:i])
    live.finish_markdown(text)
    final.set_markdown(text)
    QApplication.processEvents()

    def blocks(v: MarkdownView) -> list[tuple[str, float, float]]:
        out, b = [], v.document().begin()
        while b.isValid():
            out.append((b.text(), b.blockFormat().topMargin(), b.blockFormat().bottomMargin()))
            b = b.next()
        return out

    assert blocks(live) == blocks(final)
    assert live.document().size().height() == final.document().size().height()
