"""Structured output: JSON mode and JSON Schema (``response_format``), the schema checked when it
is given, and an answer checked against it, with what is wrong and where."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from ponder.core.words import say

JSON_OBJECT = {"type": "json_object"}
_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class SchemaError(ValueError):
    """What is wrong with a schema, in words for the user."""


def schema_format(text: str, name: str = "answer", strict: bool = True) -> dict[str, Any]:
    """``response_format`` for a JSON Schema: ``text`` is the schema itself, or OpenAI's wrapper
    ``{"name", "schema", "strict"}``. SchemaError if it is not JSON or not a valid schema."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise SchemaError(say("The schema is not valid JSON: {why}").format(why=e)) from None
    if not isinstance(data, dict):
        raise SchemaError(say('A JSON Schema is an object ({"type": "object", "properties": {...}})'))
    if isinstance(data.get("schema"), dict):  # the wrapper
        name = str(data.get("name") or name)
        strict = data.get("strict", strict) is not False
        data = data["schema"]
    check_schema(data)
    name = _NAME.sub("_", name).strip("_")[:64] or "answer"
    return {"type": "json_schema", "json_schema": {"name": name, "schema": data, "strict": strict}}


def check_schema(schema: dict[str, Any]) -> None:
    """SchemaError with the first problem (and where it is) if ``schema`` is not a JSON Schema."""
    from jsonschema import Draft202012Validator, exceptions

    try:
        Draft202012Validator.check_schema(schema)
    except exceptions.SchemaError as e:
        where = "/".join(str(p) for p in e.absolute_path)
        raise SchemaError((say("Not a valid JSON Schema at {where}: {why}") if where else say("Not a valid JSON Schema: {why}"))
                          .format(where=where, why=e.message)) from None
    except RecursionError:
        raise SchemaError(say("The schema is nested too deeply")) from None


@dataclass
class Checked:
    """An answer against what was asked of it."""

    parsed: bool  # it is JSON
    errors: list[str] = field(default_factory=list)  # the first few, each with its path
    pretty: str | None = None  # the JSON indented, when it parsed
    schema: bool = False  # checked against a schema (not just JSON mode)

    @property
    def valid(self) -> bool:
        return self.parsed and not self.errors

    def describe(self) -> str:
        if not self.parsed:
            return self.errors[0] if self.errors else say("The answer is not JSON")
        if not self.errors:
            return say("Valid JSON for the schema") if self.schema else say("Valid JSON")
        return say("Not valid for the schema: {why}").format(why="; ".join(self.errors))


def check_answer(text: str, response_format: dict[str, Any] | None, limit: int = 3) -> Checked | None:
    """The answer as JSON, checked against the schema asked for; None if no JSON was asked for."""
    if not response_format or response_format.get("type") not in ("json_object", "json_schema"):
        return None
    body = text.strip()
    if body.startswith("```"):  # a model that fenced its JSON anyway
        body = body.split("\n", 1)[1] if "\n" in body else ""
        body = body.rsplit("```", 1)[0]
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as e:
        return Checked(False, [say("The answer is not JSON ({why})").format(why=e)])
    pretty = json.dumps(value, ensure_ascii=False, indent=2)
    schema = (response_format.get("json_schema") or {}).get("schema")
    if not isinstance(schema, dict):
        return Checked(True, [], pretty)
    from jsonschema import Draft202012Validator

    errors = []
    try:
        for err in sorted(Draft202012Validator(schema).iter_errors(value), key=lambda x: list(x.absolute_path)):
            where = "/".join(str(p) for p in err.absolute_path) or say("(the whole answer)")
            errors.append(f"{where}: {err.message}")
            if len(errors) >= limit:
                break
    except RecursionError:
        errors.append(say("the answer is nested too deeply to check"))
    return Checked(True, errors, pretty, schema=True)
