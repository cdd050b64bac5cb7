"""The whole window against the demo provider, driven as a user would."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ponder.core.history.store import Store
from ponder.demo.scripts import MODELS
from ponder.demo.server import DemoServer
from tests.helpers.rawserver import Reply
from tests.ui.conftest import App, make_app, sse


class _NoAnswer:
    """Stands in until the answer's widget exists (the transcript reloads on the next loop turn)."""

    def __getattr__(self, name: str) -> Any:
        return _NoAnswer()

    def __bool__(self) -> bool:
        return False

    def __call__(self, *a: Any) -> Any:
        return _NoAnswer()

    def __len__(self) -> int:
        return 0


def last_answer(app: Any) -> Any:
    answers = [w for w in app.window.transcript.widgets.values() if w.message.role == "assistant"]
    return answers[-1] if answers else _NoAnswer()


def type_and_send(qtbot: Any, app: App, text: str) -> None:
    edit = app.window.composer.edit
    edit.setFocus()
    *lines, last = text.split("\n")
    if lines:  # QTest has no key for "\n": earlier lines are pasted, the last one typed
        edit.setPlainText("\n".join(lines) + "\n")
        edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, last)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_reasoning_streams_then_the_answer_and_the_pane_collapses(qtbot: Any, app: App, aloop: Any) -> None:
    async def scenario() -> None:
        type_and_send(qtbot, app, "What is a quokka?")
        assert app.window.composer.button.text() == "Stop"
        await app.wait(lambda: last_answer(app).thinking.thinking, what="the thinking pane to open")
        pane = last_answer(app).thinking
        assert pane.isVisible() and pane.header.text().startswith("Thinking…") and pane.header.isChecked()
        await app.wait(lambda: "I should answer" in pane.body.markdown, what="reasoning text")
        await app.wait(lambda: last_answer(app).answer.markdown, what="answer text")
        pane = last_answer(app).thinking
        assert not pane.thinking and pane.header.text().startswith("Thought for")  # closed on the first answer token
        await app.wait(lambda: not app.service.busy(), what="the answer to finish")
        w = last_answer(app)
        assert w.thinking.header.text().startswith("Thought for") and "reasoning tokens" in w.thinking.header.text()
        assert not w.thinking.header.isChecked() and not w.thinking.body.isVisible()  # collapsed
        assert w.message.thinking_ms and w.message.thinking_ms > 0  # stored with the message
        assert "first token" in w.footer.text() and "tokens/s" in w.footer.text() and "stop" in w.footer.text()
        assert w.answer.markdown.startswith("## Reasoning") and w.answer.code  # code blocks with copy links
        assert app.window.composer.button.text() == "Send" and app.window.composer.edit.toPlainText() == ""
        qtbot.mouseClick(w.thinking.header, Qt.MouseButton.LeftButton)  # it opens again on demand
        assert w.thinking.body.isVisible() and "I should answer" in w.thinking.body.toPlainText()

    aloop.run_until_complete(scenario())


def test_stop_mid_stream_keeps_the_partial_answer(qtbot: Any, app: App, aloop: Any) -> None:
    async def scenario() -> None:
        type_and_send(qtbot, app, "/tps 25\n/tokens 400\ntell me a long story")
        await app.wait(lambda: len(last_answer(app).answer.markdown) > 20, what="some answer text")
        qtbot.keyClick(app.window.composer.edit, Qt.Key.Key_Escape)
        await app.wait(lambda: not app.service.busy(), what="the stream to stop")
        w = last_answer(app)
        assert w.message.status == "stopped" and w.message.partial
        assert w.error_box.isVisible() and "Stopped" in w.error_label.text() and "partial answer kept" in w.error_label.text()
        assert 20 < len(w.message.content) < 1500
        assert not w.thinking.thinking  # the timer stopped with it

    aloop.run_until_complete(scenario())


