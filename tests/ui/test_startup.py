"""What the first answer of a session would pay for (Python-Markdown, Pygments) is loaded after
the window is up, while it is idle: not before the first paint, and not while the answer streams."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ponder.core.history.store import Store
from ponder.core.models import ChatSettings
from ponder.core.providers.presets import PRESETS
from ponder.core.safety.secrets import KeyStore, MemoryKeyring
from ponder.services.chat import ChatService
from ponder.services.history import HistoryService
from ponder.ui.window import MainWindow

app = QApplication([])
store = Store(Path(tempfile.mkdtemp()) / "p.db")
service = ChatService(store, KeyStore(MemoryKeyring(), env={}), None, lambda pid: PRESETS["demo"])
w = MainWindow(HistoryService(store), service, [PRESETS["demo"]], ChatSettings(model="m", provider="demo"), lambda p: [])
w.show()
app.processEvents()
print("painted", "markdown" in sys.modules, "pygments" in sys.modules)
QTimer.singleShot(0, w.after_start)
QTimer.singleShot(2000, app.quit)
app.exec()
print("idle", "markdown" in sys.modules, "pygments.lexers.python" in sys.modules)
store.close()
"""


def test_markdown_and_pygments_load_after_the_first_paint_while_idle() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout.split("\n")
    assert "painted False False" in out  # nothing of them before the window shows
    assert "idle True True" in out  # all of it once the window has been idle a moment
