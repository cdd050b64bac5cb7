"""The history's SQLite connection: opened owner-only, in WAL mode, migrated; a damaged file moved
aside to a dated backup and a new one started; transactions; SQLite's faults as typed errors with
words a user can act on. The only module besides migrations.py and salvage.py that touches sqlite3
(with store.py, which builds on it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ponder.core.words import say
from ponder.core.errors import PonderError
from ponder.core.history.migrations import migrate


class StoreError(PonderError):
    pass


class StoreBusy(StoreError):
    pass


class StoreFull(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


class NotFoundInStore(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def _translate(e: sqlite3.Error, path: Path) -> StoreError:
    text = str(e).lower()
    if "locked" in text or "busy" in text:
        return StoreBusy(say("The history is locked by another program (a second Ponder?): "
                             "nothing was lost; try again in a moment"))
    if "full" in text:
        return StoreFull(say("The disk holding the history is full ({folder}): free some space; "
                             "what is on screen is kept until it can be saved").format(folder=path.parent))
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreCorrupt(say("The history database is damaged ({path}): {why}. `ponder history recover` "
                                "copies what can still be read into a new one").format(path=path, why=e))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(say("The history cannot be written: {folder} is read-only or not accessible").format(folder=path.parent))
    return StoreError(say("The history could not be read or written: {why}").format(why=e))


class Database:
    def __init__(self, path: Path | str, *, busy_timeout_s: float = 3.0) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.recovered_from: Path | None = None  # set when a damaged file was moved aside
        try:
            self._open()
        except StoreCorrupt:
            self.recovered_from = self._move_aside()
            self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # History is private: owner-only, whatever the umask or the folder (SQLite gives its
                # -wal and -shm files the same mode).
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as e:
            raise StoreError(say("The history cannot be written: {folder}: {why}").format(
                folder=self.path.parent, why=e.strerror or e)) from None
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=self.busy_timeout_s, check_same_thread=False)
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable across crashes and kills; fast
            db.execute("PRAGMA foreign_keys=ON")
            migrate(db)
            self._db = db
            self._opened(db)
        except sqlite3.Error as e:
            db.close()
            raise _translate(e, self.path) from None

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                shutil.move(str(src), str(backup) + suffix)
        return backup

    def close(self) -> None:
        self._db.close()

    def transaction(self) -> Any:
        """One transaction around several calls (an import): all of them are kept, or none."""
        return self._tx()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        if db.in_transaction:  # inside transaction(): the outer one commits or rolls back
            yield db
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None

    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None

    def _opened(self, db: sqlite3.Connection) -> None:
        """Work at open, inside its error handling (a damaged file found here is moved aside too)."""
