"""Advanced ▸ Parameters…: seed, stop sequences, frequency and presence penalties, logit bias, log
probabilities, the answer's form (text, JSON, or JSON that fits a schema), web search, and
OpenRouter's routing (providers first, only those, sort, no training, zero data retention,
fallback models). Each is kept with
the conversation; a parameter the model does not take is disabled, saying so. The schema is
checked as it is typed, and schemas can be kept by name (settings.json)."""

from __future__ import annotations

import json
import math
from typing import Any, Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QInputDialog,
    QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ponder.core.answers.structured import JSON_OBJECT, SchemaError, schema_format
from ponder.ui.safe import PlainLabel, tip

from ponder.core.models import ChatSettings
from ponder.ui.i18n import tr

PARAMS = ChatSettings.ADVANCED
EXAMPLE = json.dumps({"type": "object", "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
                      "required": ["city", "population"], "additionalProperties": False}, indent=2)


def parse_logit_bias(text: str) -> dict[str, float] | None:
    """Token id -> bias (-100 to 100) from JSON; ValueError with what is wrong."""
    if not text.strip():
        return None
    try:
        raw = json.loads(text)
    except ValueError as e:
        raise ValueError(tr("Not JSON: {why}").format(why=e)) from None
    if not isinstance(raw, dict):
        raise ValueError(tr('An object of token id -> bias, e.g. {example}').format(example='{"50256": -100}'))
    out: dict[str, float] = {}
    for k, v in raw.items():
        if not str(k).isdigit():
            raise ValueError(tr("{key} is not a token id (a whole number)").format(key=repr(k)))
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not -100 <= v <= 100:
            raise ValueError(tr("The bias of {key} must be a number from -100 to 100").format(key=k))
        out[str(k)] = v
    return out


