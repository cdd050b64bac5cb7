"""The files of attached images: one per content, named by its SHA-256, owner-only like the
database, written whole (a temporary file, fsync, rename) or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ponder.core.history.database import StoreError, StoreFull
from ponder.core.words import say

_EXT = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif",
        "application/pdf": ".pdf"}


class ImageFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha: str, mime: str) -> Path:
        return self.folder / sha[:2] / (sha + _EXT.get(mime, ".bin"))

    def keep(self, im: Any) -> None:
        """Write an attachment's bytes (``answers.attachments.Attachment``) unless that content is kept already."""
        path = self.path(im.sha256, im.mime)
        if path.exists():
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(im.data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError as e:
            full = getattr(e, "errno", None) == 28
            raise (StoreFull if full else StoreError)(say("Could not keep the image {name}: {why}").format(
                name=im.filename or "", why=e.strerror or e)) from None

    def remove(self, sha: str) -> None:
        for f in (self.folder / sha[:2]).glob(sha + ".*"):
            f.unlink(missing_ok=True)
