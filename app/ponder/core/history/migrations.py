"""The history database's schema, as ordered, named migrations recorded in a table.

Add a migration by appending a function to ``MIGRATIONS``; never edit or reorder one that has
shipped. Each runs in its own transaction with its record, so a failure leaves the database as it
was.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Callable
from ponder.core.words import say


_001_CONVERSATIONS_AND_MESSAGES = """
        CREATE TABLE conversations (
            id          TEXT PRIMARY KEY,
            title       TEXT NOT NULL DEFAULT '',
            kind        TEXT NOT NULL DEFAULT 'chat',      -- 'chat' or 'compare'
            provider    TEXT,
            model       TEXT,
            settings    TEXT NOT NULL DEFAULT '{}',        -- JSON: effort, system, tools, sampling
            head_id     TEXT,                              -- the last message of the shown branch
            created_at  REAL NOT NULL,
            updated_at  REAL NOT NULL
        );
        CREATE INDEX conversations_by_update ON conversations(updated_at DESC);

        -- Messages form a tree: regenerated answers and comparison columns are siblings under
        -- one parent; the conversation's head picks the branch that is shown.
        CREATE TABLE messages (
            id                TEXT PRIMARY KEY,
            conversation_id   TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id         TEXT REFERENCES messages(id) ON DELETE CASCADE,
            seq               INTEGER NOT NULL,            -- creation order in the conversation
            role              TEXT NOT NULL,
            content           TEXT,
            reasoning         TEXT,
            reasoning_details TEXT,                        -- JSON, replayed unmodified
            refusal           TEXT,
            tool_calls        TEXT,                        -- JSON [{id, name, arguments}]
            tool_call_id      TEXT,
            annotations       TEXT,                        -- JSON
            model             TEXT,
            provider          TEXT,
            settings          TEXT,                        -- JSON: the settings this answer used
            usage             TEXT,                        -- JSON, as the provider sent it
            cost              REAL,
            ttft_ms           REAL,
            thinking_ms       REAL,
            total_ms          REAL,
            finish_reason     TEXT,
            error             TEXT,                        -- JSON {code, message}
            status            TEXT NOT NULL DEFAULT 'done',-- streaming|done|stopped|error|interrupted
            variant           TEXT,                        -- a comparison column's label
            created_at        REAL NOT NULL,
            updated_at        REAL NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, seq);
        CREATE INDEX messages_by_parent ON messages(parent_id);
        CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

        CREATE TABLE attachments (
            message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            ordinal     INTEGER NOT NULL,
            sha256      TEXT NOT NULL,                     -- content address of the stored file
            mime        TEXT NOT NULL,
            filename    TEXT,
            width       INTEGER,
            height      INTEGER,
            size        INTEGER,
            PRIMARY KEY (message_id, ordinal)
        );
"""

# External-content FTS tables: the text lives once, in its table. Messages are indexed by the
# store when they are final, not on every save while they stream.
_002_FULL_TEXT_SEARCH = """
        -- prefix indexes: the last word typed is searched as a prefix, and without them a short
        -- one ("ka*", "quka*") merges thousands of terms (160 ms instead of a few on 100,000 messages).
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, reasoning, content='messages', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
        );
        CREATE VIRTUAL TABLE conversations_fts USING fts5(
            title, content='conversations', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
        );
        CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations BEGIN
            INSERT INTO conversations_fts(rowid, title) VALUES (new.rowid, new.title);
        END;
        CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations BEGIN
            INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
        END;
        CREATE TRIGGER conversations_fts_au AFTER UPDATE OF title ON conversations BEGIN
            INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
            INSERT INTO conversations_fts(rowid, title) VALUES (new.rowid, new.title);
        END;
        -- Messages leave the index with their row, whatever deletes them (cascades included).
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
            VALUES ('delete', old.rowid, coalesce(old.content, ''), coalesce(old.reasoning, ''));
        END;
        -- What an older database already holds becomes searchable too.
        INSERT INTO conversations_fts(rowid, title) SELECT rowid, title FROM conversations;
        INSERT INTO messages_fts(rowid, content, reasoning)
            SELECT rowid, coalesce(content, ''), coalesce(reasoning, '') FROM messages WHERE status != 'streaming';
"""

# The composer's unsent text, per conversation ('' for a new chat), kept across restarts.
_003_DRAFTS = """
        CREATE TABLE drafts (
            conversation_id TEXT PRIMARY KEY,
            text            TEXT NOT NULL,
            updated_at      REAL NOT NULL
        );
