"""Whole histories from other apps: a ChatGPT export (its tree, branches, reasoning, images) and
an Open WebUI export, streamed, resumable, never twice, and nothing in them breaks Ponder."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from ponder.core.history.bulk import from_chatgpt, import_history, iter_json_array
from ponder.core.history.export import ImportError_
from ponder.core.history.store import Store
from ponder.core.models import ChatSettings

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
    for text, why in (('{"a": 1}', "not an export Ponder knows: ChatGPT, Open WebUI, Chatbox, Cherry Studio"),
                      ("[1, 2]", "not an export Ponder knows"), ('{"session:1": {"id": "1", "messages": [', "cut off|not valid JSON"),
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


def chatbox_export() -> dict[str, Any]:
    """As Chatbox's Settings > Backup > Export data writes it: a session with a system prompt, a
    regenerated answer kept as a fork, reasoning, and an earlier thread; a key in its settings."""
    ms = int(T0 * 1000)
    session = {
        "id": "s1", "name": "Quokkas", "type": "chat",
        "messages": [
            {"id": "sys", "role": "system", "contentParts": [{"type": "text", "text": "You are terse."}]},
            {"id": "u1", "role": "user", "contentParts": [{"type": "text", "text": "What is a quokka?"},
                                                         {"type": "image", "storageKey": "picture:1"}], "timestamp": ms + 1000},
            {"id": "a1", "role": "assistant", "model": "gpt-4o", "aiProvider": "openai", "timestamp": ms + 2000,
             "contentParts": [{"type": "reasoning", "text": "Recall the marsupial."},
                              {"type": "text", "text": "A small wallaby."}]},
        ],
        "messageForksHash": {"u1": {"position": 0, "createdAt": ms, "lists": [
            {"id": "now", "messages": []},
            {"id": "before", "messages": [{"id": "a0", "role": "assistant", "content": "A marsupial.",
                                           "reasoningContent": "Hmm.", "model": "gpt-4o", "timestamp": ms + 1500}]}]}},
        "threads": [{"id": "t1", "name": "Earlier", "createdAt": ms - 5000, "messages": [
            {"id": "x1", "role": "user", "content": "Old question", "timestamp": ms - 5000},
            {"id": "x2", "role": "assistant", "content": "Old answer", "timestamp": ms - 4000}]}],
    }
    return {"__exported_items": ["setting", "conversations"], "__exported_at": "2026-11-30T10:00:00.000Z",
            "settings": {"providers": {"openai": {"apiKey": "sk-chatbox-secret-123"}}},
            "chat-sessions-list": [{"id": "s1", "name": "Quokkas"}], "session:s1": session}


def test_a_chatbox_export_keeps_threads_forks_reasoning_and_the_system_prompt_and_no_key(tmp_path: Path) -> None:
    f = tmp_path / "chatbox-exported-data-2026-11-30.json"
    f.write_text(json.dumps(chatbox_export()))
    store = Store(tmp_path / "p.db")
    p = import_history(store, f)
    assert (p.conversations, p.messages) == (2, 5)
    by_title = {c.title: c for c in store.conversations()}
    assert set(by_title) == {"Quokkas", "Quokkas (Earlier)"}
    c = by_title["Quokkas"]
    assert (c.provider, c.model) == ("openai", "gpt-4o")
    assert ChatSettings.from_dict(c.provider, c.model, c.settings).system == "You are terse."  # as the window reads it
    shown = store.thread_with_alternatives(c.id)
    assert [(m.content, n, of) for m, n, of in shown] == [("What is a quokka?", 1, 1), ("A small wallaby.", 2, 2)]
    assert shown[1][0].reasoning == "Recall the marsupial." and shown[1][0].created_at == T0 + 2
    older = store.siblings(shown[1][0].id)
    assert sorted(m.content for m in older) == ["A marsupial.", "A small wallaby."]
    assert [m.content for m in store.thread(by_title["Quokkas (Earlier)"].id)] == ["Old question", "Old answer"]
    assert {h.conversation_id for h in store.search("wallaby")} == {c.id}
    assert import_history(store, f).conversations == 0  # a second run: nothing twice
    raw = b"".join(q.read_bytes() for q in tmp_path.iterdir() if q.name.startswith("p.db"))
    assert b"sk-chatbox-secret" not in raw  # the export's keys stay behind


def cherry_backup(folder: Path, version: int = 5) -> Path:
    """As Cherry Studio's Settings > Data > Backup writes it: a .zip of data.json and Data/Files."""
    when = "2026-11-30T10:00:0{}.000Z".format
    model = {"id": "deepseek-reasoner", "provider": "deepseek", "name": "DeepSeek R1"}
    messages = [
        {"id": "u1", "role": "user", "assistantId": "as1", "topicId": "t1", "createdAt": when(1), "status": "success",
         "blocks": ["b-u1", "b-img"]},
        {"id": "a1", "role": "assistant", "assistantId": "as1", "topicId": "t1", "createdAt": when(2), "status": "success",
         "askId": "u1", "model": model, "blocks": ["b-th", "b-a1", "b-code"]},
        {"id": "a2", "role": "assistant", "assistantId": "as1", "topicId": "t1", "createdAt": when(3), "status": "success",
         "askId": "u1", "model": {"id": "qwen3", "provider": "silicon"}, "blocks": ["b-a2"]},
        {"id": "u2", "role": "user", "assistantId": "as1", "topicId": "t1", "createdAt": when(4), "status": "success",
         "blocks": ["b-u2"]},
        {"id": "a3", "role": "assistant", "assistantId": "as1", "topicId": "t1", "createdAt": when(5), "status": "error",
         "askId": "u2", "blocks": ["b-err"]},
    ]
    blocks = [
        {"id": "b-u1", "messageId": "u1", "type": "main_text", "content": "Compare quokkas and wallabies", "status": "success"},
        {"id": "b-img", "messageId": "u1", "type": "image", "status": "success",
         "file": {"id": "f-1", "name": "f-1.png", "origin_name": "quokka.png", "ext": ".png", "type": "image"}},
        {"id": "b-th", "messageId": "a1", "type": "thinking", "content": "Both are macropods.", "thinking_millsec": 900},
        {"id": "b-a1", "messageId": "a1", "type": "main_text", "content": "Quokkas are smaller."},
        {"id": "b-code", "messageId": "a1", "type": "code", "content": "print('hop')", "language": "python"},
        {"id": "b-a2", "messageId": "a2", "type": "main_text", "content": "Wallabies are larger."},
        {"id": "b-u2", "messageId": "u2", "type": "main_text", "content": "And kangaroos?"},
        {"id": "b-err", "messageId": "a3", "type": "error", "error": {"message": "rate limited"}},
    ]
    assistants = {"assistants": [{"id": "as1", "name": "Default", "prompt": "You are a zoologist.", "topics": [
        {"id": "t1", "assistantId": "as1", "name": "Macropods", "createdAt": when(0), "updatedAt": when(5), "messages": []}]}]}
    state = {"assistants": json.dumps(assistants), "settings": json.dumps({"apiKey": "sk-cherry-secret-456"})}
    data = {"time": int(T0 * 1000), "version": version,
            "localStorage": {"persist:cherry-studio": json.dumps(state)},
            "indexedDB": {"files": [], "topics": [{"id": "t1", "messages": messages}], "settings": [],
                          "message_blocks": blocks}}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cherry-studio.202611301000.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data.json", json.dumps(data))
        z.writestr("Data/Files/f-1.png", PNG)
    return path


