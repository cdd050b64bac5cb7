"""Importing a conversation from a file someone else made: checked whole before anything is
written, written in one transaction, and what is refused says why."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ponder.core.history.export import AlreadyImported, ImportError_, import_json, loads, to_json
from ponder.core.history.store import Store
from tests.conftest import ROOT


def export(n: int = 3) -> dict[str, Any]:
    msgs = []
    for i in range(n):
        msgs.append({"id": f"u{i}", "parent_id": f"a{i - 1}" if i else None, "role": "user", "content": f"q{i}", "seq": 2 * i + 1})
        msgs.append({"id": f"a{i}", "parent_id": f"u{i}", "role": "assistant", "content": f"answer {i}", "seq": 2 * i + 2,
                     "ttft_ms": 12.5, "cost": 0.001, "status": "done"})
    return {"format": "ponder.conversation", "version": 1,
            "conversation": {"title": "<b>Imported</b> <img src='file:///etc/passwd'>", "kind": "chat", "head_id": f"a{n - 1}"},
            "messages": msgs}


BROKEN = {
    "error as text": (lambda d: d["messages"][1].__setitem__("error", "boom"), "error is not an object"),
    "ttft as text": (lambda d: d["messages"][1].__setitem__("ttft_ms", "fast"), "ttft_ms is not a number"),
    "cost as text": (lambda d: d["messages"][3].__setitem__("cost", "$1"), "cost is not a number"),
    "infinite width": (lambda d: d["messages"][0].__setitem__("images", [{"data": "AAAA", "width": float("inf")}]), "image is damaged"),
    "bad columns": (lambda d: d["conversation"].update(kind="compare", settings={"columns": [{"model": 5}]}), "columns are damaged"),
    "bad status": (lambda d: d["messages"][1].__setitem__("status", "exploded"), "status"),
    "tool call": (lambda d: d["messages"][1].__setitem__("tool_calls", [{"id": 1}]), "tool call is damaged"),
    "newer version": (lambda d: d.__setitem__("version", 7), "version 7; this Ponder reads version 1 only"),
    "version as text": (lambda d: d.__setitem__("version", "1"), "is not one Ponder knows"),
    "bad base64 last": (lambda d: d["messages"][-1].__setitem__("images", [{"data": "not base64!!", "mime": "image/png"}]),
                        "not valid base64"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_record_is_refused_whole_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    store = Store(tmp_path / "p.db")
    data = export()
    change, says = BROKEN[case]
    change(data)
    with pytest.raises(ImportError_) as e:
        import_json(store, data)
    assert says in str(e.value)
    assert store.conversations() == [] and store._q("SELECT count(*) FROM messages")[0][0] == 0
    store.close()


def test_a_good_record_comes_back_whole_with_its_title_as_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    cid = import_json(store, export())
    c = store.conversation(cid)
    assert c.title == "<b>Imported</b> <img src='file:///etc/passwd'>" and c.message_count == 6
    assert [m.content for m in store.thread(cid)][-1] == "answer 2"
    again = to_json(store, cid)
    with pytest.raises(AlreadyImported) as already:  # the same conversation twice: said, not duplicated
        import_json(store, copy.deepcopy(again))
    assert already.value.existing == cid and store.conversations() and len(store.conversations()) == 1
    assert import_json(store, copy.deepcopy(again), again=True)  # what Ponder exports, it imports
    store.close()


def test_json_that_no_export_holds_is_refused_in_words() -> None:
    for text, says in (("[" * 100_000 + "]" * 100_000, "nested too deeply"), ('{"a": NaN}', "NaN"),
                       ('{"w": Infinity}', "Infinity"), ("{", "not JSON")):
        with pytest.raises(ImportError_) as e:
            loads(text)
        assert says in str(e.value)


def test_ctrl_c_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    big = export(20_000)  # several seconds of writing: Ctrl+C lands in the middle
    for m in big["messages"]:
        m["content"] = m["content"] + " words" * 50
    f = tmp_path / "big.json"
    f.write_text(json.dumps(big))
    env = {**os.environ, "PONDER_HOME": str(tmp_path / "home")}
    p = subprocess.Popen([sys.executable, "-m", "ponder", "history", "import", str(f)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert "Traceback" not in err
    store = Store(tmp_path / "home" / "data" / "ponder.db")
    convs = store.conversations()
    store.close()
    if p.returncode == 0:  # a machine fast enough to finish first: then it is whole
        assert [c.message_count for c in convs] == [40_000]
    else:
        assert p.returncode == 130 and convs == []  # never half a conversation
