"""The composer: Enter sends, Shift+Enter starts a new line, Esc stops a streaming answer.
Images come in by the Attach button, by paste and by drag and drop (here or on the window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QToolButton, QVBoxLayout, QWidget
from ponder.core.answers.attachments import refused_by
from ponder.ui.safe import tip
from ponder.ui.i18n import N_, tr

IMAGE_FILTER = N_("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;All files (*)")  # tr() where a file chooser opens
IMAGE_PDF_FILTER = N_("Images and PDFs (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.pdf);;All files (*)")


def media_of(mime: QMimeData) -> list[tuple[bytes | None, str | None]]:
    """What a paste or a drop carries as images: files (by path) or image data (copied pixels)."""
    out: list[tuple[bytes | None, str | None]] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                out.append((None, url.toLocalFile()))
    if not out and mime.hasImage():
        img = mime.imageData()
        if isinstance(img, QImage) and not img.isNull():
            ba = QByteArray()
            buf = QBuffer(ba)
            buf.open(QIODevice.OpenModeFlag.WriteOnly)
            img.save(buf, "PNG")  # lossless: a screenshot stays readable; prepare() decides what is sent
            out.append((bytes(ba.data()), None))
    return out


class PromptEdit(QPlainTextEdit):
    submit = Signal()
    escape = Signal()
    media = Signal(object)  # list of (bytes or None, path or None)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (e.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submit.emit()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(e)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return bool(media_of(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        found = media_of(source)
        if found:
            self.media.emit(found)  # pasted or dropped images and files go to the attachments, not the text
            return
        super().insertFromMimeData(source)


class Composer(QWidget):
    send = Signal(str)
    stop = Signal()
    problem = Signal(str)  # an image that could not be attached, in words for the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._outer = outer
        self._strip: Any = None  # built with the first image: start-up does not pay for it
        row = QWidget(self)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(16, 8, 16, 12)
        self.attach = QToolButton(row)
        self.attach.setText(tr("Attach"))  # words, not an emoji: not every desktop has an emoji font
        self.attach.setToolTip(tr("Attach images (or paste, or drop them here)"))
        self.attach.clicked.connect(self.choose_files)
        lay.addWidget(self.attach, 0, Qt.AlignmentFlag.AlignTop)
        self.edit = PromptEdit(row)
        self.edit.setPlaceholderText(tr("Ask anything. Enter sends, Shift+Enter adds a line."))
        self.edit.setTabChangesFocus(True)  # Tab moves on (to Send), as in any form; it never types a tab
        self.edit.setAccessibleName(tr("Message"))
        self.edit.setAccessibleDescription(tr("Enter sends, Shift+Enter adds a line, Esc stops the answer"))
        self.edit.setFixedHeight(84)
        self.edit.submit.connect(self._submit)
        self.edit.escape.connect(self.stop)
        self.edit.media.connect(self.add_media)
        lay.addWidget(self.edit, 1)
        self.button = QPushButton(tr("Send"), row)
        self.button.setObjectName("Primary")
        self.button.setMinimumWidth(84)
        self.button.clicked.connect(self._clicked)
        lay.addWidget(self.button)
        outer.addWidget(row)
        self.streaming = False
        self.images: list[Any] = []  # core.images.Attachment, as they will be sent
        self._sources: list[tuple[bytes, str | None]] = []  # what the user gave: re-prepared when the size changes
        self.image_size = "balanced"
        self.image_detail = "auto"
        self.provider, self.model, self.vision = "", "", None
        self.pdf_ok = False  # the provider takes PDFs as file parts
        self._problems: list[str] = []

    # -- images ---------------------------------------------------------------------------------

    @property
    def strip(self) -> Any:
        """The attachment strip above the prompt (an ``AttachmentStrip``)."""
        if self._strip is None:
            from ponder.ui.thumbnails import AttachmentStrip

            strip = self._strip = AttachmentStrip(self)
            self._outer.insertWidget(0, strip)
            strip.size.setCurrentIndex(max(0, strip.size.findData(self.image_size)))
            strip.detail.setCurrentIndex(max(0, strip.detail.findData(self.image_detail)))
            strip.removed.connect(self.remove_image)
            strip.size_changed.connect(self.set_image_size)
            strip.detail_changed.connect(lambda d: setattr(self, "image_detail", d))
        return self._strip

    def choose_files(self) -> None:
        if self.vision is False and not self.pdf_ok:  # say why, rather than a button that does nothing
            self.problem.emit(tr("{model} does not take images: choose a model with vision (Ctrl+M), or mark this one as "
                                 "taking images in the model list").format(model=self.model))
            return
        if self.vision is False:
            paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach PDFs"), "", tr("PDF documents (*.pdf)"))
        else:
            paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach images"), "", tr(IMAGE_PDF_FILTER) if self.pdf_ok else tr(IMAGE_FILTER))
        self.add_media([(None, p) for p in paths])

    def add_media(self, items: list[tuple[bytes | None, str | None]]) -> None:
        """Add images from bytes or files. One that cannot be attached says why; the rest, the
        text and the images already there stay."""
        from PySide6.QtWidgets import QApplication

        from ponder.core.answers.attachments import ImageError
        from ponder.services.image_codec import prepare, read_file

        busy = len(items) > 1  # about 50 ms a photo: several at once show the busy cursor
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for data, path in items:
                name = Path(path).name if path else None
                try:
                    raw = data if data is not None else read_file(path or "")
                    self.images.append(prepare(raw, name, self.image_size, allow_pdf=self.pdf_ok))
                    self._sources.append((raw, name))
                except ImageError as e:
                    self._problems.append(str(e))
                    self.problem.emit(str(e))
        finally:
            if busy:
                QApplication.restoreOverrideCursor()
        self._refresh()
        self._problems = []  # said once; the next change clears it

    def remove_image(self, i: int) -> None:
        if 0 <= i < len(self.images):
            del self.images[i]
            del self._sources[i]
            self._refresh()

    def take_images(self) -> tuple[list[Any], list[Any]]:
        """The waiting images, removed from the composer (to keep with a conversation's draft)."""
        state = (self._sources, self.images)
        self._sources, self.images = [], []
        self._refresh()
        return state

    def restore_images(self, state: tuple[list[Any], list[Any]]) -> None:
        self._sources, self.images = list(state[0]), list(state[1])
        self._refresh()

    def clear_images(self) -> None:
        self.images, self._sources = [], []
        self._refresh()

    def set_image_size(self, mode: str) -> None:
        from ponder.services.image_codec import prepare

        self.image_size = mode
        if self._strip is not None:
            self._strip.size.setCurrentIndex(max(0, self._strip.size.findData(mode)))
        if self._sources:
            self.images = [prepare(data, name, mode, allow_pdf=True) for data, name in self._sources]
            self._refresh()

    def refused(self) -> bool:
        """The model on show is known not to see the images waiting here."""
        return refused_by(self.vision, (a.mime for a in self.images))

    def set_image_options(self, size: str | None, detail: str | None) -> None:
        """The conversation's choices (None: the defaults)."""
        self.image_detail = detail or "auto"
        if self._strip is not None:
            self._strip.detail.setCurrentIndex(max(0, self._strip.detail.findData(self.image_detail)))
        if (size or "balanced") != self.image_size:
            self.set_image_size(size or "balanced")

    def set_model(self, provider: str, model: str, vision: bool | None, pdf_ok: bool = False) -> None:
        """The model the next message goes to: whether it takes images, and how it counts them."""
        self.provider, self.model, self.vision, self.pdf_ok = provider, model, vision, pdf_ok
        # Always clickable: a model that cannot see says so when Attach is clicked.
        if vision is False:
            self.attach.setToolTip(tip(tr("{model} does not take images (says the provider's model list). Choose a model with vision (Ctrl+M), or mark this one as taking images there.").format(model=model)))
        else:
            self.attach.setToolTip(tr("Attach images (or paste, or drop them here)"))
        self._refresh()

    def _refresh(self) -> None:
        if self._strip is None and not self.images and not self._problems:
            return  # nothing to show, and nothing shown yet
        from ponder.core.answers.attachments import estimate_tokens

        warnings = list(self._problems)
        if self.refused():
            warnings.append(tr("{model} does not take images: choose a model with vision to send them (they stay here).").format(
                model=self.model))
        warning = "\n".join(warnings)
        self.strip.show_images(self.images, lambda im: estimate_tokens(self.provider, self.model, im.width, im.height,
                                                                          self.image_detail), warning)

    # -- sending --------------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.streaming:
            return
        text = self.edit.toPlainText()
        if text.strip() or self.images:
            self.send.emit(text)

    def _clicked(self) -> None:
        if self.streaming:
            self.stop.emit()
        else:
            self._submit()

    def set_streaming(self, on: bool) -> None:
        self.streaming = on
        self.button.setText(tr("Stop") if on else tr("Send"))
        self.button.setObjectName("Danger" if on else "Primary")
        self.button.setToolTip(tr("Stop (Esc)") if on else tr("Send (Enter)"))
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)
