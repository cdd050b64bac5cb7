"""Model catalogs: capabilities, prices, cost, the cache, and parameters that fit the model."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from ponder.core import errors as E
from ponder.core.providers.catalog import CachedCatalog, CatalogCache, ModelInfo, cost_of, fit, known_model, parse_models, price, refresh
from ponder.core.wire.client import ChatClient
from ponder.core.models import ChatSettings
from ponder.core.providers.presets import PRESETS
from ponder.demo import scripts
from ponder.demo.server import DemoServer
from tests.conftest import ROOT

CATALOG = json.loads((ROOT / "tests" / "data" / "catalog_openrouter.json").read_text())["data"]


def by_id() -> dict[str, ModelInfo]:
    return {m.id: m for m in parse_models("openrouter", CATALOG)}


def test_openrouter_catalog_is_read_whole() -> None:
    m = by_id()
    o3 = m["openai/o3-mini"]
    assert (o3.context_length, o3.max_output, o3.vision, o3.tools, o3.reasoning) == (200000, 100000, False, True, True)
    assert o3.efforts == ["high", "medium", "low"] and o3.reasoning_mandatory
    assert (o3.prompt_price, o3.completion_price, o3.cache_read_price) == (0.0000011, 0.0000044, 0.00000055)
    assert m["openai/gpt-4o"].vision is True and m["openai/gpt-4o"].reasoning is False
    assert m["meta-llama/llama-3-8b-instruct"].tools is False
    assert all(x.source == "catalog" for x in m.values())


def test_minus_one_means_unknown_not_negative() -> None:
    auto = by_id()["openrouter/auto"]
    assert auto.prompt_price is None and auto.completion_price is None
    assert price("-1") is None and price("abc") is None and price("0") == 0.0
    assert cost_of({"prompt_tokens": 100, "completion_tokens": 10}, auto) is None  # unknown, never $0


def test_cost_from_usage_cost_and_from_prices_with_cached_tokens() -> None:
    o3 = by_id()["openai/o3-mini"]
    assert cost_of({"cost": 0.0123, "prompt_tokens": 1}, o3) == 0.0123
    usage = {"prompt_tokens": 1000, "completion_tokens": 500, "prompt_tokens_details": {"cached_tokens": 400},
             "completion_tokens_details": {"reasoning_tokens": 300}}
    want = 600 * 0.0000011 + 400 * 0.00000055 + 500 * 0.0000044  # reasoning is inside completion
    assert cost_of(usage, o3) == pytest.approx(want)
    deepseek = ModelInfo("deepseek-chat", "deepseek", prompt_price=2.7e-7, completion_price=1.1e-6, cache_read_price=7e-8)
    assert cost_of({"prompt_tokens": 100, "completion_tokens": 10, "prompt_cache_hit_tokens": 60}, deepseek) == pytest.approx(
        40 * 2.7e-7 + 60 * 7e-8 + 10 * 1.1e-6)
    assert cost_of(None, o3) is None and cost_of({"prompt_tokens": 5}, None) is None


def test_parameters_fit_each_model() -> None:
    m = by_id()
    s = ChatSettings(model="x", temperature=0.2, top_p=0.5, effort="none", max_tokens=100,
                     tools=[{"name": "f", "parameters": {"type": "object", "properties": {}}}], tool_choice="auto")
    fitted, notes = fit(s, m["openai/o3-mini"])
    assert fitted.temperature is None and fitted.top_p is None and fitted.tools  # o3 takes tools, not sampling
    assert fitted.effort == "low" and ("effort", "openai/o3-mini cannot turn reasoning off", "low") in notes
    assert s.temperature == 0.2  # the user's own value is kept for the next model
    fitted, notes = fit(s, m["meta-llama/llama-3-8b-instruct"])
    assert fitted.tools == [] and fitted.tool_choice is None and fitted.temperature == 0.2
    assert fitted.effort is None and ("effort", "meta-llama/llama-3-8b-instruct does not reason", None) in notes
    fitted, notes = fit(ChatSettings(model="x", effort="medium"), m["openai/o3-mini"])
    assert fitted.effort == "medium" and notes == []
    fitted, notes = fit(ChatSettings(model="x", effort="xhigh"), m["openai/o3-mini"])
    assert fitted.effort == "high" and notes == [("effort", "openai/o3-mini offers high, medium, low", "high")]
    assert fit(s, None) == (s, [])


def test_known_families_for_bare_lists() -> None:
    o3 = known_model("openai", "o3-mini")
    assert o3.reasoning and o3.token_field == "max_completion_tokens" and o3.takes("temperature") is False
    assert fit(ChatSettings(model="o3-mini", temperature=0.5), o3)[0].temperature is None
    assert known_model("ollama", "llava:13b").vision is True
    assert known_model("ollama", "qwen3:8b").reasoning is True
    unknown = known_model("custom", "my-finetune")
    assert (unknown.vision, unknown.tools, unknown.takes("temperature"), unknown.source) == (None, None, None, "list")
    assert fit(ChatSettings(model="m", temperature=0.5), unknown)[0].temperature == 0.5  # safe default: send it


def test_cache_offline_and_a_failed_refresh_keeps_it(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)

    async def scenario() -> None:
        server = DemoServer()
        await server.start()
        provider = PRESETS["demo"].with_base_url(server.base_url)
        async with ChatClient() as c:
            cat = await refresh(c, provider, None, cache)
            assert {m.id for m in cat.models} == set(scripts.MODELS) and cat.error is None
            assert cat.find("demo/vision").vision is True and cat.find("demo/fast").reasoning is False
            await server.stop()
            # Offline now: a fresh cache is used without asking.
            again = await refresh(c, provider, None, cache)
            assert again.fetched_at == cat.fetched_at
            # Forced (or stale), it tries, fails, and keeps the cache with the reason.
            kept = await refresh(c, provider, None, cache, force=True)
            assert kept.models and kept.error and "Could not refresh the model list" in kept.error
            with pytest.raises(E.NetworkError):
                await refresh(c, provider, None, CatalogCache(tmp_path / "empty"))

    asyncio.run(scenario())
    assert CachedCatalog("x", time.time() - 25 * 3600).stale() and not CachedCatalog("x", time.time()).stale()


def test_the_user_can_override_what_a_model_can_do() -> None:
    from ponder.core.providers.catalog import apply_overrides, lookup

    plain = lookup(None, "custom", "my-vlm")
    assert plain.vision is None
    over = lookup(None, "custom", "my-vlm", {"custom:my-vlm": {"vision": True, "tools": False, "context_length": 32000}})
    assert (over.vision, over.tools, over.context_length, over.source) == (True, False, 32000, "override")
    s = ChatSettings(model="my-vlm", tools=[{"name": "f", "parameters": {"type": "object", "properties": {}}}])
    assert fit(s, over)[0].tools == []
    o3 = by_id()["openai/o3-mini"]
    no_tools = apply_overrides(o3, {"tools": False})
    assert no_tools.takes("tools") is False and o3.takes("tools") is True  # the original is untouched


def test_a_changed_effort_is_not_called_left_out() -> None:
    from ponder.core.answers.pipeline import prepare

    m = by_id()
    req = prepare("openrouter", ChatSettings(model="openai/o3-mini", effort="xhigh", temperature=0.2), [], m["openai/o3-mini"])
    assert "effort: openai/o3-mini offers high, medium, low: sent high" in req.notes
    assert "temperature not sent: openai/o3-mini does not take temperature" in req.notes
    assert not any("not sent" in n and "sent high" in n for n in req.notes)


def test_a_forced_tool_choice_is_not_sent_again_with_the_tool_results() -> None:
    from ponder.core.answers.pipeline import prepare
    from ponder.core.models import Message, ToolCall

    tool = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}}}
    s = ChatSettings(model="m", tools=[tool], tool_choice="required")
    first = prepare("openai", s, [Message("user", "hi")], None)
    assert first.body["tool_choice"] == "required" and not first.notes
    after = [Message("user", "hi"), Message("assistant", tool_calls=[ToolCall("c1", "lookup", "{}")]),
             Message("tool", "42", tool_call_id="c1")]
    again = prepare("openai", s, after, None)
    assert again.body["tool_choice"] == "auto"  # or the model calls the tool forever
    assert "tool_choice: the tool results go back to the model: sent auto" in again.notes
