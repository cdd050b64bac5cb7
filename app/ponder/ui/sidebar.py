"""Conversations grouped by date, and search over the whole history."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QVBoxLayout, QWidget,
)

from ponder.core.answers.figures import usd
from ponder.ui.safe import RichLabel, message, tip
from ponder.core.history.records import MARK_CLOSE, MARK_OPEN, Conversation
from ponder.ui.i18n import tr

if TYPE_CHECKING:
    from ponder.services.history import HistoryService

ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_MSG = Qt.ItemDataRole.UserRole + 1  # a search hit's message


def date_group(ts: float, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    d = dt.date.fromtimestamp(ts)
    days = (today - d).days
    if days <= 0:
        return tr("Today")
    if days == 1:
        return tr("Yesterday")
    if days < 7:
        return tr("Previous 7 days")
    if days < 30:
        return tr("Previous 30 days")
    return tr("Older")


class Sidebar(QWidget):
    opened = Signal(str)  # conversation id
    hit_opened = Signal(str, str, str)  # conversation id, the message found, the words searched for
    new_chat = Signal()
    new_compare = Signal()
    settings_requested = Signal()
    about_requested = Signal()
    deleted = Signal(str)

    def __init__(self, history: HistoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        history.changed.connect(lambda _cid: self.refresh_soon())  # whoever changed it
        self.setObjectName("Sidebar")
        self.setMinimumWidth(220)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        self.new_button = QPushButton(tr("New chat"), self)
        self.new_button.setObjectName("Primary")
        self.new_button.setToolTip(tr("Ctrl+N"))
        self.new_button.clicked.connect(self.new_chat)
        self.compare_button = QPushButton(tr("Compare"), self)
        self.compare_button.setToolTip(tr("Ask several models the same prompt, side by side (Ctrl+Shift+N)"))
        self.compare_button.clicked.connect(self.new_compare)
        top = QHBoxLayout()
        top.addWidget(self.new_button, 1)
        top.addWidget(self.compare_button)
        lay.addLayout(top)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search history (Ctrl+K)"))
        self.search.setAccessibleName(tr("Search history"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Conversations"))
        self.list.setAccessibleDescription(tr("Enter opens one; the menu key renames, exports or deletes it"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        lay.addWidget(self.list, 1)
        foot = QHBoxLayout()
        self.settings_button = QPushButton(tr("Settings"), self)
        self.settings_button.setToolTip(tr("Providers, keys and defaults (Ctrl+,)"))
        self.settings_button.clicked.connect(self.settings_requested)
        self.about_button = QPushButton(tr("About"), self)
        self.about_button.setToolTip(tr("Version, where Ponder keeps its files, licence (F1)"))
        self.about_button.clicked.connect(self.about_requested)
        foot.addWidget(self.settings_button, 1)
        foot.addWidget(self.about_button)
        lay.addLayout(foot)
        self.current: str | None = None
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(50)
        self._soon.timeout.connect(self.refresh)
        history.found.connect(self._found)
        self.refresh()

    def set_current(self, cid: str | None) -> None:
        """The conversation on show, highlighted (none for a new chat)."""
        self.current = cid
        self.list.clearSelection()
        for i in range(self.list.count()):
            item = self.list.item(i)
            if cid is not None and item.data(ROLE_ID) == cid and item.data(ROLE_MSG) is None:
                item.setSelected(True)
                break

    def stop(self) -> None:
        """No more refreshes (the window is closing; the history may close right after)."""
        self._soon.stop()

    def refresh_soon(self) -> None:
        """Refresh once for a burst of changes (a comparison's columns end within moments)."""
        if not self._soon.isActive():
            self._soon.start()

    def refresh(self) -> None:
        text = self.search.text().strip()
        if text:
            self.history.search_soon(text, limit=50)  # the list changes when the hits come (_found)
        else:
            self.list.clear()
            self._show_groups(self.history.conversations(limit=500))

    def _found(self, text: str, hits: object) -> None:
        if text != self.search.text().strip():
            return  # typed on since: a newer search is coming
        self.list.clear()
        if isinstance(hits, Exception):
            self._header(str(hits))
            return
        self._show_hits(text, hits)  # type: ignore[arg-type]

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text.upper(), self.list)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        font.setBold(True)
        item.setFont(font)
        item.setForeground(self.palette().placeholderText())

    def _show_groups(self, convs: list[Conversation]) -> None:
        group = None
        seen: dict[str, int] = {}
        for c in convs:
            seen[c.title or ""] = seen.get(c.title or "", 0) + 1
        for c in convs:
            g = date_group(c.updated_at)
            if g != group:
                self._header(g)
                group = g
            comparing = c.kind == "compare"
            text = ("⇄ " if comparing else "⚠ " if c.never_answered else "") + (c.title or tr("Untitled"))
            if seen[c.title or ""] > 1:  # the same title more than once: when, and with which model
                when = QLocale().toString(dt.datetime.fromtimestamp(c.updated_at), QLocale.FormatType.ShortFormat)  # the locale's way
                text += f"\n{when} · {tr('comparison') if comparing else (c.model or tr('no model'))}"
            item = QListWidgetItem(text, self.list)
            item.setData(ROLE_ID, c.id)
            cost = usd(c.cost) if c.cost is not None else tr("cost unknown")
            what = tr("comparison of %n model(s)", len(c.settings.get("columns") or [])) if comparing else (c.model or "")
            if c.never_answered:  # kept (Retry is there), and plainly marked as not answered
                item.setToolTip(tip(tr('{title}\nNot answered: the request failed. Open it to see why, and Retry.').format(title=c.title)))
                item.setForeground(self.palette().placeholderText())
            else:
                item.setToolTip(tip(tr("{title}\n{what} · {messages} · {cost}").format(
                    title=c.title, what=what, messages=tr("%n message(s)", c.message_count), cost=cost)))
            if c.id == self.current:
                item.setSelected(True)
        if not convs:
            self._header(tr("No conversations yet"))

    def _show_hits(self, text: str, hits: list) -> None:  # type: ignore[type-arg]
        if not hits:
            self._header(tr("Nothing found for “{text}”").format(text=text))
            return
        # The style sheet pads each item 6 px by 8 px: the label gets the rest, the row all of it.
        width = max(160, self.list.viewport().width() - 12 - 16)
        for h in hits:
            marked = lambda t: html.escape(" ".join(t.split())).replace(MARK_OPEN, "<b><u>").replace(MARK_CLOSE, "</u></b>")
            if h.field == "title":
                text = f"<b>{marked(h.snippet)}</b><br><small>[title]</small>"
            else:
                where = {"content": h.role or "message", "reasoning": "thinking"}[h.field]
                text = f"<b>{html.escape(h.title or tr('Untitled'))}</b><br><small>[{where}] {marked(h.snippet)}</small>"
            label = RichLabel(text)  # Ponder's marks around escaped text
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            label.ensurePolished()
            item = QListWidgetItem(self.list)
            item.setData(ROLE_ID, h.conversation_id)
            item.setData(ROLE_MSG, h.message_id)  # None for a title
            label.setFixedWidth(width)
            # The height the wrapped text needs at this width, or the last line (often the hit) is cut.
            item.setSizeHint(QSize(width + 16, label.heightForWidth(width) + 12 + 2))
            self.list.setItemWidget(item, label)

    def _open(self, item: QListWidgetItem) -> None:
        cid = item.data(ROLE_ID)
        if cid:
            self.current = cid
            mid = item.data(ROLE_MSG)
            if mid:  # a search hit in a message: open the branch it is in, at it
                self.hit_opened.emit(cid, mid, self.search.text().strip())
            else:
                self.opened.emit(cid)

    def _menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        item = self.list.itemAt(pos)
        cid = item.data(ROLE_ID) if item else None
        if not cid:
            return
        menu = QMenu(self)
        menu.addAction(tr("Rename…"), lambda: self.rename(cid))
        menu.addAction(tr("Export…"), lambda: self.export(cid))
        menu.addAction(tr("Delete…"), lambda: self.delete(cid))
        menu.exec(self.list.mapToGlobal(pos))

    def rename(self, cid: str) -> None:
        c = self.history.conversation(cid)
        title, ok = QInputDialog.getText(self, tr("Rename conversation"), tr("Title:"), text=c.title)
        if ok and title.strip():
            self.history.rename(cid, title.strip())

    def export(self, cid: str, path: str | None = None) -> str | None:
        """Save a conversation as Markdown (images in a folder beside it) or Ponder JSON (images
        inside); returns where, or None if cancelled or it failed (the user is told)."""
        import re
        from pathlib import Path

        c = self.history.conversation(cid)
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            stem = re.sub(r"[^\w.-]+", "-", c.title or "conversation").strip("-")[:60] or "conversation"
            path, _ = QFileDialog.getSaveFileName(self, tr("Export conversation"), f"{stem}.md",
                                                  tr("Markdown (*.md);;Ponder JSON, to import again (*.json)"))
            if not path:
                return None
        p = Path(path)
        try:
            self.history.export(cid, p, "json" if p.suffix.lower() == ".json" else "md")
        except OSError as e:
            message(self, tr("Export conversation"), tr('Could not write {p}: {v3}').format(p=p, v3=e.strerror or e))
            return None
        return str(p)

    def delete(self, cid: str, confirm: bool = True) -> None:
        c = self.history.conversation(cid)
        if confirm:
            if not message(self, tr("Delete conversation"),
                           tr("Delete “{title}” and its {messages}? This cannot be undone.").format(
                               title=c.title, messages=tr("%n message(s)", c.message_count)), question=True):
                return
        self.history.delete(cid)
        self.deleted.emit(cid)
        self.refresh()
