"""Ponder by keyboard and screen reader (issue 19): the Tab order follows the screen, messages are
reached with Alt+Up/Down and act on single keys, and every control a Tab reaches has a name."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ponder.ui.message import MessageWidget
from tests.ui.conftest import App


def answered(app: App, aloop: Any, *prompts: str) -> None:
    async def go() -> None:
        for prompt in prompts:
            app.window.send(prompt)
            await app.wait(lambda: app.service.busy(), what="the answer starts")
            await app.wait(lambda: not app.service.busy(), what="the answer ends")
        await asyncio.sleep(0.2)

    aloop.run_until_complete(go())


def tab_walk(start: QWidget, n: int, back: bool = False) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    seen = []
    for _ in range(n):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def name_of(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def test_tab_follows_the_screen_and_the_conversation_is_one_stop(qtbot: Any, app: App, aloop: Any) -> None:
    w = app.window
    answered(app, aloop, "/tokens 20\nFirst question", "/tokens 20\nSecond question")
    w.activateWindow()
    seen = tab_walk(w.sidebar.new_button, 60)
    order = []  # which part of the window each stop is in
    for x in seen:
        part = ("sidebar" if w.sidebar.isAncestorOf(x) or x is w.sidebar else "bar" if w.bar.isAncestorOf(x)
                else "message" if w.transcript.message_of(x) is not None else "composer" if w.composer.isAncestorOf(x)
                else "other")
        if not order or order[-1] != part:
            order.append(part)
    # Around and around: sidebar, bar, the conversation (its message), composer, and again.
    start = order.index("bar")
    assert order[start:start + 5] == ["bar", "message", "composer", "sidebar", "bar"], order
    assert "other" not in order
    # Into the conversation, the keyboard lands on the newest message, then its own controls.
    first_message = next(x for x in seen if w.transcript.message_of(x) is not None)
    assert isinstance(first_message, MessageWidget) and first_message.message.role == "assistant"
    assert first_message is w.transcript.widgets[w.transcript.entries[-1].message.id]
    # Tab leaves the composer: it never types a tab.
    w.composer.edit.setFocus()
    QTest.keyClick(w.composer.edit, Qt.Key.Key_Tab)
    assert w.composer.edit.toPlainText() == "" and QApplication.focusWidget() is w.composer.button
    # Backwards, the same way round: from the composer into the conversation, then the bar.
    back = tab_walk(w.composer.edit, 12, back=True)
    parts = ["message" if w.transcript.message_of(x) is not None else "bar" if w.bar.isAncestorOf(x) else "composer"
             if w.composer.isAncestorOf(x) else "other" for x in back]
    assert parts[0] == "composer" and parts.index("message") < parts.index("bar"), parts


def test_messages_by_keyboard_alt_arrows_and_single_keys(qtbot: Any, app: App, aloop: Any) -> None:
    w = app.window
    answered(app, aloop, "/tokens 20\nFirst question")
    w.activateWindow()
    w.composer.edit.setFocus()
    QTest.keyClick(w.composer.edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    answer = QApplication.focusWidget()
    assert isinstance(answer, MessageWidget) and answer.message.role == "assistant"
    assert name_of(answer).startswith("Answer from demo/reasoning: ") and "Alt+Up" in answer.accessibleDescription()
    QTest.keyClick(answer, Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text() == answer.message.content
    opened = answer.thinking.header.isChecked()
    QTest.keyClick(answer, Qt.Key.Key_T)
    assert answer.thinking.header.isChecked() is not opened
    QTest.keyClick(answer, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    question = QApplication.focusWidget()
    assert isinstance(question, MessageWidget) and question.message.role == "user"
    assert name_of(question) == "Your message: /tokens 20 First question"
    QTest.keyClick(question, Qt.Key.Key_E)
    assert question.editor.isVisible() and question.editor.toPlainText() == "/tokens 20\nFirst question"
    labels = [label for _k, label, _do in question.actions()]
    assert labels[:2] == ["Copy", "Edit"] and "Delete" in labels
    QTest.keyClick(question, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is answer


def test_the_shortcuts_sheet_lists_the_keys(qtbot: Any, app: App) -> None:
    from ponder.ui.shortcuts import ShortcutsDialog

    d = ShortcutsDialog(app.window)
    qtbot.addWidget(d)
    keys = [d.table.item(r, 0).text() for r in range(d.table.rowCount())]
    assert {"Ctrl+N", "Alt+Up / Alt+Down", "C", "R", "E", "T", "Ctrl+/"} <= set(keys)
