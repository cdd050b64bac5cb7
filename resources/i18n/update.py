"""Make the translation catalogues from the source, and compile them: `make translations`.

Every ``tr("...")`` (and ``tr("... %n ...", n)``, a plural) in app/ponder/ui is a message, and
every ``N_("...")`` and ``say("...")`` there, in app/ponder/core and in app/ponder/services (a phrase
translated where it is shown, or an error the window shows: core/words.py). Each
``ponder_<lang>.ts`` (Qt Linguist's format: open it in ``pyside6-linguist`` to translate) keeps the
translations it has, gains the new messages (marked unfinished) and loses those no longer in the
source; ``pyside6-lrelease`` then compiles it to the ``.qm`` Ponder loads.

    python resources/i18n/update.py [--check]    (--check: change nothing; exit 1 if out of date)
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI = HERE.parents[1] / "app" / "ponder" / "ui"
CORE = HERE.parents[1] / "app" / "ponder" / "core"  # N_("...") and say("..."): phrases the window shows (core/words.py)
SERVICES = HERE.parents[1] / "app" / "ponder" / "services"
LANGUAGES = ["zh_CN"]
CONTEXT = "Ponder"


def sources() -> list[Path]:
    """The files that hold messages: the window (and main.py, its start-up), the core, the services."""
    return sorted(UI.rglob("*.py")) + [UI.parent / "main.py"] + sorted(CORE.rglob("*.py")) + sorted(SERVICES.rglob("*.py"))


def messages() -> dict[str, bool]:
    """Every message in the source, and whether it is a plural (numerus)."""
    found: dict[str, bool] = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_", "say") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = found.get(node.args[0].value, False) or len(node.args) > 1
    return found


def read(ts: Path) -> dict[str, list[str]]:
    """The translations a catalogue has (a plural: one per form), finished ones only."""
    from ponder.core.words import read_catalogue

    return read_catalogue(ts)


def write(ts: Path, lang: str, msgs: dict[str, bool], done: dict[str, list[str]]) -> str:
    root = ET.Element("TS", version="2.1", language=lang)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for src in sorted(msgs):
        m = ET.SubElement(ctx, "message", numerus="yes") if msgs[src] else ET.SubElement(ctx, "message")
        ET.SubElement(m, "source").text = src
        t = ET.SubElement(m, "translation")
        forms = done.get(src)
        if forms is None:
            t.set("type", "unfinished")
        if msgs[src]:
            for f in forms or [""]:
                ET.SubElement(t, "numerusform").text = f
        else:
            t.text = forms[0] if forms else ""
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode") + "\n"


def lrelease() -> str:
    exe = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    return exe


def main(argv: list[str]) -> int:
    check = "--check" in argv
    msgs = messages()
    stale = []
    for lang in LANGUAGES:
        ts = HERE / f"ponder_{lang}.ts"
        text = write(ts, lang, msgs, read(ts))
        if ts.exists() and ts.read_text() == text:
            continue
        stale.append(ts.name)
        if not check:
            ts.write_text(text)
    if check:
        if stale:
            print("out of date: " + ", ".join(stale) + " (run make translations)")
        return 1 if stale else 0
    for lang in LANGUAGES:
        ts, qm = HERE / f"ponder_{lang}.ts", HERE / f"ponder_{lang}.qm"
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
        missing = [s for s in msgs if s not in read(ts)]
        print(f"{ts.name}: {len(msgs) - len(missing)} of {len(msgs)} messages translated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