"""

# Answers finished in the window are indexed for search by a thread of their own (a long answer
# took tens of ms on the GUI thread): the save queues the message here in its own transaction, the
# indexer empties the queue. A queued message is not in the index yet, so deleting it must not
# take it out (FTS5 would be corrupted by the delete of an entry it never had).
_004_INDEX_QUEUE = """
        CREATE TABLE index_queue (message_rowid INTEGER PRIMARY KEY);
        DROP TRIGGER messages_fts_ad;
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
                SELECT 'delete', old.rowid, coalesce(old.content, ''), coalesce(old.reasoning, '')
                WHERE NOT EXISTS (SELECT 1 FROM index_queue WHERE message_rowid = old.rowid);
            DELETE FROM index_queue WHERE message_rowid = old.rowid;
        END;
"""

def _005_answer_details(db: sqlite3.Connection) -> None:
    """Who answered (a gateway's provider and model), each token's log probability, and the
    sources' titles and addresses as text, indexed with the answer so search finds them."""
    from ponder.core.answers.citations import sources_text
    from ponder.core.history.search import indexed

    for col in ("served", "logprobs", "sources"):
        db.execute(f"ALTER TABLE messages ADD COLUMN {col} TEXT")
    db.execute("DROP TRIGGER messages_fts_ad")
    db.execute(f"""
        CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
                SELECT 'delete', old.rowid, {indexed("old.")}, coalesce(old.reasoning, '')
                WHERE NOT EXISTS (SELECT 1 FROM index_queue WHERE message_rowid = old.rowid);
            DELETE FROM index_queue WHERE message_rowid = old.rowid;
        END""")
    # Answers with sources already: their sources indexed now (out with what the index was
    # given, in with the sources).
    rows = db.execute("SELECT rowid, content, reasoning, annotations FROM messages WHERE annotations LIKE '%url_citation%' "
                      "AND status != 'streaming'").fetchall()
    queued = {r[0] for r in db.execute("SELECT message_rowid FROM index_queue")}
    for rowid, content, reasoning, kept in rows:
        try:
            text = sources_text(json.loads(kept), content or "")
        except ValueError:
            continue
        if not text:
            continue
        if rowid not in queued:
            db.execute("INSERT INTO messages_fts(messages_fts, rowid, content, reasoning) VALUES ('delete', ?, ?, ?)",
                       (rowid, content or "", reasoning or ""))
        db.execute("UPDATE messages SET sources = ? WHERE rowid = ?", (text, rowid))
        if rowid not in queued:
            db.execute(f"INSERT INTO messages_fts(rowid, content, reasoning) SELECT rowid, {indexed()}, "
                       "coalesce(reasoning, '') FROM messages WHERE rowid = ?", (rowid,))


_006_REASONING_STEPS = """
-- When each step title of an answer's reasoning arrived: [[offset, ms], ...] (answers/steps.py).
ALTER TABLE messages ADD COLUMN reasoning_steps TEXT;
"""

Migration = tuple[str, "str | Callable[[sqlite3.Connection], None]"]


# (name, SQL script or function). Append only.
MIGRATIONS: list[Migration] = [
    ("001_conversations_and_messages", _001_CONVERSATIONS_AND_MESSAGES),
    ("002_full_text_search", _002_FULL_TEXT_SEARCH),
    ("003_drafts", _003_DRAFTS),
    ("004_index_queue", _004_INDEX_QUEUE),
    ("005_answer_details", _005_answer_details),
    ("006_reasoning_steps", _006_REASONING_STEPS),
]


def applied(db: sqlite3.Connection) -> list[str]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
    )
    return [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]


def migrate(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply what is missing, in order; returns the names applied now."""
    migrations = MIGRATIONS if migrations is None else migrations
    done = set(applied(db))
    known = {name for name, _ in migrations}
    unknown = done - known
    if unknown:
        raise RuntimeError(
            say("The history database was written by a newer Ponder (migrations {names}): update Ponder").format(
                names=sorted(unknown))
        )
    ran = []
    for name, fn in migrations:
        if name in done:
            continue
        record = f"INSERT INTO schema_migrations(name, applied_at) VALUES ('{name}', {time.time()!r});"
        try:
            if isinstance(fn, str):
                # executescript() commits whatever is open first, so the script carries its own
                # transaction, and its record with it.
                db.executescript(f"BEGIN IMMEDIATE;\n{fn}\n{record}\nCOMMIT;")
            else:
                db.execute("BEGIN IMMEDIATE")
                fn(db)
                db.execute(record)
                db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        ran.append(name)
    return ran
