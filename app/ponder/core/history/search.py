"""Full-text search of the history (SQLite FTS5): titles, answers and reasoning; messages are
indexed once final. What the user types becomes a safe query: every word must match, the last
may be a prefix."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any, Callable

from ponder.core.history.records import MARK_CLOSE, MARK_OPEN, SearchHit


def indexed(prefix: str = "") -> str:
    """What the index holds of a message's text, as SQL over its row (``prefix``: "old.", "m."):
    its content and, for search to find them, its sources' titles and addresses. Every insert
    into the index and every delete from it uses this one expression: FTS5 (external content)
    must be told exactly what it was given."""
    return f"coalesce({prefix}content, '') || coalesce(char(10) || {prefix}sources, '')"


def index(db: sqlite3.Connection, mid: str, defer: bool = False) -> None:
    """A final message into the full-text index (content and reasoning); with ``defer``, into
    the queue an indexer thread empties (``index_queued``)."""
    if defer:
        db.execute("INSERT OR IGNORE INTO index_queue(message_rowid) SELECT rowid FROM messages WHERE id = ?", (mid,))
        return
    db.execute("DELETE FROM index_queue WHERE message_rowid = (SELECT rowid FROM messages WHERE id = ?)", (mid,))
    db.execute(
        "INSERT INTO messages_fts(rowid, content, reasoning) "
        f"SELECT rowid, {indexed()}, coalesce(reasoning, '') FROM messages WHERE id = ?",
        (mid,),
    )


def unindex(db: sqlite3.Connection, mid: str) -> None:
    """Out of the index before it is rewritten (a streaming row was never in it, nor a queued one)."""
    db.execute(
        "INSERT INTO messages_fts(messages_fts, rowid, content, reasoning) "
        f"SELECT 'delete', rowid, {indexed()}, coalesce(reasoning, '') FROM messages "
        "WHERE id = ? AND status != 'streaming' AND rowid NOT IN (SELECT message_rowid FROM index_queue)",
        (mid,),
    )


def index_queued(db: sqlite3.Connection) -> int:
    """Index every queued message, and empty the queue (in the caller's transaction)."""
    n = db.execute(
        "INSERT INTO messages_fts(rowid, content, reasoning) "
        f"SELECT m.rowid, {indexed('m.')}, coalesce(m.reasoning, '') "
        "FROM index_queue q JOIN messages m ON m.rowid = q.message_rowid").rowcount
    db.execute("DELETE FROM index_queue")
    return n


def search(q: Callable[[str, tuple[Any, ...]], list[sqlite3.Row]], text: str, limit: int = 50) -> list[SearchHit]:
    """Newest hits first, across titles, answers and reasoning, each with a snippet (``q`` runs a query)."""
    query = fts_query(text)
    if not query:
        return []
    hits: list[SearchHit] = []
    # Titles: the newest ``limit`` matches, then a snippet for those only, made here as the
    # messages' are (FTS5's snippet() on a common prefix merges every matching word's rows).
    # Where most titles match ("ka"), walking the titles newest first until enough match is
    # quicker than sorting every match (at a million messages, 5 ms instead of 20).
    words = query_words(text)
    many = q("SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH ?", (query,))[0][0] > 20 * limit
    for r in q(
        "SELECT c.id, c.title, c.updated_at FROM conversations c INDEXED BY conversations_by_update "
        "WHERE +c.rowid IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?) "
        "ORDER BY c.updated_at DESC LIMIT ?" if many else
        "SELECT c.id, c.title, c.updated_at FROM conversations_fts JOIN conversations c ON c.rowid = conversations_fts.rowid "
        "WHERE conversations_fts MATCH ? ORDER BY c.updated_at DESC LIMIT ?",
        (query, limit),
    ):
        title = r["title"] or ""
        hits.append(SearchHit(r["id"], title, None, None, "title", snippet(title, words) or title, r["updated_at"]))
    # Messages: the newest matches by rowid, which FTS5 walks backwards and stops after
    # ``limit``; their snippets are made here, for those rows only. FTS5's snippet() on a
    # common prefix ("an*") first merges the positions of every matching term in the whole
    # index: 2 s at a million messages, for 50 hits.
    for r in _newest_messages(q, text, words, limit):
        snip = snippet(r["content"] or "", words)
        field = "content"
        if snip is None:
            snip, field = snippet(r["reasoning"] or "", words), "reasoning"
        if snip is None and r["sources"]:
            snip, field = snippet(r["sources"], words), "content"  # a source's title or address
        hits.append(SearchHit(r["conversation_id"], r["title"], r["id"], r["role"], field,
                              snip if snip is not None else (r["content"] or "")[:120], r["created_at"]))
    hits.sort(key=lambda h: h.updated_at, reverse=True)
    return hits[:limit]


_MESSAGES = ("SELECT m.rowid AS rowid, m.id, m.role, m.conversation_id, c.title, m.created_at, m.content, m.reasoning, m.sources "
             "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
             "WHERE m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? {} ORDER BY rowid DESC LIMIT ?) "
             "ORDER BY m.rowid DESC")
INDEXED_PREFIX = 4  # the longest prefix the FTS tables keep an index of (prefix='2 3 4')
SCAN_LIMIT = 1600  # rows looked at through the shorter prefix before the exact query is run instead


def _newest_messages(q: Callable[[str, tuple[Any, ...]], list[sqlite3.Row]], text: str, words: list[str],
                     limit: int) -> list[sqlite3.Row]:
    """The newest ``limit`` messages that match, newest first.

    A last word longer than the indexed prefixes ("quokk") makes FTS5 merge the rows of every
    word it begins ("quokka", "quokkas", ...) before the first can be returned: 20-60 ms on a
    common one at a million messages. Where that is costly, the rows of its first four letters
    (indexed, so read newest first and only as far as needed) are filtered here instead; where
    that finds too few, the prefix is rare, and FTS5's own query is fast."""
    if words and len(words[-1]) > INDEXED_PREFIX:
        last = words[-1]
        shorter = fts_query(" ".join(words[:-1] + [last[:INDEXED_PREFIX]]))
        found: list[sqlite3.Row] = []
        below, batch, seen = 1 << 62, 100, 0
        while True:
            rows = q(_MESSAGES.format("AND rowid < ?"), (shorter, below, batch))
            for r in rows:
                if _begins(r["content"], last) or _begins(r["reasoning"], last) or _begins(r["sources"], last):
                    found.append(r)
                    if len(found) == limit:
                        return found
            if len(rows) < batch:
                return found  # every candidate seen
            seen += len(rows)
            # At the rate found so far, would the rest come within the rows allowed?
            if seen + (limit - len(found)) * seen / max(len(found), 0.5) > SCAN_LIMIT:
                break
            below, batch = rows[-1]["rowid"], batch * 2
    return q(_MESSAGES.format(""), (fts_query(text), limit))


def _begins(text: str | None, prefix: str) -> bool:
    """Does a word of ``text`` begin with ``prefix`` (folded as FTS5 folds it)?"""
    if not text:
        return False
    low = text.lower()
    at = low.find(prefix)
    while at >= 0:
        if at == 0 or not low[at - 1].isalnum():
            return True
        at = low.find(prefix, at + 1)
    return not text.isascii() and any(_fold(t.group()).startswith(prefix) for t in _TOKEN.finditer(text))


def query_words(text: str) -> list[str]:
    """What the user typed, as FTS5 sees it: words folded to lower case without diacritics."""
    return [_fold(w) for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch))


