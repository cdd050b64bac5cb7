"""Conversation history in one SQLite file: conversations, the message tree, drafts.

- Messages form a tree (regenerated answers and comparison columns are siblings); a
  conversation's ``head_id`` is the last message of the branch on show.
- A streaming answer is a row with status ``streaming``, rewritten at least once a second by its
  writer; at start-up a streaming row nobody has touched for a while becomes ``interrupted``
  (the writer crashed or was killed), so at most the last second is lost.

Its neighbours: database.py (the connection, transactions, typed errors, a damaged file moved
aside), image_files.py (attached images), search.py (FTS5), records.py (what callers get).
Calls are synchronous: each is a local transaction of a millisecond or so.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable

from ponder.core.history.database import (Database, NotFoundInStore, StoreBusy, StoreCorrupt, StoreError,
                                          StoreFull)
from ponder.core.history.image_files import ImageFiles
from ponder.core.history.records import Conversation, SearchHit, StoredImage, StoredMessage
from ponder.core.history.search import fts_query, index, index_queued, indexed, search, unindex
from ponder.core.models import Message, StreamResult, ToolCall
from ponder.core.words import say

# The store's errors and query helper, for its callers.
__all__ = ["Store", "StoreError", "StoreBusy", "StoreFull", "StoreCorrupt", "NotFoundInStore", "fts_query", "new_id"]

STALE_STREAM_S = 15.0  # a streaming row untouched this long lost its writer (saves come every 1 s)


# A conversation with its message count and total cost (the window's title bar and sidebar).
_CONV_SELECT = (
    "SELECT c.*, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count, "
    "(SELECT sum(cost) FROM messages m WHERE m.conversation_id = c.id) AS cost, "
    "(SELECT status FROM messages m WHERE m.id = c.head_id) AS last_status FROM conversations c "
)
_JSON_COLS = {"reasoning_details", "annotations", "settings", "usage", "error", "served", "reasoning_steps"}
_MSG_COLS = (
    "id, conversation_id, parent_id, seq, role, content, reasoning, reasoning_details, refusal, "
    "tool_calls, tool_call_id, annotations, model, provider, settings, usage, cost, ttft_ms, "
    "thinking_ms, total_ms, finish_reason, error, status, variant, created_at, updated_at, served, reasoning_steps"
)  # not logprobs: large, and read only when asked for (Store.logprobs)


def _dumps(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _msg(row: sqlite3.Row) -> StoredMessage:
    d = dict(row)
    for k in _JSON_COLS:
        if d[k] is not None:
            d[k] = json.loads(d[k])
    d["annotations"] = d["annotations"] or []
    calls = d["tool_calls"]  # most messages have none: no JSON to parse (a 10,000-message thread opens faster)
    d["tool_calls"] = [ToolCall(t["id"], t["name"], t["arguments"]) for t in json.loads(calls)] if calls and calls != "[]" else []
    return StoredMessage(**d)


def new_id() -> str:
    """A new random id: 32 hex digits (an import makes a million of them: no uuid object each)."""
    return os.urandom(16).hex()


class Store(Database):
    def __init__(self, path: Path | str, *, busy_timeout_s: float = 3.0, stale_after_s: float = STALE_STREAM_S) -> None:
        self.stale_after_s = stale_after_s
        self.files = ImageFiles(Path(path).parent / "images")
        super().__init__(path, busy_timeout_s=busy_timeout_s)

    def _opened(self, db: sqlite3.Connection) -> None:
        # Saves queue their message for an indexer thread only when one is set (``defer_index``);
        # what a closed or crashed window left in the queue is indexed now.
        self.defer_index = False
        self.on_queued: Callable[[], None] | None = None
        self._recover_streams()
        if db.execute("SELECT 1 FROM index_queue LIMIT 1").fetchone():
            self.index_queued()

    def index_queued(self) -> int:
        """Index the messages queued by deferred saves (the indexer thread calls this on a
        connection of its own). Returns how many."""
        with self._tx() as db:
            return index_queued(db)

    def _queued(self) -> None:
        if self.defer_index and self.on_queued is not None:
            self.on_queued()

    def _recover_streams(self) -> None:
        """Answers whose writer died mid-stream become ``interrupted`` (and searchable)."""
        cutoff = time.time() - self.stale_after_s
        stale = "status = 'streaming' AND updated_at < ?"
        if not self._db.execute(f"SELECT 1 FROM messages WHERE {stale} LIMIT 1", (cutoff,)).fetchone():
            return  # the common case: no write lock taken at start-up
        with self._tx() as db:
            for (mid,) in db.execute(f"SELECT id FROM messages WHERE {stale}", (cutoff,)).fetchall():
                db.execute("UPDATE messages SET status = 'interrupted' WHERE id = ?", (mid,))
                index(db, mid)

    # -- conversations ---------------------------------------------------------------------------

    def create_conversation(
        self, title: str = "", *, provider: str | None = None, model: str | None = None,
        settings: dict[str, Any] | None = None, kind: str = "chat",
    ) -> Conversation:
        now = time.time()
        cid = new_id()
        with self._tx() as db:
            db.execute(
                "INSERT INTO conversations(id, title, kind, provider, model, settings, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (cid, title, kind, provider, model, _dumps(settings or {}), now, now),
            )
        return self.conversation(cid)

    def conversation(self, cid: str) -> Conversation:
        rows = self._q(
            _CONV_SELECT + "WHERE c.id = ?",
            (cid,),
        )
        if not rows:
            raise NotFoundInStore(say("No conversation {id}").format(id=cid))
        return self._conv(rows[0])

    def resolve_id(self, prefix: str) -> str:
        """A conversation id from a unique prefix of it (as `git` does with hashes)."""
        prefix = prefix.strip().lower()
        if not prefix or prefix.strip("0123456789abcdef"):
            # Not LIKE: "" or "_" would match any id, and `delete` would take whatever came first.
            raise NotFoundInStore(say("No conversation {id}: an id is hexadecimal (see `ponder history list`)").format(id=repr(prefix)))
        rows = self._q("SELECT id FROM conversations WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g"))
        if not rows:
            raise NotFoundInStore(say("No conversation {id}").format(id=prefix))
        if len(rows) > 1:
            raise NotFoundInStore(say("More than one conversation starts with {id}: give more of the id").format(id=prefix))
        return str(rows[0][0])

    def conversations(self, limit: int = 200, offset: int = 0) -> list[Conversation]:
        rows = self._q(
            _CONV_SELECT + "ORDER BY updated_at DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [self._conv(r) for r in rows]

    @staticmethod
    def _conv(r: sqlite3.Row) -> Conversation:
        return Conversation(
            r["id"], r["title"], r["kind"], r["provider"], r["model"], json.loads(r["settings"] or "{}"),
            r["head_id"], r["created_at"], r["updated_at"], r["message_count"], r["cost"], r["last_status"],
        )

    def update_conversation(self, cid: str, **fields: Any) -> None:
        allowed = {"title", "provider", "model", "settings", "kind"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(say("cannot update {fields}").format(fields=bad))
        if "settings" in fields:
            fields["settings"] = _dumps(fields["settings"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._tx() as db:
            cur = db.execute(f"UPDATE conversations SET {sets}, updated_at = ? WHERE id = ?", (*fields.values(), time.time(), cid))
            if cur.rowcount == 0:
                raise NotFoundInStore(say("No conversation {id}").format(id=cid))

    def delete_conversation(self, cid: str) -> None:
        shas = [r[0] for r in self._q(
            "SELECT a.sha256 FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ?", (cid,))]
        with self._tx() as db:
            db.execute("DELETE FROM conversations WHERE id = ?", (cid,))
        self._collect(shas)

    # -- images ---------------------------------------------------------------------------------

    @property
    def images_dir(self) -> Path:
        return self.files.folder

    def attach(self, mid: str, images: list[Any]) -> None:
        """Keep a message's images (``answers.attachments.Attachment``): each file once, however
        often it is attached."""
        for im in images:
            self.files.keep(im)
        with self._tx() as db:
            for i, im in enumerate(images):
                db.execute(
                    "INSERT OR REPLACE INTO attachments(message_id, ordinal, sha256, mime, filename, width, height, size) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (mid, i, im.sha256, im.mime, im.filename, im.width, im.height, len(im.data)),
                )

    def _images_of(self, where: str, arg: str) -> dict[str, list[StoredImage]]:
        out: dict[str, list[StoredImage]] = {}
        for r in self._q(
            "SELECT a.* FROM attachments a JOIN messages m ON m.id = a.message_id "
            f"WHERE {where} = ? ORDER BY a.message_id, a.ordinal", (arg,)):
            out.setdefault(r["message_id"], []).append(StoredImage(
                r["sha256"], r["mime"], self.files.path(r["sha256"], r["mime"]), r["filename"], r["width"], r["height"], r["size"]))
        return out

    def _collect(self, shas: list[str]) -> None:
        """Remove image files no message refers to any more."""
        for sha in set(shas):
            if not self._q("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha,)):
                self.files.remove(sha)

    # -- messages --------------------------------------------------------------------------------

    def add_message(
        self, cid: str, message: Message, *, parent_id: str | None | object = ..., status: str = "done",
        model: str | None = None, provider: str | None = None, settings: dict[str, Any] | None = None,
        variant: str | None = None, make_head: bool = True,
    ) -> str:
        """Append a message under ``parent_id`` (default: the conversation's head); returns its id."""
        now = time.time()
        mid = new_id()
        with self._tx() as db:
            row = db.execute("SELECT head_id FROM conversations WHERE id = ?", (cid,)).fetchone()
            if row is None:
                raise NotFoundInStore(say("No conversation {id}").format(id=cid))
            parent = row[0] if parent_id is ... else parent_id
            seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE conversation_id = ?", (cid,)).fetchone()[0]
            tool_calls = json.dumps([t.to_dict() for t in message.tool_calls]) if message.tool_calls else None
            db.execute(
                "INSERT INTO messages(id, conversation_id, parent_id, seq, role, content, reasoning, reasoning_details, "
                "refusal, tool_calls, tool_call_id, model, provider, settings, status, variant, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (mid, cid, parent, seq, message.role, message.content, message.reasoning, _dumps(message.reasoning_details),
                 message.refusal, tool_calls, message.tool_call_id, model, provider, _dumps(settings), status, variant, now, now),
            )
            if status != "streaming":
                index(db, mid, defer=self.defer_index)
            if make_head:
                db.execute("UPDATE conversations SET head_id = ?, updated_at = ? WHERE id = ?", (mid, now, cid))
            else:
                db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, cid))
        if status != "streaming":
            self._queued()
        return mid

    def save_answer(
        self, mid: str, result: StreamResult, *, status: str, timing: dict[str, float | None] | None = None,
        cost: float | None = None,
    ) -> None:
        """Write an answer's state so far (``status='streaming'``) or its end state."""
        t = timing or {}
        if cost is None and result.usage and isinstance(result.usage.get("cost"), (int, float)):
            cost = float(result.usage["cost"])
        tool_calls = json.dumps([tc.to_dict() for tc in result.tool_calls]) if result.tool_calls else None
        served = {k: v for k, v in (("model", result.model), ("provider", result.provider)) if v} or None
        final = status != "streaming"
        from ponder.core.answers.citations import sources_text

        sources = sources_text(result.annotations, result.content or "") if final and result.annotations else None
        with self._tx() as db:
            if final:
                unindex(db, mid)  # in case it was final before (a re-save)
            cur = db.execute(
                "UPDATE messages SET content = ?, reasoning = ?, reasoning_details = ?, refusal = ?, tool_calls = ?, "
                "annotations = ?, usage = ?, cost = ?, ttft_ms = ?, thinking_ms = ?, total_ms = ?, finish_reason = ?, "
                "error = ?, status = ?, model = coalesce(model, ?), served = ?, sources = ?, "
                "logprobs = CASE WHEN ? THEN ? ELSE logprobs END, reasoning_steps = ?, updated_at = ? WHERE id = ?",
                (result.content, result.reasoning, _dumps(result.reasoning_details), result.refusal, tool_calls,
                 _dumps(result.annotations or None), _dumps(result.usage), cost, t.get("ttft_ms"), t.get("thinking_ms"),
                 t.get("total_ms"), result.finish_reason, _dumps(result.error), status, result.model, _dumps(served),
                 sources, final, _dumps(result.logprobs), _dumps(result.reasoning_steps), time.time(), mid),
            )
            if cur.rowcount == 0:
                raise NotFoundInStore(say("No message {id}").format(id=mid))
            if status != "streaming":
                index(db, mid, defer=self.defer_index)
        if status != "streaming":
            self._queued()

    def logprobs(self, mid: str) -> list[dict[str, Any]] | None:
        """An answer's tokens with their log probabilities, if they were asked for."""
        rows = self._q("SELECT logprobs FROM messages WHERE id = ?", (mid,))
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def message(self, mid: str) -> StoredMessage:
        rows = self._q(f"SELECT {_MSG_COLS} FROM messages WHERE id = ?", (mid,))
        if not rows:
            raise NotFoundInStore(say("No message {id}").format(id=mid))
        m = _msg(rows[0])
        m.images = self._images_of("m.id", mid).get(mid, [])
        return m

    def messages(self, cid: str) -> list[StoredMessage]:
        """Every message of the conversation, alternatives included, in creation order."""
        out = [_msg(r) for r in self._q(f"SELECT {_MSG_COLS} FROM messages WHERE conversation_id = ? ORDER BY seq", (cid,))]
        images = self._images_of("m.conversation_id", cid)
        if images:
            for m in out:
                m.images = images.get(m.id, [])
        return out

    def thread(self, cid: str, head_id: str | None = None) -> list[StoredMessage]:
        """The branch on show: from the first message to the head."""
        return self._thread(cid, self.messages(cid), head_id)

    def _thread(self, cid: str, all_msgs: list[StoredMessage], head_id: str | None) -> list[StoredMessage]:
        if not all_msgs:
            return []
        by_id = {m.id: m for m in all_msgs}
        if head_id is None:
            head_id = self.conversation(cid).head_id
        node: StoredMessage | None = by_id.get(head_id or "") or all_msgs[-1]
        out = []
        while node is not None:
            out.append(node)
            node = by_id.get(node.parent_id or "")
        out.reverse()
        return out

    def thread_with_alternatives(self, cid: str) -> list[tuple[StoredMessage, int, int]]:
        """The branch on show, each message with its place among its alternatives: (m, n, of)."""
        all_msgs = self.messages(cid)
        kids: dict[str | None, list[str]] = {}
        for m in all_msgs:  # in creation order: alternatives oldest first
            kids.setdefault(m.parent_id, []).append(m.id)
        out = []
        for msg in self._thread(cid, all_msgs, None):
            sib = kids.get(msg.parent_id, [msg.id])
            out.append((msg, sib.index(msg.id) + 1 if msg.id in sib else 1, len(sib)))
        return out

    def alternative(self, mid: str, step: int) -> str | None:
        """The id of the alternative ``step`` places from ``mid`` (regenerated answers), if any."""
        sib = [x.id for x in self.siblings(mid)]
        i = sib.index(mid) + step
        return sib[i] if 0 <= i < len(sib) else None

    def siblings(self, mid: str) -> list[StoredMessage]:
        """The alternatives of a message (itself included), oldest first."""
        m = self.message(mid)
        rows = self._q(
            f"SELECT {_MSG_COLS} FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY seq",
            (m.conversation_id, m.parent_id),
        )
        return [_msg(r) for r in rows]

    def set_head(self, cid: str, mid: str) -> None:
        """Show the branch through ``mid``: the head becomes its newest descendant."""
        kids: dict[str | None, list[str]] = {}
        for r in self._q("SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY seq", (cid,)):
            kids.setdefault(r["parent_id"], []).append(r["id"])
        node = mid
        while kids.get(node):
            node = kids[node][-1]
        with self._tx() as db:
            db.execute("UPDATE conversations SET head_id = ? WHERE id = ?", (node, cid))

    def delete_message(self, mid: str) -> None:
        """Delete a message and what hangs below it; the head moves to its parent if needed."""
        m = self.message(mid)
        shas = [im.sha256 for ims in self._images_of("m.conversation_id", m.conversation_id).values() for im in ims]
        self._delete_message(m)
        self._collect(shas)

    def _delete_message(self, m: StoredMessage) -> None:
        mid = m.id
        with self._tx() as db:
            db.execute("DELETE FROM messages WHERE id = ?", (mid,))
            head = db.execute("SELECT head_id FROM conversations WHERE id = ?", (m.conversation_id,)).fetchone()[0]
            if head is not None and db.execute("SELECT 1 FROM messages WHERE id = ?", (head,)).fetchone() is None:
                db.execute("UPDATE conversations SET head_id = ? WHERE id = ?", (m.parent_id, m.conversation_id))

    def unpriced(self, provider: str, model: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Answers of a model with usage but no cost: (message id, conversation id, usage)."""
        rows = self._q("SELECT id, conversation_id, usage FROM messages WHERE provider = ? AND model = ? AND "
                       "role = 'assistant' AND cost IS NULL AND usage IS NOT NULL AND status != 'streaming'",
                       (provider, model))
        return [(r["id"], r["conversation_id"], json.loads(r["usage"])) for r in rows]

    def set_cost(self, mid: str, cost: float) -> None:
        with self._tx() as db:
            db.execute("UPDATE messages SET cost = ? WHERE id = ? AND cost IS NULL", (cost, mid))

    def restore_dates(self, cid: str, created_at: float | None, updated_at: float | None,
                      messages: dict[str, float]) -> None:
        """An imported conversation keeps the dates it was made on (its messages' too)."""
        with self._tx() as db:
            for mid, at in messages.items():
                db.execute("UPDATE messages SET created_at = ?, updated_at = ? WHERE id = ?", (at, at, mid))
            if created_at is not None:
                db.execute("UPDATE conversations SET created_at = ? WHERE id = ?", (created_at, cid))
            if updated_at is not None:
                db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (updated_at, cid))

    def imported_as(self, origin: str) -> str | None:
        """The conversation that is ``origin`` (an export's id), or was imported from it."""
        rows = self._q("SELECT id FROM conversations WHERE id = ? OR json_extract(settings, '$.imported_from') = ? "
                       "LIMIT 1", (origin, origin))
        return str(rows[0][0]) if rows else None

    def fts_automerge(self, level: int) -> None:
        """FTS5's merging of index segments as rows come in: 0 while a big import writes (a
        third faster; the segments are merged by the writes that follow), 4 (its default) after."""
        with self._tx() as db:
            db.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('automerge', ?)", (level,))

    def imported_origins(self) -> set[str]:
        """Where every imported conversation came from (one read, for a whole import)."""
        return {str(r[0]) for r in self._q(
            "SELECT json_extract(settings, '$.imported_from') FROM conversations "
            "WHERE json_extract(settings, '$.imported_from') IS NOT NULL", ())}

    @staticmethod
    def prepare_imported(batch: list[Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, str]]]:
        """The rows ``insert_imported`` writes for ``batch``: made apart, so an import can make
        the next batch's while the last is written."""
        conv_rows, msg_rows, images = [], [], []
        now = time.time()
        for c in batch:
            cid = new_id()
            ids: dict[str, str] = {}
            last = None
            for seq, m in enumerate(c.messages, 1):
                mid = ids[m.id] = new_id()
                at = m.created_at or c.created_at or now
                answer = m.role == "assistant"
                msg_rows.append((mid, cid, ids.get(m.parent or ""), seq, m.role, m.content, m.reasoning,
                                 m.model if answer else None, c.provider if answer else None, at, at))
                last = mid
                for pointer in m.images:
                    images.append((mid, pointer))
            created = c.created_at or (c.messages[0].created_at if c.messages else None) or now
            settings = {"imported_from": c.origin} | ({"system": c.system} if getattr(c, "system", None) else {})
            conv_rows.append((cid, c.title, c.provider, c.model, _dumps(settings),
                              ids.get(c.head or "") or last, created, c.updated_at or created))
        return conv_rows, msg_rows, images

    def insert_imported(self, batch: list[Any], image_of: Callable[[str], tuple[bytes, str, str] | None] | None = None,
                        prepared: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, str]]] | None = None) -> int:
        """Conversations from another app (``bulk.ImportedConversation``), in one transaction:
        new ids, their own dates, their branches, indexed for search. Returns the images kept."""
        from ponder.core.answers.attachments import Attachment

        conv_rows, msg_rows, images = prepared or self.prepare_imported(batch)
        kept = 0
        with self._tx() as db:
            first = db.execute("SELECT coalesce(max(rowid), 0) FROM messages").fetchone()[0]
            db.executemany(
                "INSERT INTO conversations(id, title, kind, provider, model, settings, head_id, created_at, updated_at) "
                "VALUES (?, ?, 'chat', ?, ?, ?, ?, ?, ?)", conv_rows)
            db.executemany(
                "INSERT INTO messages(id, conversation_id, parent_id, seq, role, content, reasoning, model, provider, "
                "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)", msg_rows)
            db.execute("INSERT INTO messages_fts(rowid, content, reasoning) "
                       f"SELECT rowid, {indexed()}, coalesce(reasoning, '') FROM messages WHERE rowid > ?", (first,))
            if image_of is not None:
                by_message: dict[str, list[Any]] = {}
                for mid, pointer in images:
                    found = image_of(pointer)
                    if found is not None:
                        by_message.setdefault(mid, []).append(Attachment(found[0], found[1], 0, 0, found[2]))
                for mid, ims in by_message.items():
                    self.attach(mid, ims)
                    kept += len(ims)
        return kept

    def recent_models(self, provider: str, limit: int = 10) -> list[str]:
        """The models most recently used with a provider, newest first."""
        rows = self._q(
            "SELECT model, max(created_at) AS last FROM messages WHERE provider = ? AND role = 'assistant' "
            "AND model IS NOT NULL GROUP BY model ORDER BY last DESC LIMIT ?", (provider, limit))
        return [r["model"] for r in rows]

    # -- drafts ---------------------------------------------------------------------------------

    def draft(self, cid: str | None) -> str:
        rows = self._q("SELECT text FROM drafts WHERE conversation_id = ?", (cid or "",))
        return rows[0][0] if rows else ""

    def set_draft(self, cid: str | None, text: str) -> None:
        with self._tx() as db:
            if text.strip():
                db.execute("INSERT INTO drafts(conversation_id, text, updated_at) VALUES (?, ?, ?) "
                           "ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                           (cid or "", text, time.time()))
            else:
                db.execute("DELETE FROM drafts WHERE conversation_id = ?", (cid or "",))

    # -- search ---------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Newest hits first, across titles, answers and reasoning, each with a snippet."""
        return search(self._q, text, limit)

    def reader(self) -> "Reader":
        """A read-only connection of its own, for one other thread (a search while the window draws)."""
        return Reader(self.path, self.busy_timeout_s)


class Reader:
    """The history, read only, on a connection of its own: made and used in one thread (WAL lets
    it read while the store writes)."""

    def __init__(self, path: Path, busy_timeout_s: float = 3.0) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_s, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA query_only=ON")

    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self._db.execute(sql, args).fetchall()

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        try:
            return search(self._q, text, limit)
        except sqlite3.Error as e:
            raise StoreError(say("The history could not be searched: {why}").format(why=e)) from None

    def close(self) -> None:
        self._db.close()
