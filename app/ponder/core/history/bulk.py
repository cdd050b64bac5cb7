"""Bringing a whole history in from another app: a ChatGPT data export (``conversations.json``,
alone, in its folder, or in the export's .zip), an Open WebUI chat export, a Chatbox data export
(``chatbox-exported-data-….json``) or a Cherry Studio backup (its .zip, with ``data.json``).

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
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from ponder.core.history.export import ImportError_
from ponder.core.words import say

FORMATS = ("chatgpt", "openwebui", "chatbox", "cherry")
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
    system: str | None = None  # the conversation's system prompt, where the app kept one


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
    raise ValueError(say("{name} is not a number JSON allows").format(name=name))


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
    for key, value in iter_json_items(stream, chunk):
        if key is not None:
            raise ImportError_(say("This is not a list of conversations (a JSON array)"))
        yield value


def iter_json_items(stream: Any, chunk: int = 1 << 20) -> Iterator[tuple[str | None, Any]]:
    """The members of a top-level JSON array (key None) or object (its keys), one at a time,
    from a binary stream: memory holds one member, not the file. ImportError_ if it is neither
    or breaks off."""
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

    def value() -> Any:
        nonlocal pos
        size = chunk
        while True:
            try:
                obj, end = dec.raw_decode(buf, pos)
                # a number or literal at the end of what was read may go on in the next chunk
                if end < len(buf) or eof or isinstance(obj, (dict, list, str)):
                    pos = end
                    return obj
            except json.JSONDecodeError as e:
                if eof:
                    raise ImportError_(say("The file is not valid JSON ({why})").format(why=e.msg)) from None
            if not more(size):  # the member goes on past the end of the file
                continue
            size *= 2  # a big member: read faster than one chunk per attempt

    try:
        skip_space()
        if pos >= len(buf) or buf[pos] not in "[{":
            raise ImportError_(say("This is not a history export (a JSON array or object)"))
        close = "]" if buf[pos] == "[" else "}"
        pos += 1
        first = True
        while True:
            skip_space()
            if pos >= len(buf):
                raise ImportError_(say("The file ends in the middle of a conversation: it was cut off"))
            if buf[pos] == close:
                return
            if not first:
                if buf[pos] != ",":
                    raise ImportError_(say("The file is not valid JSON near character {at}").format(at=pos))
                pos += 1
                skip_space()
            first = False
            key = None
            if close == "}":
                if pos >= len(buf) or buf[pos] != '"':
                    raise ImportError_(say("The file is not valid JSON near character {at}").format(at=pos))
                key = value()
                skip_space()
                if pos >= len(buf) or buf[pos] != ":":
                    raise ImportError_(say("The file is not valid JSON near character {at}").format(at=pos))
                pos += 1
                skip_space()
                if pos >= len(buf):
                    raise ImportError_(say("The file ends in the middle of a conversation: it was cut off"))
            yield key, value()
    except ImportError_:
        raise
    except RecursionError:
        raise ImportError_(say("The file is nested too deeply to be an export")) from None
    except (UnicodeDecodeError, ValueError) as e:
        raise ImportError_(say("The file cannot be read as an export: {why}").format(why=e)) from None


_INSIDE = ("conversations.json", "data.json")  # what a ChatGPT export and a Cherry Studio backup hold


class Source:
    """Where an export is: a .json file, a folder or a .zip holding ``conversations.json``
    (ChatGPT) or ``data.json`` (Cherry Studio)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._assets: dict[str, str] | None = None
        self._files: dict[str, str] | None = None
        try:
            if path.is_dir():
                found = [path / n for n in _INSIDE if (path / n).is_file()]
                if not found:
                    raise ImportError_(say("{file} holds no conversations.json (ChatGPT) or data.json (Cherry Studio)").format(file=path.name))
                self.json = found[0]
            elif not path.is_file():
                raise ImportError_(say("{file} is not a file Ponder can import").format(file=path.name))
            elif zipfile.is_zipfile(path):
                self._zip = zipfile.ZipFile(path)
                names = [n for n in self._zip.namelist() if n.rsplit("/", 1)[-1] in _INSIDE]
                if not names:
                    raise ImportError_(say("{file} holds no conversations.json (ChatGPT) or data.json (Cherry Studio)").format(file=path.name))
                self._member = min(names, key=lambda n: (n.count("/"), _INSIDE.index(n.rsplit("/", 1)[-1])))
            else:
                self.json = path
        except zipfile.BadZipFile as e:
            raise ImportError_(say("{file} is a damaged .zip: {why}").format(file=path.name, why=e)) from None
        except OSError as e:
            raise ImportError_(say("{file} could not be read: {why}").format(file=path.name, why=e.strerror or e)) from None

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
        """An image the export refers to (``file-service://file-Abc`` or ``sediment://file_0a1``
        in ChatGPT's, ``cherry-file:<name>`` in Cherry Studio's): its bytes, MIME type and file
        name, if the export has the file."""
        if pointer.startswith(CHERRY_FILE):
            return self._cherry_file(pointer[len(CHERRY_FILE):])
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
        return self._read(self._assets.get(pointer.rsplit("/", 1)[-1]))

    def _cherry_file(self, base: str) -> tuple[bytes, str, str] | None:
        """A file of a Cherry Studio backup's ``Data/Files`` (by its stored name, never a path)."""
        if not base or "/" in base or "\\" in base or base in (".", ".."):
            return None
        if self._files is None:
            self._files = {}
            if self._zip is not None:
                for n in self._zip.namelist():
                    head, _, tail = n.rpartition("/")
                    if head.endswith("Data/Files") and tail:
                        self._files.setdefault(tail, n)
        if self._zip is not None:
            return self._read(self._files.get(base))
        folder = self.json.parent / "Data" / "Files"
        return self._read(str((folder / base).relative_to(self.json.parent)) if (folder / base).is_file() else None)

    def _read(self, name: str | None) -> tuple[bytes, str, str] | None:
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


