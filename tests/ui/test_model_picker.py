"""The model picker: filter, favourites and recent first, keyboard choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ponder.core.models import ModelInfo
from ponder.ui.model_picker import ModelPicker, order


def picker(models: list[ModelInfo], favourites: list[str] | None = None, recent: list[str] | None = None,
           names: dict[str, str] | None = None, scope: str = "openrouter") -> ModelPicker:
    p = ModelPicker(names or {"openrouter": "OpenRouter"}, scope, ("", ""), favourites or [], recent or [])
    for pid in p.names:
        p.set_models(pid, [m for m in models if m.provider == pid])
    return p

MODELS = [
    ModelInfo("openai/gpt-4o", "openrouter", "GPT-4o", 128000, prompt_price=2.5e-6, completion_price=1e-5, vision=True, tools=True),
    ModelInfo("openai/o3-mini", "openrouter", "o3 Mini", 200000, prompt_price=1.1e-6, completion_price=4.4e-6, tools=True, reasoning=True),
    ModelInfo("meta-llama/llama-3-8b", "openrouter", "Llama 3 8B", 8192, prompt_price=3e-8, completion_price=6e-8),
    ModelInfo("openrouter/auto", "openrouter", "Auto Router", 2000000),
]


def test_order_favourites_then_recent_then_the_rest() -> None:
    ids = [m.id for m in order(MODELS, favourites=["openrouter:openrouter/auto"], recent=["openrouter:openai/o3-mini"])]
    assert ids == ["openrouter/auto", "openai/o3-mini", "meta-llama/llama-3-8b", "openai/gpt-4o"]


def test_filter_by_capability_and_choose_with_the_keyboard(qtbot: Any) -> None:
    p = picker(MODELS)
    qtbot.addWidget(p)
    assert p.count.text() == "4 of 4 models"
    qtbot.keyClicks(p.filter, "vision")
    assert p.count.text() == "1 of 4 models" and p.list.topLevelItem(0).text(1) == "GPT-4o  (openai/gpt-4o)"
    assert p.list.topLevelItem(0).text(4) == "$2.50" and p.list.topLevelItem(0).text(3) == "128k"
    p.filter.clear()
    qtbot.keyClicks(p.filter, "reasoning")
    qtbot.keyClick(p.filter, Qt.Key.Key_Return)
    assert p.chosen == ("openrouter", "openai/o3-mini") and p.result() == ModelPicker.DialogCode.Accepted


def test_unknown_prices_show_as_unknown_and_stars_toggle(qtbot: Any) -> None:
    p = picker(MODELS)
    qtbot.addWidget(p)
    toggled: list[tuple[str, bool]] = []
    p.favourite_toggled.connect(lambda pid, m, on: toggled.append((m, on)))
    auto = next(p.list.topLevelItem(i) for i in range(4) if p.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[1] == "openrouter/auto")
    assert auto.text(4) == "?" and auto.text(5) == "?"
    p._clicked(auto, 0)
    assert toggled == [("openrouter/auto", True)] and p.list.topLevelItem(0).text(0) == "★"


def test_capabilities_can_be_overridden(qtbot: Any) -> None:
    p = picker(MODELS)
    qtbot.addWidget(p)
    seen: list[tuple[str, object]] = []
    p.override_changed.connect(lambda pid, m, o: seen.append((m, o)))
    p.set_capability("openrouter", "meta-llama/llama-3-8b", "tools", True)
    row = next(p.list.topLevelItem(i) for i in range(4) if "llama" in p.list.topLevelItem(i).text(1).lower())
    assert row.text(6) == "tools" and seen == [("meta-llama/llama-3-8b", {"tools": True})]
    p.set_capability("openrouter", "meta-llama/llama-3-8b", None, False)
    assert seen[-1] == ("meta-llama/llama-3-8b", None)
    row = next(p.list.topLevelItem(i) for i in range(4) if "llama" in p.list.topLevelItem(i).text(1).lower())
    assert row.text(6) == ""  # back to what the provider says, at once


def test_every_providers_models_at_once_and_the_same_id_from_two_providers(qtbot: Any) -> None:
    """All providers: a Provider column, each row knows its provider, a word of the provider's
    name narrows to it, and a column no model has a value for is hidden so names are not cut."""
    local = [ModelInfo("openai/gpt-4o", "lab", "gpt-4o on the lab box"), ModelInfo("qwen3:8b", "lab")]
    p = picker(MODELS + local, names={"openrouter": "OpenRouter", "lab": "Lab box"}, scope="", favourites=["lab:qwen3:8b"])
    qtbot.addWidget(p)
    assert p.count.text() == "6 of 6 models from 2 providers" and not p.list.isColumnHidden(2)
    first = p.list.topLevelItem(0)
    assert first.data(0, Qt.ItemDataRole.UserRole) == ("lab", "qwen3:8b") and first.text(2) == "Lab box"  # a favourite
    qtbot.keyClicks(p.filter, "lab gpt-4o")
    assert p.count.text() == "1 of 6 models from 2 providers"
    qtbot.keyClick(p.filter, Qt.Key.Key_Return)
    assert p.chosen == ("lab", "openai/gpt-4o")

    one = picker(local, names={"openrouter": "OpenRouter", "lab": "Lab box"}, scope="lab")
    qtbot.addWidget(one)
    assert one.count.text() == "2 of 2 models"
    # One provider: no Provider column; nothing is known of capabilities or prices: no empty columns.
    assert all(one.list.isColumnHidden(c) for c in (2, 3, 4, 5, 6)) and not one.list.isColumnHidden(1)
    one.scope.setCurrentIndex(one.scope.findData(""))
    assert one.count.text() == "2 of 2 models from 1 provider"


def test_a_models_menu_offers_to_compare_its_reasoning_efforts(qtbot: Any) -> None:
    plain = ModelInfo("openai/gpt-4o-mini", "openrouter", "GPT-4o mini", 128000, reasoning=False)
    p = picker(MODELS + [plain])
    qtbot.addWidget(p)
    items = {p.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[1]: p.list.topLevelItem(i) for i in range(5)}

    def sweep_action(mid: str) -> Any:
        return next(a for a in p.menu_for(items[mid]).actions() if a.text() == "Compare its reasoning efforts")

    assert not sweep_action("openai/gpt-4o-mini").isEnabled()  # it does not reason: nothing to compare
    sweep_action("openai/o3-mini").trigger()
    assert p.chosen == ("openrouter", "openai/o3-mini") and p.sweep and p.result() == ModelPicker.DialogCode.Accepted
