"""The terminal commands against a hostile server and broken files, run as real processes: the key
never shows in any form, control sequences arrive inert, nothing ends in a traceback."""

from __future__ import annotations

import base64
import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.helpers.hostile import TERMINAL_ATTACK
from tests.helpers.rawserver import Reply, ThreadedRawServer
from tests.test_cli import env

KEY = "sk-test-0123456789abcdefSECRET"


def key_forms(key: str = KEY) -> list[str]:
    raw = key.encode()
    return [key, "".join(f"\\u{ord(c):04x}" for c in key), base64.b64encode(raw).decode()[:20],
            base64.b64encode(b"Bearer " + raw).decode()[:24], raw.hex(), key[9:]]


def assert_no_key(text: str | bytes, where: str) -> None:
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    for form in key_forms():
        assert form.lower() not in text.lower(), f"the key leaked into {where} as {form!r}"


def run(home: Path, *args: str | bytes, input: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    p = subprocess.run([sys.executable, "-m", "ponder", *args], cwd=ROOT, env=env(PONDER_HOME=str(home), **extra),
                       input=input, capture_output=True, text=True, errors="replace", timeout=60)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def run_tty(home: Path, *args: str, **extra: str) -> str:
    """Run on a pseudo-terminal (so Ponder sees a TTY) and return everything it printed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "ponder", *args], env(PONDER_HOME=str(home), **extra))
    out = b""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                piece = os.read(fd, 65536)
            except OSError:
                break
            if not piece:
                break
            out += piece
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


def sse(*chunks: Any) -> bytes:
    return b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"


def files_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_key_escaped_in_an_error_body_shows_nowhere(tmp_path: Path) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in KEY)
    body = ('{"error": {"message": "Invalid key \\"' + escaped + '\\" (Authorization: Bearer ' + escaped + ')", "code": "'
            + escaped + '"}}').encode()
    with ThreadedRawServer([Reply(401, body, content_type="application/json")]) as srv:
        p = run(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "--json", "hi", PONDER_API_KEY=KEY)
    assert p.returncode == 1 and "rejected" in p.stderr
    assert_no_key(p.stdout + p.stderr, "ask's output")
    cid = run(tmp_path, "history", "list").stdout.split()[0]
    for args in (("show", cid), ("export", cid, "--format", "json"), ("export", cid, "--format", "md")):
        out = run(tmp_path, "history", *args)
        assert out.returncode == 0 and "Invalid key" in out.stdout
        assert_no_key(out.stdout, f"history {args[0]}")
    assert_no_key(files_under(tmp_path), "a file under PONDER_HOME")
    db = sqlite3.connect(tmp_path / "data" / "ponder.db")
    assert_no_key(json.dumps(db.execute("SELECT * FROM messages").fetchall()), "the database")


def test_a_server_that_echoes_the_key_into_models_and_answers(tmp_path: Path) -> None:
    models = {"data": [{"id": f"Bearer {KEY}", "name": KEY, "description": base64.b64encode(f"Bearer {KEY}".encode()).decode()}]}
    answer = sse({"choices": [{"delta": {"content": f"your key is {KEY}"}, "finish_reason": "stop"}]})
    with ThreadedRawServer([Reply(200, json.dumps(models).encode(), content_type="application/json"),
                            Reply(200, answer)]) as srv:
        p = run(tmp_path, "models", "--base-url", srv.url, PONDER_API_KEY=KEY)
        assert p.returncode == 0 and "Bearer" in p.stdout
        assert_no_key(p.stdout + p.stderr, "ponder models")
        p = run(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "--json", "hi", PONDER_API_KEY=KEY)
        assert p.returncode == 0 and "your key is sk-test-...CRET" in p.stdout
        assert_no_key(p.stdout, "ask --json")
        split = sse(*({"choices": [{"delta": {"content": piece}}]} for piece in ("key: sk-te", KEY[5:17], KEY[17:] + " done")))
        srv.add(Reply(200, split), Reply(200, split))
        p = run(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "hi", PONDER_API_KEY=KEY)  # streamed, piped
        assert p.returncode == 0 and "key: sk-test-...CRET done" in p.stdout
        assert_no_key(p.stdout, "a streamed answer")
        shown = run_tty(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "hi", PONDER_API_KEY=KEY)
        assert "done" in shown
        assert_no_key(shown, "a streamed answer on a terminal")
    assert_no_key(files_under(tmp_path), "a file under PONDER_HOME")


def inert(text: str) -> None:
    """Nothing a terminal would obey, apart from Ponder's own colours (SGR ... m)."""
    import re

    own = re.sub(r"\x1b\[[0-9;]*m", "", text)
    for bad in ("\x1b", "\x07", "\x08", "\x9b", "\x90", "\x9c"):
        assert bad not in own, f"{bad!r} reached the terminal: {own[:300]!r}"
    assert "\r" not in own.replace("\r\n", "\n")


def test_control_sequences_from_a_model_reach_the_terminal_inert(tmp_path: Path) -> None:
    chunks = sse(
        {"model": TERMINAL_ATTACK, "choices": [{"delta": {"reasoning_content": "think " + TERMINAL_ATTACK}}]},
        {"choices": [{"delta": {"content": "answer " + TERMINAL_ATTACK}}]},
        {"choices": [{"delta": {"tool_calls": [{"index": 0, "id": TERMINAL_ATTACK, "function": {"name": TERMINAL_ATTACK, "arguments": "{}"}}]}}]},
        {"error": {"message": "failed " + TERMINAL_ATTACK}},
    )
    models = json.dumps({"data": [{"id": "m" + TERMINAL_ATTACK}]}).encode()
    with ThreadedRawServer([Reply(200, chunks), Reply(200, chunks), Reply(200, models, content_type="application/json")]) as srv:
        shown = run_tty(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "hello")
        assert "think" in shown and "answer" in shown and "failed" in shown and "\u241b]0;pwned" in shown
        inert(shown)
        p = run(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "hello")  # piped
        assert "answer" in p.stdout and "failed" in p.stderr
        inert(p.stdout + p.stderr)
        p = run(tmp_path, "models", "--base-url", srv.url)
        assert p.returncode == 0
        inert(p.stdout + p.stderr)
    cid = run(tmp_path, "history", "list").stdout.split()[0]
    for args in (("show", cid), ("search", "answer"), ("list",)):
        inert(run_tty(tmp_path, "history", *args))
        inert(run(tmp_path, "history", *args).stdout)
    capture = tmp_path / "evil.sse"
    capture.write_bytes(chunks)
    p = run(tmp_path, "parse-stream", str(capture))
    assert "answer" in p.stdout
    inert(p.stdout + p.stderr)
    p = run(tmp_path, "parse-stream", str(capture), "--json")
    inert(p.stdout)
    assert "answer " + TERMINAL_ATTACK in json.loads(p.stdout)["content"]  # the JSON keeps the exact text


def test_a_web_page_instead_of_a_stream_is_named_once(tmp_path: Path) -> None:
    page = b"<!doctype html><html><body>Sign in to the hotel Wi-Fi</body></html>"
    with ThreadedRawServer([Reply(200, page, content_type="text/html"), Reply(200, page, content_type="text/event-stream")]) as srv:
        for _ in range(2):
            p = run(tmp_path, "ask", "--base-url", srv.url, "-m", "m", "--no-save", "hi")
            assert p.returncode == 1 and "web page" in p.stderr and "retry" not in p.stderr, p.stderr
        assert len(srv.server.requests) == 2  # one request each: not retried


def test_bad_numbers_bytes_and_ids_on_the_command_line(tmp_path: Path, demo: Any) -> None:
    for value in ("nan", "inf", "-inf", "lots"):
        p = run(tmp_path, "ask", "--temperature", value, "hi")
        assert p.returncode == 2 and "--temperature" in p.stderr
    # Bytes that are not UTF-8 in the prompt, the system prompt and the model: answered and kept.
    bad = b"caf\xe9 \xff\xfe"
    p = subprocess.run([sys.executable, "-m", "ponder", "ask", "--base-url", demo.base_url, "-m", b"demo/fast\xff", "--system", bad, bad],
                       cwd=ROOT, env=env(PONDER_HOME=str(tmp_path)), capture_output=True, timeout=60)
    assert b"Traceback" not in p.stderr
    listing = run(tmp_path, "history", "list").stdout
    cid = listing.split()[0]
    assert "caf\ufffd" in listing
    p = subprocess.run([sys.executable, "-m", "ponder", "history", "rename", cid, b"title \xff"], cwd=ROOT,
                       env=env(PONDER_HOME=str(tmp_path)), capture_output=True, timeout=60)
    assert p.returncode == 0 and b"Traceback" not in p.stderr
    p = subprocess.run([sys.executable, "-m", "ponder", "history", "show", b"\xff"], cwd=ROOT, env=env(PONDER_HOME=str(tmp_path)),
                       capture_output=True, timeout=60)
    assert p.returncode == 1 and b"Traceback" not in p.stderr
    for prefix in ("", "_", "%", " "):
        p = run(tmp_path, "history", "delete", prefix, "--yes")
        assert p.returncode == 1 and "No conversation" in p.stderr
    assert cid in run(tmp_path, "history", "list").stdout  # nothing was deleted


def test_endless_and_broken_files(tmp_path: Path) -> None:
    loop = tmp_path / "loop.http"
    loop.write_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"6\r\ndata: \r\n-6\r\nabcdef\r\n")
    t = time.monotonic()
    p = run(tmp_path, "parse-stream", str(loop))
    assert time.monotonic() - t < 20 and p.returncode in (0, 2)
    for cmd in (("parse-stream", "/dev/zero"), ("history", "import", "/dev/zero")):
        t = time.monotonic()
        p = run(tmp_path, *cmd)
        assert p.returncode == 2 and "larger than" in p.stderr and time.monotonic() - t < 30, p.stderr
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    p = run(tmp_path, "history", "import", str(deep))
    assert p.returncode == 1 and "nested too deeply" in p.stderr


