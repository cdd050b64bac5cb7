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
           "addRow", "setTabText", "insertItem", "setWhatsThis", "setLabelText", "setItemText", "setPrefix", "setSuffix"}
CTORS = {"QPushButton", "QToolButton", "QCheckBox", "QLabel", "PlainLabel", "QGroupBox", "QRadioButton", "QAction",
         "muted_label", "tip", "RichLabel", "ValueError"}  # a ValueError raised in ui/ is shown as it is


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
                elif (isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute) and a.func.attr == "get"
                      and isinstance(a.func.value, ast.Dict)):  # {"done": "Done", ...}.get(status, default)
                    stack += [*a.func.value.values, *a.args[1:]]
                elif (isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute)
                      and isinstance(a.func.value, (ast.JoinedStr, ast.Constant, ast.BinOp))):  # f"...".strip(), "...".format()
                    stack.append(a.func.value)
                elif isinstance(a, ast.Subscript) and isinstance(a.value, (ast.Dict, ast.List, ast.Tuple)):
                    stack += list(a.value.values if isinstance(a.value, ast.Dict) else a.value.elts)
                elif isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                       and re.search(r"[A-Za-z]{2,}", a.value)):
                    found.append(f"{name}:{a.lineno}")
    return found


def test_every_string_a_widget_is_given_is_translatable() -> None:
    window = [p for p in update.sources() if p.is_relative_to(UI) or p.name == "main.py"]  # main.py: the start-up dialogs
    bad = [hit for p in window if p.name != "i18n.py" for hit in untranslated(p.read_text(), p.name)]
    assert bad == []


def test_the_check_catches_an_untranslated_string() -> None:
    src = ('b.setText("Send")\nb.setToolTip(f"{n} found")\nmessage(w, "Title", tr("ok"))\nx = QPushButton(tr("Fine"))\n'
           'b.setText({"done": "Done"}.get(s, s))\nb.setText({"done": tr("Done")}.get(s, s))\nb.setText(["Off", "On"][on])\n'
           'b.setText(f"{key} {where}".strip())\nb.setText("Hello {name}".format(name=n))\nb.setText(tr("Hi {n}").format(n=n))\n')
    assert untranslated(src) == ["x.py:1", "x.py:2", "x.py:3", "x.py:5", "x.py:7", "x.py:7", "x.py:8", "x.py:9"]


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
    efforts = [w.bar.effort.itemText(i) for i in range(w.bar.effort.count())]
    assert efforts[0] == "默认" and "高" in efforts and "high" not in efforts  # demo/reasoning's levels, named in Chinese
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


def test_english_counts_in_the_cores_words_and_a_catalogue_read_without_qt() -> None:
    from ponder.core import words

    assert words.plural("%n conversation(s)", 1) == "1 conversation" and words.plural("%n image(s)", 2048) == "2,048 images"
    zh = words.catalogue(I18N / "ponder_zh_CN.ts")  # what a history import the window starts speaks
    assert zh("Imported %n conversation(s)", 3) == "已导入 3 个对话"
    assert zh("Every column needs a model") == "每一列都需要一个模型"
    assert zh("not in any catalogue (%n)", 2) == "not in any catalogue (2)"  # English, as written
    assert words.catalogue(I18N / "missing.ts")("Valid JSON") == "Valid JSON"


def test_the_cores_errors_reach_the_window_in_chinese(chinese: None) -> None:
    """What the core raises for the window's dialogs: a tool, a schema, an MCP server, an image."""
    from ponder.core.answers.structured import SchemaError, schema_format
    from ponder.core.answers.tools import ToolError, make_tool
    from ponder.core.mcp.config import McpConfigError, read_mcp_servers
    from ponder.services.image_codec import ImageError, prepare

    with pytest.raises(ToolError, match="名称必须是 1 到 64 个字母"):
        make_tool("two words", "", "")
    with pytest.raises(SchemaError, match="Schema 不是有效的 JSON"):
        schema_format("{")
    with pytest.raises(McpConfigError, match="这不是有效的 JSON"):
        read_mcp_servers("{")
    with pytest.raises(ImageError, match="不是 Ponder 能读取的图片"):
        prepare(b"not an image at all", "notes.png")
    from ponder.core.mcp.types import ServerState

    assert ServerState("files", "ready").describe() == "就绪，0 个工具"  # an MCP server's state in Settings
    assert ServerState("files", "stopped").describe() == "未运行"


