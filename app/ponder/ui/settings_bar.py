"""The bar over a conversation: provider, model, reasoning effort, tools, and under Advanced the
system prompt, token limit and sampling; the controls follow what the chosen model takes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QHBoxLayout, QLineEdit, QSizePolicy, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from ponder.core.answers.figures import usd
from ponder.core.wire.protocol import effort_name, efforts_for
from ponder.core.providers.presets import Provider
from ponder.core.models import ChatSettings
from ponder.ui.flow_layout import FlowLayout
from ponder.ui.safe import PlainLabel, tip
from ponder.ui.i18n import tr

if TYPE_CHECKING:
    from ponder.core.models import ModelInfo


class ElidedLabel(PlainLabel):
    """A one-line label that ends in "…" when its text does not fit, and shows it all as a tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text
        self.setToolTip(tip(text))
        self._elide()
        self.updateGeometry()  # its size hint is the whole text's: layouts ask again

    def text(self) -> str:  # type: ignore[override]
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - what it would take to show the whole text
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, hint.height())

    def resizeEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(e)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class LazyCombo(QComboBox):
    """An editable combo box that fills its list when first opened (listing models can cost)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fill: Callable[[], list[str]] | None = None

    def showPopup(self) -> None:  # noqa: N802
        if self.fill is not None:
            text, fill, self.fill = self.currentText(), self.fill, None
            self.clear()
            self.addItems(fill())
            self.setEditText(text)
        super().showPopup()


def _group(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets that stay together on one row (a label and its control: the label names it, for
    a screen reader too, and Alt+its letter would reach it)."""
    from PySide6.QtWidgets import QLabel

    g = QWidget(parent)
    lay = QHBoxLayout(g)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    for w in widgets:
        lay.addWidget(w)
    if len(widgets) > 1 and isinstance(widgets[0], QLabel):
        widgets[0].setBuddy(widgets[1])
        if not widgets[1].accessibleName():
            widgets[1].setAccessibleName(widgets[0].text())
    return g


