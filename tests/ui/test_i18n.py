"""Ponder in the user's language (issue 19): every string a widget is given goes through tr(), the
Simplified Chinese catalogue has every one and is compiled, counts take the language's plural,
and the window speaks Chinese when asked."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from ponder.ui import i18n
from tests.conftest import ROOT

UI = ROOT / "app" / "ponder" / "ui"
I18N = ROOT / "resources" / "i18n"
sys.path.insert(0, str(I18N))
import update  # noqa: E402  (resources/i18n/update.py)

# Where a widget is handed text a user reads: these calls' first argument (message(): the title and text).
SETTERS = {"setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "addAction", "addItem", "setAccessibleName",
           "setAccessibleDescription", "addMenu", "showMessage", "setTitle", "addTab", "setStatusTip", "setSpecialValueText",
           "addRow", "setTabText", "insertItem", "setWhatsThis", "setLabelText", "setItemText"}
CTORS = {"QPushButton", "QToolButton", "QCheckBox", "QLabel", "PlainLabel", "QGroupBox", "QRadioButton", "QAction",
         "muted_label", "tip", "RichLabel"}


def untranslated(source: str, name: str = "x.py") -> list[str]:
    """Text given to a widget without tr(): a literal with words, or an f-string."""
    found = []
    for n in ast.walk(ast.parse(source)):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        called = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        places = [1, 2] if called == "message" else [0] if called in SETTERS or called in CTORS else []
        for i in places:
            stack = [n.args[i]] if i < len(n.args) else []
            while stack:
                a = stack.pop()
                if isinstance(a, ast.IfExp):
                    stack += [a.body, a.orelse]
                elif isinstance(a, ast.BinOp) and isinstance(a.op, ast.Add):
                    stack += [a.left, a.right]
                elif isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                       and re.search(r"[A-Za-z]{2,}", a.value)):
                    found.append(f"{name}:{a.lineno}")
    return found


def test_every_string_a_widget_is_given_is_translatable() -> None:
    bad = [hit for p in sorted(UI.rglob("*.py")) if p.name != "i18n.py" for hit in untranslated(p.read_text(), p.name)]
    assert bad == []


def test_the_check_catches_an_untranslated_string() -> None:
    src = 'b.setText("Send")\nb.setToolTip(f"{n} found")\nmessage(w, "Title", tr("ok"))\nx = QPushButton(tr("Fine"))\n'
    assert untranslated(src) == ["x.py:1", "x.py:2", "x.py:3"]


def test_the_chinese_catalogue_has_every_string_compiled_with_its_placeholders() -> None:
    assert update.main(["--check"]) == 0, "run make translations"
    msgs = update.messages()
    done = update.read(I18N / "ponder_zh_CN.ts")
    assert [m for m in msgs if m not in done] == []
    for src, forms in done.items():
        for form in forms:  # what the code fills in must be there in the translation
            assert sorted(re.findall(r"\{[^{}]*\}|%n", src)) == sorted(re.findall(r"\{[^{}]*\}|%n", form)), src
    qm = I18N / "ponder_zh_CN.qm"
    fresh = Path(subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.mkdtemp())"], capture_output=True,
                                text=True).stdout.strip()) / "zh.qm"
    subprocess.run([update.lrelease(), "-silent", str(I18N / "ponder_zh_CN.ts"), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == qm.read_bytes(), "the .qm is older than the .ts: run make translations"


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    i18n.install("zh_CN")
    yield
    i18n.install("en")


def test_counts_take_the_languages_plural(qapp: Any) -> None:
    assert i18n.tr("%n message(s)", 1) == "1 message" and i18n.tr("%n message(s)", 1204) == "1,204 messages"


def test_the_window_speaks_chinese(qtbot: Any, chinese: None, demo: Any, tmp_path: Path, aloop: Any) -> None:
    from tests.ui.conftest import make_app

    assert i18n.tr("%n message(s)", 5) == "5 条消息"
    a = make_app(qtbot, demo, tmp_path / "p.db")
    w = a.window
    assert w.sidebar.new_button.text() == "新对话" and w.composer.button.text() == "发送"
    assert w.menuBar().actions()[0].text() == "文件(&F)"
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own strings, from qtbase_zh_CN
    assert box.buttons()[0].text() == "取消"
    # The core's words for the user too: a refused key, said in Chinese.
    async def refused() -> None:
        w.send("/error 401\nHello")
        await a.wait(lambda: a.service.busy(), what="the answer starts")
        await a.wait(lambda: not a.service.busy(), what="the answer ends")

    aloop.run_until_complete(refused())
    answer = a.store.messages(w.cid)[-1]
    assert "的密钥被拒绝：请设置新的密钥" in (answer.error or {}).get("message", "")
    aloop.run_until_complete(a.service.aclose())


def test_a_pseudo_translation_is_longer_and_keeps_what_the_code_fills_in(qapp: Any) -> None:
    i18n.install("pseudo")
    try:
        out = i18n.tr("Your message: {short}")
        assert "{short}" in out and len(out) >= len("Your message: {short}") * 1.3
        assert out.format(short="hi")
    finally:
        i18n.install("en")
