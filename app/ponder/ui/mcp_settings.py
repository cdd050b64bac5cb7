"""Settings > MCP servers: add, change, switch off, restart and remove servers, import the
``mcpServers`` JSON of other apps, see each server's state (ready with N tools, or why it failed,
with the end of what it wrote), and revoke "Always allow". Secrets go to the keyring only."""

from __future__ import annotations

import shlex
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from ponder.core.mcp.config import McpConfigError, McpServer, is_secret_env
from ponder.core.providers.custom import is_secret_header
from ponder.ui.safe import PlainLabel, message
from ponder.ui.i18n import tr


def _pairs(text: str, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        k, sep, v = line.partition("=") if what == "variable" else line.partition(":")
        if not sep or not k.strip():
            raise McpConfigError(tr("Line {n} of the variables is not NAME=value").format(n=n) if what == "variable"
                                 else tr("Line {n} of the headers is not Name: value").format(n=n))
        out[k.strip()] = v.strip()
    return out


class McpServerDialog(QDialog):
    """One server's settings; secret values are typed here and go to the keyring."""

    def __init__(self, existing: McpServer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change MCP server") if existing else tr("Add MCP server"))
        self.resize(620, 480)
        self.existing = existing
        form = QFormLayout(self)
        self.name = QLineEdit(existing.name if existing else "", self)
        self.name.setPlaceholderText(tr("files"))
        self.name.setAccessibleName(tr("Server name"))
        self.kind = QComboBox(self)
        self.kind.addItem(tr("A program on this machine (stdio)"), "stdio")
        self.kind.addItem(tr("An address (Streamable HTTP)"), "http")
        self.kind.setAccessibleName(tr("How Ponder reaches it"))
        self.pages = QStackedWidget(self)
        prog = QWidget(self)
        pf = QFormLayout(prog)
        pf.setContentsMargins(0, 0, 0, 0)
        self.command = QLineEdit(prog)
        self.command.setPlaceholderText(tr("npx -y @modelcontextprotocol/server-filesystem /home/me/notes"))
        self.command.setAccessibleName(tr("Command line"))
        self.cwd = QLineEdit(prog)
        self.cwd.setPlaceholderText(tr("(Ponder's own)"))
        self.env = QPlainTextEdit(prog)
        self.env.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.env.setPlaceholderText(tr("LOG_LEVEL=info\nGITHUB_TOKEN=…   (a secret-looking name goes to the keyring)"))
        self.env.setAccessibleName(tr("Environment variables"))
        pf.addRow(tr("Command line"), self.command)
        pf.addRow(tr("Working folder"), self.cwd)
        pf.addRow(tr("Environment"), self.env)
        web = QWidget(self)
        wf = QFormLayout(web)
        wf.setContentsMargins(0, 0, 0, 0)
        self.url = QLineEdit(web)
        self.url.setPlaceholderText(tr("https://mcp.example.com/mcp"))
        self.url.setAccessibleName(tr("Address"))
        self.headers = QPlainTextEdit(web)
        self.headers.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.headers.setPlaceholderText(tr("X-Team: blue   (Authorization and the like go to the keyring)"))
        self.headers.setAccessibleName(tr("Headers"))
        self.token = QLineEdit(web)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(tr("Bearer token"))
        wf.addRow(tr("Address"), self.url)
        wf.addRow(tr("Headers"), self.headers)
        wf.addRow(tr("Bearer token"), self.token)
        self.pages.addWidget(prog)
        self.pages.addWidget(web)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(1, 3600)
        self.timeout.setSuffix(tr(" s"))
        self.timeout.setValue(existing.timeout_s if existing else 60)
        self.timeout.setAccessibleName(tr("Time a call may take"))
        self.error = PlainLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Reached as"), self.kind)
        form.addRow(self.pages)
        form.addRow(tr("A call may take"), self.timeout)
        kept = PlainLabel(self)
        kept.setObjectName("Muted")
        kept.setWordWrap(True)
        form.addRow(kept)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if existing is not None:
            self.kind.setCurrentIndex(1 if existing.url else 0)
            self.command.setText(shlex.join([existing.command, *existing.args]) if existing.command else "")
            self.cwd.setText(existing.cwd or "")
            self.env.setPlainText("\n".join(f"{k}={v}" for k, v in existing.env.items()))
            self.url.setText(existing.url)
            self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in existing.headers.items()))
            if existing.secrets:
                kept.setText(tr("Kept in the keyring: ") + ", ".join(s.split(":", 1)[1] for s in existing.secrets)
                             + tr(". Type a value again to replace it."))
        self.server: McpServer | None = None
        self.secret_values: dict[str, str] = {}

    def _check(self) -> None:
        from ponder.core.mcp.config import check_server

        try:
            secrets: dict[str, str] = {}
            kept = list(self.existing.secrets) if self.existing else []
            if self.kind.currentData() == "stdio":
                try:
                    words = shlex.split(self.command.text())
                except ValueError as e:
                    raise McpConfigError(tr("The command line cannot be read: {why}").format(why=e)) from None
                if not words:
                    raise McpConfigError(tr("Give the command that starts the server"))
                env = _pairs(self.env.toPlainText(), "variable")
                for k in [k for k in env if is_secret_env(k)]:
                    secrets[f"env:{k}"] = env.pop(k)
                names = sorted({*[s for s in kept if s.startswith("env:")], *secrets})
                s = McpServer(self.name.text().strip(), words[0], words[1:], self.cwd.text().strip() or None, env,
                              secrets=names, timeout_s=self.timeout.value())
            else:
                headers = _pairs(self.headers.toPlainText(), "header")
                for k in [k for k in headers if is_secret_header(k)]:
                    secrets[f"header:{k}"] = headers.pop(k)
                if self.token.text().strip():
                    secrets["header:Authorization"] = "Bearer " + self.token.text().strip().removeprefix("Bearer ")
                names = sorted({*[s for s in kept if s.startswith("header:")], *secrets})
                s = McpServer(self.name.text().strip(), url=self.url.text().strip(), headers=headers, secrets=names,
                              timeout_s=self.timeout.value())
            if self.existing is not None:
                s.enabled = self.existing.enabled
            check_server(s)
        except McpConfigError as e:
            self.error.setText(str(e))
            return
        self.server, self.secret_values = s, secrets
        self.accept()


