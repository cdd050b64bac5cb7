"""Bringing a whole history in from another app: a ChatGPT data export (``conversations.json``,
alone, in its folder, or in the export's .zip) or an Open WebUI chat export.

The file is read as a stream, one conversation at a time (a ChatGPT export of a million messages
is a gigabyte of JSON), each conversation's message tree kept with its branches (edited questions
and regenerated answers become alternatives, the branch that was shown stays shown), its dates,
models and, from a .zip or folder, its images. Conversations are written in batches of a
transaction each: an import stopped midway (Cancel, Ctrl+C, a crash) keeps the batches written,
and the next run skips every conversation already imported, so it goes on where it stopped and
nothing is there twice. Everything in the file is data: nothing in it is run or fetched.
"""

from __future__ import annotations

import codecs
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from ponder.core.history.export import ImportError_

FORMATS = ("chatgpt", "openwebui")
MAX_IMAGE = 20 * 1024 * 1024  # an image larger than this in an export is left out
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}


@dataclass(slots=True)
class ImportedMessage:
    id: str  # its id in the file
    parent: str | None  # the id in the file of the message it answers (a kept one)
    role: str  # user or assistant
    content: str
    reasoning: str | None = None
    model: str | None = None
    created_at: float | None = None
    images: list[str] = field(default_factory=list)  # the file's names for them (asset pointers)


@dataclass(slots=True)
class ImportedConversation:
    origin: str  # "chatgpt:<id>": how a second import of it is recognised
    title: str
    created_at: float | None
    updated_at: float | None
    provider: str | None
    model: str | None
    messages: list[ImportedMessage]  # parents before their children
    head: str | None  # the id in the file of the last message of the branch shown


@dataclass
class Progress:
    done: int = 0  # bytes of the file read
    total: int = 0
    conversations: int = 0  # imported now
    messages: int = 0
    skipped: int = 0  # there already (an earlier run), or nothing to import in them
    images: int = 0


# -- reading -----------------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