def test_a_history_import_the_window_starts_speaks_chinese(qtbot: Any, chinese: None, tmp_path: Path) -> None:
    """It runs in a process of its own: its failure and its figures come back in the window's language."""
    from ponder.services.history import ImportJob
    from tests.core.test_bulk_import import chatgpt_conversation, write_export

    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "x", "mapping": {')
    good = write_export(tmp_path / "chatgpt", [chatgpt_conversation(f"c{i}", f"Quokka {i}") for i in range(2)])
    for source, ok, said in ((bad, False, "无法导入 bad.json：文件不是有效的 JSON"), (good, True, "已导入 2 个对话")):
        job = ImportJob(tmp_path / "h.db", source)
        with qtbot.waitSignal(job.finished, timeout=60_000) as done:
            job.start()
        assert done.args[0] is ok and done.args[1].startswith(said), done.args[1]


def test_a_markdown_export_from_the_window_is_in_its_language(chinese: None, tmp_path: Path) -> None:
    from ponder.core.history.export import to_markdown
    from ponder.core.history.store import Store
    from ponder.core.models import Message, StreamResult

    store = Store(tmp_path / "h.db")
    c = store.create_conversation("")
    u = store.add_message(c.id, Message("user", "17 × 23?"))
    a = store.add_message(c.id, Message("assistant"), parent_id=u, status="streaming", model="demo/reasoning")
    store.save_answer(a, StreamResult(content="391 (cut", reasoning="17×20=340"), status="stopped",
                      timing={"thinking_ms": 1200.0})
    md = to_markdown(store, c.id)
    assert md.startswith("# 未命名对话\n") and "**你**" in md and "**助手** · demo/reasoning" in md
    assert "<summary>思考 (1.2 s)</summary>" in md and "> ⚠ 这个回答不完整：已停止" in md
    store.close()


# Where the core raises in English on purpose: what only the terminal, a test or a developer reads.
ENGLISH = {
    "core/providers/presets.py": "`ponder ask --provider/--base-url`",
    "core/history/salvage.py": "`ponder history recover`",
    "core/settings.py": "warnings on stderr, read before the language is known",
    "core/safety/keyring_memory.py": "tests only",
    "core/wire/capture.py": "`ponder capture`",
    "core/mathtex.py": "the math worker's word for why; services/typesetter.py says it in the window's language",
}


def test_what_the_core_and_the_services_raise_goes_through_say() -> None:
    """An error raised with an f-string or a bare sentence reaches the window in English: say() it."""
    bad = []
    for p in update.sources():
        where = p.relative_to(ROOT / "app" / "ponder").as_posix()
        if not where.startswith(("core/", "services/")) or where in ENGLISH:
            continue
        for n in ast.walk(ast.parse(p.read_text())):
            if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call) and n.exc.args:
                a = n.exc.args[0]
                if isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                    and re.search(r"[A-Za-z]+ [A-Za-z]+", a.value)):
                    bad.append(f"{where}:{n.lineno}")
    assert bad == []


