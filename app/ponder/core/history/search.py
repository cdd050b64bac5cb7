"""Full-text search of the history (SQLite FTS5): titles, answers and reasoning; messages are
indexed once final. What the user types becomes a safe query: every word must match, the last
may be a prefix."""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from ponder.core.history.records import MARK_CLOSE, MARK_OPEN, SearchHit


def index(db: sqlite3.Connection, mid: str) -> None:
    """A final message into the full-text index (content and reasoning)."""
    db.execute(
        "INSERT INTO messages_fts(rowid, content, reasoning) "
        "SELECT rowid, coalesce(content, ''), coalesce(reasoning, '') FROM messages WHERE id = ?",
        (mid,),
    )

def unindex(db: sqlite3.Connection, mid: str) -> None:
    """Out of the index before it is rewritten (a streaming row was never in it)."""
    db.execute(
        "INSERT INTO messages_fts(messages_fts, rowid, content, reasoning) "
        "SELECT 'delete', rowid, coalesce(content, ''), coalesce(reasoning, '') FROM messages "
        "WHERE id = ? AND status != 'streaming'",
        (mid,),
    )

def search(q: Callable[[str, tuple[Any, ...]], list[sqlite3.Row]], text: str, limit: int = 50) -> list[SearchHit]:
    """Newest hits first, across titles, answers and reasoning, each with a snippet (``q`` runs a query)."""
    query = fts_query(text)
    if not query:
        return []
    hits: list[SearchHit] = []
    o, c = MARK_OPEN, MARK_CLOSE
    # Titles: the newest ``limit`` matches first, then a snippet for those only. In one query,
    # SQLite made a snippet for every matching title before sorting them (at a million messages,
    # a common word took 150-240 ms).
    newest = [r["rowid"] for r in q(
        "SELECT c.rowid AS rowid FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid "
        "WHERE conversations_fts MATCH ? ORDER BY c.updated_at DESC LIMIT ?",
        (query, limit),
    )]
    if newest:
        for r in q(
            "SELECT c.id, c.title, c.updated_at, snippet(conversations_fts, 0, ?, ?, '…', 16) AS snip "
            "FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid "
            f"WHERE conversations_fts MATCH ? AND conversations_fts.rowid IN ({','.join('?' * len(newest))})",
            (o, c, query, *newest),
        ):
            hits.append(SearchHit(r["id"], r["title"], None, None, "title", r["snip"], r["updated_at"]))
    for r in q(
        "SELECT m.id, m.role, m.conversation_id, c.title, m.created_at, "
        "snippet(messages_fts, 0, ?, ?, '…', 16) AS s0, snippet(messages_fts, 1, ?, ?, '…', 16) AS s1 "
        "FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?",
        (o, c, o, c, query, limit),
    ):
        in_content = o in r["s0"]
        hits.append(SearchHit(
            r["conversation_id"], r["title"], r["id"], r["role"], "content" if in_content else "reasoning",
            r["s0"] if in_content else r["s1"], r["created_at"],
        ))
    hits.sort(key=lambda h: h.updated_at, reverse=True)
    return hits[:limit]


def fts_query(text: str) -> str:
    """A safe FTS5 query from what the user typed: every word must match; the last may be a prefix."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
