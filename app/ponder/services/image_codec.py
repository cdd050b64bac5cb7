"""Decoding, downscaling and re-encoding attached images with QtGui (no QApplication needed).

A photo goes out as JPEG, a screenshot or anything with transparency as PNG: text in a screenshot
stays sharp in PNG at the smaller size, and a photo is a fraction of the bytes in JPEG.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from ponder.core.answers.attachments import PDF, MAX_BYTES, SENDABLE, Attachment, ImageError, human_bytes, sniff, target_size
from ponder.core.words import say

JPEG_QUALITY = 85
# A screenshot, a diagram or a chart has few distinct colours; a photo has thousands. Counted on a
# small nearest-neighbour sample, so the cost does not grow with the image.
_GRAPHIC_COLOURS = 1500


def read_file(path: str | Path) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ImageError(say("{name} is {size}: images over {limit} are not attached").format(
                name=p.name, size=human_bytes(size), limit=human_bytes(MAX_BYTES)))
        return p.read_bytes()
    except OSError as e:
        raise ImageError(say("Could not read {name}: {why}").format(name=p.name, why=e.strerror or e)) from None


def prepare(data: bytes, filename: str | None = None, mode: str = "balanced", allow_pdf: bool = False) -> Attachment:
    """The image as it will be sent: within the mode's size, in a format providers take. A PDF
    goes as it is, where the provider takes files (``allow_pdf``).

    Raises ImageError with a message for the user: too large, not an image, damaged."""
    name = filename or say("The pasted image")
    if len(data) > MAX_BYTES:
        raise ImageError(say("{name} is {size}: files over {limit} are not attached").format(
            name=name, size=human_bytes(len(data)), limit=human_bytes(MAX_BYTES)))
    if data[:5] == b"%PDF-":
        if not allow_pdf:
            raise ImageError(say("{name} is a PDF: this provider takes images only (PDFs go through OpenRouter or OpenAI)").format(name=name))
        if b"%%EOF" not in data[-1024:]:
            raise ImageError(say("{name} is a PDF cut short: the file may be damaged").format(name=name))
        return Attachment(data, PDF, 0, 0, filename or "document.pdf", original_bytes=len(data))
    info = sniff(data)
    # Qt decodes a truncated PNG or JPEG into a half-grey picture (with a warning on stderr):
    # a file cut short is refused here, before the model is shown a broken image.
    truncated = info is not None and (
        (info[0] == "JPEG" and not data.rstrip(b"\0").endswith(b"\xff\xd9"))
        or (info[0] == "PNG" and b"IEND" not in data[-16:]))
    ba = QByteArray(data)
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAutoTransform(True)  # a phone's portrait photo is sent upright (EXIF orientation)
    raw = reader.size()
    if truncated or not data or not raw.isValid():
        if info is not None:
            raise ImageError(say("{name} looks like a {kind} image but cannot be read: the file may be damaged").format(name=name, kind=info[0]))
        raise ImageError(say("{name} is not an image Ponder can read (PNG, JPEG, WebP, GIF or BMP)").format(name=name))
    fmt = info[0] if info else None
    turned = reader.transformation() != QImageIOHandler.Transformation.TransformationNone
    swap = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    w, h = (raw.height(), raw.width()) if swap else (raw.width(), raw.height())
    tw, th = target_size(w, h, mode)
    if (tw, th) == (w, h) and fmt in SENDABLE and fmt != "GIF" and not turned:
        # Small enough already, in a format every provider takes: the bytes as they are.
        return Attachment(data, SENDABLE[fmt], w, h, filename, w, h, len(data))
    if (tw, th) != (w, h) and not swap:
        reader.setScaledSize(QSize(tw, th))  # decoded at the smaller size: JPEG about 3x faster
    img = reader.read()
    if img.isNull():
        raise ImageError((say("{name} looks like a {kind} but cannot be read: the file may be damaged").format(name=name, kind=fmt) if fmt
                         else say("{name} looks like a picture but cannot be read: the file may be damaged").format(name=name)))
    if img.size().toTuple() != (tw, th):
        img = img.scaled(tw, th, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    as_png = _has_transparency(img) or (fmt != "JPEG" and _is_graphic(img))
    out = _encode(img, "PNG" if as_png else "JPEG")
    return Attachment(out, "image/png" if as_png else "image/jpeg", img.width(), img.height(), filename, w, h, len(data))


def _encode(img: QImage, fmt: str) -> bytes:
    if fmt == "JPEG" and img.hasAlphaChannel():
        img = img.convertToFormat(QImage.Format.Format_RGB32)
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, fmt, JPEG_QUALITY if fmt == "JPEG" else -1):
        raise ImageError(say("Could not encode the image as {fmt}").format(fmt=fmt))
    return bytes(ba.data())


def _has_transparency(img: QImage) -> bool:
    if not img.hasAlphaChannel():
        return False
    small = img.scaled(64, 64, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
    small = small.convertToFormat(QImage.Format.Format_ARGB32)
    raw = bytes(small.constBits())[: small.sizeInBytes()]
    return any(raw[i] != 255 for i in range(3, len(raw), 4))  # little-endian ARGB32: alpha is byte 3


def _is_graphic(img: QImage) -> bool:
    small = img.scaled(96, 96, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
    small = small.convertToFormat(QImage.Format.Format_RGB32)
    raw = bytes(small.constBits())[: small.sizeInBytes()]
    colours = {raw[i : i + 3] for i in range(0, len(raw), 4)}
    return len(colours) < _GRAPHIC_COLOURS


def thumbnail(data: bytes, size: int) -> QImage:
    """A small version for the composer and the transcript (an empty image if it cannot be read),
    decoded at that size."""
    buf = QBuffer()
    buf.setData(data)
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and max(full.width(), full.height()) > size:
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()
