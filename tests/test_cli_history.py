"""History and keys through the real `ponder` process: saving, continuing, the commands, a kill
mid-answer, a second writer, and no key in any file Ponder writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ponder.core.history.store import Store
from ponder.demo.server import DemoServer
from tests.conftest import ROOT

KEY_VARS = ("OPENROUTER_API_KEY", "OPENAI_API_KEY", "PONDER_API_KEY", "PONDER_PROVIDER", "OPENAI_BASE_URL")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "ponder-home"


def env(home: Path, **extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in KEY_VARS}
    e["PONDER_HOME"] = str(home)
    e.update(extra)
    return e


def ponder(home: Path, *args: str, input: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ponder", *args], cwd=ROOT, env=env(home, **extra), input=input,
                          capture_output=True, text=True, timeout=60)


def ask_json(home: Path, demo: DemoServer, *args: str, **extra: str) -> dict:
    p = ponder(home, "ask", "--base-url", demo.base_url, "--model", "demo/reasoning", "--json", *args, **extra)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_ask_saves_and_continues_a_conversation(home: Path, demo: DemoServer) -> None:
    first = ask_json(home, demo, "What is a quokka?")
    cid = first["conversation_id"]
    n = len(demo.requests)
    second = ask_json(home, demo, "--conversation", cid[:8], "And where do they live?")
    assert second["conversation_id"] == cid
    sent = demo.requests[n]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"] == first["content"] and "reasoning_content" not in sent[1]
    s = Store(home / "data" / "ponder.db")
    thread = s.thread(cid)
    assert [m.role for m in thread] == ["user", "assistant", "user", "assistant"]
    assert thread[1].reasoning == first["reasoning"] and thread[1].status == "done" and thread[1].ttft_ms > 0
    assert thread[1].settings["model"] == "demo/reasoning"
    assert s.conversation(cid).title == "What is a quokka?"


def test_no_save(home: Path, demo: DemoServer) -> None:
    out = ask_json(home, demo, "--no-save", "private question")
    assert "conversation_id" not in out
    assert ponder(home, "history", "list").stdout.startswith("No conversations yet")


def test_history_commands(home: Path, demo: DemoServer, tmp_path: Path) -> None:
    cid = ask_json(home, demo, "Tell me about axolotls")["conversation_id"]
    ask_json(home, demo, "Something about narwhals")
    listing = ponder(home, "history", "list").stdout.splitlines()
    assert len(listing) == 2 and "narwhals" in listing[0] and "axolotls" in listing[1]
    every = json.loads(ponder(home, "history", "list", "--json", "--limit", "0").stdout)  # for scripts
    assert [c["title"] for c in every] == ["Something about narwhals", "Tell me about axolotls"]
    assert every[1]["id"] == cid and every[1]["messages"] == 2 and every[1]["model"] == "demo/reasoning"
    assert every[1]["created_at"][:4].isdigit() and every[1]["cost_usd"] is None and every[1]["answered"] is True
    assert len(json.loads(ponder(home, "history", "list", "--json", "--limit", "1").stdout)) == 1
    found = ponder(home, "history", "search", "axolotls").stdout
    assert cid[:8] in found and "«axolotls»" in found and "narwhals" not in found
    thinking = ponder(home, "history", "search", "Fibonacci").stdout
    assert "[thinking]" in thinking
    show = ponder(home, "history", "show", cid[:8]).stdout
    assert show.startswith("# Tell me about axolotls") and "<summary>Thinking" in show

    md, js = tmp_path / "c.md", tmp_path / "c.json"
    assert ponder(home, "history", "export", cid[:8], "--format", "md", "-o", str(md)).returncode == 0
    assert ponder(home, "history", "export", cid[:8], "--format", "json", "-o", str(js)).returncode == 0
    assert md.read_text() == show and json.loads(js.read_text())["conversation"]["id"] == cid
    imported = ponder(home, "history", "import", str(js))
    assert imported.returncode == 1 and "in history already, as " + cid[:8] in imported.stderr  # no silent duplicate
    imported = ponder(home, "history", "import", "--again", str(js))
    assert imported.returncode == 0 and imported.stdout.startswith("Imported as ")
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    p = ponder(home, "history", "import", str(bad))
    assert p.returncode == 1 and "not a Ponder conversation export" in p.stderr

    assert ponder(home, "history", "rename", cid[:8], "Axolotl", "facts").returncode == 0
    assert "Axolotl facts" in ponder(home, "history", "list").stdout
    p = ponder(home, "history", "delete", cid[:8])
    assert p.returncode == 2 and "--yes" in p.stderr
    assert ponder(home, "history", "delete", cid[:8], "--yes").returncode == 0
    p = ponder(home, "history", "show", cid[:8])
    assert p.returncode == 1 and "No conversation" in p.stderr


def test_failed_and_stopped_answers_are_kept_with_the_reason(home: Path, demo: DemoServer) -> None:
    p = ponder(home, "ask", "--base-url", demo.base_url, "--model", "demo/fast", "/error 402")
    assert p.returncode == 1
    s = Store(home / "data" / "ponder.db")
    (conv,) = s.conversations()
    user, ans = s.thread(conv.id)
    assert user.content == "/error 402" and ans.status == "error" and "out of credits" in ans.error["message"]

    p = ponder(home, "ask", "--base-url", demo.base_url, "--model", "demo/fast", "/error midstream")
    assert p.returncode == 1
    ans = s.thread(s.conversations()[0].id)[-1]
    assert ans.status == "error" and ans.partial and ans.content.startswith("## ") and ans.error["code"] == 502


def test_a_killed_ask_loses_at_most_the_last_second(home: Path, demo: DemoServer) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "ponder", "ask", "--base-url", demo.base_url, "--model", "demo/fast", "/tps 40\n/tokens 2000\nhi"],
        cwd=ROOT, env=env(home), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
    ) as proc:
        assert proc.stdout is not None
        shown = b""
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.6:
            shown += proc.stdout.read(64)
        proc.kill()  # SIGKILL: no chance to save anything more
        proc.wait(5)
    s = Store(home / "data" / "ponder.db", stale_after_s=0)
    ans = s.thread(s.conversations()[0].id)[-1]
    assert ans.status == "interrupted" and ans.partial
    saved = ans.content.encode()
    assert shown.startswith(saved)
    # 40 tokens/s: the last save was at most ~1 s (40 tokens, a few hundred bytes) before the kill.
    assert len(saved) > 0 and len(shown) - len(saved) < 600


def test_two_processes_write_at_once(home: Path, demo: DemoServer) -> None:
    s = Store(home / "data" / "ponder.db") if (home / "data").exists() else None
    home.joinpath("data").mkdir(parents=True, exist_ok=True)
    s = s or Store(home / "data" / "ponder.db")
    c = s.create_conversation("written by the test process")
    procs = [
        subprocess.Popen([sys.executable, "-m", "ponder", "ask", "--base-url", demo.base_url, "--model", "demo/fast", f"/tps 300\nwriter {i}"],
                         cwd=ROOT, env=env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for i in range(2)
    ]
    from ponder.core.models import Message

    for i in range(100):  # this process writes all the while
        s.add_message(c.id, Message("user", f"note {i}"))
        time.sleep(0.005)
    for p in procs:
        _, err = p.communicate(timeout=30)
        assert p.returncode == 0 and "not saved" not in err, err
    assert len(s.thread(c.id)) == 100
    assert sorted(x.title for x in s.conversations()) == ["writer 0", "writer 1", "written by the test process"]


def test_no_key_in_any_file_ponder_writes(home: Path, demo: DemoServer, tmp_path: Path) -> None:
    key = "sk-or-v1-LEAKCHECK-0123456789abcdef0123456789"
    n = len(demo.request_headers)
    out = ask_json(home, demo, "--provider", "openrouter", "hello with a key", OPENROUTER_API_KEY=key)
    assert demo.request_headers[n]["authorization"] == f"Bearer {key}"  # the key really was used
    cid = out["conversation_id"]
    ponder(home, "ask", "--provider", "openrouter", "--base-url", demo.base_url, "--model", "demo/fast", "-c", cid, "/error 401", OPENROUTER_API_KEY=key)
    for fmt in ("md", "json"):
        assert ponder(home, "history", "export", cid[:8], "--format", fmt, "-o", str(home / f"export.{fmt}")).returncode == 0
    listing = ponder(home, "keys", "list", OPENROUTER_API_KEY=key)
    assert key not in listing.stdout + listing.stderr and "sk-or-...6789" in listing.stdout
    files = [p for p in home.rglob("*") if p.is_file()]
    assert len(files) >= 3  # the database (and its WAL), both exports
    leaks = [str(p) for p in files if key.encode() in p.read_bytes()]
    assert leaks == []


def test_a_damaged_database_is_reported_and_ponder_still_works(home: Path) -> None:
    (home / "data").mkdir(parents=True)
    (home / "data" / "ponder.db").write_bytes(b"garbage" * 1000)
    p = ponder(home, "history", "list")
    assert p.returncode == 0 and p.stdout.startswith("No conversations yet")
    assert "history database was damaged; it was moved to" in p.stderr and "ponder.db.corrupt-" in p.stderr
    assert len(list((home / "data").glob("ponder.db.corrupt-*"))) == 1


def test_broken_settings_warn_and_fall_back(home: Path, demo: DemoServer) -> None:
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text('{"default_provider": ')
    p = ponder(home, "ask", "--base-url", demo.base_url, "--model", "demo/fast", "--json", "hi")
    assert p.returncode == 0 and json.loads(p.stdout)["content"]
    assert "settings.json is not valid JSON" in p.stderr
    assert (home / "config" / "settings.json").read_text() == '{"default_provider": '


def test_keys_set_prompts_hidden_on_a_terminal(home: Path) -> None:
    import pty
    import select

    secret = "sk-or-v1-TYPEDATPROMPT-9876"
    master, slave = pty.openpty()
    e = env(home)
    e = {k: v for k, v in e.items() if not k.startswith("DBUS")}  # no keyring: the error comes after reading
    proc = subprocess.Popen([sys.executable, "-m", "ponder", "keys", "set", "openrouter"], cwd=ROOT, env=e,
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    screen = b""

    def read_until(marker: bytes, timeout: float = 10) -> None:
        nonlocal screen
        end = time.monotonic() + timeout
        while marker not in screen and time.monotonic() < end:
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    screen += os.read(master, 4096)
                except OSError:
                    return

    read_until(b"(hidden): ")
    assert b"API key for OpenRouter (hidden): " in screen
    os.write(master, secret.encode() + b"\n")
    read_until(b"keyring")
    proc.wait(10)
    read_until(b"KWallet")
    os.close(master)
    assert secret.encode() not in screen  # never echoed
    assert b"No system keyring is available" in screen and proc.returncode == 1


def test_a_chatgpt_history_comes_in_from_the_terminal_once(home: Path, tmp_path: Path) -> None:
    from tests.core.test_bulk_import import chatgpt_conversation, write_export

    src = write_export(tmp_path / "chatgpt", [chatgpt_conversation(f"c{i}", f"Chat {i}") for i in range(40)], zipped=True)
    p = ponder(home, "history", "import", str(src))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Imported 40 conversations (240 messages, 40 images)")
    listed = json.loads(ponder(home, "history", "list", "--json", "--limit", "0").stdout)
    assert sorted(c["title"] for c in listed) == sorted(f"Chat {i}" for i in range(40))
    assert listed[0]["model"] == "o3" and listed[0]["messages"] == 6
    again = ponder(home, "history", "import", "--from", "chatgpt", str(src))
    assert again.returncode == 0 and "Imported 0 conversations" in again.stdout and "40 were there already" in again.stdout
    assert "brachyurus" in ponder(home, "history", "search", "Setonix").stdout.lower()
    bad = tmp_path / "broken.json"
    bad.write_text('[{"mapping": {}, "conversation_id": "x"}, {"mapp')
    p = ponder(home, "history", "import", str(bad))
    assert p.returncode == 1 and ("cut off" in p.stderr or "not valid JSON" in p.stderr)
    assert "Traceback" not in p.stderr


def test_chatbox_and_cherry_studio_histories_are_found_from_the_file(home: Path, tmp_path: Path) -> None:
    from tests.core.test_bulk_import import cherry_backup, chatbox_export

    f = tmp_path / "chatbox-exported-data-2026-11-30.json"
    f.write_text(json.dumps(chatbox_export()))
    p = ponder(home, "history", "import", str(f))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Imported 2 conversations (5 messages)")
    p = ponder(home, "history", "import", str(cherry_backup(tmp_path / "cherry")))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Imported 1 conversation (4 messages, 1 image)")
    titles = {c["title"] for c in json.loads(ponder(home, "history", "list", "--json").stdout)}
    assert titles == {"Quokkas", "Quokkas (Earlier)", "Macropods"}
    wrong = ponder(home, "history", "import", "--from", "cherry", str(f))  # a Chatbox file said to be Cherry Studio's
    assert wrong.returncode == 1 and "holds no conversations" in wrong.stderr and "Traceback" not in wrong.stderr