class _Counted:
    """A binary stream that counts what was read from it (the progress bar's position)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.read_bytes = raw, 0

    def read(self, n: int) -> bytes:
        b = self.raw.read(n)
        self.read_bytes += len(b)
        return b

    def close(self) -> None:
        self.raw.close()


def iter_json_array(stream: Any, chunk: int = 1 << 20) -> Iterator[Any]:
    """The elements of a top-level JSON array, one at a time, from a binary stream: memory holds
    one element, not the file. ImportError_ if it is not such an array or breaks off."""
    dec = json.JSONDecoder(parse_constant=_refuse_constant)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buf, pos, eof = "", 0, False

    def more(size: int) -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        raw = stream.read(size)
        if not raw:
            eof = True
            buf, pos = buf[pos:] + utf8.decode(b"", final=True), 0
            return False
        buf, pos = buf[pos:] + utf8.decode(raw), 0
        return True

    def skip_space() -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n\ufeff":
                pos += 1
            if pos < len(buf) or not more(chunk):
                return

    try:
        skip_space()
        if pos >= len(buf) or buf[pos] != "[":
            raise ImportError_("This is not a list of conversations (a JSON array)")
        pos += 1
        first = True
        while True:
            skip_space()
            if pos >= len(buf):
                raise ImportError_("The file ends in the middle of a conversation: it was cut off")
            if buf[pos] == "]":
                return
            if not first:
                if buf[pos] != ",":
                    raise ImportError_(f"The file is not valid JSON near character {pos}")
                pos += 1
                skip_space()
            first = False
            size = chunk
            while True:
                try:
                    obj, end = dec.raw_decode(buf, pos)
                    break
                except json.JSONDecodeError as e:
                    if not more(size):  # the element goes on past the end of the file
                        raise ImportError_(f"The file is not valid JSON ({e.msg})") from None
                    size *= 2  # a big element: read faster than one chunk per attempt
            pos = end
            yield obj
    except RecursionError:
        raise ImportError_("The file is nested too deeply to be an export") from None
    except (UnicodeDecodeError, ValueError) as e:
        raise ImportError_(f"The file cannot be read as an export: {e}") from None


class Source:
    """Where an export is: a .json file, a folder holding ``conversations.json``, or a .zip."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._assets: dict[str, str] | None = None
        try:
            if path.is_dir():
                self.json = path / "conversations.json"
                if not self.json.is_file():
                    raise ImportError_(f"{path.name} holds no conversations.json")
            elif not path.is_file():
                raise ImportError_(f"{path.name} is not a file Ponder can import")
            elif zipfile.is_zipfile(path):
                self._zip = zipfile.ZipFile(path)
                names = [n for n in self._zip.namelist() if n.rsplit("/", 1)[-1] == "conversations.json"]
                if not names:
                    raise ImportError_(f"{path.name} holds no conversations.json")
                self._member = min(names, key=len)
            else:
                self.json = path
        except zipfile.BadZipFile as e:
            raise ImportError_(f"{path.name} is a damaged .zip: {e}") from None
        except OSError as e:
            raise ImportError_(f"{path.name} could not be read: {e.strerror or e}") from None

    def size(self) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._member).file_size
        return self.json.stat().st_size

    def open(self) -> _Counted:
        if self._zip is not None:
            return _Counted(self._zip.open(self._member))
        return _Counted(open(self.json, "rb"))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def image(self, pointer: str) -> tuple[bytes, str, str] | None:
        """An image the export refers to (``file-service://file-Abc`` or ``sediment://file_0a1``):
        its bytes, MIME type and file name, if the export has the file."""
        if self._assets is None:
            self._assets = {}
            if self._zip is not None:
                names: list[str] = self._zip.namelist()
            elif self.json.parent.is_dir():
                base = self.json.parent
                names = [str(p.relative_to(base)) for p in base.rglob("file*") if p.is_file()]
            else:
                names = []
            for n in names:
                key = _asset_key(n.rsplit("/", 1)[-1])
                if key:
                    self._assets.setdefault(key, n)
        key = pointer.rsplit("/", 1)[-1]
        name = self._assets.get(key)
        if name is None:
            return None
        mime = _MIME.get(os.path.splitext(name)[1].lower())
        if mime is None:
            return None
        try:
            if self._zip is not None:
                if self._zip.getinfo(name).file_size > MAX_IMAGE:
                    return None
                data = self._zip.read(name)
            else:
                p = self.json.parent / name
                if p.stat().st_size > MAX_IMAGE:
                    return None
                data = p.read_bytes()
        except (OSError, KeyError, zipfile.BadZipFile):
            return None
        return data, mime, name.rsplit("/", 1)[-1]


def _asset_key(base: str) -> str | None:
    """The file id in an export's file name: "file-Abc-photo.png" -> "file-Abc"; "file_0a1-x.png" -> "file_0a1"."""
    stem = base.split(".")[0]
    if base.startswith("file-"):
        return "-".join(stem.split("-")[:2])
    if base.startswith("file_"):
        return stem.split("-")[0]
    return None


def detect(first: Any) -> str | None:
    """Which app made an export, from its first conversation."""
    if isinstance(first, dict):
        if isinstance(first.get("mapping"), dict):
            return "chatgpt"
        if isinstance(first.get("chat"), dict) and isinstance(first["chat"].get("history"), dict):
            return "openwebui"
    return None


# -- ChatGPT -----------------------------------------------------------------------------------


def _when(v: Any) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        t = float(v)
        if t > 1e11:  # milliseconds
            t /= 1000
        if 946684800 <= t <= 4102444800:
            return t
    return None


