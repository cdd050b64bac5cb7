"""Presets: a name for a system prompt and parameters that go together ("JSON extractor": a
system prompt, JSON mode, temperature 0, a seed), chosen per conversation or with
``ponder ask --preset NAME``. A few come with Ponder; the user's own are kept in settings.json
and win over a built-in of the same name."""

from __future__ import annotations

import dataclasses
from typing import Any

from ponder.core.models import ChatSettings
from ponder.core.words import N_

# What a preset may set: the conversation's own settings, never the model or the provider.
FIELDS = ("system", "effort", "temperature", "top_p", "max_tokens", "seed", "stop", "frequency_penalty",
          "presence_penalty", "response_format", "logprobs", "web")

BUILTIN: dict[str, dict[str, Any]] = {
    # The names are keys (`ponder ask --preset NAME`); the window shows them translated.
    N_("JSON extractor"): {
        "system": "Extract what is asked from the user's text. Answer with one JSON object and nothing else; "
                  "use null for what the text does not say.",
        "temperature": 0, "seed": 1, "response_format": {"type": "json_object"},
    },
    N_("Terse"): {"system": "Answer in as few words as the question allows. No preamble, no summary.", "temperature": 0.3},
    N_("Careful reasoner"): {
        "system": "Think the problem through before answering, check your work, and say how sure you are.",
        "effort": "high",
    },
    N_("Translator"): {
        "system": "Translate the user's text into English (or, if it is English, into French). Keep the meaning, "
                  "the tone and the formatting; answer with the translation only.",
        "temperature": 0.2,
    },
}


def presets(own: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Every preset by name: the built-in ones, then the user's (a user's wins over a built-in)."""
    return {**BUILTIN, **{k: clean(v) for k, v in (own or {}).items()}}


def clean(preset: Any) -> dict[str, Any]:
    """Only what a preset may set (a hand-edited file may hold anything)."""
    return {k: v for k, v in preset.items() if k in FIELDS} if isinstance(preset, dict) else {}


def apply(cs: ChatSettings, preset: dict[str, Any]) -> ChatSettings:
    """The settings with the preset's values over them (what it does not name stays)."""
    return dataclasses.replace(cs, **{k: v for k, v in clean(preset).items()})


def capture(cs: ChatSettings) -> dict[str, Any]:
    """A preset from the settings as they are: what is set of FIELDS."""
    return {k: v for k in FIELDS if (v := getattr(cs, k)) not in (None, [], {})}
