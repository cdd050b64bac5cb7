"""The window at the sizes people use, 800x600 up to 2560x1440: nothing overlaps, nothing is cut,
and the window keeps the size the user gave it."""

from __future__ import annotations

import pytest
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from tests.ui.conftest import App

CONTROLS = (QLabel, QComboBox, QAbstractButton, QAbstractSpinBox, QLineEdit)


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls under ``root`` (a combo's or spin box's own inner parts left out)."""
    found = []
    for w in root.findChildren(QWidget):
        if isinstance(w, CONTROLS) and w.isVisible() and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            found.append(w)
    return found


def rect_in(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (2560, 1440)])
def test_the_settings_bar_wraps_and_never_overlaps(app: App, size: tuple[int, int]) -> None:
    w = app.window
    w.bar.advanced.setChecked(True)
    w.resize(*size)
    for _ in range(3):
        QApplication.processEvents()
    assert (w.width(), w.height()) == size  # the window takes the size it is given
    bar = w.bar
    found = controls(bar)
    assert len(found) >= 12
    rects = [(c, rect_in(c, bar)) for c in found]
    for c, r in rects:
        assert bar.rect().contains(r), f"{type(c).__name__} {c.objectName() or getattr(c, 'text', lambda: '')()} is cut off"
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            assert not ra.intersects(rb), f"{type(a).__name__} overlaps {type(b).__name__} at {size}"
    # The transcript starts below the bar, not under its second row.
    assert rect_in(w.stack, w).top() >= rect_in(bar, w).bottom()


def test_a_label_keeps_its_control_when_the_bar_wraps(app: App) -> None:
    w = app.window
    w.resize(800, 600)
    QApplication.processEvents()
    labels = {c.text(): c for c in controls(w.bar) if isinstance(c, QLabel)}
    for text, box in (("Provider", w.bar.provider), ("Model", w.bar.model), ("Effort", w.bar.effort)):
        assert rect_in(labels[text], w).center().y() == pytest.approx(rect_in(box, w).center().y(), abs=3)
        assert rect_in(box, w).left() > rect_in(labels[text], w).right()


def test_a_view_never_resizes_the_window(qtbot: Any, app: App, aloop: Any) -> None:
    from PySide6.QtCore import Qt

    from ponder.core.answers.columns import Column

    w = app.window
    w.resize(800, 600)
    QApplication.processEvents()
    sizes = []
    w.start_comparison([Column("demo", "demo/fast"), Column("demo", "demo/reasoning"), Column("demo", "demo/fast", "high")])

    async def flow() -> None:
        w.composer.edit.setPlainText("/tokens 300\nShow me some code")
        qtbot.mouseClick(w.composer.button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: w.cid and not app.service.busy(), what="the columns")
        sizes.append(w.size().toTuple())
        first = w.compare_view.cols[0].current
        w.continue_with(first.message.id)  # "Continue with this answer"
        await app.wait(lambda: w.view_mode == "chat", what="the chat")
        QApplication.processEvents()
        sizes.append(w.size().toTuple())
        w.open_conversation(w.cid, view="compare")  # "Show the comparison" of the continued chat
        QApplication.processEvents()
        sizes.append(w.size().toTuple())

    aloop.run_until_complete(flow())
    assert sizes == [(800, 600)] * 3


def test_the_comparison_dialog_grows_with_its_rows_and_cuts_no_letters(qtbot: Any) -> None:
    """Rows added to the open dialog each keep the height their combo boxes ask for (a dialog that
    stayed at its first height squeezed them, cutting the bottoms of "g" and "y")."""
    from PySide6.QtCore import Qt

    from ponder.core.answers.columns import Column
    from ponder.core.providers.presets import PRESETS
    from ponder.ui.compare_dialog import CompareDialog

    d = CompareDialog([PRESETS["demo"]], lambda pid: ["demo/reasoning"], [Column("demo", "demo/reasoning")] * 2, {}, False)
    qtbot.addWidget(d)
    d.show()
    for n in range(6):
        qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
        qtbot.wait(1)
        assert len(d.rows) == 3 + n
        for r in d.rows:
            for box in (r.provider, r.model, r.effort):
                assert box.height() >= box.sizeHint().height(), f"row {d.rows.index(r) + 1} of {len(d.rows)} is squeezed"
    assert not d.add_button.isEnabled()  # eight at most
