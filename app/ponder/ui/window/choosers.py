"""The window's model picker and function-tools dialog, and the favourites they keep."""

from __future__ import annotations

from ponder.ui.i18n import tr


class ChoosersRoom:
    """The model picker and the tools dialog. A part of MainWindow (window/frame.py), which owns the attributes
    used here."""

    def picker_providers(self) -> list[str]:
        """The providers the picker can list together: the bar's current one, and every one the
        user enabled or has a key for (a local server only once enabled: it may not be running)."""
        current = self.bar.provider.currentData()
        enabled = set(self.provider_service.settings.enabled_providers) if self.provider_service else set()
        keys = self.service.keys
        return [p.id for p in self.bar.providers.values()
                if p.id == current or p.id in enabled or (p.needs_key and keys.lookup(p)[0])]

    def pick_model(self) -> None:
        from ponder.ui.model_picker import ModelPicker

        current = self.bar.provider.currentData()
        catalog = self.service.models
        pids = self.picker_providers()
        names = {pid: self.bar.providers[pid].name for pid in pids}
        ui = self.provider_service.settings.ui if self.provider_service else {}
        recent = [f"{pid}:{m}" for pid in [current] + [p for p in pids if p != current]
                  for m in self.history.recent_models(pid)]
        scope = "" if ui.get("picker_all") and len(pids) > 1 else current
        picker = ModelPicker(names, scope, (current, self.bar.model.currentText().strip()),
                             list(ui.get("favourite_models", [])), recent, self)
        filled: set[str] = set()

        def fill(scope: str, again: bool = False) -> None:
            for pid in ([scope] if scope else pids):
                if pid not in filled or again:
                    filled.add(pid)
                    known = [k.split(":", 1)[1] for k in recent if k.startswith(pid + ":")] + self.bar.models_for(pid)
                    models, note = catalog.for_picker(pid, list(dict.fromkeys(known)))
                    picker.set_models(pid, models, note)

        def refreshed(provider_id: str, problem: str) -> None:
            if provider_id in filled:
                picker.set_models(provider_id, catalog.listed(provider_id) or [], problem)

        def scope_changed(scope: str) -> None:
            fill(scope)
            if self.provider_service is not None and len(pids) > 1:
                self.provider_service.set_ui("picker_all", not scope, notify=False)

        fill(scope)
        picker.scope_changed.connect(scope_changed)
        picker.favourite_toggled.connect(self._favourite)
        catalog.refreshed.connect(refreshed)
        picker.refresh_requested.connect(lambda pid: catalog.refresh(pid, force=True))
        picker.finished.connect(lambda _: catalog.refreshed.disconnect(refreshed))
        if self.provider_service is not None:
            ps = self.provider_service

            def override(pid: str, mid: str, o: object) -> None:
                ps.set_override(pid, mid, o)  # type: ignore[arg-type]
                if o is None:  # back to what the provider says
                    fill(pid, again=True)
                self.bar.follow_model()

            picker.override_changed.connect(override)
        if picker.exec() == ModelPicker.DialogCode.Accepted and picker.chosen:
            pid, mid = picker.chosen
            if pid != self.bar.provider.currentData():
                self.bar.provider.setCurrentIndex(self.bar.provider.findData(pid))
            self.bar.model.setEditText(mid)
            if picker.sweep:
                self.compare_efforts()  # (window/comparisons.py)

    def _favourite(self, pid: str, mid: str, on: bool) -> None:
        if self.provider_service is None:
            return
        favs = list(self.provider_service.settings.ui.get("favourite_models", []))
        key = f"{pid}:{mid}"
        favs = favs + [key] if on and key not in favs else [f for f in favs if f != key]
        self.provider_service.set_ui("favourite_models", favs, notify=False)

    def _fill_presets(self) -> None:
        from ponder.core.answers.presets import presets

        own = self.provider_service.settings.presets if self.provider_service is not None else {}
        self.bar.set_presets(list(presets(own)))

    def choose_preset(self, index: int) -> None:
        """A preset's system prompt and parameters, set in the bar (and kept with the conversation)."""
        from ponder.core.answers.presets import apply, presets

        name = self.bar.preset.itemData(index)
        self.bar.preset.setCurrentIndex(0)
        own = self.provider_service.settings.presets if self.provider_service is not None else {}
        chosen = presets(own).get(name) if name else None
        if chosen is None:
            return
        self.bar.apply_settings(apply(self.bar.settings(), chosen))
        if self.cid:
            self.service.update_settings(self.cid, self.bar.settings())
        self.statusBar().showMessage(tr("Preset {name}: its system prompt and parameters are set (Advanced)").format(name=tr(name)), 5000)

    def save_preset(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ponder.core.answers.presets import capture

        ps = self.provider_service
        if ps is None:
            return
        name, ok = QInputDialog.getText(self, tr("Save as preset"), tr("Name for the system prompt and parameters set now"))
        name = name.strip()[:60]
        if not ok or not name:
            return
        ps.save_preset(name, capture(self.bar.settings()))
        self._fill_presets()
        self.statusBar().showMessage(tr("Saved as preset {name}").format(name=name), 4000)

    def open_params(self) -> None:
        """Advanced ▸ Parameters…: kept with the conversation, gated by what the model takes."""
        from ponder.ui.params_dialog import ParamsDialog

        info = getattr(self.bar, "info", None)
        ps = self.provider_service
        schemas = dict(ps.settings.ui.get("json_schemas") or {}) if ps is not None else {}
        d = ParamsDialog(dict(self.bar.params), (lambda p: info.takes(p)) if info is not None else (lambda p: None),
                         self.bar.model.currentText().strip(), schemas,
                         (lambda kept: ps.set_ui("json_schemas", kept, notify=False)) if ps is not None else None, self,
                         dialect=getattr(self.bar.providers.get(self.bar.provider.currentData()), "dialect", "generic"))
        accepted = d.exec() == ParamsDialog.DialogCode.Accepted
        d.deleteLater()
        if not accepted:
            return
        self.bar.set_params(d.result_params)
        if self.cid:
            self.service.update_settings(self.cid, self.bar.settings())

    def open_tools(self) -> None:
        from ponder.ui.tools_dialog import ToolsDialog

        library = self.provider_service.settings.tools if self.provider_service else list(self.bar.tools)
        d = ToolsDialog(library, [t["name"] for t in self.bar.tools], self.bar.tool_choice, self.bar.parallel, self,
                        mcp=self.bar.mcp, tools_service=self.service.tools)
        accepted = d.exec() == ToolsDialog.DialogCode.Accepted
        d.deleteLater()  # it listens to the servers' states: not kept once closed
        if not accepted:
            return
        library, enabled, choice, parallel = d.result()
        if self.provider_service is not None:
            self.provider_service.set_tools(library)
        self.bar.set_tools([t for t in library if t["name"] in enabled], choice, parallel, d.mcp())
        self._warm_mcp()
        if self.cid:
            self.service.update_settings(self.cid, self.bar.settings())
