"""Images in the window: the composer's attachment strip (thumbnails, remove, what will be sent),
thumbnails under a message, and a larger preview on click."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from ponder.ui.safe import PlainLabel, tip
from ponder.core.answers.attachments import Attachment, human_bytes
from ponder.ui.i18n import tr

THUMB = 56


def _pixmap(data: bytes, size: int) -> QPixmap:
    from ponder.services.image_codec import thumbnail

    img = thumbnail(data, size)
    return QPixmap.fromImage(img) if not img.isNull() else QPixmap()


class ImagePreview(QDialog):
    """An image at up to the screen's size, with what it is."""

    def __init__(self, data: bytes, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(caption)
        lay = QVBoxLayout(self)
        img = QImage()
        img.loadFromData(data)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableSize() * 0.85 if screen is not None else QSize(1200, 800)
        label = PlainLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if img.isNull():
            label.setText(tr("This image cannot be shown: its file is damaged or gone."))
        else:
            if img.width() > room.width() or img.height() > room.height():
                img = img.scaled(room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(QPixmap.fromImage(img))
        area = QScrollArea(self)
        area.setWidget(label)
        area.setWidgetResizable(True)
        lay.addWidget(area, 1)
        info = PlainLabel(caption, self)
        info.setObjectName("Footer")
        lay.addWidget(info)
        self.resize(min(room.width(), max(320, img.width() + 40)), min(room.height(), max(240, img.height() + 70)))


class AttachmentStrip(QWidget):
    """The images waiting in the composer: a thumbnail each (click: preview, ×: remove), how they
    will be sent, and a warning when the model does not take images."""

    removed = Signal(int)
    size_changed = Signal(str)
    detail_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 6, 16, 0)
        lay.setSpacing(6)
        self.thumbs = QHBoxLayout()
        self.thumbs.setSpacing(4)
        lay.addLayout(self.thumbs)
        col = QVBoxLayout()
        col.setSpacing(2)
        self.info = PlainLabel(self)
        self.info.setObjectName("Footer")
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        col.addWidget(self.info)
        self.warning = PlainLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b42318;")
        self.warning.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.warning.hide()
        col.addWidget(self.warning)
        lay.addLayout(col, 1)
        self.size = QComboBox(self)
        for label, mode in ((tr("Balanced (≤1568 px)"), "balanced"), (tr("Small (≤512 px)"), "small"), (tr("Original size"), "original")):
            self.size.addItem(label, mode)
        self.size.setToolTip(tr("How images are sent: balanced keeps text readable at a fraction of the tokens"))
        self.size.activated.connect(lambda _: self.size_changed.emit(self.size.currentData()))
        self.detail = QComboBox(self)
        for d in ("auto", "low", "high"):
            self.detail.addItem(tr('detail: {d}').format(d=d), d)
        self.detail.setToolTip(tr("The detail the provider is asked to look at the images with (OpenAI's low costs 85 tokens)"))
        self.detail.activated.connect(lambda _: self.detail_changed.emit(self.detail.currentData()))
        lay.addWidget(self.size, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.detail, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_images(self, images: list[Attachment], tokens: Callable[[Attachment], int | None], warning: str = "") -> None:
        while self.thumbs.count():
            item = self.thumbs.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for i, im in enumerate(images):
            b = QToolButton(self)
            if im.mime == "application/pdf":
                b.setText(tr("PDF"))
                b.setFixedSize(THUMB, THUMB)
            else:
                b.setIcon(QIcon(_pixmap(im.data, THUMB)))
                b.setIconSize(QSize(THUMB, THUMB))
            b.setToolTip(tip(tr('{v0}: {v2}\nClick to preview; right click or Delete to remove').format(v0=im.filename or tr('Pasted image'), v2=im.describe(tokens(im)))))
            b.setAccessibleName(tr('Attached: {v1}').format(v1=im.filename or tr('pasted image')))
            b.setAccessibleDescription(im.describe(tokens(im)))
            if im.mime != "application/pdf":
                b.clicked.connect(lambda _=False, im=im: ImagePreview(im.data, (im.filename or tr("Pasted image")) + " · " + im.describe(), self).exec())
            b.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            b.customContextMenuRequested.connect(lambda _p, i=i: self.removed.emit(i))
            x = QToolButton(self)
            x.setText("×")
            x.setToolTip(tr("Remove this image"))
            x.setAccessibleName(tr('Remove {v1}').format(v1=im.filename or tr('the pasted image')))
            x.setObjectName(f"remove-{i}")
            x.clicked.connect(lambda _=False, i=i: self.removed.emit(i))
            holder = QWidget(self)
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            hl.setSpacing(0)
            hl.addWidget(b)
            hl.addWidget(x, 0, Qt.AlignmentFlag.AlignHCenter)
            self.thumbs.addWidget(holder)
        if images:
            total = sum(len(im.data) for im in images)
            known = [tokens(im) for im in images]
            head = tr("{images} · {size} to send").format(images=tr("%n image(s)", len(images)), size=human_bytes(total))
            if all(t is not None for t in known):
                head += " · ~" + tr("%n image token(s)", sum(t for t in known if t))
            self.info.setText(head + "\n" + "; ".join(im.describe() for im in images))
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        self.setVisible(bool(images or warning))
        self.size.setVisible(bool(images))
        self.detail.setVisible(bool(images))


class MessageImages(QWidget):
    """Thumbnails under a message; a click opens the image larger."""

    def __init__(self, images: list, parent: QWidget | None = None, left: bool = False) -> None:  # list[StoredImage]
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        if not left:  # under the user's bubble, on its side
            lay.addStretch(1)
        for im in images:
            data = im.read()
            b = QToolButton(self)
            side = min(120, max(im.width or 120, im.height or 120))  # a small image is not blown up into a big empty button
            b.setIconSize(QSize(side, side))
            caption = f"{im.filename or 'image'} · {im.width}×{im.height} · {human_bytes(im.size or 0)}"
            b.setAccessibleName(tr('Image: {v1}').format(v1=im.filename or 'image'))
            b.setAccessibleDescription(caption)
            if im.mime == "application/pdf":
                b.setText(tr('PDF: {v1}').format(v1=im.filename or 'document'))
                b.setToolTip(tip(tr('{filename} · {v2} (click to open)').format(filename=im.filename, v2=human_bytes(im.size or 0))))
                b.clicked.connect(lambda _=False, path=im.path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
            elif data is None:
                b.setText(tr("image missing"))
                b.setToolTip(tip(tr('{caption}: its file is gone from {parent}').format(caption=caption, parent=im.path.parent)))
            else:
                b.setIcon(QIcon(_pixmap(data, 120)))
                b.setToolTip(tip(caption + tr(" (click to open larger)")))
                b.clicked.connect(lambda _=False, d=data, c=caption: ImagePreview(d, c, self).exec())
            lay.addWidget(b)
        if left:
            lay.addStretch(1)
