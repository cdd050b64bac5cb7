"""About Ponder: the version, where its files are, and the licence."""

from __future__ import annotations

import platform

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QPushButton, QVBoxLayout, QWidget

from ponder import APP_NAME, __version__
from ponder.ui.safe import PlainLabel, RichLabel
from ponder.core.paths import Paths
from ponder.ui.i18n import N_, tr

LICENCE = N_("MIT licence (the LICENSE file): free to use, copy, change and share; no warranty.")


class AboutDialog(QDialog):
    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import PySide6

        self.setWindowTitle(tr('About {APP_NAME}').format(APP_NAME=APP_NAME))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)  # text never runs to the dialog's edges
        lay.setSpacing(10)
        head = PlainLabel(self)
        icon = QGuiApplication.windowIcon()
        if not icon.isNull():
            head.setPixmap(icon.pixmap(72, 72))
        lay.addWidget(head, 0, Qt.AlignmentFlag.AlignHCenter)
        title = RichLabel(tr('<h2>{APP_NAME} {version__}</h2>').format(APP_NAME=APP_NAME, version__=__version__), self)
        lay.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        blurb = PlainLabel(tr("Chat with language models through OpenAI-compatible gateways and local servers."), self)
        blurb.setWordWrap(True)
        lay.addWidget(blurb)
        grid = QGridLayout()
        self.rows: dict[str, str] = {
            N_("History"): str(paths.database),
            N_("Settings"): str(paths.settings),
            N_("Cache"): str(paths.cache),
            N_("Logs"): str(paths.logs),
            N_("API keys"): tr("the system keyring (never a file)"),
            N_("Built with"): tr("Python {python}, PySide6 {pyside}").format(python=platform.python_version(), pyside=PySide6.__version__),
        }
        for i, (k, v) in enumerate(self.rows.items()):
            name = PlainLabel(tr(k), self)
            name.setObjectName("Muted")
            value = PlainLabel(v, self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
        lay.addLayout(grid)
        lic = PlainLabel(tr(LICENCE), self)
        lic.setObjectName("Footer")
        lic.setWordWrap(True)
        lay.addWidget(lic)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        open_data = QPushButton(tr("Open the data folder"), self)
        open_data.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data))))
        buttons.addButton(open_data, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
