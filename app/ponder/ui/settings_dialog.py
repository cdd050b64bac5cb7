"""Settings (Ctrl+,): providers and their keys (written only to the keyring, shown masked, with a
connection test), the user's own providers (add, change, remove), the provider new chats start
with, the thinking pane's behaviour and the theme; and, on a tab of its own, the MCP servers
(ui/mcp_settings.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, message
from ponder.core.errors import ConfigError
from ponder.core.providers.presets import Provider
from ponder.core.providers.custom import CustomProvider
from ponder.services.provider_setup import ProviderService
from ponder.ui.i18n import tr


class SettingsDialog(QDialog):
    def __init__(self, service: ProviderService, parent: QWidget | None = None, tools: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(tr("Settings"))
        self.resize(800, 520)
        top = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        top.addWidget(self.tabs, 1)
        providers = QWidget(self)
        self.tabs.addTab(providers, tr("Providers"))
        from ponder.ui.mcp_settings import McpSettings

        self.mcp = McpSettings(service, tools, self)
        self.tabs.addTab(self.mcp, tr("MCP servers"))
        outer = QVBoxLayout(providers)
        problem = service.keyring_problem()
        if problem:
            warn = PlainLabel(problem, self)
            warn.setWordWrap(True)
            warn.setObjectName("ErrorBoxText")
            warn.setStyleSheet("color: #b42318;")
            outer.addWidget(warn)
        body = QHBoxLayout()
        side = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Providers"))
        self.list.setMaximumWidth(220)
        side.addWidget(self.list, 1)
        own = QHBoxLayout()
        self.add = QPushButton(tr("Add…"), self)
        self.add.setToolTip(tr("Add a provider of your own: any OpenAI-compatible address"))
        self.change = QPushButton(tr("Change…"), self)
        self.remove = QPushButton(tr("Remove"), self)
        for b in (self.add, self.change, self.remove):
            own.addWidget(b)
        side.addLayout(own)
        body.addLayout(side)
        self._fill()
        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.address = PlainLabel(form_box)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_state = PlainLabel(form_box)
        self.key = QLineEdit(form_box)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(tr("Paste a new API key"))
        self.key.setAccessibleName(tr("API key"))
        row = QHBoxLayout()
        self.save_key = QPushButton(tr("Save key"), form_box)
        self.save_key.setObjectName("Primary")
        self.delete_key = QPushButton(tr("Delete key"), form_box)
        self.test = QPushButton(tr("Test connection"), form_box)
        for b in (self.save_key, self.delete_key, self.test):
            row.addWidget(b)
        self.result = PlainLabel(form_box)
        self.result.setWordWrap(True)
        self.make_default = QPushButton(tr("Start new chats with this provider"), form_box)
        self.default_model = QLineEdit(form_box)
        self.default_model.setPlaceholderText(tr("Default model id, e.g. deepseek/deepseek-r1"))
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("Key"), self.key_state)
        form.addRow("", self.key)
        form.addRow("", row)
        form.addRow("", self.result)
        form.addRow(tr("Default model"), self.default_model)
        form.addRow("", self.make_default)
        body.addWidget(form_box, 1)
        outer.addLayout(body, 1)
        self.keep_open = QCheckBox(tr("Keep the thinking pane open when the answer starts"), self)
        self.keep_open.setChecked(bool(service.settings.ui.get("keep_thinking_open")))
        self.keep_open.toggled.connect(lambda on: service.set_ui("keep_thinking_open", on))
        outer.addWidget(self.keep_open)
        look = QHBoxLayout()
        look.addWidget(PlainLabel(tr("Theme"), self))
        self.theme = QComboBox(self)
        for text, value in ((tr("As the system"), "system"), (tr("Light"), "light"), (tr("Dark"), "dark")):
            self.theme.addItem(text, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(service.settings.ui.get("theme") or "system")))
        self.theme.currentIndexChanged.connect(lambda _: service.set_ui("theme", self.theme.currentData()))  # applied at once
        look.addWidget(self.theme)
        look.addSpacing(16)
        look.addWidget(PlainLabel(tr("Language"), self))
        self.language = QComboBox(self)
        self.language.setAccessibleName(tr("Language"))
        self.language.addItem(tr("As the system"), "system")
        from ponder.ui.i18n import LANGUAGES

        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(service.settings.ui.get("language") or "system")))
        self.language.currentIndexChanged.connect(self._language)
        look.addWidget(self.language)
        look.addStretch(1)
        outer.addLayout(look)
        self.language_note = PlainLabel(self)
        self.language_note.setObjectName("Muted")
        self.restart = QPushButton(tr("Restart now"), self)
        self.restart.setToolTip(tr("Ponder closes and opens again in the new language; what you were writing is kept"))
        self.restart.clicked.connect(self._restart)
        self.restart_wanted = False
        note = QHBoxLayout()
        note.addWidget(self.language_note)
        note.addWidget(self.restart)
        note.addStretch(1)
        self.language_note.hide()
        self.restart.hide()
        outer.addLayout(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top.addWidget(buttons)

        self.list.currentItemChanged.connect(lambda *_: self._show())
        self.add.clicked.connect(lambda: self._edit(None))
        self.change.clicked.connect(lambda: self._edit(self.service.custom(self.provider().id)))
        self.remove.clicked.connect(self._remove)
        self.save_key.clicked.connect(self._save_key)
        self.delete_key.clicked.connect(self._delete_key)
        self.test.clicked.connect(self._test)
        self.make_default.clicked.connect(self._make_default)
        service.tested.connect(self._tested)
        self.list.setCurrentRow(0)

    def _fill(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.service.providers():
            item = QListWidgetItem(p.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            if self.service.custom(p.id) is not None:
                item.setToolTip(tr("Your own provider"))
        self.list.blockSignals(False)
        if select is not None:
            for i in range(self.list.count()):
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) == select:
                    self.list.setCurrentRow(i)

    def _edit(self, existing: "CustomProvider | None") -> None:
        from ponder.ui.provider_dialog import ProviderDialog

        d = ProviderDialog(self.service, existing, self)
        if d.exec() == ProviderDialog.DialogCode.Accepted:
            self._fill(select=d.saved_id)
            self._show()
            self.result.setText(tr('Saved {v1}: test the connection to check it').format(v1=d.name.text().strip()))

    def _remove(self) -> None:
        p = self.provider()
        if not message(self, tr("Remove provider"), tr('Remove {name}? Its key is deleted from the system keyring; its conversations stay in your history.').format(name=p.name), question=True):
            return
        try:
            self.service.remove_custom(p.id)
        except ConfigError as e:
            self.result.setText(str(e))
            return
        self._fill()
        self.list.setCurrentRow(0)
        self.result.setText(tr('Removed {name}').format(name=p.name))

    def provider(self) -> Provider:
        pid = self.list.currentItem().data(Qt.ItemDataRole.UserRole)
        return next(p for p in self.service.providers() if p.id == pid)

    def _language(self) -> None:
        """Kept in Settings; the window speaks it from the next start (its widgets are built in a
        language), as most desktop apps do."""
        self.service.set_ui("language", self.language.currentData())
        self.language_note.setText(tr("Ponder speaks the new language from its next start."))
        self.language_note.show()
        self.restart.show()

    def _restart(self) -> None:
        """The window closes (drafts and place kept, as on quitting) and Ponder starts again (main.py)."""
        self.restart_wanted = True
        self.accept()

    def _show(self) -> None:
        p = self.provider()
        self.address.setText(tr('{base_url}  ({dialect} dialect)').format(base_url=p.base_url, dialect=p.dialect))
        info = self.service.key_info(p)
        where = {"keyring": tr("in the system keyring"), "none": tr("none yet"), "optional": tr("none (optional)"),
                 "not needed": tr("not needed: a server on this machine")}.get(info.source, "")
        if info.source.startswith("env:"):
            where = tr("from the environment ({name})").format(name=info.source[4:])
        self.key_state.setText((info.masked + "  " + where).strip())
        self.key.setEnabled(p.needs_key or p.key_optional or bool(p.key_env))
        self.delete_key.setEnabled(info.source == "keyring")
        self.default_model.setText(self.service.settings.default_models.get(p.id, p.default_model or ""))
        own = self.service.custom(p.id) is not None
        self.change.setEnabled(own)
        self.remove.setEnabled(own)
        self.result.clear()

    def _save_key(self) -> None:
        try:
            masked = self.service.set_key(self.provider(), self.key.text())
        except ConfigError as e:
            self.result.setText(str(e))
            return
        self.key.clear()  # the key leaves the window as soon as it is stored
        self._show()
        self.result.setText(tr('Saved in the system keyring ({masked})').format(masked=masked))

    def _delete_key(self) -> None:
        try:
            deleted = self.service.delete_key(self.provider())
        except ConfigError as e:
            self.result.setText(str(e))
            return
        self._show()
        self.result.setText(tr("Deleted from the system keyring") if deleted else tr("There was no key in the keyring"))

    def _test(self) -> None:
        self.result.setText(tr("Testing…"))
        self.service.test(self.provider(), self.key.text().strip() or None)

    def _tested(self, pid: str, ok: bool, message: str) -> None:
        if self.list.currentItem() and self.list.currentItem().data(Qt.ItemDataRole.UserRole) == pid:
            self.result.setText(("✓ " if ok else "✗ ") + message)

    def _make_default(self) -> None:
        p = self.provider()
        self.service.set_default(p.id, self.default_model.text().strip() or None)
        self.result.setText(tr('New chats start with {name}').format(name=p.name))
