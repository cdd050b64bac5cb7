"""Hostile inputs shared by the security tests, and a trap that notices any local file being opened.

The trap is a FIFO: opening a FIFO for writing blocks until someone opens it for reading, so a
writer learns the moment anything (Qt's rich text loading an ``<img>``, say) opens the path, and
closing its end at once gives the reader EOF, so nothing hangs. The writer is a separate process:
a Python thread could not run while the GUI thread holds the GIL inside Qt.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class FileTrap:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "trap.png"
        self._log = folder / "trap.log"
        self._stop = folder / "trap.stop"
        os.mkfifo(self.path)
        # Again and again: a reader may open the path several times (probe, then read).
        script = f'while [ ! -e "{self._stop}" ]; do : > "{self.path}"; [ -e "{self._stop}" ] || echo opened >> "{self._log}"; done'
        self._proc = subprocess.Popen(["sh", "-c", script])

    @property
    def url(self) -> str:
        return self.path.as_uri()

    @property
    def opened(self) -> bool:
        return self._log.exists()

    def close(self) -> None:
        self._stop.touch()
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # releases the writer waiting in open
        try:
            self._proc.wait(5)
        finally:
            os.close(fd)


def hostile_html(trap_url: str) -> str:
    """Markup that, if a widget rendered it as rich text, would load a local file and draw a fake UI."""
    return f'<img src="{trap_url}"><h1>FAKE HEADING</h1><a href="file:///etc/passwd">click</a>'


# Terminal control sequences a model or server might send: title, clear screen, clipboard
# (OSC 52), a fake link (OSC 8), C1 CSI, BEL, backspace and carriage return.
TERMINAL_ATTACK = (
    "\x1b]0;pwned title\x07" "\x1b[2J\x1b[H" "\x1b]52;c;ZXZpbA==\x07" "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"
    "\x9b31m" "\x90dcs\x9c" "\x08\x08\rfake prompt$ "
)
