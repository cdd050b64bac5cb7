"""Request bodies per dialect (shared/docs/protocol.md sections 2-6 and 8)."""

from __future__ import annotations

import base64

import pytest

from ponder.core.models import ChatSettings, ImagePart, Message, ToolCall
from ponder.core.wire.protocol import build_request, is_openai_reasoning_model, nearest_effort

USER = [Message("user", "hi")]


def body(dialect: str, **kw) -> dict:
    messages = kw.pop("messages", USER)
    return build_request(dialect, ChatSettings(model=kw.pop("model", "m"), **kw), messages).body


def test_effort_per_dialect() -> None:
    assert body("openrouter", effort="high")["reasoning"] == {"effort": "high"}
    assert body("openrouter", reasoning_budget=2048)["reasoning"] == {"max_tokens": 2048}
    assert body("openai", effort="minimal")["reasoning_effort"] == "minimal"
    assert body("ollama", effort="xhigh")["reasoning_effort"] == "xhigh"
    assert body("zenmux", effort="max")["reasoning_effort"] == "xhigh"
    assert body("aigateway", effort="minimal")["reasoning_effort"] == "low"
    d = body("deepseek", effort="medium")
    assert (d["thinking"], d["reasoning_effort"]) == ({"type": "enabled"}, "high")
    assert body("deepseek", effort="none")["thinking"] == {"type": "disabled"}
    assert "reasoning_effort" not in body("deepseek", effort="none")
    assert body("llamacpp", effort="none")["chat_template_kwargs"] == {"enable_thinking": False}
    assert body("vllm", effort="xhigh")["chat_template_kwargs"] == {"enable_thinking": True, "reasoning_effort": "high"}
    for d in ("openrouter", "openai", "deepseek", "llamacpp", "generic"):
        b = body(d)
        assert not {"reasoning", "reasoning_effort", "thinking", "chat_template_kwargs"} & b.keys()


def test_what_a_dialect_cannot_take_is_reported_not_sent() -> None:
    built = build_request("aigateway", ChatSettings(model="m", effort="none"), USER)
    assert "reasoning_effort" not in built.body
    assert built.dropped and "cannot turn reasoning off" in built.dropped[0][1]
    built = build_request("openai", ChatSettings(model="o3-mini", temperature=0.2, top_p=0.5), USER)
    assert "temperature" not in built.body and "top_p" not in built.body
    assert [d.param for d in built.dropped] == ["temperature", "top_p"]
    assert build_request("openai", ChatSettings(model="gpt-4o", temperature=0.2), USER).body["temperature"] == 0.2
    assert build_request("openrouter", ChatSettings(model="openai/o3", temperature=0.2), USER).body["temperature"] == 0.2


def test_openai_reasoning_model_names() -> None:
    assert all(map(is_openai_reasoning_model, ["o1", "o3-mini", "o4-mini-2025", "gpt-5", "gpt-5.1", "openai/gpt-5-mini"]))
    assert not any(map(is_openai_reasoning_model, ["gpt-4o", "gpt-4.1", "gpt-5-chat-latest", "omni-moderation"]))


def test_nearest_effort() -> None:
    assert nearest_effort("medium", ("low", "high", "max")) == "high"
    assert nearest_effort("minimal", ("low", "medium", "high")) == "low"
    assert nearest_effort("none", ("low", "high")) is None


def test_token_limit_field_and_usage_option() -> None:
    assert body("openai", max_tokens=100)["max_completion_tokens"] == 100
    assert "max_tokens" not in body("openai", max_tokens=100)
    assert body("openrouter", max_tokens=100)["max_tokens"] == 100
    assert body("llamacpp", max_tokens=100)["max_tokens"] == 100
    assert "stream_options" not in body("openrouter")  # always sends usage; the option is deprecated
    assert body("openai")["stream_options"] == {"include_usage": True}
    assert "stream_options" not in build_request("openai", ChatSettings(model="m"), USER, stream=False).body


