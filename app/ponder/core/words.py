"""Words the window shows in the user's language, written here in English (no Qt in the core).

``say("...")`` is a phrase for the user: the window sets its translator (``use``, from ui/i18n), the
terminal commands set none and stay English, for the scripts that read them. ``N_("...")`` marks a
phrase kept in a table, said where it is shown. resources/i18n/update.py finds both for the catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

class Translator(Protocol):
    def __call__(self, text: str, n: int | None = None, /) -> str: ...


def N_(text: str) -> str:  # noqa: N802 - the conventional name
    return text


def plural(text: str, n: int) -> str:
    """English's two forms from one: "%n message(s)" is "1 message" or "1,024 messages"."""
    return _PLURAL.sub(r"\1" if n != 1 else "", text.replace("%n", f"{n:,}"))


_PLURAL = re.compile(r"\((e?s)\)")


def _english(text: str, n: int | None = None, /) -> str:
    return text if n is None else plural(text, n)


_translate: Translator = _english
language = "en"  # the window's, for the processes it starts (a history import speaks it too)


def use(translator: Translator | None, lang: str = "en") -> None:
    """The window's translator for ``say`` (the terminal never sets one: it stays English)."""
    global _translate, language
    _translate = translator or _english
    language = lang if translator else "en"


def read_catalogue(ts: Path) -> dict[str, list[str]]:
    """A Qt Linguist catalogue's finished translations (a plural: one per form); {} if it cannot be read."""
    import xml.etree.ElementTree as ET

    out: dict[str, list[str]] = {}
    try:
        root = ET.parse(ts).getroot()
    except (OSError, ET.ParseError):
        return out
    for m in root.iter("message"):
        t = m.find("translation")
        if t is None or t.get("type") in ("unfinished", "obsolete", "vanished"):
            continue
        forms = [f.text or "" for f in t.findall("numerusform")] if m.get("numerus") == "yes" else [t.text or ""]
        if all(forms):
            out[m.findtext("source") or ""] = forms
    return out


def catalogue(ts: Path) -> Translator:
    """A translator from a catalogue, without Qt: for the processes the window starts, which print
    what it shows (``history import --progress-json``). Languages of one plural form (Chinese)."""
    done = read_catalogue(ts)

    def translate(text: str, n: int | None = None, /) -> str:
        forms = done.get(text)
        if forms is None:
            return _english(text, n)
        return forms[0] if n is None else forms[0].replace("%n", f"{n:,}")

    return translate


def say(text: str, n: int | None = None) -> str:
    """A phrase for the user, in the window's language when it set one; with ``n``, a count's plural
    (``%n`` in ``text``). resources/i18n/update.py finds ``say("...")`` as it finds ``N_``."""
    return _translate(text, n)