_CHATBOX_KEYS = ("chat-sessions", "chat-sessions-list", "__exported_items", "__exported_at")


def detect(first: Any, key: str | None = None) -> str | None:
    """Which app made an export, from its first conversation (an array's) or from a key of its
    top-level object and what it holds (None: the key says nothing, look at the next)."""
    if key is not None:
        if key.startswith("session:") or key in _CHATBOX_KEYS:
            return "chatbox"
        if key in ("indexedDB", "localStorage") and isinstance(first, (dict, list)):
            return "cherry"
        return None
    if isinstance(first, dict):
        if isinstance(first.get("mapping"), dict):
            return "chatgpt"
        if isinstance(first.get("chat"), dict) and isinstance(first["chat"].get("history"), dict):
            return "openwebui"
    return None


# -- ChatGPT -----------------------------------------------------------------------------------


def _when(v: Any) -> float | None:
    """Seconds since 1970 from seconds, milliseconds or an ISO 8601 text; None if it is none of them."""
    if isinstance(v, str):
        try:
            v = datetime.fromisoformat(v.strip()).timestamp()
        except (ValueError, OverflowError, OSError):
            return None
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


# -- Chatbox -------------------------------------------------------------------------------------
# Settings > Backup > Export data writes one JSON object: "session:<id>" keys hold the
# conversations (older versions: one "chat-sessions" array). A session's "messages" are the
# current thread; "threads" the ones before it (the app shows them above, but sends only the
# current one to the model: each becomes a conversation of its own here); "messageForksHash"
# the answers that were regenerated (alternatives after a message, as Ponder's branches are).
# Images are kept by the app apart from the export, so only their text comes across.

# The apps' provider names that are Ponder's providers too (anything else: no provider).
_PROVIDERS = {"openai": "openai", "deepseek": "deepseek", "ollama": "ollama", "lm-studio": "lmstudio",
              "lmstudio": "lmstudio", "openrouter": "openrouter", "zenmux": "zenmux", "aigateway": "aigateway"}


def _joined(texts: list[str]) -> str:
    return "\n\n".join(t for t in texts if t.strip()).strip("\n")


