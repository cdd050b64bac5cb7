"""The window's model picker and function-tools dialog, and the favourites they keep."""

from __future__ import annotations



class ChoosersRoom:
    """The model picker and the tools dialog. A part of MainWindow (window/frame.py), which owns the attributes
    used here."""

    def pick_model(self) -> None:
        from ponder.ui.model_picker import ModelPicker

        pid = self.bar.provider.currentData()
        catalog = self.service.models
        recent = self.history.recent_models(pid)
        models, note = catalog.for_picker(pid, list(dict.fromkeys(recent + self.bar.models_for(pid))))
        ui = self.provider_service.settings.ui if self.provider_service else {}
        favourites = [k.split(":", 1)[1] for k in ui.get("favourite_models", []) if k.startswith(pid + ":")]
        picker = ModelPicker(models, favourites, recent, self.bar.model.currentText(), note, self)
        picker.favourite_toggled.connect(lambda mid, on: self._favourite(pid, mid, on))

        def refreshed(provider_id: str, problem: str) -> None:
            if provider_id == pid:
                picker.refreshed(catalog.listed(pid) or [], problem)

        catalog.refreshed.connect(refreshed)
        picker.refresh_requested.connect(lambda: catalog.refresh(pid, force=True))
        picker.finished.connect(lambda _: catalog.refreshed.disconnect(refreshed))
        if self.provider_service is not None:
            ps = self.provider_service
            picker.override_changed.connect(lambda mid, o: (ps.set_override(pid, mid, o), self.bar.follow_model()))
        if picker.exec() == ModelPicker.DialogCode.Accepted and picker.chosen:
            self.bar.model.setEditText(picker.chosen)

    def _favourite(self, pid: str, mid: str, on: bool) -> None:
        if self.provider_service is None:
            return
        favs = list(self.provider_service.settings.ui.get("favourite_models", []))
        key = f"{pid}:{mid}"
        favs = favs + [key] if on and key not in favs else [f for f in favs if f != key]
        self.provider_service.set_ui("favourite_models", favs)

    def open_tools(self) -> None:
        from ponder.ui.tools_dialog import ToolsDialog

        library = self.provider_service.settings.tools if self.provider_service else list(self.bar.tools)
        d = ToolsDialog(library, [t["name"] for t in self.bar.tools], self.bar.tool_choice, self.bar.parallel, self)
        if d.exec() != ToolsDialog.DialogCode.Accepted:
            return
        library, enabled, choice, parallel = d.result()
        if self.provider_service is not None:
            self.provider_service.set_tools(library)
        self.bar.set_tools([t for t in library if t["name"] in enabled], choice, parallel)
        if self.cid:
            self.service.update_settings(self.cid, self.bar.settings())