def _text(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _obj(d: dict[str, Any], key: str) -> dict[str, Any]:
    v = d.get(key)
    return v if isinstance(v, dict) else {}


def _list(d: dict[str, Any], key: str) -> list[Any]:
    v = d.get(key)
    return v if isinstance(v, list) else []


def from_chatgpt(conv: dict[str, Any]) -> ImportedConversation | None:
    """One conversation of a ChatGPT export; None if it holds nothing to import."""
    mapping = conv.get("mapping")
    cid = conv.get("conversation_id") or conv.get("id")
    if not isinstance(mapping, dict) or not isinstance(cid, str):
        return None
    children: dict[str | None, list[str]] = {}
    for nid, node in mapping.items():
        parent = node.get("parent") if isinstance(node, dict) else None
        children.setdefault(parent if isinstance(parent, str) and parent in mapping else None, []).append(nid)
    kept: dict[str, str | None] = {}  # node -> the nearest kept message at or above it
    thoughts: dict[str, str] = {}  # node -> reasoning waiting for the answer below it
    out: list[ImportedMessage] = []
    stack = list(reversed(children.get(None, [])))
    seen: set[str] = set()
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue  # a cycle in a hand-made file
        seen.add(nid)
        node = mapping.get(nid)
        parent_id = node.get("parent") if isinstance(node, dict) else None
        above = kept.get(parent_id) if isinstance(parent_id, str) else None
        pending = thoughts.get(parent_id) if isinstance(parent_id, str) else None
        msg = node.get("message") if isinstance(node, dict) else None
        m = _chatgpt_message(nid, msg, above, pending) if isinstance(msg, dict) else None
        if isinstance(m, str):  # reasoning, for the answer that follows it
            thoughts[nid] = (pending + "\n\n" if pending else "") + m
            kept[nid] = above
        elif m is not None:
            out.append(m)
            kept[nid] = nid
        else:
            kept[nid] = above
            if pending:
                thoughts[nid] = pending
        stack.extend(reversed([c for c in children.get(nid, []) if c in mapping]))
    if not out:
        return None
    current = conv.get("current_node")
    head = kept.get(current) if isinstance(current, str) else None
    title = _text(conv.get("title")).strip() or (out[0].content.strip().splitlines() or ["ChatGPT conversation"])[0][:80]
    model = _text(conv.get("default_model_slug")) or next((m.model for m in reversed(out) if m.model), None)
    return ImportedConversation(f"chatgpt:{cid}", title, _when(conv.get("create_time")), _when(conv.get("update_time")),
                                "openai", model, out, head)


def _chatgpt_message(nid: str, msg: dict[str, Any], parent: str | None, reasoning: str | None) -> ImportedMessage | str | None:
    author = _obj(msg, "author")
    role = author.get("role")
    meta = _obj(msg, "metadata")
    content = _obj(msg, "content")
    kind = content.get("content_type")
    if role not in ("user", "assistant") or meta.get("is_visually_hidden_from_conversation"):
        return None  # system prompts, tool traffic, hidden context
    if kind == "thoughts" and role == "assistant":
        steps = _list(content, "thoughts")
        text = "\n\n".join(
            (f"**{_text(t.get('summary'))}**\n\n" if _text(t.get("summary")) else "") + _text(t.get("content"))
            for t in steps if isinstance(t, dict))
        return text.strip() or None
    if msg.get("recipient") not in (None, "all"):
        return None  # the model writing to a tool (a search query, code to run), not to the user
    texts: list[str] = []
    images: list[str] = []
    if kind in ("text", "multimodal_text"):
        for part in _list(content, "parts"):
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict):
                if part.get("content_type") == "image_asset_pointer" and isinstance(part.get("asset_pointer"), str):
                    images.append(part["asset_pointer"])
                elif isinstance(part.get("text"), str):  # a voice message's transcript
                    texts.append(part["text"])
    elif kind == "code":
        lang = _text(content.get("language"))
        texts.append(f"```{'' if lang == 'unknown' else lang}\n{_text(content.get('text'))}\n```")
    else:
        return None  # browsing displays, quotes, recaps, errors: not part of what was said
    text = "\n".join(texts).strip("\n")
    if not text.strip() and not images:
        return None
    return ImportedMessage(nid, parent, role, text, reasoning if role == "assistant" else None,
                           _text(meta.get("model_slug")) or None, _when(msg.get("create_time")), images)


# -- Open WebUI --------------------------------------------------------------------------------