def test_garbage_in_the_middle_of_the_history_is_recovered(tmp_path: Path) -> None:
    from ponder.core.models import Message
    from ponder.core.history.store import Store

    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "ponder.db"
    store = Store(db)
    for i in range(300):
        c = store.create_conversation(f"conversation {i}")
        store.add_message(c.id, Message("user", f"question {i} " + "words " * 300))
        store.add_message(c.id, Message("assistant", f"answer {i} about quokkas " + "more " * 300))
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = db.stat().st_size
    data = db.read_bytes()
    with open(db, "r+b") as f:  # 8 KB of garbage over the pages holding answers in the middle
        f.seek(data.index(b"answer 150 about quokkas") // 4096 * 4096)
        f.write(os.urandom(8192))
    from ponder.core.history.store import StoreCorrupt

    def readable() -> tuple[int, list[str]]:
        s = Store(db)
        ok, errors = 0, []
        try:
            try:
                convs = s.conversations(limit=1000)
            except StoreCorrupt as e:
                return 0, [str(e)]
            for c in convs:
                try:
                    s.thread(c.id)
                    ok += 1
                except StoreCorrupt as e:
                    errors.append(str(e))
        finally:
            s.close()
        return ok, errors

    ok, errors = readable()
    assert errors and all("ponder history recover" in e for e in errors)
    p = run(tmp_path, "history", "list", "--limit", "1000")
    assert p.returncode == 1 and "history recover" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    p = run(tmp_path, "history", "recover")
    assert p.returncode == 0 and "Recovered" in p.stdout and "damaged file is kept" in p.stdout, p.stderr
    kept = [k for k in (tmp_path / "data").glob("ponder.db.damaged-*") if not k.name.endswith(("-wal", "-shm"))]
    assert kept and kept[0].stat().st_size == size  # the damaged file, untouched
    after, errors = readable()
    assert errors == [] and after > 250  # everything left reads; only the damaged pages' rows are gone
    found = run(tmp_path, "history", "search", "quokkas", "--limit", "1000")
    assert found.returncode == 0 and found.stdout.count("quokkas") > 200


def test_a_read_only_data_folder_still_answers_in_the_terminal(tmp_path: Path, demo: Any) -> None:
    if os.geteuid() == 0:
        # root writes anywhere: stand for a read-only folder with a file where the folder should be
        (tmp_path / "data").write_text("not a folder")
    else:
        (tmp_path / "data").mkdir(mode=0o500)
    p = run(tmp_path, "ask", "--base-url", demo.base_url, "-m", "demo/fast", "hello")
    assert p.returncode == 0 and p.stdout.strip() and "not saved to history" in p.stderr
    p = run(tmp_path, "history", "list")
    assert p.returncode == 1 and "cannot write" in p.stderr.lower()
