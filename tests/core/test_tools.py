from __future__ import annotations

import pytest

from ponder.core.answers.tools import ToolError, enabled_tools, make_tool


def test_a_good_tool() -> None:
    t = make_tool(" get_weather ", " Weather now ", '{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}')
    assert t == {"name": "get_weather", "description": "Weather now",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
    assert make_tool("ping", "", "")["parameters"] == {"type": "object", "properties": {}}


@pytest.mark.parametrize("name,params,words", [
    ("get weather", "{}", "no spaces"),
    ("ok", '{"type": "object",', "not valid JSON (line 1, column 19"),
    ("ok", '{"type": "string"}', "JSON Schema object"),
    ("ok", '{"type": "object", "properties": []}', '"properties" must be an object'),
    ("ok", '{"type": "object", "properties": {}, "required": ["city"]}', "not in \"properties\": ['city']"),
])
def test_bad_tools_say_what_is_wrong(name: str, params: str, words: str) -> None:
    with pytest.raises(ToolError) as e:
        make_tool(name, "", params)
    assert words in str(e.value)


def test_enabled_tools_keep_library_order() -> None:
    lib = [{"name": "a"}, {"name": "b"}, {"name": "c"}]
    assert enabled_tools(lib, ["c", "a"]) == [{"name": "a"}, {"name": "c"}]