_TOKEN = re.compile(r"[^\W_]+")  # FTS5's unicode61 tokens: runs of letters and digits


def snippet(text: str, words: list[str], size: int = 16) -> str | None:
    """About ``size`` words of ``text`` around the first match, every match marked, "…" where
    text was left out; None if no word matches (every word whole but the last, a prefix, as
    the query matched). Only the words near the match are looked at: a hit in a long answer
    costs what a hit in a short one does."""
    if not words:
        return None
    last = len(words) - 1
    exact = "|".join(re.escape(w) for w in words[:last])
    rx = re.compile(r"(?<![^\W_])(?:" + (rf"(?:{exact})(?![^\W_])|" if exact else "") + re.escape(words[last]) + ")",
                    re.IGNORECASE)
    m = rx.search(text)
    if m is None:
        return _snippet_folded(text, words, size)  # an accented word, matched as FTS5 does

    def hit(tok: str) -> bool:
        return rx.match(tok) is not None and (tok.lower() in words[:last] or tok.lower().startswith(words[last]))

    before = list(_TOKEN.finditer(text, max(0, m.start() - 200), m.start()))
    if before and before[0].start() > 0 and text[before[0].start() - 1].isalnum():
        before = before[1:]  # cut in the middle of a word
    after = []
    for t in _TOKEN.finditer(text, m.start()):
        after.append(t)
        if len(after) > size:
            break
    window = (before[-max(3, size - len(after)):] + after)[:size]  # three words before, more if the text ends soon
    return _marked(text, window, hit, bool(_TOKEN.search(text, 0, window[0].start())),
                   bool(_TOKEN.search(text, window[-1].end())))


def _snippet_folded(text: str, words: list[str], size: int) -> str | None:
    tokens = list(_TOKEN.finditer(text))
    last = len(words) - 1

    def hit(tok: str) -> bool:
        t = _fold(tok)
        return any(t == w or (i == last and t.startswith(w)) for i, w in enumerate(words))

    first = next((i for i, m in enumerate(tokens) if hit(m.group())), None)
    if first is None:
        return None
    start = max(0, min(first - 3, len(tokens) - size))
    return _marked(text, tokens[start:start + size], hit, start > 0, start + size < len(tokens))


def _marked(text: str, window: list[re.Match[str]], hit: Callable[[str], bool], more_before: bool, more_after: bool) -> str:
    """The text of ``window`` (its words and what lies between them), hits marked, "…" for the rest."""
    out = ["…" if more_before else ""]
    pos = window[0].start() if more_before else 0
    for t in window:
        out.append(text[pos:t.start()])
        out.append(f"{MARK_OPEN}{t.group()}{MARK_CLOSE}" if hit(t.group()) else t.group())
        pos = t.end()
    out.append("…" if more_after else text[pos:])
    return "".join(out)


def fts_query(text: str) -> str:
    """A safe FTS5 query from what the user typed: every word must match; the last may be a prefix."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