def test_a_cherry_studio_backup_keeps_topics_names_alternatives_thinking_and_images(tmp_path: Path) -> None:
    src = cherry_backup(tmp_path / "b")
    store = Store(tmp_path / "p.db")
    p = import_history(store, src)
    assert (p.conversations, p.messages, p.images) == (1, 4, 1)  # the failed answer held no text
    c = store.conversations()[0]
    assert (c.title, c.provider, c.settings.get("system")) == ("Macropods", "deepseek", "You are a zoologist.")
    assert c.created_at == datetime.fromisoformat("2026-11-30T10:00:00+00:00").timestamp()
    shown = store.thread_with_alternatives(c.id)
    assert [(m.content, n, of) for m, n, of in shown] == [
        ("Compare quokkas and wallabies", 1, 1), ("Wallabies are larger.", 2, 2), ("And kangaroos?", 1, 1)]
    first = store.thread(c.id, head_id=next(m.id for m in store.messages(c.id) if m.content.startswith("Quokkas")))
    answer = first[1]
    assert answer.content == "Quokkas are smaller.\n\n```python\nprint('hop')\n```"
    assert answer.reasoning == "Both are macropods." and answer.model == "deepseek-reasoner"
    assert first[0].images and first[0].images[0].path.read_bytes() == PNG
    assert {h.conversation_id for h in store.search("kangaroos")} == {c.id}
    assert import_history(store, src).conversations == 0
    raw = b"".join(q.read_bytes() for q in tmp_path.iterdir() if q.name.startswith("p.db"))
    assert b"sk-cherry-secret" not in raw