class SettingsBar(QWidget):
    """The conversation's provider, model, reasoning effort and, under Advanced, the rest."""

    changed = Signal()
    model_followed = Signal(str, str, object)  # provider, model, ModelInfo: what the model can take

    def __init__(self, providers: list[Provider], models_for: Callable[[str], list[str]], parent: QWidget | None = None,
                 model_info: Callable[[str, str], "ModelInfo"] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.providers = {p.id: p for p in providers}
        self.models_for = models_for
        self.model_info = model_info  # what is known of a model (catalog cache, family table)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        head = QHBoxLayout()
        self.title = ElidedLabel(self)  # a long title ends in "…" rather than widening the window
        self.title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        head.addWidget(self.title, 1)
        self.meta = PlainLabel(self)  # the conversation's cost, and how full the context is
        self.meta.setObjectName("Footer")
        head.addWidget(self.meta)
        outer.addLayout(head)
        row = FlowLayout()  # wraps onto a second row in a narrow window rather than squeezing
        self.provider = QComboBox(self)
        for p in providers:
            self.provider.addItem(p.name, p.id)
        self.provider.setToolTip(tr("Provider"))
        self.model = LazyCombo(self)
        self.model.setEditable(True)
        self.model.setMinimumWidth(200)
        self.model.setToolTip(tr("Model (type any id the provider knows)"))
        self.pick = QToolButton(self)
        self.pick.setText("…")
        self.pick.setAccessibleName(tr("Browse models"))
        self.pick.setToolTip(tr("Browse the provider's models: context, prices, capabilities (Ctrl+M)"))
        self.effort = QComboBox(self)
        self.effort.setToolTip(tr("Reasoning effort"))
        self.tools_button = QToolButton(self)
        self.tools_button.setText(tr("Tools"))
        self.tools_button.setToolTip(tr("Function tools the model may call"))
        self.web_button = QToolButton(self)
        self.web_button.setText(tr("Web"))
        self.web_button.setCheckable(True)
        self.web_button.setToolTip(tr("Let the model search the web; its sources are listed under the answer"))
        self.web_button.toggled.connect(self._web_toggled)
        self.tools: list[dict] = []  # the switched-on tools (full definitions)
        self.mcp: list[str] = []  # MCP servers ("demo") or single tools ("demo/calculate") offered
        self.tool_choice: str | None = None
        self.parallel: bool | None = None
        self.advanced = QToolButton(self)
        self.advanced.setText(tr("Advanced"))
        self.advanced.setCheckable(True)
        # A label stays with its control when the row wraps.
        self.chat_only = [_group(self, PlainLabel(tr("Provider"), self), self.provider),
                          _group(self, PlainLabel(tr("Model"), self), self.model, self.pick),
                          _group(self, PlainLabel(tr("Effort"), self), self.effort), self.tools_button, self.web_button]
        self.compare_label = ElidedLabel(self)  # in a comparison the columns have the models
        # Preferred, not Ignored: the flow layout then offers it the whole text's width, and it
        # ends in "…" only where the row is narrower.
        self.compare_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.compare_label.hide()
        for w in (*self.chat_only, self.compare_label, self.advanced):
            row.addWidget(w)
        self.show_comparison = QToolButton(self)
        self.show_comparison.setText(tr("Show the comparison"))
        self.show_comparison.setToolTip(tr("This chat began as a comparison: see every column again"))
        self.show_comparison.hide()
        row.addWidget(self.show_comparison)
        outer.addLayout(row)
        self.more = QWidget(self)
        adv = FlowLayout(self.more)
        adv.setContentsMargins(0, 4, 0, 0)
        self.system = QLineEdit(self.more)
        self.system.setPlaceholderText(tr("System prompt (optional)"))
        self.system.setAccessibleName(tr("System prompt"))
        self.system.setMinimumWidth(240)
        self.max_tokens = QSpinBox(self.more)
        self.max_tokens.setRange(0, 1_000_000)
        self.max_tokens.setSpecialValueText(tr("default"))
        self.max_tokens.setSingleStep(256)
        self.temperature = QDoubleSpinBox(self.more)
        self.temperature.setRange(-0.1, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setSpecialValueText(tr("default"))
        self.temperature.setValue(-0.1)
        self.top_p = QDoubleSpinBox(self.more)
        self.top_p.setRange(-0.05, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setSpecialValueText(tr("default"))
        self.top_p.setValue(-0.05)
        self.max_tokens.setAccessibleName(tr("Max output tokens"))
        for label, box in ((tr("System"), self.system), (tr("Max tokens"), self.max_tokens), (tr("Temperature"), self.temperature),
                           (tr("Top p"), self.top_p)):
            adv.addWidget(_group(self.more, PlainLabel(label, self.more), box))
        self.preset = QComboBox(self.more)
        self.preset.setToolTip(tr("A named system prompt and parameters: choosing one sets them here"))
        self.preset.setAccessibleName(tr("Preset"))
        self.save_preset = QToolButton(self.more)
        self.save_preset.setText(tr("Save as preset…"))
        self.save_preset.setToolTip(tr("Keep the system prompt and parameters set here under a name"))
        adv.addWidget(_group(self.more, PlainLabel(tr("Preset"), self.more), self.preset, self.save_preset))
        self.params_button = QToolButton(self.more)
        self.params_button.setText(tr("Parameters…"))
        self.params_button.setToolTip(tr("Seed, stop sequences, penalties, logit bias, log probabilities, JSON answers"))
        adv.addWidget(self.params_button)
        self.params: dict[str, Any] = {}  # seed, stop, penalties, logit_bias, logprobs, response_format (params_dialog.PARAMS)
        self.more.hide()
        outer.addWidget(self.more)
        self.advanced.toggled.connect(self.more.setVisible)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.model.editTextChanged.connect(lambda _: self.follow_model())

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        # The rows wrap with the width: reserve the height they take, or a short window would
        # lay the transcript over the second row.
        super().resizeEvent(e)
        lay = self.layout()
        if lay is not None:
            h = lay.totalHeightForWidth(self.width())
            if h > 0 and h != self.minimumHeight():
                self.setMinimumHeight(h)

    def set_compare(self, columns: int | None, sweep_of: str | None = None) -> None:
        """A comparison (``columns`` models, or one model's efforts) shows no model controls: the
        shared ones stay under Advanced."""
        for w in self.chat_only:
            w.setVisible(columns is None)
        self.compare_label.setVisible(columns is not None)
        if columns is not None:
            what = (tr("{model} at %n reasoning effort(s)", columns).format(model=sweep_of) if sweep_of
                    else tr("%n model(s)", columns))
            self.compare_label.setText(tr('Comparing {what} · system prompt, max tokens and sampling under Advanced apply to every column').format(what=what))

    def _provider_changed(self) -> None:
        pid = self.provider.currentData()
        p = self.providers.get(pid)
        current = self.model.currentText()
        self.model.clear()
        self.model.fill = lambda pid=pid: self.models_for(pid)  # listed when the menu first opens
        if current and pid == getattr(self, "_last_pid", pid):
            self.model.setEditText(current)
        self._last_pid = pid
        self._fill_effort(efforts_for(p.dialect if p else "generic"))

    def set_providers(self, providers: list[Provider]) -> None:
        """A provider was added, changed or removed in Settings: the box follows, the choice stays
        where it still exists."""
        current = self.provider.currentData()
        self.providers = {p.id: p for p in providers}
        self.provider.blockSignals(True)
        self.provider.clear()
        for p in providers:
            self.provider.addItem(p.name, p.id)
        i = self.provider.findData(current)
        self.provider.setCurrentIndex(max(0, i))
        self.provider.blockSignals(False)
        if i < 0:
            self._provider_changed()
        else:
            self.follow_model()  # its dialect may have changed

    def set_settings(self, cs: ChatSettings) -> None:
        i = self.provider.findData(cs.provider)
        self.provider.setCurrentIndex(max(0, i))
        self._provider_changed()
        self.model.setEditText(cs.model)
        self.follow_model()
        i = self.effort.findData(cs.effort)
        self.effort.setCurrentIndex(max(0, i))
        self.system.setText(cs.system or "")
        self.max_tokens.setValue(cs.max_tokens or 0)
        self.temperature.setValue(cs.temperature if cs.temperature is not None else -0.1)
        self.top_p.setValue(cs.top_p if cs.top_p is not None else -0.05)
        self.set_tools(list(cs.tools), cs.tool_choice, cs.parallel_tool_calls, list(cs.mcp or []))
        self.set_params({k: getattr(cs, k) for k in ChatSettings.ADVANCED if getattr(cs, k) not in (None, [], {})})

    def _fill_effort(self, levels: tuple[str, ...], no_reasoning: str | None = None) -> None:
        """The effort box: "default" and ``levels``, the choice kept where it still exists;
        disabled, saying why, for a model that does not reason."""
        current = self.effort.currentData()
        self.effort.blockSignals(True)
        self.effort.clear()
        self.effort.addItem(tr("default"), None)
        for level in levels:
            self.effort.addItem(effort_name(level), level)
        self.effort.setEnabled(no_reasoning is None)
        self.effort.setToolTip(tip(tr('{no_reasoning} does not reason').format(no_reasoning=no_reasoning)) if no_reasoning else tr("Reasoning effort"))
        self.effort.setCurrentIndex(max(0, self.effort.findData(current)))
        self.effort.blockSignals(False)

    def follow_model(self) -> None:
        """The controls follow what the model can take; the user's values stay, only unsent."""
        if self.model_info is None:
            return
        pid, mid = self.provider.currentData(), self.model.currentText().strip()
        if not pid or not mid:
            return
        info = self.model_info(pid, mid)
        p = self.providers.get(pid)
        self._fill_effort(efforts_for(p.dialect if p else "generic", info), mid if info.reasoning is False else None)
        for name, box in (("temperature", self.temperature), ("top_p", self.top_p)):
            ok = info.takes(name) is not False
            box.setEnabled(ok)
            box.setToolTip(tip("" if ok else tr('{mid} does not take {name}: it is not sent').format(mid=mid, name=name)))
        dialect = p.dialect if p else "generic"
        web = dialect == "openrouter" or (dialect == "openai" and info.takes("web_search_options") is not False)
        self.web_button.setEnabled(web)
        self.web_button.setToolTip(tip(tr("Let the model search the web; its sources are listed under the answer") if web else
                                       tr("Web search is offered through OpenRouter (any model) and OpenAI's search models")))
        ok = info.tools is not False and info.takes("tools") is not False
        self.tools_button.setEnabled(ok)
        self.tools_button.setToolTip(tip(tr("Function tools the model may call") if ok else tr('{mid} cannot call tools').format(mid=mid)))
        self.info = info
        self.model_followed.emit(pid, mid, info)

    def show_meta(self, cost: float | None, prompt_tokens: int | None, known_cost: bool) -> None:
        """The conversation's cost so far, and how full the model's context is."""
        bits = []
        if cost is not None:
            bits.append(usd(cost) if known_cost else tr("{cost} + unknown").format(cost=usd(cost)))
        elif not known_cost:
            bits.append(tr("cost unknown"))
        info = getattr(self, "info", None)
        warn = False
        if prompt_tokens and info is not None and info.context_length:
            share = prompt_tokens / info.context_length
            warn = share > 0.8
            context = tr("context {share:.0%} of {size}k").format(share=share, size=info.context_length // 1000)
            bits.append(tr("{context} (nearly full)").format(context=context) if warn else context)
        self.meta.setText(" · ".join(bits))
        self.meta.setStyleSheet("color: #b42318;" if warn else "")

    def set_tools(self, tools: list[dict], choice: str | None, parallel: bool | None, mcp: list[str] | None = None) -> None:
        """The switched-on function tools, how they are called, and the MCP servers (or their
        single tools) offered."""
        self.tools, self.tool_choice, self.parallel = tools, choice, parallel
        if mcp is not None:
            self.mcp = list(mcp)
        n = len(tools) + len(self.mcp)
        self.tools_button.setText(tr('Tools ({n})').format(n=n) if n else tr("Tools"))

    def set_presets(self, names: list[str]) -> None:
        """The presets to choose from (the choice is an action: the box goes back to "choose")."""
        self.preset.blockSignals(True)
        self.preset.clear()
        self.preset.addItem(tr("choose…"), None)
        for n in names:
            self.preset.addItem(tr(n), n)  # a built-in's name translated; the user's own as written
        self.preset.blockSignals(False)

    def apply_settings(self, cs: ChatSettings) -> None:
        """What a preset sets: the system prompt, effort, sampling and the parameters (the model stays)."""
        self.system.setText(cs.system or "")
        self.max_tokens.setValue(cs.max_tokens or 0)
        self.temperature.setValue(cs.temperature if cs.temperature is not None else -0.1)
        self.top_p.setValue(cs.top_p if cs.top_p is not None else -0.05)
        self.effort.setCurrentIndex(max(0, self.effort.findData(cs.effort)))
        self.set_params({k: getattr(cs, k) for k in ChatSettings.ADVANCED if getattr(cs, k) not in (None, [], {})})

    def _web_toggled(self, on: bool) -> None:
        params = dict(self.params)
        if on:
            params["web"] = params.get("web") or {"on": True}
        else:
            params.pop("web", None)
        self.set_params(params)

    def set_params(self, params: dict[str, Any]) -> None:
        """The parameters of Advanced ▸ Parameters… (those that are set)."""
        self.params = {k: v for k, v in params.items() if v not in (None, [], {})}
        self.web_button.blockSignals(True)
        self.web_button.setChecked("web" in self.params)
        self.web_button.blockSignals(False)
        n = len(self.params)
        self.params_button.setText(tr('Parameters ({n})…').format(n=n) if n else tr("Parameters…"))

    def settings(self) -> ChatSettings:
        t = self.temperature.value()
        return ChatSettings(
            provider=self.provider.currentData(), model=self.model.currentText().strip(),
            effort=self.effort.currentData(), system=self.system.text().strip() or None,
            temperature=None if t < 0 else round(t, 2), max_tokens=self.max_tokens.value() or None,
            top_p=None if self.top_p.value() < 0 else round(self.top_p.value(), 2), tools=list(self.tools), tool_choice=self.tool_choice, parallel_tool_calls=self.parallel,
            mcp=list(self.mcp) or None, **self.params,
        )
