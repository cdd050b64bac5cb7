"""The one way the UI starts async work: run(key, coro), cancel(key).

qasync's @asyncSlot only suits methods that take nothing but self, and a bare create_task can be
garbage-collected mid-flight; this runner keeps a strong reference to each task, cancels by key
(the Stop button), and turns an unexpected exception into a signal instead of a lost traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Coroutine

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    failed = Signal(str, object)  # key, the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def run(self, key: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Start ``coro``; a task already running under ``key`` is cancelled first."""
        import asyncio  # here, not at import: the window paints before asyncio loads

        self.cancel(key)
        task = asyncio.ensure_future(coro)
        self._tasks[key] = task
        task.add_done_callback(lambda t, k=key: self._done(k, t))
        return task

    def cancel(self, key: str) -> bool:
        task = self._tasks.get(key)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    def running(self, key: str) -> bool:
        task = self._tasks.get(key)
        return task is not None and not task.done()

    def busy(self) -> bool:
        return any(not t.done() for t in self._tasks.values())

    def _done(self, key: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("task %s failed", key, exc_info=exc)
            self.failed.emit(key, exc)

    async def shutdown(self) -> None:
        import asyncio

        for t in list(self._tasks.values()):
            t.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
