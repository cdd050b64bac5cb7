"""A long conversation in the transcript: only what is near the viewport is built, nothing
overlaps, and the message being read stays put while heights are measured around it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from ponder.core.models import Message, StreamResult
from tests.ui.conftest import App


def fill(app: App, pairs: int) -> str:
    store = app.store
    c = store.create_conversation(f"{pairs * 2} messages")
    with store.transaction():
        for i in range(pairs):
            store.add_message(c.id, Message("user", f"Question {i}: tell me about item {i}?"))
            mid = store.add_message(c.id, Message("assistant"), status="streaming", model="demo/fast")
            body = f"## Answer {i}\n\n" + "A line of the answer that wraps at some width or other.\n\n" * (1 + i % 7)
            store.save_answer(mid, StreamResult(content=body, finish_reason="stop"), status="done")
    return c.id


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def no_overlap(app: App) -> None:
    t = app.window.transcript
    built = sorted(t.widgets.values(), key=lambda w: t._index[w.message.id])
    for a, b in zip(built, built[1:]):
        if t._index[b.message.id] == t._index[a.message.id] + 1:
            assert a.geometry().bottom() < b.geometry().top(), f"{a.message.content!r} overlaps {b.message.content!r}"
        assert a.height() >= a.sizeHint().height() - 1 or a.height() >= a.heightForWidth(a.width())


def test_a_long_conversation_builds_only_what_is_near_and_reads_from_end_to_start(app: App, qtbot: Any) -> None:
    w = app.window
    w.resize(1000, 700)
    cid = fill(app, 1000)
    w.open_conversation(cid)
    settle()
    t = w.transcript
    assert len(t.entries) == 2000 and 0 < len(t.widgets) < 40  # not 2,000 widgets
    last = t.widgets[t.entries[-1].message.id]
    assert t.viewport().rect().contains(last.geometry().bottomLeft())  # it opens at the end
    no_overlap(app)

    sb = t.verticalScrollBar()
    while sb.value() > 0:  # Page Up to the start
        sb.setValue(sb.value() - sb.pageStep())
        settle()
        assert len(t.widgets) <= 160
    no_overlap(app)
    first = t.widgets[t.entries[0].message.id]
    assert first.geometry().top() >= 0 and first.user_label.text() == "Question 0: tell me about item 0?"

    # A search hit in the middle: built, on screen, marked.
    mid = t.entries[1000].message.id  # a question
    assert t.reveal(mid, "item")
    settle()
    hit = t.widgets[mid]
    assert t.viewport().rect().intersects(hit.geometry()) and "fde68a" in hit.user_label.styleSheet()
    no_overlap(app)


def test_what_is_read_stays_put_when_a_message_above_changes_height(app: App, qtbot: Any) -> None:
    w = app.window
    w.resize(1000, 700)
    cid = fill(app, 60)
    w.open_conversation(cid)
    settle()
    t = w.transcript
    t.reveal(t.entries[60].message.id)
    settle()
    reading = t.widgets[t.entries[60].message.id]
    y = reading.y()
    above = t.widgets[t.entries[59].message.id]  # an answer just above, partly on screen
    above.thinking.show()
    above.thinking.body.set_markdown("Some reasoning\n\n" * 20)
    above.thinking.header.setChecked(True)  # the thinking pane opens: the answer grows
    settle()
    no_overlap(app)
    assert abs(reading.y() - y) <= 2  # the message being read did not move on screen
    assert t._follow is False
