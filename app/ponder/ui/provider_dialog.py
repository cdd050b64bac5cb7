"""Add or change one of the user's own providers: a name, its address, the dialect it speaks,
extra headers (never credentials: those go to the keyring with the key field) and whether it is
a server on this machine or network."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from ponder.core.errors import ConfigError
from ponder.core.providers.presets import DIALECTS, PRESETS
from ponder.core.providers.custom import CustomProvider, is_secret_header
from ponder.services.provider_setup import ProviderService
from ponder.ui.safe import PlainLabel
from ponder.ui.i18n import N_, tr

DIALECT_NAMES = {
    "generic": N_("OpenAI-compatible (any server)"),
    "openai": "OpenAI", "openrouter": "OpenRouter", "deepseek": "DeepSeek", "zenmux": "ZenMux",
    "aigateway": "AIgateway", "ollama": "Ollama", "lmstudio": "LM Studio", "llamacpp": N_("llama.cpp server"),
    "vllm": "vLLM",
}


def id_for(name: str, taken: set[str]) -> str:
    """A provider id made from its name ("My vLLM box" -> "my-vllm-box"), not one already taken."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:32] or "provider"
    if not base[0].isalnum():
        base = "p" + base
    pid, n = base, 2
    while pid in taken or pid in PRESETS:
        pid, n = f"{base}-{n}", n + 1
    return pid


def parse_headers(text: str) -> dict[str, str]:
    """``Name: value`` lines; raises ValueError naming the line that is not one."""
    headers: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(tr("Headers, line {n}: write it as Name: value").format(n=n))
        headers[name.strip()] = value.strip()
    return headers


class ProviderDialog(QDialog):
    """``existing`` None adds a provider; else it changes that one (its id stays: conversations,
    the keyring and `ponder ask -p` know it by that id)."""

    def __init__(self, service: ProviderService, existing: CustomProvider | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.existing = service, existing
        self.setWindowTitle(tr("Change provider") if existing else tr("Add a provider"))
        self.resize(560, 0)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("e.g. My vLLM box"))
        self.id = QLineEdit(self)
        self.id.setPlaceholderText(tr("made from the name"))
        self.id.setToolTip(tr("How `ponder ask --provider` and the keyring know this provider"))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(tr("e.g. http://192.168.1.20:8000/v1 (the part before /chat/completions)"))
        self.dialect = QComboBox(self)
        for d in ("generic", *(d for d in DIALECTS if d != "generic")):
            self.dialect.addItem(tr(DIALECT_NAMES.get(d, d)), d)
        self.dialect.setToolTip(tr("How requests are written and answers read: pick the server's kind if it is listed"))
        self.local = QCheckBox(tr("A server on this machine or network: one request at a time, no key needed"), self)
        self.headers = QPlainTextEdit(self)
        self.headers.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.headers.setPlaceholderText(tr("Extra headers, one per line, e.g. X-Team: research"))
        self.headers.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(tr("Optional: stored in the system keyring") if existing is None
                                    else tr("Leave empty to keep the key it has"))
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Id"), self.id)
        form.addRow(tr("Address"), self.url)
        form.addRow(tr("Speaks"), self.dialect)
        form.addRow("", self.local)
        form.addRow(tr("Headers"), self.headers)
        form.addRow(tr("API key"), self.key)
        lay.addLayout(form)
        self.problem = PlainLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("ErrorText")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._id_typed = existing is not None
        if existing is not None:
            self.name.setText(existing.name)
            self.id.setText(existing.id)
            self.id.setReadOnly(True)
            self.url.setText(existing.base_url)
            self.dialect.setCurrentIndex(max(0, self.dialect.findData(existing.dialect)))
            self.local.setChecked(existing.local)
            self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in existing.headers.items()))
        self.name.textChanged.connect(self._name_changed)
        self.id.textEdited.connect(lambda _: setattr(self, "_id_typed", True))
        self.name.setFocus()

    def _name_changed(self, name: str) -> None:
        if not self._id_typed:
            taken = {c.id for c in self.service.settings.custom_providers}
            self.id.setText(id_for(name, taken) if name.strip() else "")

    def provider(self) -> CustomProvider:
        """What the form says; ValueError says what is wrong."""
        name = self.name.text().strip()
        if not name:
            raise ValueError(tr("Give the provider a name"))
        url = self.url.text().strip()
        if not url:
            raise ValueError(tr("Give the provider's address, e.g. http://localhost:8000/v1"))
        headers = parse_headers(self.headers.toPlainText())
        for h in headers:
            if is_secret_header(h):
                raise ValueError(tr("Header '{header}' looks like a credential, and headers are kept in a plain-text "
                                    "file: put the key in the API key field instead (it goes to the system keyring "
                                    "and is sent as Authorization: Bearer)").format(header=h))
        return CustomProvider(id=self.id.text().strip(), name=name, base_url=url.rstrip("/"),
                              dialect=str(self.dialect.currentData()), headers=headers, local=self.local.isChecked())

    def _save(self) -> None:
        try:
            c = self.provider()
            self.service.save_custom(c, self.key.text(), new=self.existing is None)
        except (ValueError, ConfigError) as e:
            self.problem.setText(str(e))
            return
        self.key.clear()
        self.saved_id = c.id
        self.accept()