def test_sampling_tools_and_format() -> None:
    tool = {"name": "get_weather", "description": "d", "parameters": {"type": "object", "properties": {}}}
    b = body(
        "generic", system="be brief", temperature=0.7, top_p=0.9, seed=7, stop=["END"],
        frequency_penalty=0.1, presence_penalty=0.2, tools=[tool], tool_choice="get_weather",
        parallel_tool_calls=False, response_format={"type": "json_object"}, extra={"top_k": 40},
    )
    assert b["messages"][0] == {"role": "system", "content": "be brief"}
    assert (b["temperature"], b["top_p"], b["seed"], b["stop"]) == (0.7, 0.9, 7, ["END"])
    assert (b["frequency_penalty"], b["presence_penalty"], b["top_k"]) == (0.1, 0.2, 40)
    assert b["tools"] == [{"type": "function", "function": tool}]
    assert b["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert b["parallel_tool_calls"] is False and b["response_format"] == {"type": "json_object"}
    assert body("generic", tools=[tool], tool_choice="required")["tool_choice"] == "required"
    built = build_request("generic", ChatSettings(model="m", tool_choice="auto"), USER)
    assert "tool_choice" not in built.body and built.dropped


def test_image_parts_text_first() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    msgs = [Message("user", "what is this?", images=[ImagePart(png, "image/png", "low"), ImagePart(b"jj", "image/jpeg")])]
    parts = body("openrouter", messages=msgs)["messages"][0]["content"]
    assert parts[0] == {"type": "text", "text": "what is this?"}
    assert parts[1] == {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode(), "detail": "low"}}
    assert parts[2]["image_url"] == {"url": "data:image/jpeg;base64," + base64.b64encode(b"jj").decode()}


DETAILS = [{"type": "reasoning.text", "text": "t", "signature": "s", "format": "anthropic-claude-v1", "index": 0}]
HISTORY = [
    Message("user", "weather?"),
    Message("assistant", None, reasoning="I should call it", reasoning_details=DETAILS,
            tool_calls=[ToolCall("call_1", "get_weather", '{"city":"Oslo"}')]),
    Message("tool", "12 C", tool_call_id="call_1"),
    Message("assistant", "It is 12 C.", reasoning="easy", reasoning_details=DETAILS),
    Message("user", "thanks"),
]


@pytest.mark.parametrize("dialect", ["openrouter", "zenmux"])
def test_replay_reasoning_details_unmodified(dialect: str) -> None:
    m = body(dialect, messages=HISTORY)["messages"]
    assert m[1]["reasoning_details"] == DETAILS and m[3]["reasoning_details"] == DETAILS
    assert "reasoning" not in m[1] and "reasoning_content" not in m[1]
    assert m[1]["tool_calls"] == [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}]
    assert m[1]["content"] is None
    assert m[2] == {"role": "tool", "tool_call_id": "call_1", "content": "12 C"}


def test_replay_deepseek_only_on_tool_call_turns() -> None:
    m = body("deepseek", messages=HISTORY)["messages"]
    assert m[1]["reasoning_content"] == "I should call it"
    assert "reasoning_content" not in m[3]
    no_reasoning = [Message("assistant", None, tool_calls=[ToolCall("c", "f", "{}")])]
    assert body("deepseek", messages=no_reasoning)["messages"][0]["reasoning_content"] == ""


@pytest.mark.parametrize("dialect", ["openai", "aigateway", "ollama", "lmstudio", "llamacpp", "vllm", "generic"])
def test_replay_drops_reasoning_elsewhere(dialect: str) -> None:
    for m in body(dialect, messages=HISTORY)["messages"]:
        assert not {"reasoning", "reasoning_content", "reasoning_details"} & m.keys()


@pytest.mark.parametrize("dialect", ["openrouter", "openai", "zenmux", "aigateway", "deepseek", "ollama", "lmstudio",
                                     "llamacpp", "vllm", "generic"])
