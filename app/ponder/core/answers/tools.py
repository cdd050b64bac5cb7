"""Function tools the user defines: checked here with messages a user can act on."""

from __future__ import annotations

import json
import re
from typing import Any
from ponder.core.words import say

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ToolError(ValueError):
    """What is wrong with a tool definition, in words for the user."""


def make_tool(name: str, description: str, parameters: str) -> dict[str, Any]:
    """A function tool from the editor's fields: {name, description, parameters}."""
    name = name.strip()
    if not _NAME.match(name):
        raise ToolError(say("The name must be 1 to 64 letters, digits, '_' or '-' (no spaces)"))
    text = parameters.strip() or '{"type": "object", "properties": {}}'
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as e:
        raise ToolError(say("The parameters are not valid JSON (line {line}, column {column}: {why})").format(
            line=e.lineno, column=e.colno, why=e.msg)) from None
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise ToolError(say('The parameters must be a JSON Schema object: {"type": "object", "properties": {...}}'))
    props = schema.get("properties", {})
    if not isinstance(props, dict):
        raise ToolError(say('"properties" must be an object mapping each parameter to its schema'))
    required = schema.get("required", [])
    if not isinstance(required, list) or any(r not in props for r in required):
        missing = [r for r in required if r not in props] if isinstance(required, list) else required
        raise ToolError(say('"required" names parameters that are not in "properties": {missing}').format(missing=missing))
    return {"name": name, "description": description.strip(), "parameters": schema}


def enabled_tools(library: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """The library's tools that are switched on, in library order."""
    on = set(names)
    return [t for t in library if t.get("name") in on]