class McpImportDialog(QDialog):
    """Paste (or open) the mcpServers JSON of another app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import MCP servers"))
        self.resize(620, 420)
        lay = QVBoxLayout(self)
        hint = PlainLabel(tr('Paste the "mcpServers" JSON of Claude Desktop, Cursor or another app, or open its file '
                          "(claude_desktop_config.json, mcp.json). Secrets in it go to the keyring."), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab moves on: a keyboard never gets stuck here
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(tr('{"mcpServers": {"files": {"command": "npx", "args": ["-y", "…"]}}}'))
        self.text.setAccessibleName(tr("The servers' JSON"))
        lay.addWidget(self.text, 1)
        row = QHBoxLayout()
        pick = QPushButton(tr("Open a file…"), self)
        pick.clicked.connect(self._open)
        row.addWidget(pick)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        lay.addLayout(row)

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open the servers' JSON"), "", tr("JSON (*.json);;All files (*)"))
        if path:
            try:
                with open(path, "rb") as f:
                    self.text.setPlainText(f.read(1024 * 1024).decode("utf-8", "replace"))
            except OSError as e:
                message(self, tr("Import MCP servers"), tr('{path} could not be read: {v2}').format(path=path, v2=e.strerror or e))


class McpSettings(QWidget):
    """The MCP servers tab of Settings."""

    def __init__(self, service: Any, tools: Any, parent: QWidget | None = None) -> None:  # ProviderService, ToolService
        super().__init__(parent)
        self.service, self.tools = service, tools
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        side = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setMaximumWidth(260)
        self.list.setAccessibleName(tr("MCP servers"))
        side.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add = QPushButton(tr("Add…"), self)
        self.change = QPushButton(tr("Change…"), self)
        self.remove = QPushButton(tr("Remove"), self)
        for b in (self.add, self.change, self.remove):
            row.addWidget(b)
        side.addLayout(row)
        self.import_button = QPushButton(tr("Import from another app…"), self)
        side.addWidget(self.import_button)
        body.addLayout(side)
        detail = QWidget(self)
        form = QFormLayout(detail)
        self.target = PlainLabel(detail)
        self.target.setWordWrap(True)
        self.target.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = PlainLabel(detail)
        self.state.setWordWrap(True)
        self.stderr = PlainLabel(detail)
        self.stderr.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.stderr.setWordWrap(True)
        self.stderr.setObjectName("Muted")
        self.stderr.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enabled = QCheckBox(tr("Offer its tools (switched off, no conversation can use it)"), detail)
        actions = QHBoxLayout()
        self.restart = QPushButton(tr("Start / restart"), detail)
        actions.addWidget(self.restart)
        actions.addStretch(1)
        self.tool_list = PlainLabel(detail)
        self.tool_list.setWordWrap(True)
        form.addRow(tr("Runs"), self.target)
        form.addRow(tr("State"), self.state)
        form.addRow("", self.stderr)
        form.addRow("", self.enabled)
        form.addRow("", actions)
        form.addRow(tr("Tools"), self.tool_list)
        body.addWidget(detail, 1)
        outer.addLayout(body, 1)
        always = QHBoxLayout()
        self.always = QListWidget(self)
        self.always.setMaximumHeight(90)
        self.always.setAccessibleName(tr("Tools always allowed"))
        left = QVBoxLayout()
        left.addWidget(PlainLabel(tr("Always allowed (these run without asking):"), self))
        left.addWidget(self.always)
        always.addLayout(left, 1)
        self.revoke = QPushButton(tr("Revoke"), self)
        self.revoke.setToolTip(tr("Ask again before this tool runs"))
        always.addWidget(self.revoke, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(always)

        self.list.currentItemChanged.connect(lambda *_: self._show())
        self.add.clicked.connect(lambda: self._edit(None))
        self.change.clicked.connect(lambda: self._edit(self.current()))
        self.remove.clicked.connect(self._remove)
        self.import_button.clicked.connect(self._import)
        self.restart.clicked.connect(self._restart)
        self.enabled.toggled.connect(self._switch)
        self.revoke.clicked.connect(self._revoke)
        if tools is not None:
            tools.serverState.connect(self._state_changed)
        self._fill()

    def current(self) -> McpServer | None:
        item = self.list.currentItem()
        return self.service.settings.mcp_server(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _describe(self, s: McpServer) -> str:
        if not s.enabled:
            return "off"
        return self.tools.state(s.name).describe() if self.tools is not None else tr("not started")

    def _fill(self, select: str | None = None) -> None:
        keep = select or (self.current().name if self.current() else None)
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.service.settings.mcp_servers:
            item = QListWidgetItem(f"{s.name} — {self._describe(s)}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, s.name)
        self.list.blockSignals(False)
        names = [s.name for s in self.service.settings.mcp_servers]
        self.list.setCurrentRow(names.index(keep) if keep in names else (0 if names else -1))
        self.always.clear()
        for a in self.service.settings.mcp_always:
            self.always.addItem(a)
        self.revoke.setEnabled(bool(self.service.settings.mcp_always))
        self._show()

    def _show(self) -> None:
        s = self.current()
        for w in (self.change, self.remove, self.restart, self.enabled):
            w.setEnabled(s is not None)
        if s is None:
            self.target.setText(tr("No servers yet: Add… one, or import those of another app."))
            for w in (self.state, self.stderr, self.tool_list):
                w.setText("")
            return
        self.target.setText(s.url if s.url else shlex.join([s.command, *s.args]))
        st = self.tools.state(s.name) if self.tools is not None else None
        self.state.setText(self._describe(s))
        tail = [ln for ln in (st.stderr if st else "").splitlines() if ln.strip()][-6:]
        self.stderr.setText("\n".join(tail) if st and st.status == "failed" else "")
        self.stderr.setVisible(bool(self.stderr.text()))
        self.enabled.blockSignals(True)
        self.enabled.setChecked(s.enabled)
        self.enabled.blockSignals(False)
        self.tool_list.setText(", ".join(t.name for t in st.tools) if st and st.tools else tr("(shown once it has started)"))

    def _state_changed(self, state: Any) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == state.name:
                s = self.service.settings.mcp_server(state.name)
                if s is not None:
                    item.setText(tr('{name} — {v2}').format(name=s.name, v2=self._describe(s)))
        self._show()

    def _edit(self, existing: McpServer | None) -> None:
        d = McpServerDialog(existing, self)
        if d.exec() != QDialog.DialogCode.Accepted or d.server is None:
            return
        try:
            self.service.save_mcp_server(d.server, d.secret_values, replacing=existing.name if existing else None)
        except (ValueError, Exception) as e:  # noqa: BLE001 - the keyring refusing, a name taken: said
            message(self, tr("MCP server"), str(e))
            return
        if existing is not None and self.tools is not None:
            self.tools.restart(d.server.name)  # changed: started afresh with what was set
        self._fill(d.server.name)

    def _remove(self) -> None:
        s = self.current()
        if s is None:
            return
        if not message(self, tr("Remove MCP server"), tr('Remove {name}, its secrets in the keyring and its always-allowed tools? Conversations keep the results its tools gave.').format(name=s.name), question=True):
            return
        self.service.remove_mcp_server(s.name)
        self._fill()

    def _import(self) -> None:
        d = McpImportDialog(self)
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            added, skipped = self.service.import_mcp(d.text.toPlainText())
        except (McpConfigError, Exception) as e:  # noqa: BLE001 - not JSON, the keyring refusing: said
            message(self, tr("Import MCP servers"), str(e))
            return
        said = tr("Added {names}.").format(names=", ".join(added)) if added else tr("No server was added.")
        if skipped:
            said += "\n\n" + tr("Left out:") + "\n" + "\n".join(f"• {s}" for s in skipped)
        message(self, tr("Import MCP servers"), said)
        self._fill(added[0] if added else None)

    def _restart(self) -> None:
        s = self.current()
        if s is not None and self.tools is not None and s.enabled:
            self.state.setText(tr("starting"))
            self.tools.restart(s.name)

    def _switch(self, on: bool) -> None:
        s = self.current()
        if s is None:
            return
        from dataclasses import replace

        self.service.save_mcp_server(replace(s, enabled=on), replacing=s.name)
        self._fill(s.name)

    def _revoke(self) -> None:
        item = self.always.currentItem() or (self.always.item(0) if self.always.count() == 1 else None)
        if item is None:
            return
        self.service.set_mcp_always([a for a in self.service.settings.mcp_always if a != item.text()])
        self._fill()