def _chatbox_text(m: dict[str, Any]) -> tuple[str, str | None]:
    texts: list[str] = []
    thoughts: list[str] = []
    for part in _list(m, "contentParts"):
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            if part.get("type") == "text":
                texts.append(part["text"])
            elif part.get("type") == "reasoning":
                thoughts.append(part["text"])
    if not texts:
        texts.append(_text(m.get("content")))  # before contentParts (Chatbox 1.9 and older)
    if not thoughts:
        thoughts.append(_text(m.get("reasoningContent")))
    return _joined(texts), _joined(thoughts) or None


def from_chatbox(session: dict[str, Any]) -> list[ImportedConversation | None]:
    """One Chatbox session: its current thread, then each earlier thread (None for one that
    holds nothing to import)."""
    sid = session.get("id")
    if not isinstance(sid, str):
        return [None]
    name = _text(session.get("name")).strip()
    forks = _obj(session, "messageForksHash")
    out = [_chatbox_thread(f"chatbox:{sid}", name, _list(session, "messages"), forks)]
    for i, t in enumerate(_list(session, "threads")):
        if isinstance(t, dict):
            tid = t.get("id") if isinstance(t.get("id"), str) else str(i)
            label = _text(t.get("name")).strip()
            out.append(_chatbox_thread(f"chatbox:{sid}:{tid}", f"{name} ({label})" if name and label else name or label,
                                       _list(t, "messages"), forks, _when(t.get("createdAt"))))
    return out


def _chatbox_thread(origin: str, title: str, messages: list[Any], forks: dict[str, Any],
                    created: float | None = None) -> ImportedConversation | None:
    out: list[ImportedMessage] = []
    seen: set[str] = set()
    system: list[str] = []
    provider: str | None = None
    waiting: list[tuple[Any, str | None]] = []  # (a fork's alternatives, the message they follow)

    def chain(msgs: list[Any], parent: str | None) -> str | None:
        nonlocal provider
        for m in msgs:
            if not isinstance(m, dict):
                continue
            mid: str = m["id"] if isinstance(m.get("id"), str) else f"#{len(seen)}"
            if mid in seen:
                continue  # in the thread and in a fork, or a cycle in a hand-made file
            seen.add(mid)
            role = m.get("role")
            text, reasoning = _chatbox_text(m)
            if role == "system" and not out and text.strip():
                system.append(text)
            elif role in ("user", "assistant") and text.strip():
                model = _text(m.get("model")) or None
                if role == "assistant":
                    provider = _PROVIDERS.get(_text(m.get("aiProvider")), provider)
                out.append(ImportedMessage(mid, parent, role, text, reasoning if role == "assistant" else None,
                                           model, _when(m.get("timestamp"))))
                parent = mid
            fork = forks.get(mid)
            if isinstance(fork, dict):
                waiting.append((fork, parent))
        return parent

    head = chain(messages, None)
    while waiting:  # the alternatives, after the thread they branch from (parents first)
        fork, parent = waiting.pop(0)
        for alternative in _list(fork, "lists"):
            if isinstance(alternative, dict):
                chain(_list(alternative, "messages"), parent)
    if not out:
        return None
    out = _oldest_first(out)
    dates = [m.created_at for m in out if m.created_at]
    model = next((m.model for m in reversed(out) if m.model and m.role == "assistant"), None)
    return ImportedConversation(origin, title or (out[0].content.strip().splitlines() or ["Chatbox conversation"])[0][:80],
                                created or (min(dates) if dates else None), max(dates) if dates else None,
                                provider, model, out, head, system[0] if system else None)


def _oldest_first(messages: list[ImportedMessage]) -> list[ImportedMessage]:
    """Parents before children, and alternatives in the order they were written (Ponder numbers
    them in the order they are stored): a fork's older answer is version 1."""
    kids: dict[str | None, list[ImportedMessage]] = {}
    for m in messages:
        kids.setdefault(m.parent, []).append(m)
    out: list[ImportedMessage] = []
    stack: list[str | None] = [None]
    while stack:
        at = stack.pop()
        group = sorted(kids.get(at, []), key=lambda m: m.created_at if m.created_at is not None else float("inf"))
        out.extend(group)
        stack.extend(m.id for m in reversed(group))
    return out


