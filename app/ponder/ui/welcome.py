"""First run, nothing configured: a hosted provider and its key, a server on this machine
(found by probing the usual ports), or the built-in demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ponder.ui.safe import PlainLabel
from ponder.core.errors import ConfigError
from ponder.core.providers.presets import PRESETS
from ponder.services.provider_setup import ProviderService
from ponder.ui.i18n import tr


class Welcome(QWidget):
    chosen = Signal(str, str)  # provider id, model

    def __init__(self, service: ProviderService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.setSpacing(14)
        title = PlainLabel(tr("Welcome to Ponder"), self)
        title.setStyleSheet("font-size: 20pt; font-weight: 700;")
        lay.addWidget(title)
        sub = PlainLabel(tr("Choose where your models live. You can add more providers later in Settings (Ctrl+,)."), self)
        sub.setObjectName("Muted")
        lay.addWidget(sub)

        hosted = self._card(tr("A hosted provider"), tr("OpenRouter, OpenAI, DeepSeek, ZenMux or AIgateway. "
                                                        "The key goes into your system keyring, never into a file."))
        row = QHBoxLayout()
        self.provider = QComboBox(hosted)
        for p in service.providers():
            if p.needs_key:
                self.provider.addItem(p.name, p.id)
        self.key = QLineEdit(hosted)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(tr("API key"))
        self.model = QLineEdit(hosted)
        self.model.setPlaceholderText(tr("Model id"))
        start = QPushButton(tr("Save and start"), hosted)
        start.setObjectName("Primary")
        start.clicked.connect(self._hosted)
        for w in (self.provider, self.key, self.model, start):
            row.addWidget(w, 2 if w is self.key else 1)
        hosted.layout().addLayout(row)
        self.hosted_result = PlainLabel(hosted)
        self.hosted_result.setWordWrap(True)
        hosted.layout().addWidget(self.hosted_result)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self._provider_changed()
        lay.addWidget(hosted)

        local = self._card(tr("A server on this machine"), tr("Ollama, LM Studio, llama.cpp or vLLM on their usual ports "
                                                              "(11434, 1234, 8080, 8000). No key needed."))
        self.local_list = QVBoxLayout()
        local.layout().addLayout(self.local_list)
        self.local_status = PlainLabel(tr("Looking…"), local)
        local.layout().addWidget(self.local_status)
        again = QPushButton(tr("Look again"), local)
        again.clicked.connect(self.probe)
        local.layout().addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(local)

        demo = self._card(tr("The built-in demo"), tr("No key and no network: scripted models that stream reasoning, "
                                                      "markdown, tool calls and errors, so you can see what Ponder does."))
        try_demo = QPushButton(tr("Try the demo"), demo)
        try_demo.clicked.connect(lambda: self._choose("demo", "demo/reasoning"))
        demo.layout().addWidget(try_demo, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(demo)
        lay.addStretch(1)
        service.probed.connect(self._probed)

    def _card(self, title: str, text: str) -> QFrame:
        card = QFrame(self)
        card.setObjectName("ThinkingPane")  # the same quiet panel look
        v = QVBoxLayout(card)
        v.setContentsMargins(16, 12, 16, 12)
        t = PlainLabel(title, card)
        t.setStyleSheet("font-weight: 600; font-size: 12pt;")
        d = PlainLabel(text, card)
        d.setWordWrap(True)
        d.setObjectName("Muted")
        v.addWidget(t)
        v.addWidget(d)
        return card

    def _provider_changed(self) -> None:
        p = PRESETS.get(self.provider.currentData())
        self.model.setText(p.default_model or "" if p else "")

    def probe(self) -> None:
        self.local_status.setText(tr("Looking for servers on this machine…"))
        self.service.probe_local()

    def _probed(self, found: list) -> None:  # type: ignore[type-arg]
        while self.local_list.count():
            item = self.local_list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not found:
            self.local_status.setText(tr("None found on the usual ports. Start one, then look again."))
            return
        self.local_status.setText("")
        for p, models in found:
            b = QPushButton(tr('Use {name}').format(name=p.name) + (tr(' ({v1})').format(v1=models[0]) if models else ""), self)
            b.clicked.connect(lambda _=False, pid=p.id, m=(models[0] if models else ""): self._choose(pid, m))
            self.local_list.addWidget(b)

    def _hosted(self) -> None:
        pid = self.provider.currentData()
        p = PRESETS[pid]
        model = self.model.text().strip()
        if not model:
            self.hosted_result.setText(tr("Give the model id to start with (you can change it per chat)."))
            return
        try:
            if self.key.text().strip():
                self.service.set_key(p, self.key.text())
            elif self.service.key_info(p).source == "none":
                self.hosted_result.setText(tr('Paste your {name} key first.').format(name=p.name))
                return
        except ConfigError as e:
            self.hosted_result.setText(str(e))
            return
        self.key.clear()
        self._choose(pid, model)

    def _choose(self, pid: str, model: str) -> None:
        self.service.set_default(pid, model or None)
        self.chosen.emit(pid, model)
