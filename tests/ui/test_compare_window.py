"""The comparison window end to end against the demo provider: three models, one failing; Stop one
column, Retry it; continue with a chosen answer; reopen the comparison from history."""

from __future__ import annotations

import asyncio

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ponder.core.answers.columns import Column
from ponder.core.providers.presets import PRESETS
from ponder.core.safety.secrets import KeyStore, MemoryKeyring
from ponder.core.settings import Settings, load_settings
from ponder.demo.server import DemoServer
from ponder.services.provider_setup import ProviderService
from ponder.services.tasks import TaskRunner
from ponder.ui.compare_dialog import CompareDialog

from .conftest import App, make_app


def _column(app: App, model: str) -> Any:
    return next(c for c in app.window.compare_view.cols if c.column.model == model)


def _text(app: App, model: str, what: str) -> str:
    """The error or the live thinking of a column's newest answer ("" until it is on show)."""
    a = _column(app, model).current
    if a is None:
        return ""
    return a.error.text() if what == "error" else (a._thinking.body.markdown if a._thinking else "")


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _figure(col: Any, name: str) -> str:
    return _plain(col.figures.values[name].text())


def test_compare_three_models_stop_retry_continue_and_reopen(qtbot: Any, app: App, demo: DemoServer, aloop: Any) -> None:
    w = app.window
    w.start_comparison([Column("demo", "demo/fast"), Column("demo", "demo/reasoning", "low"), Column("demo", "demo/no-such-model")])
    assert w.view_mode == "compare" and len(w.compare_view.cols) == 3
    assert w.bar.title.text() == "New comparison" and not w.bar.model.isVisibleTo(w)

    async def flow() -> str:
        w.composer.edit.setPlainText("/tokens 400\nWhich sorting algorithm should I use?")
        qtbot.mouseClick(w.composer.button, Qt.MouseButton.LeftButton)
        cid = w.cid
        assert cid is not None and app.store.conversation(cid).kind == "compare"
        fast, reasoning, missing = (_column(app, m) for m in ("demo/fast", "demo/reasoning", "demo/no-such-model"))
        # The failing model says why in its own column while the others go on.
        await app.wait(lambda: "Unknown model" in _text(app, "demo/no-such-model", "error"), what="the error")
        missing = _column(app, "demo/no-such-model")
        assert _plain(missing.status.text()) == "Failed" and app.service.streaming(cid)
        # The reasoning model thinks live in its own pane; Stop it alone.
        reasoning = _column(app, "demo/reasoning")
        await app.wait(lambda: _text(app, "demo/reasoning", "thinking"), what="live thinking")
        reasoning = _column(app, "demo/reasoning")
        qtbot.mouseClick(reasoning.stop_button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: _plain(_column(app, "demo/reasoning").status.text()) == "Stopped", what="stopped")
        await app.wait(lambda: _plain(_column(app, "demo/fast").status.text()) == "Done", what="the fast column to finish")
        fast = _column(app, "demo/fast")
        assert fast.current.answer.markdown.startswith("## Plain and fast")
        assert _figure(fast, "completion_tokens").endswith("400")  # measured from the stream, as asked
        # Retry the stopped column: it answers in full this time.
        demo.tps = 3000
        qtbot.mouseClick(_column(app, "demo/reasoning").retry_button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: not app.service.streaming(cid), what="the retry")
        await app.wait(lambda: _plain(_column(app, "demo/reasoning").status.text()) == "Done", what="the retried column")
        return cid

    cid = aloop.run_until_complete(flow())
    reasoning, fast = _column(app, "demo/reasoning"), _column(app, "demo/fast")
    assert reasoning.current.thinking.header.text().startswith("Thought for")
    # Figures for both finished columns; the best of each is starred in one column or the other.
    for col in (reasoning, fast):
        for name in ("ttft_ms", "tokens_per_s", "total_ms", "completion_tokens"):
            assert _figure(col, name) not in ("", "–"), (col.label_text, name)
    assert _figure(fast, "tokens_per_s").startswith("★") != _figure(reasoning, "tokens_per_s").startswith("★")
    assert _figure(reasoning, "reasoning_tokens") != "–" and _figure(fast, "reasoning_tokens") in ("0", "–")
    summary = w.compare_view.summary
    assert summary.names == [c.label_text for c in w.compare_view.cols]
    assert summary.values("tokens_per_s")[2] is None  # the failed column has no bar
    assert summary.total.startswith("Total cost")
    shot = w.grab()
    assert not shot.isNull()

    # Continue with the reasoning model's answer: a chat with that model; the others are alternatives.
    chosen = reasoning.current.message.id
    qtbot.mouseClick(reasoning.choose_button, Qt.MouseButton.LeftButton)

    async def continued() -> None:
        await app.wait(lambda: w.view_mode == "chat" and chosen in w.transcript.widgets, what="the chat view")

    aloop.run_until_complete(continued())
    assert w.bar.model.currentText() == "demo/reasoning" and w.bar.effort.currentData() == "low"
    answer = w.transcript.widgets[chosen]
    assert answer.nav_label.text() == "4/4"  # fast, the stopped one, the failed one, and this
    assert w.bar.show_comparison.isVisibleTo(w)

    async def chat_on() -> None:
        w.composer.edit.setPlainText("/tokens 20\nAnd for nearly sorted data?")
        qtbot.mouseClick(w.composer.button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.streaming(cid), what="the chat answer to start")
        await app.wait(lambda: not app.service.streaming(cid), what="the chat answer")

    aloop.run_until_complete(chat_on())
    assert demo.requests[-1]["model"] == "demo/reasoning"
    assert [m["role"] for m in demo.requests[-1]["messages"]] == ["user", "assistant", "user"]

    # Reopen from history: a new chat, then find the conversation by a word of one column's answer.
    w.open_conversation(None)
    w.sidebar.search.setText("fib")
    w.sidebar.refresh()
    hits = [w.sidebar.list.item(i) for i in range(w.sidebar.list.count())]
    assert any(h.data(Qt.ItemDataRole.UserRole) == cid for h in hits)
    w.sidebar.opened.emit(cid)
    assert w.view_mode == "chat" and w.bar.show_comparison.isVisibleTo(w)
    qtbot.mouseClick(w.bar.show_comparison, Qt.MouseButton.LeftButton)
    assert w.view_mode == "compare" and [c.column.model for c in w.compare_view.cols] == [
        "demo/fast", "demo/reasoning", "demo/no-such-model"]
    assert _column(app, "demo/reasoning").current.message.id == chosen
    assert _plain(_column(app, "demo/no-such-model").status.text()) == "Failed"
    assert w.compare_view.prompt.text().endswith("Which sorting algorithm should I use?")


