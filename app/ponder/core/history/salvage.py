"""Recovery from a damaged history: every row that still reads, copied into a new file.

With store.py and migrations.py, the only modules that touch sqlite3.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ponder.core.history.store import Store, StoreError

_SALVAGE_TABLES = ("conversations", "messages", "attachments", "drafts")


@dataclass
class Salvage:
    damaged: Path  # where the damaged file was kept
    saved: dict[str, int]  # rows copied, per table
    lost: dict[str, int]  # rows that could not be read, where a count was possible


def salvage(path: Path | str) -> Salvage:
    """Copy every row that can still be read from a damaged history into a new file at ``path``.

    The damaged file is kept beside it (``ponder.db.damaged-DATE``). Rows are read table by table,
    and where a damaged page stops a scan, row by row around it. Search is rebuilt from what was
    saved. Raises StoreError if the file cannot be opened at all.
    """
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            shutil.move(str(src), str(damaged) + suffix)
    try:
        old = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise StoreError(f"{damaged} cannot be opened at all: {e}") from None
    Store(path).close()  # a new file with the current schema
    db = sqlite3.connect(path, isolation_level=None)
    saved: dict[str, int] = {}
    lost: dict[str, int] = {}
    try:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("BEGIN")
        for table in _SALVAGE_TABLES:
            try:
                cols = [r[1] for r in old.execute(f"PRAGMA table_info({table})").fetchall()]
            except sqlite3.Error:
                continue
            if not cols:
                continue
            insert = f"INSERT OR IGNORE INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            n = bad = 0
            for row in _readable_rows(old, table, cols):
                if row is None:
                    bad += 1
                    continue
                try:
                    db.execute(insert, row)
                    n += 1
                except sqlite3.Error:
                    bad += 1
            saved[table], lost[table] = n, bad
        # Messages whose conversation was lost cannot be shown; answers left streaming are over.
        db.execute("DELETE FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)")
        db.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")
        db.execute("UPDATE conversations SET head_id = NULL WHERE head_id NOT IN (SELECT id FROM messages)")
        db.execute("INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")
        saved["messages"] = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        saved["conversations"] = db.execute("SELECT count(*) FROM conversations").fetchone()[0]
        db.execute("COMMIT")
        db.execute("PRAGMA foreign_keys=ON")
    finally:
        old.close()
        db.close()
    return Salvage(damaged, saved, lost)


def _readable_rows(db: sqlite3.Connection, table: str, cols: list[str]) -> Iterator[tuple[Any, ...] | None]:
    """Every row that reads; None for each one that does not (when it can be told)."""
    sel = f"SELECT {', '.join(cols)} FROM {table}"
    try:
        yield from db.execute(sel).fetchall()
        return
    except sqlite3.DatabaseError:
        pass
    # A damaged page stopped the scan: go by rowid, skipping what does not read.
    try:
        top = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        top = 1_000_000
    rowid, misses = 0, 0
    while rowid < top and misses < 100_000:
        rowid += 1
        try:
            row = db.execute(f"{sel} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            misses += 1
            yield None
            continue
        if row is not None:
            yield row
