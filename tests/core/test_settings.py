from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.core.providers.presets import get_provider
from ponder.core.settings import CustomProvider, Settings, load_settings, save_settings


def test_missing_file_is_defaults_without_warnings(tmp_path: Path) -> None:
    s, warnings = load_settings(tmp_path / "settings.json")
    assert s == Settings() and warnings == []


def test_round_trip_and_custom_providers_are_usable(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    s = Settings(default_provider="openrouter", enabled_providers=["openrouter", "ollama"],
                 custom_providers=[CustomProvider("myproxy", "My proxy", "https://proxy.example/v1", "openrouter", {"X-Team": "a"})],
                 default_models={"openrouter": "deepseek/deepseek-r1"}, ui={"theme": "dark"})
    assert save_settings(p, s) is None
    loaded, warnings = load_settings(p)
    assert loaded == s and warnings == []
    prov = get_provider("myproxy", env={}, custom=loaded.providers())
    assert prov.dialect == "openrouter" and prov.headers == {"X-Team": "a"} and prov.key_optional and not prov.needs_key


def test_broken_json_falls_back_and_is_never_overwritten_silently(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    p.write_text('{"default_provider": "openrouter",\n  oops }')
    s, warnings = load_settings(p)
    assert s == Settings()
    assert len(warnings) == 1 and "not valid JSON (line 2" in warnings[0] and "left as it is" in warnings[0]
    assert p.read_text() == '{"default_provider": "openrouter",\n  oops }'
    kept = save_settings(p, Settings(default_provider="ollama"))
    assert kept is not None and kept.read_text() == '{"default_provider": "openrouter",\n  oops }'
    assert json.loads(p.read_text())["default_provider"] == "ollama"


def test_bad_fields_fall_back_one_by_one(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    p.write_text(json.dumps({
        "default_provider": 5, "enabled_providers": ["openrouter"], "default_models": [], "ui": {"theme": "light"},
        "custom_providers": [
            {"id": "ok", "base_url": "http://lan:1/v1"},
            {"id": "Bad Id", "base_url": "http://x/v1"},
            {"id": "nourl"},
            {"id": "leaky", "base_url": "http://x/v1", "headers": {"X-Api-Key": "sk-123"}},
            {"id": "openai", "base_url": "http://x/v1"},
            "junk",
        ],
    }))
    s, warnings = load_settings(p)
    assert s.enabled_providers == ["openrouter"] and s.ui == {"theme": "light"}
    assert s.default_provider is None and s.default_models == {}
    assert [c.id for c in s.custom_providers] == ["ok"]
    text = "\n".join(warnings)
    assert "'default_provider' is not a string" in text and "'default_models'" in text
    assert "looks like a credential" in text and "taken by a built-in provider" in text and "missing 'base_url'" in text
    assert len(warnings) == 7


def test_a_secret_header_cannot_be_saved(tmp_path: Path) -> None:
    s = Settings(custom_providers=[CustomProvider("x", "X", "http://x/v1", headers={"Authorization": "Bearer sk-1"})])
    with pytest.raises(ValueError, match="looks like a credential"):
        save_settings(tmp_path / "settings.json", s)
    assert not (tmp_path / "settings.json").exists()


def test_tools_in_settings_are_checked(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    good = {"name": "get_weather", "description": "d", "parameters": {"type": "object", "properties": {}}}
    p.write_text(json.dumps({"tools": [good, {"name": "bad name"}, 7]}))
    s, warnings = load_settings(p)
    assert s.tools == [good]
    assert len(warnings) == 2 and "tool 2 was skipped: The name must be" in warnings[0]


def test_model_overrides_are_kept_and_checked(tmp_path: Path) -> None:
    p = tmp_path / "settings.json"
    p.write_text(json.dumps({"model_overrides": {"ollama:llava": {"vision": True, "tools": "yes"}, "nocolon": {}}}))
    s, warnings = load_settings(p)
    assert s.model_overrides == {"ollama:llava": {"vision": True}} and len(warnings) == 1


@pytest.mark.parametrize("content", ['{"tools": 5}', '{"custom_providers": 5}', '{"tools": "x", "custom_providers": {"a": 1}}',
                                     '{"tools": [{"name": "t", "parameters": ' + "[" * 50_000 + "]" * 50_000 + '}]}',
                                     "[" * 100_000 + "]" * 100_000])
def test_settings_of_the_wrong_shape_warn_and_fall_back(tmp_path: Path, content: str) -> None:
    p = tmp_path / "settings.json"
    p.write_text(content)
    s, warnings = load_settings(p)
    assert warnings and s.tools == [] and s.custom_providers == []
    assert p.read_text() == content  # left as it was


def test_a_header_that_would_split_the_request_is_refused(tmp_path: Path) -> None:
    """A header value with a line break would add headers of its own to every request."""
    for headers, why in (({"X-Team": "a\r\nX-Evil: 1"}, "line break"), ({"Bad Name": "v"}, "not a header name")):
        s = Settings(custom_providers=[CustomProvider("x", "X", "http://x/v1", headers=headers)])
        with pytest.raises(ValueError, match=why):
            save_settings(tmp_path / "settings.json", s)
    assert not (tmp_path / "settings.json").exists()
