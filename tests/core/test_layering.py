"""app/ponder/core imports no Qt and nothing from the layers above it (shared/docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = ("PySide6", "shiboken6", "qasync", "ponder.services", "ponder.ui", "ponder.demo", "ponder.main")
CORE = Path(__file__).resolve().parents[2] / "app" / "ponder" / "core"


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_imports_no_qt_and_no_upper_layer() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 8
    bad = [
        f"{f.relative_to(CORE.parent.parent)}: {name}"
        for f in files
        for name in imported_modules(f)
        if any(name == x or name.startswith(x + ".") for x in FORBIDDEN)
    ]
    assert bad == []


def test_the_check_catches_a_qt_import(tmp_path: Path) -> None:
    f = tmp_path / "bad.py"
    f.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in imported_modules(f)


UI = CORE.parent / "ui"
RAW_TEXT_WIDGETS = ("QLabel", "QMessageBox")  # Qt guesses rich text from their contents


def raw_text_widgets(path: Path) -> list[str]:
    """Calls that build a label or a message box whose text Qt may take for HTML."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            if name in RAW_TEXT_WIDGETS:
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_widgets_show_outside_text_through_the_safe_helpers() -> None:
    """Every label is a PlainLabel or a RichLabel, every message box comes from safe.message
    (tests/ui/test_hostile.py checks the window itself)."""
    bad = [hit for f in sorted(UI.glob("*.py")) if f.name != "safe.py" for hit in raw_text_widgets(f)]
    assert bad == []


def test_the_check_catches_a_bare_label(tmp_path: Path) -> None:
    f = tmp_path / "w.py"
    f.write_text("x = QLabel(text)\ny = QMessageBox.warning(None, 't', text)\n")
    assert raw_text_widgets(f) == ["w.py:1", "w.py:2"]


PONDER = CORE.parent
LAYERS = {
    # layer: what none of its modules may import
    "services": ("ponder.ui", "ponder.main"),
    # Widgets see value types (core.models, core.records), rendering and figures; what reads or
    # writes a file, the network or the keyring goes through a service.
    "ui": ("ponder.core.history.store", "ponder.core.history.export", "ponder.core.history.migrations", "ponder.core.history.salvage",
           "ponder.core.providers.catalog", "ponder.core.settings", "ponder.core.safety.secrets", "ponder.core.safety.keyring_memory",
           "ponder.core.wire.client", "ponder.core.answers.pipeline", "ponder.core.answers.recorder",
           "sqlite3", "httpx", "keyring", "ponder.main", "ponder.commands"),
    "commands": ("PySide6", "shiboken6", "qasync", "ponder.ui", "ponder.services", "ponder.main"),
}


# The one exception, on purpose: `ponder ask --image` decodes images with QtGui (the only image
# codec Ponder has), imported inside the function that reads --image files, never otherwise.
ALLOWED = {"ponder/commands/ask.py: ponder.services.image_codec"}


def breaches(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    found = [
        f"{f.relative_to(PONDER.parent)}: {name}"
        for f in sorted((PONDER / layer).rglob("*.py"))
        for name in imported_modules(f)
        if any(name == x or name.startswith(x + ".") for x in forbidden)
    ]
    return [b for b in found if b not in ALLOWED]


def test_every_layer_imports_only_what_is_below_it() -> None:
    assert {layer: breaches(layer, forbidden) for layer, forbidden in LAYERS.items()} == {layer: [] for layer in LAYERS}


def test_the_check_catches_a_widget_that_opens_the_store(tmp_path: Path) -> None:
    f = tmp_path / "w.py"
    f.write_text("from ponder.core.history.store import Store\nimport sqlite3\n")
    names = imported_modules(f)
    assert [n for n in names if any(n == x or n.startswith(x + ".") for x in LAYERS["ui"])] == ["ponder.core.history.store", "sqlite3"]


# Each third-party boundary has its owners (docs/architecture.md); nobody else imports it.
OWNERS = {
    "sqlite3": {"core/history/database.py", "core/history/store.py", "core/history/search.py",
                "core/history/migrations.py", "core/history/salvage.py"},
    "httpx": {"core/wire/client.py"},
    "keyring": {"core/safety/secrets.py", "core/safety/keyring_memory.py"},
    "markdown": {"core/render.py"},
}


def test_each_boundary_has_its_owners_only() -> None:
    found: dict[str, set[str]] = {lib: set() for lib in OWNERS}
    for f in sorted(PONDER.rglob("*.py")):
        for name in imported_modules(f):
            lib = name.split(".")[0]
            if lib in OWNERS:
                found[lib].add(str(f.relative_to(PONDER)))
    assert {lib: files - OWNERS[lib] for lib, files in found.items()} == {lib: set() for lib in OWNERS}