def test_a_cherry_studio_file_name_is_never_a_path(tmp_path: Path) -> None:
    from ponder.core.history.bulk import CHERRY_FILE, Source

    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    folder = tmp_path / "backup"
    (folder / "Data" / "Files").mkdir(parents=True)
    (folder / "data.json").write_text("{}")
    src = Source(folder)
    for name in ("../../secret.png", "..", "/etc/passwd", "..\\secret.png"):
        assert src.image(CHERRY_FILE + name) is None
    (folder / "Data" / "Files" / "ok.png").write_bytes(PNG)
    assert src.image(CHERRY_FILE + "ok.png") == (PNG, "image/png", "ok.png")


@settings(max_examples=200, deadline=None)
@given(session=st.fixed_dictionaries({"id": st.text(min_size=1, max_size=3)}, optional={
    "name": JSONISH, "messages": st.lists(JSONISH | st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(["a", "b", "c"]) | JSONISH, "role": st.sampled_from(["user", "assistant", "system"]) | JSONISH,
        "content": JSONISH, "contentParts": JSONISH | st.lists(st.fixed_dictionaries({"type": st.sampled_from(["text", "reasoning"]) | JSONISH,
                                                                                    "text": JSONISH})),
        "timestamp": JSONISH, "model": JSONISH}), max_size=4),
    "threads": JSONISH, "messageForksHash": JSONISH | st.dictionaries(st.sampled_from(["a", "b", "c"]), st.fixed_dictionaries(
        {"lists": JSONISH | st.lists(st.fixed_dictionaries({"messages": JSONISH}), max_size=2)}), max_size=2)}))
def test_no_session_shape_breaks_the_chatbox_reader(session: dict[str, Any]) -> None:
    from ponder.core.history.bulk import from_chatbox

    for c in from_chatbox(session):
        if c is not None:
            seen: set[str] = set()
            for m in c.messages:  # every parent is a message kept before it
                assert m.parent is None or m.parent in seen
                seen.add(m.id)


@settings(max_examples=200, deadline=None)
@given(local=JSONISH, topics=st.lists(JSONISH | st.fixed_dictionaries({"id": st.text(max_size=2)}, optional={
    "messages": st.lists(JSONISH | st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(["a", "b", "c"]) | JSONISH, "role": st.sampled_from(["user", "assistant"]) | JSONISH,
        "askId": st.sampled_from(["a", "b", "c"]) | JSONISH, "blocks": JSONISH | st.lists(st.sampled_from(["x", "y"])),
        "content": JSONISH, "createdAt": JSONISH, "model": JSONISH}), max_size=4)}), max_size=3),
    blocks=st.lists(st.fixed_dictionaries({"id": st.sampled_from(["x", "y"])}, optional={
        "type": st.sampled_from(["main_text", "thinking", "image", "code"]) | JSONISH, "content": JSONISH, "file": JSONISH}), max_size=3))
def test_no_backup_shape_breaks_the_cherry_studio_reader(local: Any, topics: list[Any], blocks: list[Any]) -> None:
    from ponder.core.history.bulk import from_cherry

    for c in from_cherry(local, {"topics": topics, "message_blocks": blocks}):
        if c is not None:
            seen: set[str] = set()
            for m in c.messages:
                assert m.parent is None or m.parent in seen
                seen.add(m.id)