def test_every_documented_parameter_goes_out_in_the_dialects_form(dialect: str) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "schema": schema, "strict": True}}
    b = body(dialect, model="some/chat-model", seed=7, stop=["END", "\n\n"], frequency_penalty=0.5,
             presence_penalty=-0.5, top_p=0.9, logit_bias={"50256": -100}, logprobs=3, response_format=fmt)
    assert (b["seed"], b["stop"], b["frequency_penalty"], b["presence_penalty"], b["top_p"]) == (7, ["END", "\n\n"], 0.5, -0.5, 0.9)
    assert b["logit_bias"] == {"50256": -100} and b["logprobs"] is True and b["top_logprobs"] == 3
    assert b["response_format"] == fmt
    b = body(dialect, logprobs=0, response_format={"type": "json_object"})
    assert b["logprobs"] is True and "top_logprobs" not in b and b["response_format"] == {"type": "json_object"}
    assert not {"logprobs", "top_logprobs", "logit_bias", "seed", "stop"} & body(dialect).keys()


def test_openai_reasoning_models_get_no_logprobs_or_bias_and_say_why() -> None:
    built = build_request("openai", ChatSettings(model="o4-mini", logprobs=5, logit_bias={"1": 5}), USER)
    assert not {"logprobs", "top_logprobs", "logit_bias"} & built.body.keys()
    assert {a.param for a in built.dropped} == {"logprobs", "logit_bias"}


def test_a_model_that_does_not_take_a_parameter_is_not_sent_it() -> None:
    from ponder.core.models import ModelInfo
    from ponder.core.providers.catalog import fit

    info = ModelInfo("openai/o4-mini", "openrouter", supported_parameters=["max_tokens", "seed", "response_format", "logprobs"])
    s, notes = fit(ChatSettings(model="openai/o4-mini", seed=1, stop=["x"], logit_bias={"1": 1}, logprobs=4,
                                frequency_penalty=1.0), info)
    assert (s.seed, s.stop, s.logit_bias, s.frequency_penalty, s.logprobs) == (1, None, None, None, 0)
    assert {n.param for n in notes} == {"stop", "logit_bias", "frequency_penalty", "top_logprobs"}


def test_web_search_and_routing_in_each_dialects_form() -> None:
    web = {"max_results": 3, "context": "high"}
    routing = {"order": ["Azure", "OpenAI"], "allow_fallbacks": False, "sort": "price", "data_collection": "deny",
               "zdr": True, "only": [], "bogus": 1}
    b = body("openrouter", model="openai/gpt-4o", web=web, routing=routing, fallback_models=["anthropic/claude-sonnet-4"])
    assert b["plugins"] == [{"id": "web", "max_results": 3}] and b["web_search_options"] == {"search_context_size": "high"}
    assert b["provider"] == {"order": ["Azure", "OpenAI"], "allow_fallbacks": False, "sort": "price",
                             "data_collection": "deny", "zdr": True}
    assert b["models"] == ["openai/gpt-4o", "anthropic/claude-sonnet-4"]
    assert body("openai", model="gpt-4o-search-preview", web={"context": "low"})["web_search_options"] == {"search_context_size": "low"}
    for dialect in ("deepseek", "ollama", "generic"):
        built = build_request(dialect, ChatSettings(model="m", web=web, routing=routing, fallback_models=["x"]), USER)
        assert not {"plugins", "web_search_options", "provider", "models"} & built.body.keys()
        assert {a.param for a in built.dropped} == {"web search", "provider routing"}


def test_a_model_without_structured_outputs_gets_json_mode_and_says_so() -> None:
    from ponder.core.models import ModelInfo
    from ponder.core.providers.catalog import fit

    fmt = {"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object"}, "strict": True}}
    only_json = ModelInfo("x/y", "openrouter", supported_parameters=["response_format"])
    s, notes = fit(ChatSettings(model="x/y", response_format=fmt), only_json)
    assert s.response_format == {"type": "json_object"} and str(notes[0]) == "response_format: x/y takes JSON mode but not a schema: sent json_object"
    both = ModelInfo("x/y", "openrouter", supported_parameters=["response_format", "structured_outputs"])
    assert fit(ChatSettings(model="x/y", response_format=fmt), both)[0].response_format == fmt
