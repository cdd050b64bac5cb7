"""The window's message actions: send (with the images check), edit and resend, delete, stop,
regenerate, tool results, copy; and images dropped anywhere on the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from ponder.ui.safe import message
from ponder.ui.i18n import tr

if TYPE_CHECKING:
    from ponder.core.models import ModelInfo
    from ponder.ui.message import MessageWidget


class MessagesRoom:
    """What a user does to messages. A part of MainWindow (window/frame.py), which owns the attributes
    used here."""

    def _hook(self, w: MessageWidget) -> None:
        w.retry.connect(self.retry)
        w.navigate.connect(self.navigate)
        w.tool_result.connect(self.tool_result)
        tools = self.service.tools
        if tools is not None:
            w.tool_decision.connect(lambda mid, call, approval, reason: tools.decide(mid, call, approval, reason))
            w.tool_stop.connect(tools.stop)
            w.tool_decide_all.connect(tools.decide_all)
            r = tools.rounds.get(w.message.id)
            if r is not None:
                w.show_round(r)
        w.copied.connect(lambda what: self.statusBar().showMessage(what, 2500))
        w.resend.connect(self.resend)
        w.delete.connect(self.delete_message)

    def _model_followed(self, pid: str, mid: str, info: "ModelInfo") -> None:
        from ponder.core.answers.attachments import accepts_pdf

        p = self.bar.providers.get(pid)
        self.composer.set_model(pid, mid, info.vision, accepts_pdf(pid, p.dialect if p else "generic"))

    def _image_check(self) -> bool:
        """Images go only to a model that takes them; otherwise they stay in the composer."""
        c = self.composer
        if c.refused():
            self.statusBar().showMessage(tr('{model} does not take images: choose a model with vision (Ctrl+M), or remove the images. Nothing was sent.').format(model=c.model), 8000)
            return False
        return True

    def send(self, text: str) -> None:
        if self.view_mode == "compare":
            return self._send_compare(text)
        cs = self.bar.settings()
        if not cs.model:
            self.statusBar().showMessage(tr("Choose a model first"), 4000)
            self.bar.model.setFocus()
            return
        if not self._image_check():
            return
        c = self.composer
        cs.image_size = None if c.image_size == "balanced" else c.image_size
        cs.image_detail = None if c.image_detail == "auto" else c.image_detail
        images = list(c.images)
        c.edit.clear()
        c.clear_images()
        self.history.set_draft(self.cid, "")
        self.cid = self.service.send(self.cid, text, cs, images)
        self.sidebar.set_current(self.cid)
        self.composer.set_streaming(True)
        self._reload_soon(self.cid)  # the new messages, and the answer streaming into its widget

    def resend(self, mid: str, text: str) -> None:
        if self.cid and text.strip():
            self.service.resend(self.cid, mid, text, self.bar.settings())

    def delete_message(self, mid: str, confirm: bool = True) -> None:
        if not self.cid or self.service.streaming(self.cid):
            self.statusBar().showMessage(tr("Stop the answer first"), 3000)
            return
        if confirm and not message(self, tr("Delete message"), tr("Delete this message and the replies below it? This cannot be undone."),
                                   question=True):
            return
        self.history.delete_message(mid)
        self.sidebar.refresh()
        self._reload_soon(self.cid, follow=False)

    def stop(self) -> None:
        tools = self.service.tools
        if self.cid and (self.service.streaming(self.cid) or (tools is not None and tools.busy(self.cid))):
            self.service.stop(self.cid)

    def retry(self, mid: str) -> None:
        if self.cid:
            self.service.retry(self.cid, mid, self.bar.settings())

    def tool_result(self, mid: str, call_id: str, result: str) -> None:
        """One call answered; once every call of the answer has its result, the conversation goes on."""
        if not self.cid:
            return
        got = self._tool_results.setdefault(mid, {})
        got[call_id] = result
        calls = [c.id for c in self.history.message(mid).tool_calls]
        if all(c in got for c in calls):
            del self._tool_results[mid]
            self.statusBar().clearMessage()  # "1 of 2 given" is over
            self.service.reply_to_tools(self.cid, [(c, got[c]) for c in calls], self.bar.settings())
        else:
            self.statusBar().showMessage(tr("{given} of %n tool result(s) given", len(calls)).format(given=len(got)), 4000)

    def copy_last_answer(self) -> None:
        for m in reversed(self.transcript.messages()):
            if m.role == "assistant" and m.content:
                QGuiApplication.clipboard().setText(m.content)
                self.statusBar().showMessage(tr("Last answer copied as markdown"), 2500)
                return

    def dragEnterEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        from ponder.ui.composer import media_of

        if media_of(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        from ponder.ui.composer import media_of

        found = media_of(e.mimeData())
        if found:
            e.acceptProposedAction()
            self.composer.add_media(found)
