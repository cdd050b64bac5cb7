"""History on a real SQLite file: schema, upgrades, the message tree, streaming saves, search,
and the faults a desktop app meets (a busy lock, a full disk, a damaged file)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from ponder.core.history.export import ImportError_, import_json, to_json, to_markdown
from ponder.core.history.migrations import MIGRATIONS, migrate
from ponder.core.models import Message, StreamResult, ToolCall
from ponder.core.history.store import Store, StoreBusy, StoreFull, fts_query
from ponder.core.history.records import MARK_CLOSE, MARK_OPEN

SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")

EXPECTED_OBJECTS = [
    ("index", "conversations_by_update"), ("index", "messages_by_conversation"), ("index", "messages_by_parent"),
    ("index", "messages_streaming"),
    ("table", "attachments"), ("table", "conversations"), ("table", "conversations_fts"), ("table", "drafts"), ("table", "index_queue"), ("table", "messages"),
    ("table", "messages_fts"), ("table", "schema_migrations"),
    ("trigger", "conversations_fts_ad"), ("trigger", "conversations_fts_ai"), ("trigger", "conversations_fts_au"),
    ("trigger", "messages_fts_ad"),
]
EXPECTED_COLUMNS = {
    "conversations": ["id", "title", "kind", "provider", "model", "settings", "head_id", "created_at", "updated_at"],
    "messages": ["id", "conversation_id", "parent_id", "seq", "role", "content", "reasoning", "reasoning_details",
                 "refusal", "tool_calls", "tool_call_id", "annotations", "model", "provider", "settings", "usage", "cost",
                 "ttft_ms", "thinking_ms", "total_ms", "finish_reason", "error", "status", "variant", "created_at", "updated_at",
                 "served", "logprobs", "sources", "reasoning_steps"],
    "attachments": ["message_id", "ordinal", "sha256", "mime", "filename", "width", "height", "size"],
    "schema_migrations": ["name", "applied_at"],
    "drafts": ["conversation_id", "text", "updated_at"],
    "index_queue": ["message_rowid"],
}


def schema(db: sqlite3.Connection) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    objs = [
        (t, n) for t, n in db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        if not n.endswith(SHADOW)
    ]
    cols = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in EXPECTED_COLUMNS}
    return objs, cols


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "ponder.db")
    yield s
    s.close()


def answer(content: str, reasoning: str | None = None, **kw: object) -> StreamResult:
    return StreamResult(content=content, reasoning=reasoning, finish_reason="stop", **kw)  # type: ignore[arg-type]


def test_blank_database_migrates_to_the_exact_schema(tmp_path: Path) -> None:
    Store(tmp_path / "p.db").close()
    db = sqlite3.connect(tmp_path / "p.db")
    objs, cols = schema(db)
    assert objs == EXPECTED_OBJECTS and cols == EXPECTED_COLUMNS
    assert [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY rowid")] == [n for n, _ in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (tmp_path / "p.db").stat().st_mode & 0o777 == 0o600


def test_an_older_database_is_upgraded_and_its_history_becomes_searchable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, MIGRATIONS[:1])  # a database from before full-text search
    db.execute("INSERT INTO conversations(id, title, created_at, updated_at) VALUES ('c1', 'Old chat about zebras', 1, 1)")
    db.execute("INSERT INTO messages(id, conversation_id, seq, role, content, reasoning, status, created_at, updated_at) "
               "VALUES ('m1', 'c1', 1, 'assistant', 'Quaggas were a zebra subspecies', 'recall taxonomy', 'done', 1, 1)")
    db.close()
    s = Store(path)
    assert [h.field for h in s.search("quaggas")] == ["content"]
    assert [h.field for h in s.search("zebras")] == ["title"]
    assert s.thread("c1")[0].content.startswith("Quaggas")
    s.close()
    objs, cols = schema(sqlite3.connect(path))
    assert objs == EXPECTED_OBJECTS and cols == EXPECTED_COLUMNS


def test_a_database_from_a_newer_ponder_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    sqlite3.connect(path, isolation_level=None).execute("INSERT INTO schema_migrations VALUES ('999_future', 0)")
    with pytest.raises(RuntimeError, match="newer Ponder"):
        Store(path)


def test_drafts_are_kept_per_conversation(store: Store) -> None:
    c = store.create_conversation("t")
    store.set_draft(None, "a new chat, half typed")
    store.set_draft(c.id, "a reply in progress")
    assert (store.draft(None), store.draft(c.id), store.draft("other")) == ("a new chat, half typed", "a reply in progress", "")
    store.set_draft(c.id, "  ")
    assert store.draft(c.id) == ""


def test_conversation_thread_alternatives_and_head(store: Store) -> None:
    c = store.create_conversation("Trip", provider="openrouter", model="m1", settings={"effort": "high"})
    u = store.add_message(c.id, Message("user", "Plan a trip"))
    a1 = store.add_message(c.id, Message("assistant", "Go to Rome"), model="m1")
    a2 = store.add_message(c.id, Message("assistant", "Go to Oslo"), parent_id=u, model="m2")  # regenerated
    assert [m.content for m in store.thread(c.id)] == ["Plan a trip", "Go to Oslo"]
    assert [m.id for m in store.siblings(a2)] == [a1, a2]
    u2 = store.add_message(c.id, Message("user", "Why Oslo?"))
    store.set_head(c.id, a1)  # "< 1/2": back to the first answer
    assert [m.content for m in store.thread(c.id)] == ["Plan a trip", "Go to Rome"]
    store.set_head(c.id, a2)  # and forward again: its newest descendant
    assert store.thread(c.id)[-1].id == u2
    store.delete_message(a2)
    assert [m.content for m in store.thread(c.id)] == ["Plan a trip"] and store.conversation(c.id).message_count == 2
    store.update_conversation(c.id, title="Trip ideas")
    got = store.conversation(c.id)
    assert (got.title, got.settings, got.provider) == ("Trip ideas", {"effort": "high"}, "openrouter")
    assert store.resolve_id(c.id[:6]) == c.id


def test_every_field_of_an_answer_survives(store: Store) -> None:
    c = store.create_conversation("t")
    store.add_message(c.id, Message("user", "weather?"))
    mid = store.add_message(c.id, Message("assistant"), status="streaming", model="m", provider="openrouter")
    details = [{"type": "reasoning.text", "text": "r", "signature": "sig", "index": 0}]
    r = StreamResult(content=None, reasoning="r", reasoning_details=details, tool_calls=[ToolCall("c1", "get_weather", '{"c":"Oslo"}')],
                     finish_reason="tool_calls", usage={"prompt_tokens": 3, "cost": 0.25}, annotations=[{"type": "url_citation"}])
    store.save_answer(mid, r, status="done", timing={"ttft_ms": 120.0, "thinking_ms": 80.0, "total_ms": 400.0})
    m = store.message(mid)
    assert (m.reasoning_details, m.tool_calls, m.finish_reason, m.cost) == (details, r.tool_calls, "tool_calls", 0.25)
    assert (m.ttft_ms, m.thinking_ms, m.total_ms, m.annotations, m.status) == (120.0, 80.0, 400.0, [{"type": "url_citation"}], "done")
    resent = m.to_message()
    assert resent.reasoning_details == details and resent.tool_calls[0].arguments == '{"c":"Oslo"}'
    store.add_message(c.id, Message("tool", "12 C", tool_call_id="c1"))
    assert store.thread(c.id)[-1].tool_call_id == "c1"


def test_streaming_answers_are_partial_until_final_and_searchable_after(store: Store) -> None:
    c = store.create_conversation("t")
    mid = store.add_message(c.id, Message("assistant"), status="streaming")
    store.save_answer(mid, answer("The walrus half"), status="streaming")
    assert store.message(mid).partial and store.message(mid).content == "The walrus half"
    assert store.search("walrus") == []  # not indexed while it streams
    store.save_answer(mid, answer("The walrus whole answer", "pondering pinnipeds"), status="done")
    assert not store.message(mid).partial
    hits = store.search("pinnipeds")
    assert [(h.field, h.message_id) for h in hits] == [("reasoning", mid)]
    assert f"{MARK_OPEN}pinnipeds{MARK_CLOSE}" in hits[0].snippet
    store.save_answer(mid, answer("Rewritten about seals"), status="done")  # a re-save re-indexes
    assert store.search("walrus") == [] and len(store.search("seals")) == 1
    store.delete_conversation(c.id)
    assert store.search("seals") == []


def test_search_query_is_safe_and_prefix_matches(store: Store) -> None:
    c = store.create_conversation("C++ templates and \"quotes\"")
    store.add_message(c.id, Message("user", "Explain SFINAE in C++ templates"))
    assert fts_query('C++ "x" AND OR NEAR(') == '"C" "x" "AND" "OR" "NEAR"*'
    assert store.search('NEAR( "') == [] and store.search("   ") == []
    assert {h.field for h in store.search("templ")} == {"title", "content"}


def test_a_killed_writer_leaves_an_interrupted_answer(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    s = Store(path)
    c = s.create_conversation("t")
    mid = s.add_message(c.id, Message("assistant"), status="streaming")
    s.save_answer(mid, answer("half an answer about otters"), status="streaming")
    s.close()  # the writer dies without a final save
    assert Store(path).message(mid).status == "streaming"  # still fresh: maybe another process is writing it
    s = Store(path, stale_after_s=0)
    m = s.message(mid)
    assert m.status == "interrupted" and m.partial and m.content == "half an answer about otters"
    assert [h.message_id for h in s.search("otters")] == [mid]


def test_a_locked_database_waits_then_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    s = Store(path, busy_timeout_s=0.3)
    c = s.create_conversation("t")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    t0 = time.perf_counter()
    with pytest.raises(StoreBusy, match="locked by another program"):
        s.add_message(c.id, Message("user", "hi"))
    assert time.perf_counter() - t0 >= 0.25
    other.execute("ROLLBACK")
    s.add_message(c.id, Message("user", "hi"))
    assert len(s.thread(c.id)) == 1


def test_a_full_disk_is_reported_and_nothing_is_half_written(tmp_path: Path) -> None:
    s = Store(tmp_path / "p.db")
    c = s.create_conversation("t")
    mid = s.add_message(c.id, Message("assistant"), status="streaming")
    s.save_answer(mid, answer("short"), status="streaming")
    pages = s._db.execute("PRAGMA page_count").fetchone()[0]
    s._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL, as a full disk gives
    with pytest.raises(StoreFull, match="disk holding the history is full"):
        s.save_answer(mid, answer("x" * 200_000), status="streaming")
    assert s.message(mid).content == "short"


def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "ponder.db"
    path.write_bytes(b"this is not a database, it is a cat picture" * 100)
    s = Store(path)
    assert s.recovered_from is not None and s.recovered_from.name.startswith("ponder.db.corrupt-")
    assert s.recovered_from.read_bytes().startswith(b"this is not a database")
    c = s.create_conversation("fresh start")
    assert s.conversation(c.id).title == "fresh start"


def test_export_markdown_and_json_and_import(store: Store) -> None:
    c = store.create_conversation("Numbers", provider="demo", model="demo/reasoning")
    u = store.add_message(c.id, Message("user", "17 × 23?"))
    a = store.add_message(c.id, Message("assistant"), status="streaming", model="demo/reasoning")
    store.save_answer(a, answer("**391**", "17×20=340, 17×3=51"), status="done", timing={"ttft_ms": 50.0, "thinking_ms": 1200.0, "total_ms": 2000.0})
    b = store.add_message(c.id, Message("assistant"), parent_id=u, status="streaming")
    store.save_answer(b, answer("391 (cut", None), status="stopped")
    md = to_markdown(store, c.id)
    assert md.startswith("# Numbers\n") and "**You**" in md and "17 × 23?" in md
    assert "incomplete: stopped" in md  # the head is the stopped alternative
    store.set_head(c.id, a)
    md = to_markdown(store, c.id)
    assert "<details>\n<summary>Thinking (1.2 s)</summary>\n\n17×20=340, 17×3=51\n\n</details>" in md and "**391**" in md

    data = to_json(store, c.id)
    assert data["format"] == "ponder.conversation" and len(data["messages"]) == 3
    new_id = import_json(store, json.loads(json.dumps(data)), again=True)  # a copy beside the original
    assert new_id != c.id
    copy_ = store.conversation(new_id)
    assert (copy_.created_at, copy_.updated_at) == (c.created_at, store.conversation(c.id).updated_at)  # its own dates
    assert [m.created_at for m in store.messages(new_id)] == [m.created_at for m in store.messages(c.id)]
    again = to_json(store, new_id)
    strip = lambda d: [{k: v for k, v in m.items() if k not in ("id", "parent_id", "created_at", "updated_at")} for m in d["messages"]]
    assert strip(again) == strip(data)
    assert [m.content for m in store.thread(new_id)] == ["17 × 23?", "**391**"]
    for bad in ({}, {"format": "ponder.conversation", "version": 99}, {"format": "ponder.conversation", "version": 1, "conversation": {}, "messages": [{"role": "wizard"}]}):
        with pytest.raises(ImportError_):
            import_json(store, bad)
    assert len(store.conversations()) == 2  # a failed import leaves nothing behind


def test_the_markdown_export_says_when_other_branches_exist(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db")
    c = store.create_conversation("Quokkas")
    first = store.add_message(c.id, Message("user", "What is a quokka?"))
    store.add_message(c.id, Message("assistant", "A small wallaby."))
    edited = store.add_message(c.id, Message("user", "What is a wombat?"), parent_id=None)
    store.add_message(c.id, Message("assistant", "A burrowing marsupial."), parent_id=edited)
    md = to_markdown(store, c.id)
    assert "wombat" in md and "quokka" not in md
    assert "2 more messages in other branches" in md
    store.set_head(c.id, first)
    assert "quokka" in to_markdown(store, c.id)


def test_deferred_indexing_never_corrupts_the_search_index(tmp_path: Path) -> None:
    """Answers saved in the window are queued and indexed by a thread of their own: until then
    they are not found, a queued answer deleted or saved again leaves the index whole, and what a
    closed window left queued is indexed when the history opens again."""
    from ponder.core.models import Message, StreamResult

    s = Store(tmp_path / "p.db")
    s.defer_index = True
    told: list[int] = []
    s.on_queued = lambda: told.append(1)
    c = s.create_conversation("t")
    s.add_message(c.id, Message("user", "what about narwhals"))
    a = s.add_message(c.id, Message("assistant"), status="streaming")
    s.save_answer(a, StreamResult(content="Narwhals have a tusk."), status="done")
    assert told and not [h for h in s.search("tusk")]  # queued, not yet searchable
    s.save_answer(a, StreamResult(content="Narwhals have one long tusk."), status="done")  # saved again while queued
    b = s.add_message(c.id, Message("user", "and walruses"))
    s.delete_message(b)  # a queued message deleted: nothing taken out of the index it never was in
    assert s.index_queued() == 2  # the question and the answer
    assert [h.message_id for h in s.search("long tusk")] == [a]
    s.save_answer(a, StreamResult(content="Narwhals: unicorns of the sea."), status="done")  # once indexed, again
    s.index_queued()
    assert not s.search("tusk") and [h.message_id for h in s.search("unicorns")] == [a]
    s._db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")  # raises if corrupt
    s.save_answer(a, StreamResult(content="Queued when the window closed."), status="done")
    s.close()
    again = Store(tmp_path / "p.db")  # opened: the queue is indexed
    assert [h.message_id for h in again.search("window closed")] == [a]
    again._db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")
    again.close()


def test_a_long_last_word_finds_the_newest_matches_whether_many_or_few(store: Store) -> None:
    """A last word longer than the indexed prefixes is looked for through its first four letters
    (many matches) or by FTS5 itself (few): either way, the same newest hits a full scan finds."""
    c = store.create_conversation("Marsupials")
    ids = {}
    with store.transaction():
        for i in range(300):  # dense: every third message matches "quokk"; one of them accented
            text = ("Quökka" if i == 150 else "quokka") + f" number {i}" if i % 3 == 0 else f"the quokette {i}"
            ids[i] = store.add_message(c.id, Message("user", text))
    newest = [ids[i] for i in range(297, -1, -3)][:50]  # the 50th is the accented one
    assert [h.message_id for h in store.search("quokk")] == newest
    d = store.create_conversation("Decoys")
    with store.transaction():
        rare = [store.add_message(d.id, Message("user", "a Quökkas sighting"))]
        for i in range(2500):  # sparse: the four letters match everywhere, the word almost nowhere
            store.add_message(d.id, Message("assistant" if i % 2 else "user", f"quokette {i}"))
        rare.append(store.add_message(d.id, Message("user", "quokkaesque, said nobody")))
    found = [h.message_id for h in store.search("quokkas") if h.message_id]
    assert found == [rare[0]]
    found = [h.message_id for h in store.search("quokkae") if h.message_id]
    assert found == [rare[1]]


def test_titles_that_almost_all_match_come_newest_first(store: Store) -> None:
    with store.transaction():
        made = [store.create_conversation(f"Kangaroo facts {i}") for i in range(1100)]  # more than 20 x 50
    hits = [h for h in store.search("kang") if h.field == "title"]
    assert [h.title for h in hits] == [c.title for c in sorted(made, key=lambda c: c.updated_at, reverse=True)[:50]]
    assert hits[0].snippet.startswith(MARK_OPEN + "Kangaroo" + MARK_CLOSE)


def test_an_answers_sources_who_answered_and_log_probabilities_are_kept_and_found(tmp_path: Path) -> None:
    """Migration 005: a gateway's provider and model, each token's log probability (read only when
    asked for), and the sources' titles and addresses searchable with the answer, on an older
    database too, with the index whole after deletes."""
    path = tmp_path / "p.db"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, MIGRATIONS[:4])  # a database from before 005, with an answer that has sources
    db.execute("INSERT INTO conversations(id, title, settings, created_at, updated_at) VALUES ('c', 't', '{}', 1, 1)")
    ann = [{"type": "url_citation", "url_citation": {"url": "https://en.wikipedia.org/wiki/Quokka", "title": "Quokka - Wikipedia",
                                                     "start_index": 0, "end_index": 5}}]
    db.execute("INSERT INTO messages(id, conversation_id, seq, role, content, annotations, status, created_at, updated_at) "
               "VALUES ('old', 'c', 1, 'assistant', 'Small marsupials.', ?, 'done', 1, 1)", (json.dumps(ann),))
    db.execute("INSERT INTO messages_fts(rowid, content, reasoning) SELECT rowid, content, '' FROM messages")
    db.close()
    s = Store(path)
    assert [h.message_id for h in s.search("wikipedia")] == ["old"]  # found by its source, after the migration
    mid = s.add_message("c", Message("assistant"), status="streaming")
    lp = [{"token": "Blue", "logprob": -0.2, "top": [["Blue", -0.2], ["Grey", -1.9]]}]
    s.save_answer(mid, answer("Blue sky.", annotations=[{"type": "url_citation", "url_citation": {
        "url": "https://www.nasa.gov/sky", "title": "NASA sky", "start_index": 0, "end_index": 9}}],
        model="openai/gpt-4o-2024-08-06", provider="Azure", logprobs=lp), status="done")
    m = s.message(mid)
    assert m.served == {"model": "openai/gpt-4o-2024-08-06", "provider": "Azure"} and s.logprobs(mid) == lp
    assert [h.message_id for h in s.search("nasa")] == [mid] and [h.message_id for h in s.search("blue")] == [mid]
    s.delete_message(mid)
    s.delete_message("old")
    assert s.search("nasa") == [] and s.search("wikipedia") == []
    s._db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")  # the index stayed whole
    s.close()
