"""Ponder in the user's language: Qt's translation system.

Every string a widget shows goes through ``tr()`` (one context, "Ponder"), counts through
``tr(text, n)`` with ``%n`` (Qt picks the language's plural form: Chinese has one, English two).
Why Qt's system and not gettext: Qt's own dialogs and buttons (OK, Cancel, the file chooser, a text
box's menu) come translated from Qt's ``qtbase_*.qm`` with the same translator, and
``pyside6-lrelease`` ships with PySide6. The catalogue is ``resources/i18n/ponder_<lang>.ts``, made and
compiled by ``resources/i18n/update.py`` (``make translations``); ``tests/ui/test_i18n.py`` fails when a
string a widget shows is not translatable or a translation is missing.

The terminal commands stay English: their output is read by scripts.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ponder.core.words import N_  # noqa: F401 - for ui modules: a phrase in a table, tr() where shown
from ponder.core.words import plural

LANGUAGES = {"en": "English", "zh_CN": "简体中文 (Simplified Chinese)"}
CONTEXT = "Ponder"
_installed: list[QTranslator] = []
_pseudo = False
current = "en"


def tr(text: str, n: int | None = None) -> str:
    """``text`` in the user's language; with ``n``, the plural form for it (``%n`` in ``text``)."""
    if n is None:
        out = QCoreApplication.translate(CONTEXT, text)
    elif current == "en":  # the source is English: its two forms are made in code
        out = plural(text, n)
    else:
        out = QCoreApplication.translate(CONTEXT, text, None, n)
    return _stretch(out) if _pseudo else out


def catalogue_dir() -> Path:
    from ponder.resources import resources_dir

    d = resources_dir()
    return d / "i18n" if d is not None else Path(".")


def choose(setting: str | None) -> str:
    """The language to use: the Settings choice, else the system's if Ponder speaks it, else English."""
    if setting in LANGUAGES or setting == "pseudo":
        return setting
    name = QLocale.system().name()  # "zh_CN", "en_US", ...
    if name in LANGUAGES:
        return name
    if name.startswith("zh") and "Hant" not in QLocale.system().bcp47Name():
        return "zh_CN"
    return "en"


def install(setting: str | None = None) -> str:
    """Load the translations for ``setting`` (see choose) into the application; returns the language."""
    global _pseudo, current
    app = QCoreApplication.instance()
    for t in _installed:
        QCoreApplication.removeTranslator(t)
    _installed.clear()
    lang = choose(setting)
    _pseudo = lang == "pseudo"
    from ponder.core import words

    current = "en" if _pseudo else lang
    words.use(tr, current)  # the core's phrases for the user (errors) in this language too
    if lang in ("en", "pseudo") or app is None:
        english = QLocale.system().name().startswith("en") and lang == "en"
        QLocale.setDefault(QLocale.system() if english else QLocale("en_US"))
        return lang
    for folder, name in ((catalogue_dir(), f"ponder_{lang}"),
                         (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{lang}")):
        t = QTranslator(app)
        if t.load(name, str(folder)):
            QCoreApplication.installTranslator(t)
            _installed.append(t)
    QLocale.setDefault(QLocale(lang))  # numbers and dates in the language's own way
    return lang


def _stretch(text: str) -> str:
    """A pseudo-translation 40% longer, with accents: what German does to a layout, seen in English."""
    if not text or text.isspace():
        return text
    accents = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")
    # Placeholders, tags and accelerators stay as they are: they are read by the code, not the user.
    parts = re.split(r"(\{[^{}]*\}|<[^>]*>|%n|&\w|\n)", text)
    out = "".join(p if i % 2 else p.translate(accents) for i, p in enumerate(parts))
    extra = "·" * max(1, round(len(text) * 0.4))
    return f"[{out}{extra}]"