def from_openwebui(item: dict[str, Any]) -> ImportedConversation | None:
    chat = _obj(item, "chat")
    history = _obj(chat, "history")
    msgs = _obj(history, "messages")
    cid = item.get("id") or chat.get("id")
    if not isinstance(cid, str) or not msgs:
        return None
    out: list[ImportedMessage] = []
    kept: dict[str, str | None] = {}
    def parent_of(v: Any) -> str | None:
        p = v.get("parentId") if isinstance(v, dict) else None
        return p if isinstance(p, str) and p in msgs else None

    roots = [k for k, v in msgs.items() if isinstance(v, dict) and parent_of(v) is None]
    stack, seen = list(reversed(roots)), set()
    while stack:
        mid = stack.pop()
        if mid in seen or not isinstance(msgs.get(mid), dict):
            continue
        seen.add(mid)
        m = msgs[mid]
        parent = parent_of(m)
        above = kept.get(parent) if parent is not None else None
        role, text = m.get("role"), _text(m.get("content"))
        if role in ("user", "assistant") and text.strip():
            out.append(ImportedMessage(mid, above, role, text, None, _text(m.get("model")) or None, _when(m.get("timestamp"))))
            kept[mid] = mid
        else:
            kept[mid] = above
        kids = _list(m, "childrenIds")
        stack.extend(reversed([k for k in kids if isinstance(k, str)]))
    if not out:
        return None
    models = _list(chat, "models")
    current = history.get("currentId")
    return ImportedConversation(
        f"openwebui:{cid}", _text(item.get("title") or chat.get("title")).strip() or "Open WebUI conversation",
        _when(item.get("created_at") or chat.get("timestamp")), _when(item.get("updated_at")), None,
        next((x for x in models if isinstance(x, str)), None), out, kept.get(current) if isinstance(current, str) else None)


CONVERTERS: dict[str, Callable[[dict[str, Any]], ImportedConversation | None]] = {
    "chatgpt": from_chatgpt, "openwebui": from_openwebui,
}


# -- the import ----------------------------------------------------------------------------------


def import_history(store: Any, path: Path, kind: str = "auto", batch: int = 25_000,
                   progress: Callable[[Progress], None] | None = None,
                   cancelled: Callable[[], bool] = lambda: False, threaded: bool = False) -> Progress:
    """Import every conversation of an export, ``batch`` messages or so to a transaction;
    ``progress`` hears after each. Returns the counts. Conversations imported by an earlier run
    are skipped (a stopped import goes on).

    ``threaded``: a batch is written in a second thread while the next one is read (SQLite
    indexes without Python's lock, so both cores work: a third faster). Only where no Qt object
    lives (the terminal command): a thread's garbage collection could free one on the wrong
    thread."""
    src = Source(path)
    p = Progress(total=src.size())
    stream: _Counted | None = None
    writer = None
    writing: Any = None  # the batch being written (a Future), when threaded
    store.fts_automerge(0)
    try:
        known = store.imported_origins()
        stream = src.open()
        pending: list[ImportedConversation] = []
        waiting = 0  # messages in ``pending``
        convert: Callable[[dict[str, Any]], ImportedConversation | None] | None = None if kind == "auto" else CONVERTERS[kind]
        if threaded:
            from concurrent.futures import ThreadPoolExecutor

            writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ponder-import")

        def written(batch_: list[ImportedConversation], images: int, at: int) -> None:
            p.images += images
            p.conversations += len(batch_)
            p.messages += sum(len(c.messages) for c in batch_)
            p.done = at
            if progress is not None:
                progress(p)

        def flush() -> None:
            nonlocal writing, pending
            at = stream.read_bytes if stream is not None else 0
            if writing is not None:  # the batch before: written (or its error raised) first
                written(*writing.result())
                writing = None
            if not pending:
                written([], 0, at)
                return
            out, pending = pending, []
            if writer is None:
                written(out, store.insert_imported(out, src.image), at)
            else:
                rows = store.prepare_imported(out)  # here, while the writer thread writes
                writing = writer.submit(lambda: (out, store.insert_imported(out, src.image, prepared=rows), at))

        for raw in iter_json_array(stream):
            if convert is None:
                found = detect(raw)
                if found is None:
                    raise ImportError_("This is neither a ChatGPT export (conversations.json) nor an Open WebUI export")
                convert = CONVERTERS[found]
            c = convert(raw) if isinstance(raw, dict) else None
            if c is None or c.origin in known:
                p.skipped += 1
                continue
            known.add(c.origin)
            pending.append(c)
            waiting += len(c.messages)
            if waiting >= batch:
                waiting = 0
                flush()
                if cancelled():
                    break
        else:
            flush()
        if writing is not None:
            written(*writing.result())
            writing = None
        return p
    except OSError as e:
        raise ImportError_(f"{path.name} could not be read to the end: {e.strerror or e}") from None
    finally:
        if writing is not None:
            writing.result()  # never leave a batch half done behind a raised error
        if writer is not None:
            writer.shutdown()
        if stream is not None:
            stream.close()
        src.close()
        store.fts_automerge(4)
