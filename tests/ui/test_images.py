"""Attached images: sized and encoded for sending, kept once in history, pasted and dropped in the
window, sent to the demo's vision model (which says what it received), and refused where they
cannot go, with nothing else in the draft lost."""

from __future__ import annotations

import base64
import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QFont, QImage, QLinearGradient, QPainter

from ponder.core.answers.attachments import ImageError, refused_by
from ponder.core.models import Message
from ponder.core.history.store import Store
from ponder.demo.server import DemoServer
from ponder.services.image_codec import prepare

from .conftest import App, make_app


def encode(img: QImage, fmt: str, quality: int = -1) -> bytes:
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    assert img.save(buf, fmt, quality)
    return bytes(ba.data())


def photo(w: int = 4032, h: int = 3024) -> bytes:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    p = QPainter(img)
    g = QLinearGradient(0, 0, w, h)
    g.setColorAt(0, QColor("#336699"))
    g.setColorAt(1, QColor("#ffcc66"))
    p.fillRect(img.rect(), g)
    rnd = random.Random(7)
    for _ in range(3000):
        p.fillRect(rnd.randrange(w), rnd.randrange(h), rnd.randrange(4, 40), rnd.randrange(4, 40),
                   QColor(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    p.end()
    return encode(img, "JPEG", 92)


def screenshot(w: int = 2560, h: int = 1440) -> bytes:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(QFont("DejaVu Sans", 26))
    for i in range(25):
        p.drawText(40, 60 + i * 50, f"Line {i}: def handler(request): return Response(status=200)")
    p.end()
    return encode(img, "PNG")


def decoded(data: bytes) -> QImage:
    img = QImage()
    assert img.loadFromData(data)
    return img


# -- sizing and encoding ------------------------------------------------------------------------------


def test_a_large_photo_is_sent_as_a_jpeg_within_the_limits(qapp: Any) -> None:
    a = prepare(photo(), "photo.jpg")
    assert a.mime == "image/jpeg" and (a.width, a.height) == (1024, 768) and (a.original_width, a.original_height) == (4032, 3024)
    assert len(a.data) < a.original_bytes / 3  # type: ignore[operator]
    assert decoded(a.data).size().toTuple() == (1024, 768)
    small = prepare(photo(), "photo.jpg", "small")
    assert (small.width, small.height) == (512, 384)
    original = prepare(photo(), "photo.jpg", "original")
    assert (original.width, original.height) == (4032, 3024) and original.data == photo()  # untouched


def test_a_screenshot_stays_png_and_readable(qapp: Any) -> None:
    a = prepare(screenshot(), "screen.png")
    assert a.mime == "image/png" and (a.width, a.height) == (1365, 768)
    # Lossless: the text's black and the page's white are still there, not JPEG's smear.
    img = decoded(a.data).convertToFormat(QImage.Format.Format_RGB32)
    band = [img.pixelColor(x, y).lightness() for x in range(0, 1365, 3) for y in range(10, 40, 2)]
    assert min(band) < 40 and max(band) == 255


def test_transparency_gif_bmp_and_small_files(qapp: Any) -> None:
    clear = QImage(3000, 2000, QImage.Format.Format_ARGB32)
    clear.fill(QColor(0, 0, 0, 0))
    p = QPainter(clear)
    p.fillRect(100, 100, 2000, 1500, QColor(200, 30, 30, 255))
    p.end()
    assert prepare(encode(clear, "PNG"), "logo.png").mime == "image/png"  # JPEG would lose the transparency
    diagram = QImage(640, 480, QImage.Format.Format_RGB32)
    diagram.fill(QColor("#f0f0f0"))
    bmp = prepare(encode(diagram, "BMP"), "old.bmp")
    assert bmp.mime == "image/png" and (bmp.width, bmp.height) == (640, 480)  # providers do not take BMP
    small = encode(diagram.scaled(300, 200), "PNG")
    assert prepare(small, "small.png").data == small  # already fine: the bytes as they are
    # A GIF (Qt reads, never writes them): its first frame, as PNG.
    gif = base64.b64decode("R0lGODlhAgACAPAAAP8AAAAAACH5BAAAAAAALAAAAAACAAIAAAIChFEAOw==")
    g = prepare(gif, "dot.gif")
    assert g.mime == "image/png" and (g.width, g.height) == (2, 2)


@pytest.mark.parametrize("data, name, words", [
    (b"just some text\n", "notes.txt", "not an image Ponder can read"),
    (None, "cut.jpg", "may be damaged"),
    (b"%PDF-1.7\n...", "paper.pdf", "is a PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (21 * 1024 * 1024), "huge.png", "over 20.0 MB"),
])
def test_what_cannot_be_attached_says_why(qapp: Any, data: bytes | None, name: str, words: str) -> None:
    if data is None:
        data = photo(800, 600)[:5000]  # a download cut short
    with pytest.raises(ImageError, match=words):
        prepare(data, name)


def test_the_same_image_is_kept_once_and_goes_with_its_last_conversation(qapp: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "data" / "ponder.db")
    a = prepare(screenshot(800, 400), "s.png")
    c1 = store.create_conversation("one").id
    c2 = store.create_conversation("two").id
    for cid in (c1, c2):
        mid = store.add_message(cid, Message("user", "look"))
        store.attach(mid, [a, a])
    files = list((tmp_path / "data" / "images").rglob("*.png"))
    assert len(files) == 1 and files[0].read_bytes() == a.data
    assert files[0].stat().st_mode & 0o077 == 0  # private, like the history
    m = store.thread(c1)[0]
    assert [im.sha256 for im in m.images] == [a.sha256, a.sha256] and m.images[0].width == 800
    assert m.to_message("low").images[0].data == a.data and m.to_message("low").images[0].detail == "low"
    store.delete_conversation(c1)
    assert files[0].exists()  # still used by "two"
    store.delete_conversation(c2)
    assert not files[0].exists()
    store.close()


# -- the window -------------------------------------------------------------------------------------


def _mime_with_image(img: QImage) -> QMimeData:
    mime = QMimeData()
    mime.setImageData(img)
    return mime


def test_paste_drop_send_and_follow_up_to_the_vision_model(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/vision")
    w, composer = app.window, app.window.composer
    assert composer.attach.isEnabled()
    # Paste pixels (a screenshot tool's copy) into the prompt: an attachment, not text.
    composer.edit.setPlainText("What is on these?")
    composer.edit.insertFromMimeData(_mime_with_image(decoded(screenshot(1920, 1080))))
    # Drop a photo file onto the window.
    path = tmp_path / "holiday.jpg"
    path.write_bytes(photo())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(drop)
    assert [a.mime for a in composer.images] == ["image/png", "image/jpeg"]
    assert composer.strip.isVisible() and "2 images" in composer.strip.info.text()
    assert composer.edit.toPlainText() == "What is on these?"

    async def scenario() -> str:
        qtbot.mouseClick(composer.button, Qt.MouseButton.LeftButton)
        cid = w.cid
        await app.wait(lambda: app.service.streaming(cid))
        await app.wait(lambda: not app.service.streaming(cid))
        answer = app.store.thread(cid)[-1].content or ""
        assert "I received 2 images" in answer
        assert "PNG 1365x768" in answer and "JPEG 1024x768" in answer
        assert not composer.images and not composer.strip.isVisible()
        # The sent message shows its images; a follow-up sends them again with the history.
        user = next(x for x in w.transcript.widgets.values() if x.message.role == "user")
        assert len(user.message.images) == 2
        composer.edit.setPlainText("And the second one?")
        qtbot.mouseClick(composer.button, Qt.MouseButton.LeftButton)
        await app.wait(lambda: app.service.streaming(cid))
        await app.wait(lambda: not app.service.streaming(cid))
        await app.client.aclose()
        return cid

    aloop.run_until_complete(scenario())
    first = demo.requests[-1]["messages"][0]["content"]
    assert first[0] == {"type": "text", "text": "What is on these?"}  # the text first, then the images
    urls = [p["image_url"]["url"] for p in first[1:]]
    assert urls[0].startswith("data:image/png;base64,") and urls[1].startswith("data:image/jpeg;base64,")
    w.close()
    app.store.close()


def test_a_new_question_sends_its_images_from_memory_not_from_the_files_just_written(qtbot: Any, demo: DemoServer,
                                                                                       tmp_path: Path, aloop: Any) -> None:
    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/vision")
    composer = app.window.composer
    composer.edit.setPlainText("What is this?")
    composer.edit.insertFromMimeData(_mime_with_image(decoded(screenshot(800, 600))))

    async def scenario() -> None:
        qtbot.mouseClick(composer.button, Qt.MouseButton.LeftButton)
        kept = list(app.store.images_dir.rglob("*.png"))
        assert len(kept) == 1  # history keeps it; the request must not depend on reading it back
        kept[0].unlink()  # before the answer's task has run
        await app.wait(lambda: not app.service.busy() and app.window.cid and app.store.thread(app.window.cid)[-1].content)
        await app.client.aclose()

    aloop.run_until_complete(scenario())
    assert "I received 1 image" in (app.store.thread(app.window.cid)[-1].content or "")
    app.window.close()
    app.store.close()


def test_a_model_without_vision_keeps_the_image_and_the_text_and_sends_nothing(qtbot: Any, app: App, demo: DemoServer,
                                                                               tmp_path: Path) -> None:
    w, composer = app.window, app.window.composer
    w.bar.model.setEditText("demo/fast")
    composer.set_model("demo", "demo/fast", False, pdf_ok=False)  # what the catalog says of it
    assert "does not take images" in composer.attach.toolTip()
    qtbot.mouseClick(composer.attach, Qt.MouseButton.LeftButton)  # says why, opens no file dialog
    assert "does not take images" in w.statusBar().currentMessage()
    composer.edit.setPlainText("Describe this")
    composer.edit.insertFromMimeData(_mime_with_image(decoded(screenshot(400, 300))))
    assert len(composer.images) == 1 and "does not take images" in composer.strip.warning.text()
    w.send(composer.edit.toPlainText())
    assert w.cid is None and not demo.requests  # nothing sent
    assert composer.edit.toPlainText() == "Describe this" and len(composer.images) == 1
    assert "does not take images" in w.statusBar().currentMessage()
    # A bad file dropped beside them says why and takes nothing away.
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    composer.add_media([(None, str(bad))])
    assert "not an image" in composer.strip.warning.text() and len(composer.images) == 1
    assert composer.edit.toPlainText() == "Describe this"


def test_exports_carry_the_images(qapp: Any, tmp_path: Path) -> None:
    from ponder.core.history.export import images_beside, import_json, to_json, to_markdown

    store = Store(tmp_path / "a" / "ponder.db")
    a = prepare(screenshot(900, 500), "screen.png")
    cid = store.create_conversation("with an image").id
    store.attach(store.add_message(cid, Message("user", "look at this")), [a])
    # Markdown: the image written beside the file and linked; without a folder, named in place.
    md = to_markdown(store, cid, images_beside(tmp_path / "chat-images", "chat-images"))
    name = a.sha256[:16] + ".png"
    assert f"![screen.png](chat-images/{name})" in md and (tmp_path / "chat-images" / name).read_bytes() == a.data
    assert "*[image: screen.png, 900×500, image/png]*" in to_markdown(store, cid)
    # JSON embeds it; importing it elsewhere brings the image back.
    data = to_json(store, cid)
    other = Store(tmp_path / "b" / "ponder.db")
    new = import_json(other, data)
    back = other.thread(new)[0].images
    assert len(back) == 1 and back[0].read() == a.data and back[0].filename == "screen.png"
    store.close()
    other.close()


def test_the_sidebar_exports_a_conversation(qtbot: Any, app: App, tmp_path: Path) -> None:
    cid = app.store.create_conversation("Pictures, please").id
    mid = app.store.add_message(cid, Message("user", "see"))
    app.store.attach(mid, [prepare(screenshot(300, 200), "s.png")])
    side = app.window.sidebar
    md = side.export(cid, str(tmp_path / "out.md"))
    assert md and "# Pictures, please" in Path(md).read_text() and list((tmp_path / "out-images").iterdir())
    js = side.export(cid, str(tmp_path / "out.json"))
    assert js and '"format": "ponder.conversation"' in Path(js).read_text()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_pdfs_go_as_file_parts_where_the_provider_takes_them(qtbot: Any, demo: DemoServer, tmp_path: Path, aloop: Any) -> None:
    from ponder.core.models import ImagePart
    from ponder.core.wire.protocol import _message

    with pytest.raises(ImageError, match="takes images only"):
        prepare(PDF_BYTES, "paper.pdf")
    with pytest.raises(ImageError, match="cut short"):
        prepare(PDF_BYTES[:30], "paper.pdf", allow_pdf=True)
    a = prepare(PDF_BYTES, "paper.pdf", allow_pdf=True)
    assert a.mime == "application/pdf" and a.data == PDF_BYTES and a.describe().startswith("PDF")
    part = _message(Message("user", "read", images=[ImagePart(a.data, a.mime, None, "paper.pdf")]), "openrouter")["content"][1]
    assert part["type"] == "file" and part["file"]["filename"] == "paper.pdf"
    assert part["file"]["file_data"].startswith("data:application/pdf;base64,")

    app = make_app(qtbot, demo, tmp_path / "p.db", model="demo/vision")
    composer = app.window.composer
    assert composer.pdf_ok  # the demo stands in for OpenRouter
    doc = tmp_path / "paper.pdf"
    doc.write_bytes(PDF_BYTES)
    composer.add_media([(None, str(doc))])
    assert [x.mime for x in composer.images] == ["application/pdf"]
    assert not refused_by(False, [x.mime for x in composer.images])  # a PDF goes even where no image could

    async def scenario() -> None:
        app.window.send("Summarise the paper")
        cid = app.window.cid
        await app.wait(lambda: app.service.streaming(cid))
        await app.wait(lambda: not app.service.streaming(cid))
        assert "file 1: paper.pdf" in (app.store.thread(cid)[-1].content or "")
        await app.client.aclose()

    aloop.run_until_complete(scenario())
    app.window.close()
    app.store.close()


def test_a_phone_photo_is_sent_upright(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QImageIOHandler, QImageWriter

    img = QImage(2000, 1000, QImage.Format.Format_RGB32)  # stored landscape, EXIF says "turn 90°"
    img.fill(QColor("#884422"))
    path = tmp_path / "portrait.jpg"
    writer = QImageWriter(str(path), b"jpeg")
    writer.setTransformation(QImageIOHandler.Transformation.TransformationRotate90)
    assert writer.write(img)
    a = prepare(path.read_bytes(), "portrait.jpg")
    assert (a.width, a.height) == (768, 1536) and (a.original_width, a.original_height) == (1000, 2000)
    assert decoded(a.data).size().toTuple() == (768, 1536)


def test_waiting_images_stay_with_their_conversations_draft(qtbot: Any, app: App) -> None:
    w, composer = app.window, app.window.composer
    composer.set_model("demo", "demo/vision", True)
    first = app.store.create_conversation("first").id
    second = app.store.create_conversation("second").id
    w.open_conversation(first)
    composer.edit.insertFromMimeData(_mime_with_image(decoded(screenshot(300, 200))))
    assert len(composer.images) == 1
    w.open_conversation(second)
    assert composer.images == [] and not composer.strip.isVisible()  # not sent to the wrong conversation
    w.open_conversation(first)
    assert len(composer.images) == 1
