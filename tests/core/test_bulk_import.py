"""Whole histories from other apps: a ChatGPT export (its tree, branches, reasoning, images) and
an Open WebUI export, streamed, resumable, never twice, and nothing in them breaks Ponder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from ponder.core.history.bulk import from_chatgpt, import_history, iter_json_array
from ponder.core.history.export import ImportError_
from ponder.core.history.store import Store

T0 = 1_700_000_000.0
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # enough of a PNG to keep


def node(nid: str, parent: str | None, children: list[str], role: str | None = None, parts: list[Any] | None = None,
         t: float = 0, **extra: Any) -> dict[str, Any]:
    msg = None
    if role is not None:
        content = extra.pop("content", None) or {"content_type": "multimodal_text" if any(isinstance(p, dict) for p in parts or [])
                                                 else "text", "parts": parts or []}
        msg = {"id": nid, "author": {"role": role, "name": None, "metadata": {}}, "create_time": T0 + t,
               "content": content, "status": "finished_successfully", "recipient": extra.pop("recipient", "all"),
               "metadata": extra.pop("metadata", {})}
    return {"id": nid, "message": msg, "parent": parent, "children": children}


def chatgpt_conversation(cid: str = "c1", title: str = "Quokkas") -> dict[str, Any]:
    """Asked, answered twice (regenerated), then the question edited and answered with reasoning;
    the edited branch is the one shown."""
    nodes = [
        node("root", None, ["sys"]),
        node("sys", "root", ["u1", "u1b"], "system", [""], metadata={"is_visually_hidden_from_conversation": True}),
        node("u1", "sys", ["a1", "a1r"], "user", ["What is a quokka?", {"content_type": "image_asset_pointer",
                                                                         "asset_pointer": "file-service://file-Q1"}], 1),
        node("a1", "u1", [], "assistant", ["A small wallaby."], 2, metadata={"model_slug": "gpt-4o"}),
        node("a1r", "u1", [], "assistant", ["A marsupial from Rottnest Island."], 3, metadata={"model_slug": "gpt-4o"}),
        node("u1b", "sys", ["th"], "user", ["What is a quokka, exactly?"], 4),
        node("th", "u1b", ["rc"], "assistant", None, 5, content={"content_type": "thoughts", "thoughts": [
            {"summary": "Recalling", "content": "Setonix brachyurus, a macropod."}]}),
        node("rc", "th", ["tool"], "assistant", None, 6, content={"content_type": "reasoning_recap", "content": "Thought for 3 s"}),
        node("tool", "rc", ["a2"], "assistant", ["search('quokka')"], 7, recipient="browser"),
        node("a2", "tool", ["code"], "assistant", ["The quokka is *Setonix brachyurus*."], 8, metadata={"model_slug": "o3"}),
        node("code", "a2", [], "assistant", None, 9, content={"content_type": "code", "language": "python", "text": "print(1)"}),
    ]
    return {"title": title, "create_time": T0, "update_time": T0 + 9, "mapping": {n["id"]: n for n in nodes},
            "current_node": "code", "conversation_id": cid, "id": cid, "default_model_slug": "o3"}


def write_export(folder: Path, conversations: list[Any], zipped: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(conversations)
    if zipped:
        path = folder / "export.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("conversations.json", text)
            z.writestr("file-Q1-quokka.png", PNG)
        return path
    (folder / "conversations.json").write_text(text)
    (folder / "file-Q1-quokka.png").write_bytes(PNG)
    return folder


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_a_chatgpt_export_keeps_its_branches_reasoning_models_dates_and_images(tmp_path: Path, zipped: bool) -> None:
    src = write_export(tmp_path / "export", [chatgpt_conversation()], zipped)
    store = Store(tmp_path / "p.db")
    p = import_history(store, src)
    assert (p.conversations, p.messages, p.images, p.skipped) == (1, 6, 1, 0)
    c = store.conversations()[0]
    assert c.title == "Quokkas" and c.created_at == T0 and c.updated_at == T0 + 9 and c.model == "o3"
    shown = store.thread_with_alternatives(c.id)
    assert [(m.role, m.content) for m, _, _ in shown] == [
        ("user", "What is a quokka, exactly?"), ("assistant", "The quokka is *Setonix brachyurus*."),
        ("assistant", "```python\nprint(1)\n```")]
    assert [(n, of) for _, n, of in shown][0] == (2, 2)  # the edited question: version 2 of 2
    answer = shown[1][0]
    assert answer.reasoning == "**Recalling**\n\nSetonix brachyurus, a macropod." and answer.model == "o3"
    assert answer.created_at == T0 + 8
    a1 = next(m for m in store.messages(c.id) if m.content == "A small wallaby.")
    first = store.thread(c.id, head_id=a1.id)  # the other branch: the first answer
    assert [m.content for m in first] == ["What is a quokka?", "A small wallaby."]
    assert len(store.siblings(first[1].id)) == 2  # regenerated: two answers to one question
    assert first[0].images and first[0].images[0].path.read_bytes() == PNG
    assert {h.conversation_id for h in store.search("brachyurus")} == {c.id}  # searchable at once


def test_an_import_stopped_midway_goes_on_and_never_imports_twice(tmp_path: Path) -> None:
    convs = [chatgpt_conversation(f"c{i}", f"Chat {i}") for i in range(7)]
    src = write_export(tmp_path / "e", convs)
    store = Store(tmp_path / "p.db")
    seen: list[int] = []
    p = import_history(store, src, batch=12, progress=lambda p: seen.append(p.done), cancelled=lambda: len(seen) >= 2)
    assert p.conversations == 4 and len(store.conversations()) == 4  # two batches, kept
    p = import_history(store, src, batch=12)
    assert (p.conversations, p.skipped) == (3, 4) and p.done == p.total
    assert sorted(c.title for c in store.conversations()) == sorted(f"Chat {i}" for i in range(7))
    assert import_history(store, src).conversations == 0 and len(store.conversations()) == 7


def test_a_broken_export_says_what_is_wrong_and_keeps_what_came_before(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps([chatgpt_conversation("a"), chatgpt_conversation("b")])[:-200])
    with pytest.raises(ImportError_, match="not valid JSON|cut off"):
        import_history(store, cut, batch=6)
    assert [c.title for c in store.conversations()] == ["Quokkas"]  # the first, whole, is kept
    for text, why in (('{"a": 1}', "not a list of conversations"), ("[1, 2]", "neither a ChatGPT"),
                      ("[NaN]", "cannot be read")):
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        with pytest.raises(ImportError_, match=why):
            import_history(store, bad)


def test_an_open_webui_export(tmp_path: Path) -> None:
    msgs = {
        "m1": {"id": "m1", "parentId": None, "childrenIds": ["m2", "m3"], "role": "user", "content": "Hello", "timestamp": T0},
        "m2": {"id": "m2", "parentId": "m1", "childrenIds": [], "role": "assistant", "content": "Hi!", "model": "llama3",
               "timestamp": T0 + 1},
        "m3": {"id": "m3", "parentId": "m1", "childrenIds": [], "role": "assistant", "content": "Hello there.",
               "model": "qwen3", "timestamp": T0 + 2},
    }
    item = {"id": "w1", "title": "Greetings", "created_at": T0, "updated_at": T0 + 2,
            "chat": {"models": ["qwen3"], "history": {"messages": msgs, "currentId": "m3"}}}
    f = tmp_path / "chat-export.json"
    f.write_text(json.dumps([item]))
    store = Store(tmp_path / "p.db")
    assert import_history(store, f).messages == 3
    c = store.conversations()[0]
    shown = store.thread_with_alternatives(c.id)
    assert c.title == "Greetings" and [(m.content, n, of) for m, n, of in shown] == [("Hello", 1, 1), ("Hello there.", 2, 2)]
    assert shown[1][0].model == "qwen3"


def test_the_array_reader_streams_elements_across_chunk_boundaries() -> None:
    import io

    items = [{"k": "x" * n, "n": [1, {"y": "é"}]} for n in range(0, 300, 7)]
    raw = json.dumps(items, ensure_ascii=False).encode()
    assert list(iter_json_array(io.BytesIO(raw), chunk=5)) == items


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                       max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(conv=st.fixed_dictionaries({"conversation_id": st.text(min_size=1, max_size=4)}, optional={
    "title": JSONISH, "create_time": JSONISH, "current_node": JSONISH,
    "mapping": st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.fixed_dictionaries({}, optional={
        "parent": st.sampled_from(["a", "b", "c", "d", None]) | JSONISH, "children": JSONISH,
        "message": JSONISH | st.fixed_dictionaries({"author": st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "tool"])}),
                                                    "content": JSONISH | st.fixed_dictionaries({
                                                        "content_type": st.sampled_from(["text", "thoughts", "code", "multimodal_text"]),
                                                        "parts": JSONISH, "thoughts": JSONISH, "text": JSONISH}),
                                                    "metadata": JSONISH, "create_time": JSONISH, "recipient": JSONISH})}),
        max_size=4)}))
def test_no_conversation_shape_breaks_the_chatgpt_reader(conv: dict[str, Any]) -> None:
    c = from_chatgpt(conv)  # None or a conversation: never an exception
    if c is not None:
        ids = {m.id for m in c.messages}
        assert all(m.parent is None or m.parent in ids for m in c.messages)
        assert all(isinstance(m.content, str) for m in c.messages)


@settings(max_examples=200, deadline=None)
@given(item=st.fixed_dictionaries({"id": st.text(min_size=1, max_size=3)}, optional={
    "title": JSONISH, "created_at": JSONISH, "chat": st.fixed_dictionaries({}, optional={"models": JSONISH, "history": st.fixed_dictionaries(
        {"messages": st.dictionaries(st.sampled_from(["a", "b", "c"]), JSONISH | st.fixed_dictionaries({}, optional={
            "parentId": st.sampled_from(["a", "b", "c", None]) | JSONISH, "childrenIds": JSONISH,
            "role": st.sampled_from(["user", "assistant"]) | JSONISH, "content": JSONISH, "timestamp": JSONISH}), max_size=3)},
        optional={"currentId": JSONISH})})}))
def test_no_conversation_shape_breaks_the_open_webui_reader(item: dict[str, Any]) -> None:
    from ponder.core.history.bulk import from_openwebui

    c = from_openwebui(item)
    if c is not None:
        ids = {m.id for m in c.messages}
        assert all(m.parent is None or m.parent in ids for m in c.messages)
