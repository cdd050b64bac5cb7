"""Save a streaming answer as it arrives: at most every ``interval`` seconds, and at the end.

A crash or a kill then loses at most the last interval. A failing save (disk full, database
locked) never stops the stream: the first error is kept for the caller to show, the answer stays
in memory, and the next save tries again.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol

from ponder.core.models import StreamResult
from ponder.core.history.store import Store, StoreError


class Source(Protocol):
    """What is saved: a ChatStream, or the pipeline's Answer (which adds its error)."""

    def result(self) -> StreamResult: ...

    def timing(self) -> dict[str, float | None] | None: ...


class AnswerRecorder:
    def __init__(
        self, store: Store, message_id: str, stream: Source, *, interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.message_id, self.stream = store, message_id, stream
        self.interval, self._clock = interval, clock
        self._due = clock() + interval
        self.saves = 0
        self.error: StoreError | None = None  # the first failure, for the user
        self.cost: float | None = None  # set before the final save when computed from prices

    def tick(self) -> None:
        """Call as events arrive; saves when a save is due."""
        if self._clock() >= self._due:
            self._save("streaming")

    def finish(self, status: str) -> bool:
        """The final save (done, stopped, error); True if the answer is safely stored."""
        return self._save(status)

    def _save(self, status: str) -> bool:
        self._due = self._clock() + self.interval
        try:
            self.store.save_answer(self.message_id, self.stream.result(), status=status, timing=self.stream.timing(),
                                   cost=self.cost)
        except StoreError as e:
            self.error = self.error or e
            return False
        self.saves += 1
        return True