def test_a_new_language_restarts_ponder_from_settings_with_its_setup(qtbot: Any, demo: Any, tmp_path: Path, aloop: Any) -> None:
    """Settings ▸ Language ▸ Restart now: the choice is kept, the window closes as on Quit, and
    Ponder starts again with the same provider, model and theme, but not a one-off prompt."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ponder.cli import _parser
    from ponder.core.settings import load_settings
    from ponder.main import again
    from ponder.ui.settings_dialog import SettingsDialog
    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db", settings_path=tmp_path / "settings.json")
    w = a.window
    w.show()

    def choose() -> None:
        d = next(x for x in QApplication.topLevelWidgets() if isinstance(x, SettingsDialog) and x.isVisible())
        assert not d.restart.isVisible()
        d.language.setCurrentIndex(d.language.findData("zh_CN"))
        assert d.restart.isVisible()
        d.restart.click()

    QTimer.singleShot(200, choose)
    w.open_settings()
    assert w.restart_wanted and not w.isVisible()
    assert load_settings(tmp_path / "settings.json")[0].ui["language"] == "zh_CN"
    args = _parser(window_only=True).parse_args(["--demo", "--model", "demo/fast", "--theme", "dark", "--prompt", "hi",
                                                 "--mcp", "files"])
    assert again(args) == [sys.executable, "-m", "ponder", "--demo", "--model", "demo/fast", "--theme", "dark", "--mcp", "files"]
    aloop.run_until_complete(a.service.aclose())


def test_the_wait_for_a_first_token_is_counted_in_chinese(qtbot: Any, chinese: None, demo: Any, tmp_path: Path, aloop: Any) -> None:
    """A model that says nothing for a while: the footer counts the seconds, in the window's language
    (it once compared the footer with the English text, and stopped counting in Chinese)."""
    import asyncio

    from tests.ui.conftest import make_app

    a = make_app(qtbot, demo, tmp_path / "p.db")
    w = a.window
    seen: list[str] = []

    async def wait() -> None:
        w.send("/keepalive 3\nHello")
        await a.wait(lambda: a.service.busy(), what="the answer starts")
        for _ in range(30):
            await asyncio.sleep(0.1)
            seen.extend(x.footer.text() for x in w.transcript.widgets.values() if hasattr(x, "footer"))
        await a.wait(lambda: not a.service.busy(), timeout=20, what="the answer ends")

    aloop.run_until_complete(wait())
    assert "等待第一个 token…" in seen and any(re.fullmatch(r"等待第一个 token… [12] 秒", t) for t in seen), set(seen)
    aloop.run_until_complete(a.service.aclose())


def test_nothing_is_translated_at_import_time() -> None:
    """tr() or say() outside a function runs when the module is imported: in whatever language was
    installed then (the About box once kept Chinese after a switch to English). N_() there, tr() where shown."""
    def calls(node: ast.AST, inside: bool, where: str) -> Iterator[str]:
        for child in ast.iter_child_nodes(node):
            deeper = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (not deeper and isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                    and child.func.id in ("tr", "say")):
                yield f"{where}:{child.lineno}"
            yield from calls(child, deeper, where)

    assert [hit for p in update.sources() for hit in calls(ast.parse(p.read_text()), False, p.name)] == []


def test_every_template_is_filled_by_its_format() -> None:
    """tr("... {name} ...").format(name=...) and say(...): a placeholder the call does not fill
    raises KeyError where the user looks; one filled but not in the text is lost in translation."""
    import string

    bad = []
    for p in update.sources():
        for n in ast.walk(ast.parse(p.read_text())):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "format"):
                continue
            inner = n.func.value
            if isinstance(inner, ast.IfExp):  # (say("a {x}") if c else say("b {x}")).format(x=...)
                templates = [inner.body, inner.orelse]
            else:
                templates = [inner]
            for t in templates:
                if not (isinstance(t, ast.Call) and isinstance(t.func, ast.Name) and t.func.id in ("tr", "say")
                        and t.args and isinstance(t.args[0], ast.Constant) and isinstance(t.args[0].value, str)):
                    continue
                wanted = {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(t.args[0].value) if f}
                given = {k.arg for k in n.keywords if k.arg}
                if any(k.arg is None for k in n.keywords) or n.args:
                    continue  # **kwargs or positional: not checked here
                if wanted - given or (given - wanted and len(templates) == 1):
                    bad.append(f"{p.name}:{n.lineno} {sorted(wanted)} vs {sorted(given)}")
    assert bad == []