# -- Cherry Studio -------------------------------------------------------------------------------
# Settings > Data > Backup writes a .zip: ``data.json`` ({"version", "localStorage",
# "indexedDB"}) and the attached files in ``Data/Files``. indexedDB's "topics" hold each
# conversation's messages, whose text is in "message_blocks" (version 2 and older: in the
# message); the topics' names are in localStorage, in the app's saved state (JSON in JSON).
# A later Cherry Studio may copy its internal database instead, which is not JSON.

CHERRY_FILE = "cherry-file:"


def _json_in(v: Any) -> dict[str, Any]:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except (ValueError, RecursionError):
            return {}
    return v if isinstance(v, dict) else {}


def from_cherry(local: Any, idb: Any) -> Iterator[ImportedConversation | None]:
    """Every topic of a Cherry Studio backup (None for one that holds nothing to import)."""
    state = _json_in(_json_in(local).get("persist:cherry-studio"))
    assistants = _json_in(state.get("assistants"))
    meta: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # topic id -> (topic, its assistant)
    everyone = _list(assistants, "assistants") + [assistants.get("defaultAssistant")]
    for a in everyone:
        if isinstance(a, dict):
            for t in _list(a, "topics"):
                if isinstance(t, dict) and isinstance(t.get("id"), str):
                    meta.setdefault(t["id"], (t, a))
    if isinstance(idb, list):  # version 1: [{"key": "topic:<id>", "value": {id, messages}}]
        topics = [x.get("value") for x in idb if isinstance(x, dict) and _text(x.get("key")).startswith("topic:")]
        blocks: dict[str, dict[str, Any]] = {}
    else:
        idb = idb if isinstance(idb, dict) else {}
        topics = _list(idb, "topics")
        blocks = {b["id"]: b for b in _list(idb, "message_blocks") if isinstance(b, dict) and isinstance(b.get("id"), str)}
    for t in topics:
        if not isinstance(t, dict) or not isinstance(t.get("id"), str):
            yield None
            continue
        topic, assistant = meta.get(t["id"], ({}, {}))
        yield _cherry_topic(t["id"], _list(t, "messages"), blocks, topic, assistant)


def _cherry_text(m: dict[str, Any], blocks: dict[str, dict[str, Any]]) -> tuple[str, str | None, list[str]]:
    texts: list[str] = []
    thoughts: list[str] = []
    images: list[str] = []
    for bid in _list(m, "blocks"):
        b = blocks.get(bid) if isinstance(bid, str) else None
        if b is None:
            continue
        kind, content = b.get("type"), _text(b.get("content"))
        if kind == "main_text":
            texts.append(content)
        elif kind == "thinking":
            thoughts.append(content)
        elif kind == "code":
            texts.append(f"```{_text(b.get('language'))}\n{content}\n```")
        elif kind == "image":
            f = _obj(b, "file")
            stored = _text(f.get("id")) + _text(f.get("ext")) if f.get("id") else _text(f.get("name"))
            if stored:
                images.append(CHERRY_FILE + stored)
    if not texts:
        texts.append(_text(m.get("content")))  # before blocks (backups of version 3 and older)
    if not thoughts:
        thoughts.append(_text(m.get("reasoning_content")))
    for f in _list(m, "files"):  # attachments of a message from before blocks
        if isinstance(f, dict) and f.get("type") == "image" and f.get("id"):
            images.append(CHERRY_FILE + _text(f.get("id")) + _text(f.get("ext")))
    return _joined(texts), _joined(thoughts) or None, images