def test_a_comparison_reopens_in_columns_after_a_restart_and_follow_ups_reach_every_column(
        qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    demo.tps = 3000
    path = tmp_path / "p.db"
    a = make_app(qtbot, demo, path)
    a.window.start_comparison([Column("demo", "demo/fast"), Column("demo", "demo/think")])

    async def two_turns() -> str:
        # Inside the running loop throughout: requests started between two run_until_complete
        # calls would be stepped by Qt with no running loop (a qasync quirk, not the app's).
        a.window.send("/tokens 30\nfirst")
        cid = a.window.cid
        await a.wait(lambda: not a.service.streaming(cid))
        a.window.send("/tokens 30\nsecond question")
        await a.wait(lambda: not a.service.streaming(cid))
        await a.client.aclose()
        return cid

    cid = aloop.run_until_complete(two_turns())
    a.window.close()
    a.store.close()

    b = make_app(qtbot, demo, path)
    b.window.sidebar.opened.emit(cid)
    assert b.window.view_mode == "compare"
    for col in b.window.compare_view.cols:
        follow_ups = [x.text() for x in col.inner.findChildren(QLabel) if x.objectName() == "FollowUp"]
        assert follow_ups == ["/tokens 30\nsecond question"]
        assert len(col.answers) == 2 and _plain(col.status.text()) == "Done"
    # The answers of both turns are there, the <think> model's reasoning split out of its text.
    think = next(c for c in b.window.compare_view.cols if c.column.model == "demo/think")
    assert think.current.message.reasoning and "<think>" not in (think.current.message.content or "")
    assert b.window.sidebar.list.findItems("⇄ first", Qt.MatchFlag.MatchStartsWith)
    b.window.close()
    aloop.run_until_complete(b.client.aclose())
    b.store.close()


def test_the_dialog_checks_columns_and_keeps_named_sets(qtbot: Any, tmp_path: Path) -> None:
    settings_path = tmp_path / "settings.json"
    ps = ProviderService(KeyStore(MemoryKeyring(), env={}), Settings(), settings_path, lambda: None, TaskRunner())
    models = lambda pid: ["demo/fast", "demo/reasoning"]  # noqa: E731
    d = CompareDialog([PRESETS["demo"]], models, [Column("demo", "demo/fast"), Column("demo", "demo/fast")], {}, False,
                      save_set=ps.save_model_set)
    qtbot.addWidget(d)
    d._accept()
    assert "twice" in d.problem.text() and d.result() == 0  # the same model twice needs a difference
    d.rows[1].effort.setCurrentIndex(d.rows[1].effort.findData("high"))
    d.add_row(None)
    d.rows[2].model.setEditText("demo/reasoning")
    d.store_set("deep vs fast")
    for _ in range(8):
        d.add_row(None)
    assert len(d.rows) == 8 and not d.add_button.isEnabled()
    d._remove_row(d.rows[-1])
    assert len(d.rows) == 7
    saved, warnings = load_settings(settings_path)
    assert warnings == [] and [c["model"] for c in saved.model_sets["deep vs fast"]] == ["demo/fast", "demo/fast", "demo/reasoning"]
    assert saved.model_sets["deep vs fast"][1]["effort"] == "high"
    # A new dialog offers the saved set and loads it.
    e = CompareDialog([PRESETS["demo"]], models, [], saved.model_sets, True)
    qtbot.addWidget(e)
    e.set_box.setCurrentIndex(e.set_box.findData("deep vs fast"))
    e._load_set()
    assert [c.spec() for c in e.columns()] == ["demo:demo/fast", "demo:demo/fast@high", "demo:demo/reasoning"]
    e._accept()
    assert e.result() == 1 and len(e.result_columns) == 3 and e.local_parallel.isChecked()


def test_a_column_offers_the_same_effort_levels_as_the_settings_bar(qtbot: Any) -> None:
    from ponder.core.models import ModelInfo
    from ponder.ui.settings_bar import SettingsBar

    known = {"demo/fast": ModelInfo(id="demo/fast", provider="demo", reasoning=False),
             "demo/reasoning": ModelInfo(id="demo/reasoning", provider="demo", reasoning=True, efforts=["low", "high"])}
    info = lambda pid, mid: known.get(mid) or ModelInfo(id=mid, provider=pid)  # noqa: E731
    models = lambda pid: list(known)  # noqa: E731
    d = CompareDialog([PRESETS["demo"]], models, [Column("demo", "demo/fast"), Column("demo", "demo/reasoning")], {}, False,
                      model_info=info)
    bar = SettingsBar([PRESETS["demo"]], models, model_info=info)
    qtbot.addWidget(d)
    qtbot.addWidget(bar)

    def levels(box: Any) -> list[str]:
        return [box.itemData(i) for i in range(box.count()) if box.itemData(i)]

    fast, deep = d.rows
    assert not fast.effort.isEnabled() and levels(fast.effort) == []  # it does not reason: nothing to offer
    assert deep.effort.isEnabled() and levels(deep.effort) == ["low", "high"]
    for mid, row in (("demo/fast", fast), ("demo/reasoning", deep)):
        bar.model.setEditText(mid)
        bar.follow_model()
        assert levels(bar.effort) == levels(row.effort) and bar.effort.isEnabled() == row.effort.isEnabled()


def test_the_dialog_turns_the_first_model_into_a_sweep_of_its_efforts(qtbot: Any) -> None:
    from ponder.core.models import ModelInfo

    known = {"demo/fast": ModelInfo(id="demo/fast", provider="demo", reasoning=False),
             "demo/reasoning": ModelInfo(id="demo/reasoning", provider="demo", reasoning=True, efforts=["low", "medium", "high"])}
    info = lambda pid, mid: known.get(mid) or ModelInfo(id=mid, provider=pid)  # noqa: E731
    d = CompareDialog([PRESETS["demo"]], lambda pid: list(known), [Column("demo", "demo/fast"), Column("demo", "demo/reasoning")],
                      {}, False, model_info=info)
    qtbot.addWidget(d)
    d.sweep_button.click()
    assert "nothing to compare" in d.problem.text() and len(d.rows) == 2  # demo/fast does not reason: no sweep
    d.rows[0].model.setEditText("demo/reasoning")
    d.sweep_button.click()
    # (its efforts hold no "none": it always reasons, so there is no column without reasoning)
    assert [c.spec() for c in d.columns()] == ["demo:demo/reasoning@low", "demo:demo/reasoning@medium",
                                               "demo:demo/reasoning@high"]
    assert d.problem.text() == ""
    d._accept()
    assert d.result() == 1 and cmp_is_sweep(d.result_columns)


def cmp_is_sweep(cols: list[Column]) -> bool:
    from ponder.core.answers.columns import is_sweep

    return is_sweep(cols)


def test_no_full_garbage_collection_while_eight_columns_stream(qtbot: Any, app: App, aloop: Any) -> None:
    """A full collection walks every object (50-65 ms with eight columns open): none runs while
    answers stream, however much is allocated meanwhile; one runs once all have ended and the
    window is idle, and the collector's thresholds are as before."""
    import gc

    from ponder.core.answers.columns import Column
    from ponder.demo.scripts import MODELS
    from ponder.services import collector

    full: list[str] = []

    def seen(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "stop" and info["generation"] == 2:
            full.append("streaming" if app.service.busy() else "idle")

    w = app.window
    w.start_comparison([Column("demo", m) for m in list(MODELS)[:8]])
    gc.callbacks.append(seen)
    kept = []
    try:
        async def scenario() -> None:
            w.send("/tps 400\n/tokens 300\ncompare")
            await app.wait(lambda: app.service.busy(), what="the columns to start")
            while app.service.busy():
                kept.append([[i] for i in range(2000)])  # objects that survive: a full collection would be due
                await asyncio.sleep(0.01)
            assert "streaming" not in full and len(kept) > 20
            await app.wait(lambda: "idle" in full and not app.service.collector.held, timeout=collector.IDLE_MS / 1000 + 5,
                           what="the idle collection")

        aloop.run_until_complete(scenario())
    finally:
        gc.callbacks.remove(seen)
    assert gc.get_threshold() == collector.NORMAL and not app.service.collector.held


def test_compare_efforts_opens_a_sweep_whose_summary_shows_what_more_reasoning_buys(qtbot: Any, demo: DemoServer,
                                                                                     tmp_path: Path, aloop: Any) -> None:
    from ponder.ui.summary_chart import SummaryChart
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", model="demo/openrouter")

    async def go() -> None:
        a.window.compare_efforts()
        assert a.window.pending_columns and {c.model for c in a.window.pending_columns} == {"demo/openrouter"}
        efforts = [c.effort for c in a.window.pending_columns]
        assert efforts[0] == "none" and len(efforts) >= 3 and "Comparing demo/openrouter at" in a.window.bar.compare_label.text()
        a.window.send("/tps 0\nWhy is the sky blue?")
        await a.wait(lambda: a.service.busy(), 10, "the columns start")
        await a.wait(lambda: not a.service.busy(), 60, "every column")
        await asyncio.sleep(0.3)
        chart = a.window.findChild(SummaryChart)
        assert chart.groups == SummaryChart.SWEEP and chart.names == efforts
        reasoning = chart.values("reasoning_tokens")
        assert reasoning[0] == 0 and reasoning[-1] > reasoning[1]

    aloop.run_until_complete(go())
    aloop.run_until_complete(a.service.aclose())
