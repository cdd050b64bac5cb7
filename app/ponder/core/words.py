"""Words the window shows in the user's language, written here in English (no Qt in the core).

``N_("...")`` marks a phrase for the translation catalogue (resources/i18n/update.py finds it); a
function that puts words together takes ``words``, the window's translator (ui/i18n.tr), and the
terminal commands leave it out: their output stays English, for the scripts that read it.
"""

from __future__ import annotations

from typing import Callable

Words = Callable[[str], str]


def N_(text: str) -> str:  # noqa: N802 - the conventional name
    return text


def same(text: str) -> str:
    """English: the phrase as written."""
    return text


_translate: Words = same


def use(translator: Words) -> None:
    """The window's translator for ``say`` (the terminal never sets one: it stays English)."""
    global _translate
    _translate = translator


def say(text: str) -> str:
    """A phrase for the user, in the window's language when it set one (resources/i18n/update.py
    finds ``say("...")`` as it finds ``N_``)."""
    return _translate(text)