class ParamsDialog(QDialog):
    def __init__(self, params: dict[str, Any], takes: Callable[[str], bool | None], model: str,
                 schemas: dict[str, Any], save_schemas: Callable[[dict[str, Any]], None] | None = None,
                 parent: QWidget | None = None, dialect: str = "generic") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Parameters"))
        self.resize(640, 620)
        self.schemas, self._save_schemas = dict(schemas), save_schemas
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self.seed_on = QCheckBox(tr("Same seed for answers that repeat"), self)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setAccessibleName(tr("Seed"))
        row = QHBoxLayout()
        row.addWidget(self.seed_on)
        row.addWidget(self.seed)
        row.addStretch(1)
        form.addRow(tr("Seed"), row)
        self.stop = QPlainTextEdit(self)
        self.stop.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.stop.setPlaceholderText(tr("One per line, up to 4: the answer ends before any of them"))
        self.stop.setFixedHeight(70)
        self.stop.setAccessibleName(tr("Stop sequences"))
        form.addRow(tr("Stop at"), self.stop)
        self.frequency = self._penalty(tr("Frequency penalty"))
        self.presence = self._penalty(tr("Presence penalty"))
        form.addRow(tr("Frequency penalty"), self.frequency)
        form.addRow(tr("Presence penalty"), self.presence)
        self.bias = QPlainTextEdit(self)
        self.bias.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.bias.setPlaceholderText(tr('{"50256": -100}   token id -> bias, -100 (never) to 100 (always)'))
        self.bias.setFixedHeight(54)
        self.bias.setAccessibleName(tr("Logit bias"))
        form.addRow(tr("Logit bias"), self.bias)
        self.logprobs_on = QCheckBox(tr("Show how sure the model was of each token"), self)
        self.top = QSpinBox(self)
        self.top.setRange(0, 20)
        self.top.setPrefix(tr("alternatives: "))
        self.top.setAccessibleName(tr("Alternatives per token"))
        row = QHBoxLayout()
        row.addWidget(self.logprobs_on)
        row.addWidget(self.top)
        row.addStretch(1)
        form.addRow(tr("Log probabilities"), row)
        self.kind = QComboBox(self)
        for text, value in ((tr("Text (markdown)"), None), ("JSON", "json_object"), (tr("JSON that fits a schema"), "json_schema")):
            self.kind.addItem(text, value)
        self.kind.setAccessibleName(tr("Answer form"))
        form.addRow(tr("Answer as"), self.kind)
        # Web search: OpenRouter's web plugin (any model), OpenAI's search models.
        self.web_on = QCheckBox(tr("Let the model search the web; its sources are listed under the answer"), self)
        self.web_results = QSpinBox(self)
        self.web_results.setRange(0, 20)
        self.web_results.setSpecialValueText(tr("default"))
        self.web_results.setPrefix(tr("results: "))
        self.web_context = QComboBox(self)
        for text, value in ((tr("context: default"), None), (tr("context: low"), "low"), (tr("context: medium"), "medium"),
                            (tr("context: high"), "high")):
            self.web_context.addItem(text, value)
        row = QHBoxLayout()
        for w in (self.web_on, self.web_results, self.web_context):
            row.addWidget(w)
        row.addStretch(1)
        form.addRow(tr("Web search"), row)
        # OpenRouter's routing between providers, and the models to fall back to.
        self.routing_box = QWidget(self)
        rf = QFormLayout(self.routing_box)
        rf.setContentsMargins(0, 0, 0, 0)
        self.order = QLineEdit(self.routing_box)
        self.order.setPlaceholderText(tr("Azure, OpenAI   (tried first, in this order)"))
        self.only_these = QCheckBox(tr("Only these providers (no fallback to others)"), self.routing_box)
        self.sort = QComboBox(self.routing_box)
        for text, value in ((tr("OpenRouter's default"), None), (tr("lowest price"), "price"), (tr("highest throughput"), "throughput"),
                            (tr("lowest latency"), "latency")):
            self.sort.addItem(text, value)
        self.no_training = QCheckBox(tr("No provider that may train on prompts"), self.routing_box)
        self.zdr = QCheckBox(tr("Only providers that keep no data (zero data retention)"), self.routing_box)
        self.fallbacks = QLineEdit(self.routing_box)
        self.fallbacks.setPlaceholderText(tr("anthropic/claude-sonnet-4, google/gemini-2.5-pro   (if the model fails)"))
        rf.addRow(tr("Providers first"), self.order)
        rf.addRow("", self.only_these)
        rf.addRow(tr("Prefer"), self.sort)
        rf.addRow("", self.no_training)
        rf.addRow("", self.zdr)
        rf.addRow(tr("Fallback models"), self.fallbacks)
        self.routing_box.setVisible(dialect == "openrouter")
        form.addRow(tr("OpenRouter routing") if dialect == "openrouter" else "", self.routing_box)
        if dialect not in ("openrouter", "openai"):
            for w in (self.web_on, self.web_results, self.web_context):
                w.setEnabled(False)
                w.setToolTip(tip(tr("Web search is offered through OpenRouter and OpenAI")))
        self.schema_box = QWidget(self)
        sl = QVBoxLayout(self.schema_box)
        sl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.saved = QComboBox(self.schema_box)
        self.saved.setAccessibleName(tr("Saved schemas"))
        self.saved.addItem(tr("Saved schemas…"), None)
        for name in sorted(self.schemas):
            self.saved.addItem(name, name)
        self.saved.activated.connect(self._load_saved)
        self.save_as = QPushButton(tr("Save as…"), self.schema_box)
        self.save_as.clicked.connect(self._save_schema)
        top.addWidget(self.saved, 1)
        top.addWidget(self.save_as)
        sl.addLayout(top)
        self.schema = QPlainTextEdit(self.schema_box)
        self.schema.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.schema.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.schema.setPlaceholderText(EXAMPLE)
        self.schema.setAccessibleName(tr("JSON Schema"))
        sl.addWidget(self.schema, 1)
        self.schema_state = PlainLabel(self.schema_box)
        self.schema_state.setWordWrap(True)
        sl.addWidget(self.schema_state)
        row_of_kind = form.getWidgetPosition(self.kind)[0]
        form.insertRow(row_of_kind + 1, self.schema_box)  # under "Answer as", which it belongs to
        self.error = PlainLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("ErrorText")
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _: self._form_changed())
        self.schema.textChanged.connect(self._schema_changed)
        self.seed_on.toggled.connect(self.seed.setEnabled)
        self.logprobs_on.toggled.connect(self.top.setEnabled)
        self.result_params: dict[str, Any] = {}
        self._load(params)
        # What the model does not take is disabled, and says so (its value stays, unsent).
        for name, widgets in (("seed", (self.seed_on, self.seed)), ("stop", (self.stop,)),
                              ("frequency_penalty", (self.frequency,)), ("presence_penalty", (self.presence,)),
                              ("logit_bias", (self.bias,)), ("logprobs", (self.logprobs_on, self.top)),
                              ("response_format", (self.kind, self.schema_box))):
            if takes(name) is False:
                for w in widgets:
                    w.setEnabled(False)
                    w.setToolTip(tip(tr('{model} does not take {name}: it is not sent').format(model=model, name=name)))

    def _penalty(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(-2.05, 2.0)
        box.setSingleStep(0.1)
        box.setSpecialValueText(tr("default"))
        box.setValue(-2.05)
        box.setAccessibleName(name)
        return box

    def _load(self, p: dict[str, Any]) -> None:
        self.seed_on.setChecked(p.get("seed") is not None)
        self.seed.setValue(int(p.get("seed") or 0))
        self.seed.setEnabled(p.get("seed") is not None)
        self.stop.setPlainText("\n".join(p.get("stop") or []))
        for box, key in ((self.frequency, "frequency_penalty"), (self.presence, "presence_penalty")):
            box.setValue(float(p[key]) if p.get(key) is not None else -2.05)
        self.bias.setPlainText(json.dumps(p["logit_bias"]) if p.get("logit_bias") else "")
        self.logprobs_on.setChecked(p.get("logprobs") is not None)
        self.top.setValue(int(p.get("logprobs") or 0))
        self.top.setEnabled(p.get("logprobs") is not None)
        web = p.get("web") or {}
        self.web_on.setChecked(bool(p.get("web")))
        self.web_results.setValue(int(web.get("max_results") or 0))
        self.web_context.setCurrentIndex(max(0, self.web_context.findData(web.get("context"))))
        r = p.get("routing") or {}
        self.order.setText(", ".join(r.get("order") or []))
        self.only_these.setChecked(r.get("allow_fallbacks") is False)
        self.sort.setCurrentIndex(max(0, self.sort.findData(r.get("sort"))))
        self.no_training.setChecked(r.get("data_collection") == "deny")
        self.zdr.setChecked(r.get("zdr") is True)
        self.fallbacks.setText(", ".join(p.get("fallback_models") or []))
        fmt = p.get("response_format") or {}
        self.kind.setCurrentIndex(max(0, self.kind.findData(fmt.get("type"))))
        schema = (fmt.get("json_schema") or {}).get("schema")
        self.schema.setPlainText(json.dumps(schema, indent=2) if isinstance(schema, dict) else "")
        self._form_changed()

    def _form_changed(self) -> None:
        self.schema_box.setVisible(self.kind.currentData() == "json_schema")
        self._schema_changed()

    def _schema_changed(self) -> None:
        if self.kind.currentData() != "json_schema":
            return
        text = self.schema.toPlainText()
        if not text.strip():
            self.schema_state.setText(tr("Type or paste a JSON Schema, or choose a saved one"))
            return
        try:
            schema_format(text)
        except SchemaError as e:
            self.schema_state.setText(tr('✗ {e}').format(e=e))
            return
        self.schema_state.setText(tr("✓ A valid JSON Schema"))

    def _load_saved(self, index: int) -> None:
        name = self.saved.itemData(index)
        if name in self.schemas:
            self.schema.setPlainText(json.dumps(self.schemas[name], indent=2))

    def _save_schema(self) -> None:
        try:
            fmt = schema_format(self.schema.toPlainText())
        except SchemaError as e:
            self.schema_state.setText(tr('✗ {e}').format(e=e))
            return
        name, ok = QInputDialog.getText(self, tr("Save schema"), tr("Name"))
        if not ok or not name.strip():
            return
        name = name.strip()[:60]
        self.schemas[name] = fmt["json_schema"]["schema"]
        if self._save_schemas is not None:
            self._save_schemas(self.schemas)
        if self.saved.findData(name) < 0:
            self.saved.addItem(name, name)
        self.schema_state.setText(tr('✓ Saved as {name}').format(name=name))

    def _check(self) -> None:
        """The values, or the first problem shown and the dialog kept open."""
        try:
            stops = [s for s in self.stop.toPlainText().split("\n") if s]
            if len(stops) > 4:
                raise ValueError(tr("At most 4 stop sequences (what providers take)"))
            bias = parse_logit_bias(self.bias.toPlainText())
            fmt: dict[str, Any] | None = None
            if self.kind.currentData() == "json_object":
                fmt = dict(JSON_OBJECT)
            elif self.kind.currentData() == "json_schema":
                fmt = schema_format(self.schema.toPlainText())
        except (ValueError, SchemaError) as e:
            self.error.setText(str(e))
            return
        routing: dict[str, Any] = {}
        order = [x.strip() for x in self.order.text().split(",") if x.strip()]
        if order:
            routing["order"] = order
        if self.only_these.isChecked():
            routing["allow_fallbacks"] = False
        if self.sort.currentData():
            routing["sort"] = self.sort.currentData()
        if self.no_training.isChecked():
            routing["data_collection"] = "deny"
        if self.zdr.isChecked():
            routing["zdr"] = True
        web = None
        if self.web_on.isChecked():
            web = {"on": True, **{k: v for k, v in (("max_results", self.web_results.value() or None),
                                                    ("context", self.web_context.currentData())) if v is not None}}
        self.result_params = {
            "web": web,
            "routing": routing or None,
            "fallback_models": [x.strip() for x in self.fallbacks.text().split(",") if x.strip()] or None,
            "seed": self.seed.value() if self.seed_on.isChecked() else None,
            "stop": stops or None,
            "frequency_penalty": None if self.frequency.value() < -2 else round(self.frequency.value(), 2),
            "presence_penalty": None if self.presence.value() < -2 else round(self.presence.value(), 2),
            "logit_bias": bias,
            "logprobs": self.top.value() if self.logprobs_on.isChecked() else None,
            "response_format": fmt,
        }
        self.accept()