def test_an_error_shows_in_place_and_retry_answers(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/fast", max_attempts=1)

    async def scenario() -> None:
        type_and_send(qtbot, app, "/flaky 1\nretry me")
        await app.wait(lambda: not app.service.busy() and last_answer(app).error_box.isVisible(), what="the error")
        w = last_answer(app)
        assert "Demo is unavailable (HTTP 503)" in w.error_label.text() and w.retry_button.isVisible()
        # Kept in history (Retry is there), and marked in the sidebar as never answered.
        app.window.sidebar.refresh()
        row = next(app.window.sidebar.list.item(i) for i in range(app.window.sidebar.list.count())
                   if app.window.sidebar.list.item(i).data(Qt.ItemDataRole.UserRole) == app.window.cid)
        assert row.text().startswith("⚠ ") and "Not answered" in row.toolTip()
        qtbot.mouseClick(w.retry_button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.busy(), what="the retry to start")
        await app.wait(lambda: not app.service.busy(), what="the retry to finish")
        w = last_answer(app)
        assert w.message.status == "done" and "retry me" in w.message.content and not w.error_box.isVisible()
        app.window.sidebar.refresh()
        assert not any(app.window.sidebar.list.item(i).text().startswith("⚠")
                       for i in range(app.window.sidebar.list.count()))  # answered now
        assert w.nav_label.isVisible() and w.nav_label.text() == "2/2"  # the failed answer stays reachable
        qtbot.mouseClick(w.nav_prev, Qt.MouseButton.LeftButton)
        await app.wait(lambda: last_answer(app).message.status == "error", what="the earlier answer")
        assert last_answer(app).nav_label.text() == "1/2"
        await app.service.tasks.shutdown()
        await app.client.aclose()

    aloop.run_until_complete(scenario())


def test_restart_and_find_the_conversation(qtbot: Any, app: App, demo: DemoServer, aloop: Any) -> None:
    async def scenario() -> None:
        type_and_send(qtbot, app, "/tps 0\nTell me about axolotls")
        await app.wait(lambda: app.service.busy(), what="start")
        await app.wait(lambda: not app.service.busy(), what="finish")
        qtbot.keyClicks(app.window.composer.edit, "a draft I will come back to")
        app.window.close()
        app.store.close()

        again = make_app(qtbot, demo, app.path)
        side = again.window.sidebar
        titles = [side.list.item(i).text() for i in range(side.list.count())]
        assert titles == ["TODAY", "Tell me about axolotls"]
        qtbot.keyClicks(side.search, "axolotls")
        await again.wait(lambda: side.list.count() and side.list.item(0).data(Qt.ItemDataRole.UserRole), what="search hits")
        side._open(side.list.item(0))
        thread = [w.message for w in again.window.transcript.widgets.values()]
        assert [m.role for m in thread] == ["user", "assistant"] and "axolotls" in thread[1].content
        assert again.window.composer.edit.toPlainText() == "a draft I will come back to"
        await again.client.aclose()

    aloop.run_until_complete(scenario())


def test_copy_last_answer_and_code(qtbot: Any, app: App, aloop: Any) -> None:
    async def scenario() -> None:
        type_and_send(qtbot, app, "/tps 0\ncode please")
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy())
        qtbot.keyClick(app.window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert QGuiApplication.clipboard().text().startswith("## Reasoning")
        w = last_answer(app)
        w.answer._anchor(__import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("copy:0"))
        assert QGuiApplication.clipboard().text().startswith("def fib(n: int) -> int:")

    aloop.run_until_complete(scenario())


WEATHER = {"name": "get_weather", "description": "Weather now",
           "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}


def test_a_tool_call_answered_by_the_user(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/tools")
    app.window.bar.set_tools([WEATHER], "auto", None)
    assert app.window.bar.tools_button.text() == "Tools (1)"

    async def scenario() -> None:
        n = len(demo.requests)
        type_and_send(qtbot, app, "What is the weather in Paris?")
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy(), what="the tool call")
        w = last_answer(app)
        assert w.message.finish_reason == "tool_calls" and w.message.tool_calls[0].name == "get_weather"
        assert demo.requests[n]["tools"] == [{"type": "function", "function": WEATHER}] and demo.requests[n]["tool_choice"] == "auto"
        box = w.findChildren(QPlainTextEdit)[0]
        args_view = w.tools_box.itemAt(0).widget().findChildren(type(w.answer))[0]
        assert '"location": "Paris"' in args_view.toPlainText()  # pretty-printed once complete
        qtbot.keyClicks(box, "18 C and sunny")
        send = next(b for b in w.findChildren(QPushButton) if b.text() == "Send result")
        qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy(), what="the answer after the tool")
        final = last_answer(app)
        assert "18 C and sunny" in final.message.content and final.message.finish_reason == "stop"
        sent = demo.requests[-1]["messages"]
        assert [m["role"] for m in sent] == ["user", "assistant", "tool"] and sent[2]["content"] == "18 C and sunny"
        assert sent[1]["tool_calls"][0]["function"]["name"] == "get_weather"
        await app.service.aclose()

    aloop.run_until_complete(scenario())


def test_tools_dialog_checks_definitions(qtbot: Any) -> None:
    from ponder.ui.tools_dialog import ToolsDialog

    d = ToolsDialog([], [], None, None)
    qtbot.addWidget(d)
    d.name.setText("get weather")
    qtbot.mouseClick(d.save, Qt.MouseButton.LeftButton)
    assert "no spaces" in d.error.text()
    d.name.setText("get_weather")
    d.parameters.setPlainText('{"type": "object", "properties": {"location": {"type": "string"}}}')
    qtbot.mouseClick(d.save, Qt.MouseButton.LeftButton)
    library, enabled, choice, parallel = d.result()
    assert [t["name"] for t in library] == ["get_weather"] and enabled == ["get_weather"]
    assert [d.choice.itemText(i) for i in range(d.choice.count())] == ["auto (the model decides)", "none (no tool)", "required (some tool)",
                                                                        "call get_weather"]
    assert (choice, parallel) == (None, None)


def test_edit_and_resend_keeps_the_old_branch_and_delete_removes_replies(qtbot: Any, app: App, aloop: Any) -> None:

    async def scenario() -> None:
        type_and_send(qtbot, app, "/tps 0\nfirst question")
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy())
        user = next(w for w in app.window.transcript.widgets.values() if w.message.role == "user")
        qtbot.mouseClick(user.edit_button, Qt.MouseButton.LeftButton)
        assert user.editor.isVisibleTo(user) and user.editor.toPlainText() == "/tps 0\nfirst question"
        user.editor.setPlainText("/tps 0\nbetter question")
        qtbot.mouseClick(user.send_edit, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy())
        thread = app.store.thread(app.window.cid)
        assert [m.content.split("\n")[-1] for m in thread if m.role == "user"] == ["better question"]
        assert "better question" in thread[-1].content
        assert len(app.store.siblings(thread[0].id)) == 2  # the first question is still reachable

        answer = last_answer(app)
        app.window.delete_message(answer.message.id, confirm=False)
        await app.wait(lambda: not [w for w in app.window.transcript.widgets.values() if w.message.role == "assistant"])
        assert [m.role for m in app.store.thread(app.window.cid)] == ["user"]

    aloop.run_until_complete(scenario())


