"""Advanced ▸ Parameters… in the window: every parameter set, kept with the conversation, sent,
gated by what the model takes; a JSON answer shown indented and checked against its schema; an
answer's sources listed under it, numbered as its text cites them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from ponder.core.models import ModelInfo
from ponder.demo.server import DemoServer
from ponder.ui.params_dialog import ParamsDialog
from tests.ui.conftest import App

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def test_the_dialog_checks_as_you_type_and_disables_what_the_model_does_not_take(qtbot: Any) -> None:
    info = ModelInfo("openai/o4-mini", "openrouter", supported_parameters=["seed", "response_format", "max_tokens"])
    saved: list[dict[str, Any]] = []
    d = ParamsDialog({"seed": 5, "stop": ["END"]}, info.takes, "openai/o4-mini", {}, saved.append)
    qtbot.addWidget(d)
    assert d.seed_on.isChecked() and d.seed.value() == 5 and d.stop.toPlainText() == "END"
    assert not d.bias.isEnabled() and "does not take logit_bias" in d.bias.toolTip()
    assert not d.logprobs_on.isEnabled() and d.kind.isEnabled()
    d.kind.setCurrentIndex(d.kind.findData("json_schema"))
    d.schema.setPlainText('{"type": "object", "properties": {"a": {"type": "nope"}}}')
    assert d.schema_state.text().startswith("✗ Not a valid JSON Schema at properties/a/type")
    d.schema.setPlainText(json.dumps(SCHEMA))
    assert d.schema_state.text() == "✓ A valid JSON Schema"
    d.stop.setPlainText("a\nb\nc\nd\ne")
    d._check()
    assert d.result() != QDialog.DialogCode.Accepted and "At most 4 stop sequences" in d.error.text()
    d.stop.setPlainText("END\nSTOP")
    d.bias.setEnabled(True)
    d.bias.setPlainText('{"x": 1}')
    d._check()
    assert "'x' is not a token id" in d.error.text()
    d.bias.setPlainText('{"50256": -100}')
    d._check()
    assert d.result_params == {"web": None, "routing": None, "fallback_models": None,
                               "seed": 5, "stop": ["END", "STOP"], "frequency_penalty": None, "presence_penalty": None,
                               "logit_bias": {"50256": -100}, "logprobs": None,
                               "response_format": {"type": "json_schema", "json_schema": {
                                   "name": "answer", "schema": SCHEMA, "strict": True}}}


def test_parameters_are_sent_and_kept_and_a_json_answer_is_checked(app: App, demo: DemoServer, aloop: Any) -> None:
    a = app
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "schema": SCHEMA, "strict": True}}
    a.window.bar.model.setEditText("demo/fast")
    a.window.bar.set_params({"seed": 7, "stop": ["END"], "frequency_penalty": 0.5, "logit_bias": {"1": 2},
                             "logprobs": 2, "response_format": fmt})

    async def go() -> None:
        a.window.send("Describe Oslo /badjson")
        await a.wait(lambda: not a.service.busy() and a.window.cid and len(a.store.thread(a.window.cid)) == 2, 15, "the answer")
        sent = demo.requests[-1]
        assert (sent["seed"], sent["stop"], sent["frequency_penalty"], sent["logit_bias"], sent["top_logprobs"]) == \
            (7, ["END"], 0.5, {"1": 2}, 2)
        assert sent["response_format"] == fmt
        answer = a.store.thread(a.window.cid)[-1]
        w = a.window.transcript.widgets[answer.id]
        await a.wait(lambda: w.checked.isVisible(), 5, "the check")
        assert w.checked.text() == "✗ Not valid for the schema: (the whole answer): 'city' is a required property"
        assert "```json" not in w.answer.toPlainText() and '"population"' not in w.answer.toPlainText()
        # Kept with the conversation: a new chat starts without them, the conversation brings them back.
        cid = a.window.cid
        a.window.open_conversation(None)
        assert a.window.bar.params == {}
        a.window.open_conversation(cid)
        assert a.window.bar.params["seed"] == 7 and a.window.bar.settings().response_format == fmt

    aloop.run_until_complete(go())


def test_an_answers_sources_are_listed_under_it(app: App, aloop: Any) -> None:
    a = app
    a.window.bar.model.setEditText("demo/search")

    async def go() -> None:
        a.window.send("Why is the sky blue?")
        await a.wait(lambda: not a.service.busy() and a.window.cid and len(a.store.thread(a.window.cid)) == 2, 15, "the answer")
        w = a.window.transcript.widgets[a.store.thread(a.window.cid)[-1].id]
        await a.wait(lambda: w.sources.isVisible(), 5, "the sources")
        assert "than long ones.[1] Violet" in w.answer.toPlainText() and "reds remain.[1]" in w.answer.toPlainText()
        assert '<a href="https://www.nasa.gov/sky-colour"' in w.answer.toHtml()  # each [n] links to its source
        assert '[2] <a href="https://www.nasa.gov/sky-colour">Why is the sky blue? | NASA Space Place</a>' in w.sources.text()

    aloop.run_until_complete(go())


def test_token_probabilities_are_shown_shaded_with_the_alternatives(app: App, demo: DemoServer, aloop: Any) -> None:
    a = app
    a.window.bar.model.setEditText("demo/fast")
    a.window.bar.set_params({"logprobs": 3})

    async def go() -> None:
        a.window.send("/tokens 40\nExplain entropy")
        await a.wait(lambda: not a.service.busy() and a.window.cid and len(a.store.thread(a.window.cid)) == 2, 15, "the answer")
        answer = a.store.thread(a.window.cid)[-1]
        w = a.window.transcript.widgets[answer.id]
        await a.wait(lambda: w.probs.isVisible(), 5, "the button")
        w.probs.setChecked(True)
        v = w.prob_view
        assert v is not None and v.isVisible() and not w.answer.isVisible()
        assert len(v.tokens) == 40 and v.toPlainText().startswith("## Plain and fast")
        t = v.token_at(5, 8)
        assert t is not None and t["token"] == "## "
        said = v.describe(t)
        assert said.startswith("'## ': ") and "%" in said and len(said.splitlines()) == 3  # itself and two alternatives
        shaded = [i for i, tok in enumerate(v.tokens) if tok["logprob"] < -0.11]  # below 90 %
        assert shaded  # the demo is unsure of some
        w.probs.setChecked(False)
        assert w.answer.isVisible() and not v.isVisible()
        # No log probabilities from the provider (the demo's o-series style model gives none): said, not shown.
        a.window.bar.model.setEditText("demo/hidden")
        a.window.send("hi")
        await a.wait(lambda: not a.service.busy() and len(a.store.thread(a.window.cid)) == 4, 15, "the second answer")
        w2 = a.window.transcript.widgets[a.store.thread(a.window.cid)[-1].id]
        await a.wait(lambda: w2.probs.isVisible(), 5, "its button")
        w2.probs.setChecked(True)
        assert not w2.probs.isEnabled() and "no log probabilities" in w2.probs.toolTip() and w2.answer.isVisible()

    aloop.run_until_complete(go())


def test_web_search_and_openrouter_routing_are_set_in_the_dialog(qtbot: Any) -> None:
    d = ParamsDialog({"web": {"max_results": 3}, "routing": {"order": ["Azure"], "zdr": True}, "fallback_models": ["x/y"]},
                     lambda p: None, "openai/gpt-4o", {}, None, dialect="openrouter")
    qtbot.addWidget(d)
    assert d.web_on.isChecked() and d.web_results.value() == 3 and d.order.text() == "Azure" and d.zdr.isChecked()
    assert not d.routing_box.isHidden()
    d.web_context.setCurrentIndex(d.web_context.findData("high"))
    d.only_these.setChecked(True)
    d.sort.setCurrentIndex(d.sort.findData("price"))
    d.fallbacks.setText("x/y, z/w")
    d._check()
    p = d.result_params
    assert p["web"] == {"on": True, "max_results": 3, "context": "high"} and p["fallback_models"] == ["x/y", "z/w"]
    assert p["routing"] == {"order": ["Azure"], "allow_fallbacks": False, "sort": "price", "zdr": True}
    other = ParamsDialog({}, lambda p: None, "llama3", {}, None, dialect="ollama")
    qtbot.addWidget(other)
    assert other.routing_box.isHidden() and not other.web_on.isEnabled() and "OpenRouter and OpenAI" in other.web_on.toolTip()


def test_a_preset_sets_the_system_prompt_and_parameters_and_one_can_be_saved(qtbot: Any, demo: DemoServer, tmp_path: Any,
                                                                              aloop: Any, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.conftest import make_app

    settings = tmp_path / "settings.json"
    a = make_app(qtbot, demo, tmp_path / "p.db", settings_path=settings)
    bar = a.window.bar
    names = [bar.preset.itemText(i) for i in range(bar.preset.count())]
    assert names[:3] == ["choose…", "JSON extractor", "Terse"]
    bar.preset.activated.emit(bar.preset.findData("JSON extractor"))
    cs = bar.settings()
    assert cs.system.startswith("Extract what is asked") and cs.temperature == 0 and cs.seed == 1
    assert cs.response_format == {"type": "json_object"} and bar.preset.currentIndex() == 0
    bar.system.setText("Answer like a pirate.")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Pirate", True))
    bar.save_preset.click()
    saved = json.loads(settings.read_text())["presets"]["Pirate"]
    assert saved["system"] == "Answer like a pirate." and saved["seed"] == 1 and "model" not in saved
    assert bar.preset.findData("Pirate") > 0
    aloop.run_until_complete(a.service.aclose())


def test_a_deep_research_model_is_not_cut_off_by_its_silence_but_another_is(tmp_path: Any, demo: DemoServer,
                                                                             qtbot: Any, aloop: Any) -> None:
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", model="demo/deep-research", stall_timeout=1.0)

    async def go() -> None:
        a.window.send("/stall 2\nWhy is the sky blue?")
        await a.wait(lambda: not a.service.busy() and a.window.cid and len(a.store.thread(a.window.cid)) == 2, 30, "the answer")
        m = a.store.thread(a.window.cid)[-1]
        assert m.status == "done" and "Planning the search" in (m.reasoning or "") and "reds remain" in (m.content or "")
        w = a.window.transcript.widgets[m.id]
        await a.wait(lambda: w.sources.isVisible(), 5, "its sources")
        a.window.open_conversation(None)
        a.window.bar.model.setEditText("demo/reasoning")
        a.window.send("/stall 2\nWhy is the sky blue?")
        await a.wait(lambda: not a.service.busy() and a.window.cid and len(a.store.thread(a.window.cid)) == 2, 30, "the cut")
        m = a.store.thread(a.window.cid)[-1]
        assert m.error and m.error.get("code") == "stalled"

    aloop.run_until_complete(go())
    aloop.run_until_complete(a.service.aclose())


def test_the_web_toggle_follows_the_provider_and_is_sent(qtbot: Any, demo: DemoServer, tmp_path: Any, aloop: Any) -> None:
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", model="demo/search")  # every provider resolves to the demo
    bar = a.window.bar
    assert not bar.web_button.isEnabled() and "OpenRouter" in bar.web_button.toolTip()  # the demo dialect has none
    from ponder.core.providers.presets import PRESETS

    bar.set_providers([PRESETS["demo"], PRESETS["openrouter"]])
    bar.provider.setCurrentIndex(bar.provider.findData("openrouter"))
    bar.model.setEditText("demo/search")
    bar.follow_model()
    assert bar.web_button.isEnabled()
    bar.web_button.setChecked(True)
    assert bar.settings().web == {"on": True} and bar.params_button.text() == "Parameters (1)…"
    bar.web_button.setChecked(False)
    assert bar.settings().web is None
    aloop.run_until_complete(a.service.aclose())


def test_the_thinking_pane_finds_copies_folds_from_its_foot_and_counts_tokens_per_second(qtbot: Any) -> None:
    import time

    from PySide6.QtGui import QGuiApplication

    from ponder.core.render import MarkdownRenderer
    from ponder.ui.thinking_pane import ThinkingPane

    pane = ThinkingPane(MarkdownRenderer("light"))
    qtbot.addWidget(pane)
    pane.show()
    pane.start(time.perf_counter() - 2.0)  # thinking for two seconds
    pane.stream("Let me think about quokkas. " * 20)
    pane._tick()
    assert pane.header.text().startswith("Thinking… 2 s · ~") and "tokens/s" in pane.header.text()
    assert pane.tools.isHidden()  # while it thinks, nothing to find yet
    pane.stop(2000)
    pane._set_open(True)
    assert not pane.tools.isHidden() and pane.header.accessibleDescription() == "expanded"
    pane.find.setText("quokkas")
    assert pane.found.text() == "20 found"
    pane.find.setText("wombat")
    assert pane.found.text() == "not found"
    pane.copy.click()
    assert QGuiApplication.clipboard().text().startswith("Let me think about quokkas.")
    pane.fold.click()
    assert not pane.header.isChecked() and pane.body.isHidden() and pane.header.accessibleDescription() == "collapsed"


def test_reasoning_with_step_titles_streams_as_steps_that_fold(qtbot: Any) -> None:
    """While a summary-style chain of thought streams, the step being written is open and those
    before it fold; a step the reader opened stays open; each shows when it arrived."""
    from ponder.core.answers.steps import StepClock
    from ponder.core.models import Frame
    from ponder.core.render import MarkdownRenderer
    from ponder.ui.thinking_pane import ThinkingPane

    text = ("**Planning the search**\n\nWhat is asked, and where to look.\n\n**Reading the sources**\n\n"
            "Two agree.\n\n**Weighing them**\n\nRayleigh scattering explains it.")
    pane = ThinkingPane(MarkdownRenderer("light"))
    qtbot.addWidget(pane)
    pane.show()
    clock = StepClock()
    states = []
    for i in range(0, len(text), 7):
        clock.feed(text[i:i + 7], i * 10.0)
        pane.follow(Frame("", text[:i + 7], False, True, None, None, [], list(clock.marks)))
        states.append([r.head.isChecked() for r in pane.rows])
        if len(pane.rows) == 2 and not pane.rows[0].head.isChecked():
            pane.rows[0].set_open(True)  # the reader opens the first step while the second streams
    assert [] in states and [False, True] in states  # one title is not yet steps; then the first folded
    assert states[-1] == [True, False, True]  # the one the reader opened stayed open
    # each title timed when it was whole (the delta with its closing **: at 10 ms a character here)
    assert [r.head.text() for r in pane.rows] == ["Planning the search  ·  at 0.2 s", "Reading the sources  ·  at 0.8 s",
                                                 "Weighing them  ·  at 1.1 s"]
    assert pane.rows[2].body.toPlainText() == "Rayleigh scattering explains it."
    pane.stop(1500)
    assert pane.header.text() == "Thought for 1.5 s" and pane.markdown == text


def test_reasoning_steps_are_kept_with_the_answer_and_found_in(qtbot: Any, demo: DemoServer, tmp_path: Path,
                                                                aloop: Any) -> None:
    """The times are kept with the answer: the reopened answer shows the same steps and times;
    find opens the step with the hit."""
    from ponder.ui.message import MessageWidget
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", model="demo/deep-research")

    def panes() -> list[Any]:
        return [w.thinking for w in a.window.transcript.widgets.values()
                if isinstance(w, MessageWidget) and w.message.role == "assistant"]

    async def go() -> None:
        a.window.send("/tps 400\nWhy is the sky blue?")
        await a.wait(lambda: a.service.busy(), 10, "the answer starts")
        await a.wait(lambda: not a.service.busy(), 30, "the answer ends")
        await asyncio.sleep(0.3)

    aloop.run_until_complete(go())
    stored = a.store.messages(a.window.cid)[-1]
    assert stored.reasoning_steps and len(stored.reasoning_steps) == 2
    assert stored.reasoning_steps[0][1] < stored.reasoning_steps[1][1]  # ms: the second came later
    [pane] = panes()
    assert [r.head.text().split("  ·  ")[0] for r in pane.rows] == ["Planning the search", "Reading the sources"]
    assert all("  ·  at " in r.head.text() for r in pane.rows)
    live_titles = [r.head.text() for r in pane.rows]
    cid = a.window.cid
    a.window.open_conversation(None)
    a.window.open_conversation(cid)
    [pane] = panes()
    assert [r.head.text() for r in pane.rows] == live_titles and not any(r.head.isChecked() for r in pane.rows)
    pane._set_open(True)
    pane.find.setText("sunset")
    assert pane.found.text() == "1 found" and [r.head.isChecked() for r in pane.rows] == [False, True]
    aloop.run_until_complete(a.service.aclose())