def _cherry_topic(tid: str, messages: list[Any], blocks: dict[str, dict[str, Any]], topic: dict[str, Any],
                  assistant: dict[str, Any]) -> ImportedConversation | None:
    out: list[ImportedMessage] = []
    kept: set[str] = set()
    provider: str | None = None
    last: str | None = None
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("type") == "clear":
            continue
        mid: str = m["id"] if isinstance(m.get("id"), str) else f"#{i}"
        role = m.get("role")
        text, reasoning, images = _cherry_text(m, blocks)
        if role not in ("user", "assistant") or mid in kept or not (text.strip() or images):
            continue
        # Answers to one question (regenerated, or several models at once) share its "askId":
        # they become alternatives to each other; the conversation goes on after the last.
        ask = m.get("askId")
        parent = ask if role == "assistant" and isinstance(ask, str) and ask in kept else last
        about = _obj(m, "model")
        if role == "assistant":
            provider = _PROVIDERS.get(_text(about.get("provider")), provider)
        out.append(ImportedMessage(mid, parent, role, text, reasoning if role == "assistant" else None,
                                   _text(about.get("id")) or _text(m.get("modelId")) or None,
                                   _when(m.get("createdAt")), images))
        kept.add(mid)
        last = mid
    if not out:
        return None
    dates = [m.created_at for m in out if m.created_at]
    prompt = _text(topic.get("prompt")).strip() or _text(assistant.get("prompt")).strip()
    model = next((m.model for m in reversed(out) if m.model and m.role == "assistant"), None)
    title = _text(topic.get("name")).strip() or (out[0].content.strip().splitlines() or ["Cherry Studio conversation"])[0][:80]
    return ImportedConversation(f"cherry:{tid}", title, _when(topic.get("createdAt")) or (min(dates) if dates else None),
                                _when(topic.get("updatedAt")) or (max(dates) if dates else None), provider, model,
                                out, last, prompt or None)


# -- reading an export, whichever app made it ------------------------------------------------------

CONVERTERS: dict[str, Callable[[dict[str, Any]], ImportedConversation | None]] = {
    "chatgpt": from_chatgpt, "openwebui": from_openwebui,
}
NAMES = {"chatgpt": "ChatGPT", "openwebui": "Open WebUI", "chatbox": "Chatbox", "cherry": "Cherry Studio"}


def conversations(items: Iterator[tuple[str | None, Any]], kind: str = "auto") -> Iterator[ImportedConversation | None]:
    """The conversations of an export read by ``iter_json_items`` (None for an item that holds
    none), the format found from the file unless ``kind`` names it."""
    undecided: list[tuple[str | None, Any]] = []  # an object's first keys, before one says which app
    cherry: dict[str, Any] = {}
    for key, value in items:
        if kind == "auto":
            found = detect(value, key)
            if found is None:
                if key is None or len(undecided) >= 100:
                    raise ImportError_(say("This is not an export Ponder knows: {kinds}").format(kinds=", ".join(NAMES.values())))
                undecided.append((key, value))
                continue
            kind = found
            items = _chain(undecided + [(key, value)], items)
            yield from conversations(items, kind)
            return
        if (key is None) != (kind in CONVERTERS):
            raise ImportError_(say("This is not a {kind} export").format(kind=NAMES.get(kind, kind)))
        if kind in CONVERTERS:
            yield CONVERTERS[kind](value) if isinstance(value, dict) else None
        elif kind == "chatbox":
            if key is not None and key.startswith("session:") and isinstance(value, dict):
                yield from from_chatbox(value)
            elif key == "chat-sessions":
                for session in value if isinstance(value, list) else []:
                    yield from from_chatbox(session) if isinstance(session, dict) else [None]
        elif kind == "cherry" and key in ("localStorage", "indexedDB"):
            cherry[key] = value
    if kind == "cherry":
        if "indexedDB" not in cherry:
            raise ImportError_(say("This Cherry Studio backup holds no conversations (no indexedDB in its data.json)"))
        yield from from_cherry(cherry.get("localStorage"), cherry["indexedDB"])
    elif kind == "auto" and undecided:
        raise ImportError_(say("This is not an export Ponder knows: {kinds}").format(kinds=", ".join(NAMES.values())))


def _chain(first: list[tuple[str | None, Any]], rest: Iterator[tuple[str | None, Any]]) -> Iterator[tuple[str | None, Any]]:
    yield from first
    yield from rest


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

        for c in conversations(iter_json_items(stream), kind):
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
        raise ImportError_(say("{file} could not be read to the end: {why}").format(file=path.name, why=e.strerror or e)) from None
    finally:
        if writing is not None:
            writing.result()  # never leave a batch half done behind a raised error
        if writer is not None:
            writer.shutdown()
        if stream is not None:
            stream.close()
        src.close()
        store.fts_automerge(4)