def test_advanced_settings_reach_the_request_and_the_theme_can_change(qtbot: Any, app: App, demo: DemoServer, aloop: Any) -> None:
    bar = app.window.bar
    bar.advanced.setChecked(True)
    bar.system.setText("Answer in one line")
    bar.temperature.setValue(0.3)
    bar.top_p.setValue(0.9)
    bar.max_tokens.setValue(512)
    bar.effort.setCurrentIndex(bar.effort.findData("low"))

    async def scenario() -> None:
        n = len(demo.requests)
        type_and_send(qtbot, app, "/tps 0\nhi")
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy())
        req = demo.requests[n]
        assert req["messages"][0] == {"role": "system", "content": "Answer in one line"}
        assert (req["temperature"], req["top_p"], req["max_tokens"], req["reasoning_effort"]) == (0.3, 0.9, 512, "low")
        saved = app.store.conversation(app.window.cid).settings
        assert saved["top_p"] == 0.9 and saved["effort"] == "low"
        app.window.set_theme("dark")
        assert app.window.renderer.theme == "dark" and last_answer(app).answer.markdown

    aloop.run_until_complete(scenario())


def test_controls_follow_the_model_and_the_cost_and_context_show(qtbot: Any, app: App, aloop: Any) -> None:
    bar = app.window.bar
    bar.model.setEditText("o3-mini")  # an o-series model: no sampling parameters, its own efforts
    assert not bar.temperature.isEnabled() and "does not take temperature" in bar.temperature.toolTip()
    assert [bar.effort.itemData(i) for i in range(bar.effort.count())] == [None, "high", "medium", "low"]
    bar.model.setEditText("deepseek-chat")
    assert not bar.effort.isEnabled() and "does not reason" in bar.effort.toolTip() and bar.temperature.isEnabled()
    bar.model.setEditText("demo/openrouter")

    async def scenario() -> None:
        type_and_send(qtbot, app, "/tps 0\nhow much?")
        await app.wait(lambda: app.service.busy())
        await app.wait(lambda: not app.service.busy())
        assert bar.meta.text().startswith("$0.0002")  # the provider's usage.cost, totalled for the chat

    aloop.run_until_complete(scenario())


