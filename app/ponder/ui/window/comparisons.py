"""The window's comparisons: choosing the models, a new comparison waiting for its prompt, the
columns' follow-ups, one column asked again, and going on with one answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from ponder.ui.i18n import tr

if TYPE_CHECKING:
    from ponder.core.answers.columns import Column
    from ponder.ui.compare_view import CompareView


class ComparisonsRoom:
    """Comparisons in the window. A part of MainWindow (window/frame.py), which owns the attributes
    used here."""

    def _compare(self) -> "CompareView":
        if self.compare_view is None:
            from ponder.ui.compare_view import CompareView

            def name(pid: str) -> str:
                p = self.bar.providers.get(pid)
                return p.name if p else pid

            v = self.compare_view = CompareView(self.renderer, name, options=self.options)
            v.stop_answer.connect(self.service.stop_message)
            v.retry_answer.connect(self.retry_column)
            v.choose_answer.connect(self.continue_with)
            v.copied.connect(lambda what: self.statusBar().showMessage(what, 2500))
            v.edit_models.connect(self.new_comparison)
            self.stack.addWidget(v)
        return self.compare_view

    def _show_comparison(self, c) -> None:  # type: ignore[no-untyped-def]
        from ponder.core.answers.columns import Column, column_threads

        cols = [Column.from_dict(d) for d in c.settings.get("columns") or []]
        self._set_view("compare")
        from ponder.core.answers.columns import is_sweep

        self.bar.set_compare(len(cols), cols[0].model if is_sweep(cols) else None)
        if c.kind != "compare":
            self.bar.title.setText(tr('{v0} · the comparison it began with').format(v0=c.title or 'Untitled'))
        threads = column_threads(self.history.messages(c.id), [x.key for x in cols])
        first = next((t[0] for t in threads.values() if t), None)
        self._compare().load(cols, threads, self.service.streaming_message, first.content if first else None, editable=False, cid=c.id)
        self._show_meta(c, [])

    def new_comparison(self) -> None:
        """Choose 2 to 8 models; the next prompt goes to all of them."""
        from ponder.core.answers.columns import Column
        from ponder.ui.compare_dialog import CompareDialog

        ps = self.provider_service
        if self.view_mode == "compare" and self.cid is None and self.pending_columns:
            start = self.pending_columns
        elif ps is not None and ps.settings.last_model_set:
            start = [Column.from_dict(d) for d in ps.settings.last_model_set]
        else:
            d = self.defaults
            start = [Column(d.provider, d.model), Column(d.provider, "")]
        models_for = lambda pid: list(dict.fromkeys(self.history.recent_models(pid) + self.bar.models_for(pid)))  # noqa: E731
        dialog = CompareDialog(list(self.bar.providers.values()), models_for, start,
                               ps.settings.model_sets if ps else {}, ps.settings.compare_local_parallel if ps else False,
                               self, save_set=ps.save_model_set if ps else None, model_info=self.bar.model_info)
        if dialog.exec() != CompareDialog.DialogCode.Accepted:
            return
        if ps is not None:
            ps.set_compare_local_parallel(dialog.local_parallel.isChecked())
            ps.remember_model_set([c.to_dict() for c in dialog.result_columns])
        self.service.local_parallel = dialog.local_parallel.isChecked()
        self.start_comparison(dialog.result_columns)

    def compare_efforts(self) -> None:
        """The bar's model at every reasoning effort it offers, side by side (a sweep)."""
        from ponder.core.answers.columns import sweep
        from ponder.core.wire.protocol import efforts_for

        pid, model = self.bar.provider.currentData(), self.bar.model.currentText().strip()
        p = self.bar.providers.get(pid)
        info = self.service.models.info(pid, model) if model else None
        try:
            cols = sweep(pid, model, efforts_for(p.dialect if p else "generic", info))
        except ValueError as e:
            self.statusBar().showMessage(str(e), 8000)
            return
        self.start_comparison(cols)
        self.statusBar().showMessage(tr('{model} at {v2} reasoning efforts: ask once, see what more reasoning buys').format(model=model, v2=len(cols)), 6000)

    def start_comparison(self, columns: list["Column"]) -> None:
        """A new comparison with these columns, waiting for its prompt."""
        from ponder.core.answers.columns import with_keys

        self._save_draft()
        if self.cid is not None:
            self._switch_images(self.cid, None)
        self.cid = None
        self.sidebar.set_current(None)
        self.pending_columns = with_keys(columns)
        self._set_view("compare")
        from ponder.core.answers.columns import is_sweep

        self.bar.set_compare(len(columns), columns[0].model if is_sweep(columns) else None)
        self.bar.show_comparison.hide()
        self.bar.title.setText(tr("New comparison"))
        self.bar.meta.clear()
        self._compare().load(self.pending_columns, {}, self.service.streaming_message, None, editable=True)
        self.composer.set_streaming(False)
        self.composer.edit.setFocus()

    def retry_column(self, mid: str) -> None:
        if self.cid:
            self.service.retry_column(self.cid, mid)

    def continue_with(self, mid: str) -> None:
        """The chosen column's answer becomes the chat's; the chat goes on with its model."""
        if not self.cid:
            return
        cid = self.cid
        cs = self.service.continue_with(cid, mid)
        QTimer.singleShot(0, lambda: self.open_conversation(cid, view="chat"))  # not inside the button's own click
        self.statusBar().showMessage(tr('Continuing with {model}: the other columns are alternatives of this answer (‹ ›)').format(model=cs.model), 5000)

    def _send_compare(self, text: str) -> None:
        images = list(self.composer.images)
        try:
            if self.cid is None:
                self.cid = self.service.compare(None, text, self.pending_columns, base=self.bar.settings(), images=images)
                self.pending_columns = None
            else:
                self.service.compare(self.cid, text, images=images)
        except ValueError as e:
            self.statusBar().showMessage(str(e), 5000)
            return
        self.composer.clear_images()
        self.composer.edit.clear()
        self.history.set_draft(None, "")
        self.sidebar.set_current(self.cid)
        self.composer.set_streaming(True)
        self._reload_soon(self.cid)