def test_the_model_picker_refreshes_the_catalog_on_demand(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    from ponder.core.providers.catalog import CatalogCache
    from ponder.ui.model_picker import ModelPicker

    app = make_app(qtbot, demo, tmp_path / "p.db")
    app.service.models.cache = CatalogCache(tmp_path / "cache")
    opened: list[ModelPicker] = []
    ModelPicker.exec = lambda self: (opened.append(self), 0)[1]  # type: ignore[method-assign]
    app.window.pick_model()
    picker = opened[0]
    assert picker.count.text().endswith("models") and picker.models  # what history/settings know, meanwhile

    async def scenario() -> None:
        await app.wait(lambda: app.service.models.cache.load("demo") is not None, what="the background fetch")
        qtbot.mouseClick(picker.refresh, Qt.MouseButton.LeftButton)
        n = len(MODELS)
        await app.wait(lambda: picker.refresh.isEnabled() and len(picker.models) == n, what="the refreshed list")
        assert picker.count.text() == f"{n} of {n} models"
        await app.service.aclose()

    aloop.run_until_complete(scenario())
    del ModelPicker.exec


def test_the_model_picker_lists_every_enabled_provider_and_choosing_switches_the_provider(
        qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any, monkeypatch: Any) -> None:
    from ponder.core.providers.catalog import CatalogCache
    from ponder.core.settings import CustomProvider, save_settings, Settings
    from ponder.ui.model_picker import ModelPicker

    settings = tmp_path / "settings.json"
    save_settings(settings, Settings(enabled_providers=["lab"], custom_providers=[CustomProvider("lab", "Lab box", demo.base_url)]))
    app = make_app(qtbot, demo, tmp_path / "p.db", settings_path=settings)
    w = app.window
    w._providers_changed()  # the bar offers the settings' providers, as at start
    assert w.bar.provider.findData("lab") > 0
    app.service.models.cache = CatalogCache(tmp_path / "cache")
    opened: list[ModelPicker] = []
    monkeypatch.setattr(ModelPicker, "exec", lambda self: (opened.append(self), 0)[1])
    w.pick_model()
    picker = opened[0]
    assert picker.shown_providers() == ["demo"] and picker.scope.count() == 3  # All, Demo, Lab box

    async def scenario() -> None:
        picker.scope.setCurrentIndex(picker.scope.findData(""))  # every provider at once
        n = len(MODELS)
        await app.wait(lambda: len(picker.groups.get("lab", [])) == n and len(picker.groups.get("demo", [])) == n,
                       what=f"both lists {[(k, len(v)) for k, v in picker.groups.items()]} {picker.notes}")
        assert picker.count.text() == f"{2 * n} of {2 * n} models from 2 providers"
        labs = [picker.list.topLevelItem(i) for i in range(picker.list.topLevelItemCount())
                if picker.list.topLevelItem(i).text(2) == "Lab box"]
        assert len(labs) == n
        await app.service.aclose()

    aloop.run_until_complete(scenario())
    assert json.loads(settings.read_text())["ui"]["picker_all"] is True  # the next picker opens on all of them

    def choose(self: ModelPicker) -> int:
        assert self.shown_providers() == ["demo", "lab"]
        self.chosen = ("lab", "demo/fast")
        return ModelPicker.DialogCode.Accepted

    monkeypatch.setattr(ModelPicker, "exec", choose)
    w.pick_model()
    assert w.bar.settings().provider == "lab" and w.bar.settings().model == "demo/fast"


def test_a_rename_in_the_sidebar_reaches_the_window_and_a_closed_window_writes_nothing(qtbot: Any, app: App, aloop: Any) -> None:
    async def scenario() -> None:
        type_and_send(qtbot, app, "/tokens 20\nname me")
        await app.wait(lambda: not app.service.busy() and app.window.cid, what="the answer")
        cid = app.window.cid
        app.window.history.rename(cid, "A better title")  # what the sidebar's Rename… does
        assert app.window.bar.title.text() == "A better title"
        # Typing starts the 500 ms draft timer; closing must stop it before the history closes.
        qtbot.keyClicks(app.window.composer.edit, "a draft, typed just before closing")

    aloop.run_until_complete(scenario())
    app.window.close()
    app.store.close()
    qtbot.wait(700)  # past the draft timer: a write to the closed history would fail the test here
    app.store = Store(app.path)  # the fixture closes it again
    assert app.store.draft(app.store.conversations()[0].id) == "a draft, typed just before closing"


def test_the_keep_thinking_open_preference_reaches_new_answers(qtbot: Any, app: App, aloop: Any) -> None:
    app.window.options.keep_thinking_open = True  # what Settings' checkbox sets, through the window

    async def scenario() -> None:
        type_and_send(qtbot, app, "/tokens 30\nthink about it")
        await app.wait(lambda: not app.service.busy() and last_answer(app).answer.markdown, what="the answer")
        pane = last_answer(app).thinking
        assert pane.header.text().startswith("Thought for") and pane.header.isChecked() and pane.body.isVisible()

    aloop.run_until_complete(scenario())


def test_a_lone_think_close_moves_the_answer_shown_so_far_into_the_thinking_pane(rawapp: Any, aloop: Any) -> None:
    # A model whose template opens <think> in the prompt streams its reasoning as plain content,
    # then a lone </think>: what was on screen as the answer was reasoning all along.
    first = sse({"choices": [{"delta": {"content": "I should greet them warmly."}}]})[: -len(b"data: [DONE]\n\n")]
    second = b"data: " + json.dumps({"choices": [{"delta": {"content": "</think>Hello there!"}}]}).encode() + b"\n\n"
    h = rawapp([Reply(200, first + second, stall_after=len(first), stall_s=1.0, hold_open=True)])

    async def scenario() -> None:
        h.window.send("hi")
        await h.wait(lambda: "warmly" in (last_answer(h).answer.toPlainText() or ""), "the reasoning shown as the answer")
        w = last_answer(h)
        await h.wait(lambda: "Hello there!" in w.answer.toPlainText(), "the answer after </think>")
        assert w.answer.toPlainText() == "Hello there!"  # live, before the stream ends: the answer starts again
        assert "I should greet them warmly." in w.thinking.body.toPlainText() and w.thinking.isVisible()
        h.service.stop(h.window.cid)
        await h.wait(lambda: not h.service.busy(), "Stop")
        final = h.store.message(w.message.id)
        assert final.content == "Hello there!" and final.reasoning == "I should greet them warmly."

    aloop.run_until_complete(scenario())


def test_ctrl_q_quits_and_the_window_comes_back_as_it_was_left(qtbot: Any, demo: DemoServer, tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    first = make_app(qtbot, demo, tmp_path / "p.db", settings_path=settings)
    w = first.window
    cid = first.store.create_conversation("Kept for tomorrow").id
    w.open_conversation(cid)
    w.resize(760, 560)  # within the offscreen screen (800x600): a restored window is kept on its screen
    w.split.setSizes([200, 560])
    size, sizes = (w.width(), w.height()), w.split.sizes()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=2000)  # Ctrl+Q closed it
    assert "Quit" in w.quit_action.text() and w.quit_action.shortcut().toString() == "Ctrl+Q"
    first.store.close()

    again = make_app(qtbot, demo, tmp_path / "p.db", settings_path=settings)
    again.window.restore_state()
    assert again.window.cid == cid and again.window.bar.title.text() == "Kept for tomorrow"
    assert (again.window.width(), again.window.height()) == size
    assert again.window.split.sizes() == sizes
    again.window.close()
    again.store.close()


def test_an_edited_question_keeps_its_earlier_version_and_search_opens_the_branch_of_a_hit(qtbot: Any, app: App,
                                                                                          aloop: Any) -> None:
    w = app.window

    def question() -> Any:
        return next(x for x in w.transcript.widgets.values() if x.message.role == "user")

    async def flow() -> None:
        w.send("/tokens 20\nWhat is a quokka?")
        await app.wait(lambda: w.cid and not app.service.busy() and last_answer(app).message.status == "done", what="answer")
        q = question()
        q._start_edit()
        q.editor.setPlainText("/tokens 20\nWhat is a wombat?")
        qtbot.mouseClick(q.send_edit, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.busy(), what="the edited question's answer")
        await app.wait(lambda: not app.service.busy() and "wombat" in (question().message.content or ""), what="it")
        q = question()
        assert q.versions is not None and q.versions.text() == "2/2"
        qtbot.mouseClick(q.version_buttons[0], Qt.MouseButton.LeftButton)  # ‹: the earlier version, with its answer
        await app.wait(lambda: "quokka" in (question().message.content or ""), what="the earlier version")
        assert question().versions.text() == "1/2" and "quokka" in (last_answer(app).message.content or "")
        qtbot.mouseClick(question().version_buttons[1], Qt.MouseButton.LeftButton)
        await app.wait(lambda: "wombat" in (question().message.content or ""), what="the later version again")
        # Search finds the earlier version; opening the hit shows its branch, scrolled and marked.
        w.sidebar.search.setText("quokka")
        w.sidebar.refresh()
        hits = [w.sidebar.list.item(i) for i in range(w.sidebar.list.count())]
        hit = next(i for i in hits if i.data(Qt.ItemDataRole.UserRole + 1))
        mid = hit.data(Qt.ItemDataRole.UserRole + 1)
        qtbot.mouseClick(w.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=w.sidebar.list.visualItemRect(hit).center())
        await app.wait(lambda: "quokka" in (question().message.content or ""), what="the hit's branch")
        await asyncio.sleep(0.05)
        shown = w.transcript.widgets[mid]
        marked = "fde68a" in shown.user_label.styleSheet() if shown.message.role == "user" else shown.answer.extraSelections()
        assert marked

    aloop.run_until_complete(flow())


def test_new_chat_clears_the_sidebar_highlight_and_repeated_titles_are_told_apart(qtbot: Any, app: App) -> None:
    w = app.window
    a = app.store.create_conversation("Same question", model="demo/fast").id
    app.store.create_conversation("Same question", model="demo/reasoning")
    w.sidebar.refresh()
    w.open_conversation(a)
    assert [i.data(Qt.ItemDataRole.UserRole) for i in w.sidebar.list.selectedItems()] == [a]
    texts = [w.sidebar.list.item(i).text() for i in range(w.sidebar.list.count())]
    twins = [t for t in texts if t.startswith("Same question")]
    assert len(twins) == 2 and len(set(twins)) == 2  # each says when, and with which model
    assert any("demo/fast" in t for t in twins) and any("demo/reasoning" in t for t in twins)
    w.activateWindow()
    qtbot.keyClick(w.composer.edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert w.cid is None and w.sidebar.list.selectedItems() == []


def test_the_theme_chosen_in_settings_applies_at_once(qtbot: Any, demo: DemoServer, tmp_path: Path, qapp: Any) -> None:
    from PySide6.QtGui import QPalette

    from ponder.ui.settings_dialog import SettingsDialog
    from ponder.ui.theme import COLORS, apply_theme

    a = make_app(qtbot, demo, tmp_path / "p.db", settings_path=tmp_path / "settings.json")
    dialog = SettingsDialog(a.window.provider_service, a.window)
    qtbot.addWidget(dialog)
    try:
        for theme in ("dark", "light"):
            dialog.theme.setCurrentIndex(dialog.theme.findData(theme))
            assert a.window.theme == theme and a.window.renderer.theme == theme
            assert qapp.palette().color(QPalette.ColorRole.Window).name() == COLORS[theme]["window"]
        assert '"theme": "light"' in (tmp_path / "settings.json").read_text()  # kept for the next start
    finally:
        apply_theme(qapp, "light")
        a.window.close()
        a.store.close()


def test_import_in_the_window_keeps_dates_and_says_when_it_is_there_already(qtbot: Any, app: App, tmp_path: Path,
                                                                           monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    w = app.window
    c = app.store.create_conversation("From last year", model="demo/fast")
    app.store.add_message(c.id, __import__("ponder.core.models", fromlist=["Message"]).Message("user", "hello"))
    f = tmp_path / "c.json"
    w.history.export(c.id, f, "json")
    data = json.loads(f.read_text())
    data["conversation"]["id"] = "0" * 32  # as if exported on another machine, a year ago
    data["conversation"]["created_at"] = data["conversation"]["updated_at"] = 1733000000.0
    f.write_text(json.dumps(data))
    assert "Import conversation…" in [a.text().replace("&", "") for a in w.menuBar().actions()[0].menu().actions()]
    cid = w.import_conversation(str(f))
    assert cid and w.cid == cid and app.store.conversation(cid).created_at == 1733000000.0
    # The same file again: said, and (answered No) nothing duplicated; the one there is opened.
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.No)
    again = w.import_conversation(str(f))
    assert again == cid and len(app.store.conversations()) == 2


def test_a_retry_banner_goes_once_the_retry_answers(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/fast", backoff_s=(0.6,))  # a banner long enough to see

    async def flow() -> None:
        app.window.send("/flaky 1\n/tps 40\n/tokens 300\nPlease retry")
        await app.wait(lambda: last_answer(app).notice.isVisible() and "retrying" in last_answer(app).notice.text(),
                       what="the retry banner")
        await app.wait(lambda: len(last_answer(app).answer.toPlainText()) > 40, what="the retry's answer")
        assert app.service.busy() and not last_answer(app).notice.isVisible()  # gone while it streams
        app.service.stop(app.window.cid)
        await app.wait(lambda: not app.service.busy(), what="Stop")
        await app.service.tasks.shutdown()
        await app.client.aclose()

    aloop.run_until_complete(flow())
    app.window.close()
    app.store.close()


def test_an_answer_is_priced_when_the_catalog_arrives_after_it(qtbot: Any, demo: DemoServer, tmp_path: Path,
                                                              aloop: Any) -> None:
    from ponder.core.providers.catalog import CatalogCache

    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/fast")
    app.service.models.cache = CatalogCache(tmp_path / "cache")  # empty: no prices known when the answer ends

    async def flow() -> None:
        app.window.send("/tokens 30\nHow much is this?")
        await app.wait(lambda: app.window.cid and not app.service.busy() and last_answer(app).message.status == "done",
                       what="the answer")
        # Priced once the catalog came (fetched because a price was missing), on screen too.
        await app.wait(lambda: app.store.thread(app.window.cid)[-1].cost is not None, what="its price")
        await app.wait(lambda: app.window.bar.meta.text().startswith("$"), what="the cost in the top bar")
        await app.service.aclose()

    aloop.run_until_complete(flow())
    app.window.close()
    app.store.close()


def test_a_chatgpt_history_is_imported_from_the_window_with_progress_and_cancel(qtbot: Any, app: App, tmp_path: Path,
                                                                              aloop: Any, monkeypatch: Any) -> None:
    """File > Import history: a process of its own imports a ChatGPT export into this history, the
    bar moves, the sidebar fills; Cancel stops it with what came in kept, and again goes on."""
    from PySide6.QtWidgets import QMessageBox

    from tests.core.test_bulk_import import chatgpt_conversation, write_export

    w = app.window
    names = [a.text().replace("&", "") for a in w.menuBar().actions()[0].menu().actions()]
    assert "Import history from another app…" in names
    src = write_export(tmp_path / "chatgpt", [chatgpt_conversation(f"c{i}", f"Quokka chat {i}") for i in range(30)], zipped=True)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: said.append(self.text()) or QMessageBox.StandardButton.Ok)

    async def scenario() -> None:
        w.import_history(str(src))
        w.import_job.cancel()  # at once: nothing or a little comes in
        await app.wait(lambda: said, what="the import to stop")
        assert said[0].startswith("Stopped.") and "import the same file again" in said[0]
        seen: list[dict] = []  # type: ignore[type-arg]
        w.import_history(str(src))
        w.import_job.progress.connect(seen.append)
        finished: list[tuple[bool, str]] = []
        w.import_job.finished.connect(lambda ok, text: finished.append((ok, text)))
        await app.wait(lambda: finished, timeout=60, what="the import to finish")
        assert finished[0][0] and "conversations" in finished[0][1] and seen and seen[-1]["done"] == seen[-1]["total"]

    aloop.run_until_complete(scenario())
    titles = [c.title for c in app.store.conversations()]
    assert sorted(titles) == sorted(f"Quokka chat {i}" for i in range(30))  # all of them, none twice
    w.sidebar.refresh()
    assert w.sidebar.list.count() >= 30
