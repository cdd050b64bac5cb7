"""The composition root: QApplication, the qasync loop, paths, store, keys, client, services,
and the window. No logic of its own."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from ponder import APP_NAME, __version__

if TYPE_CHECKING:
    from typing import Callable

    from ponder.core.wire.client import ChatClient
    from ponder.ui.window import MainWindow


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    )


def run(args: argparse.Namespace) -> int:
    if _no_display():
        if args.screenshot or args.exit_when_done:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a scripted run needs no screen
        else:
            print("ponder: no display to open the window on (no DISPLAY or WAYLAND_DISPLAY). Run it in a desktop "
                  "session, or try the terminal: ponder ask \"...\"", file=sys.stderr)
            return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ponder.commands.common import Context
    from ponder.core.providers.presets import PRESETS, Provider
    from ponder.core.models import ChatSettings
    from ponder.services.chat import ChatService
    from ponder.ui.safe import message
    from ponder.ui.theme import apply_theme, system_theme
    from ponder.ui.window import MainWindow

    _quiet_qt_noise()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("ponder")  # the Wayland app id: matches packaging/ponder.desktop
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from ponder.resources import icon_files

    icon = QIcon()
    for size, path in icon_files().items():
        icon.addFile(str(path), QSize(size, size))  # read when a size is first drawn
    app.setWindowIcon(icon)
    ctx = Context()
    # The command line's theme, else the one chosen in Settings, else the system's.
    choice = args.theme or ctx.settings.ui.get("theme") or "system"
    theme = choice if choice in ("light", "dark") else system_theme()
    apply_theme(app, theme)
    from ponder.ui import i18n
    from ponder.ui.i18n import tr

    # Settings' language, else the system's if Ponder speaks it (PONDER_LANGUAGE: for screenshots and tests).
    i18n.install(os.environ.get("PONDER_LANGUAGE") or ctx.settings.ui.get("language"))

    from ponder.core.safety.crash import report, setup_logging
    from ponder.core.history.store import Store, StoreCorrupt, StoreError

    setup_logging(ctx.paths.logs)

    def on_error(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        # A bug in a slot: logged (scrubbed) to a file, one line for the user, the window stays.
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, StoreError):
            why = str(exc)
        else:
            path = report(exc, ctx.paths.logs)
            why = f"Something went wrong inside Ponder ({kind.__name__}); the details are in {path}"
        print(f"ponder: {why}", file=sys.stderr)  # the terminal's English; the window's language below
        if not isinstance(exc, StoreError):
            why = tr("Something went wrong inside Ponder ({kind}); the details are in {path}").format(
                kind=kind.__name__, path=path)
        for w in QApplication.topLevelWidgets():
            if hasattr(w, "statusBar"):
                w.statusBar().showMessage(why, 15000)

    sys.excepthook = on_error
    opened: Store | None = None
    try:
        store = opened = ctx.store
        # The first read: damage where the list starts shows here, in a dialog, not as a traceback
        # (damage found later shows in the status bar, with the recover command).
        store.conversations(limit=1)
    except StoreCorrupt as e:
        if not message(None, APP_NAME, tr("{why}.\n\nRecover now? Ponder copies what can still be read into a new "
                                               "history and keeps the damaged file beside it.").format(why=e), question=True):
            print(f"ponder: {e}", file=sys.stderr)
            return 1
        from ponder.core.history.salvage import salvage

        if opened is not None:
            opened.close()
        r = salvage(ctx.paths.database)
        message(None, APP_NAME, tr("Recovered {conversations} and {messages}. The damaged file is kept as {path}.").format(
                    conversations=tr("%n conversation(s)", r.saved.get("conversations", 0)),
                    messages=tr("%n message(s)", r.saved.get("messages", 0)), path=r.damaged),
                icon=QMessageBox.Icon.Information)
        store = Store(ctx.paths.database)
    except StoreError as e:
        print(f"ponder: {e}", file=sys.stderr)
        message(None, APP_NAME, tr("{why}.\n\nPonder cannot start without its history. `ponder ask` still answers in a "
                                        "terminal.").format(why=e))
        return 1
    demo = None

    def make_client() -> "ChatClient":
        from ponder.core.wire.client import ChatClient

        return ChatClient()


    def resolve_provider(pid: str) -> Provider:
        nonlocal demo
        if pid == "demo" and not (args.base_url and args.provider == "demo"):
            if demo is None:
                from ponder.demo.server import DemoProcess

                demo = DemoProcess()  # a process, never a thread beside Qt (see DemoProcess)
            return PRESETS["demo"].with_base_url(demo.base_url)
        if args.base_url and pid == (args.provider or "custom"):
            return ctx.provider(args.provider, args.base_url)
        return ctx.provider(pid)

    providers = [PRESETS["demo"]] + ctx.settings.configurable_providers()
    if args.base_url and not args.provider:
        providers.append(PRESETS["custom"].with_base_url(args.base_url))
    start_provider = args.provider or ("demo" if args.demo else None) or ("custom" if args.base_url else None) \
        or ctx.settings.default_provider or "demo"
    default_model = args.model or ctx.settings.default_models.get(start_provider) \
        or (PRESETS[start_provider].default_model if start_provider in PRESETS else None) or ""

    def models_for(pid: str) -> list[str]:
        if pid == "demo":
            from ponder.demo.scripts import MODELS

            return list(MODELS)
        known = [m for m in (ctx.settings.default_models.get(pid), PRESETS[pid].default_model if pid in PRESETS else None) if m]
        return list(dict.fromkeys(known))

    from ponder.core.providers.catalog import CatalogCache

    ctx.paths.ensure()
    service = ChatService(store, ctx.keys, make_client, resolve_provider, catalog=CatalogCache(ctx.paths.cache))
    service.models.overrides = ctx.settings.model_overrides  # the same dict the settings save
    from ponder.services.provider_setup import ProviderService

    provider_service = ProviderService(ctx.keys, ctx.settings, ctx.paths.settings, lambda: service.client, service.tasks)
    service.local_parallel = ctx.settings.compare_local_parallel
    from ponder.services.tools import ToolService

    tools = ToolService(ctx.keys, lambda: provider_service.settings.mcp_servers, lambda: provider_service.settings.mcp_always,
                        provider_service.set_mcp_always, service.tasks)
    service.attach_tools(tools)
    columns = None
    if args.compare:
        from ponder.core.answers.columns import parse_specs

        try:
            columns = parse_specs(args.compare, start_provider, [p.id for p in providers])
        except ValueError as e:
            print(f"ponder: --compare: {e}", file=sys.stderr)
            return 2
    if getattr(args, "sweep", None):
        from ponder.core.answers.columns import sweep
        from ponder.core.wire.protocol import efforts_for

        p = next((x for x in providers if x.id == start_provider), None)
        try:
            columns = sweep(start_provider, args.sweep, efforts_for(p.dialect if p else "generic",
                                                                    service.models.info(start_provider, args.sweep)))
        except ValueError as e:
            print(f"ponder: --sweep: {e}", file=sys.stderr)
            return 2
    if args.demo or args.provider or args.base_url or args.prompt or args.compare or getattr(args, "sweep", None):
        provider_service.chosen_on_command_line = True  # no welcome: the command line chose
    from ponder.services.history import HistoryService

    window = MainWindow(HistoryService(store), service, providers, ChatSettings(model=default_model, provider=start_provider, mcp=args.mcp or None), models_for, theme,
                        provider_service=provider_service)
    window.forced_theme = args.theme  # None: as chosen in Settings
    window.show()
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _=None: window.follow_theme())
    if os.environ.get("PONDER_BENCH_FIRST_PAINT"):
        _report_first_paint(window)  # bench/ui.py: start-up to first paint
    # Paint first, then load asyncio and qasync (about 30 ms): nothing asynchronous can happen
    # before the loop runs anyway, and the user sees the window that much sooner.
    app.processEvents()
    import asyncio

    import qasync  # after PySide6: it takes the binding already loaded instead of probing PyQt5 first

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # qasync installs no async-generator hooks; without them leaving a stream early raises
    # "async generator ignored GeneratorExit" (stack.md §3).
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook, finalizer=loop._asyncgen_finalizer_hook)
    QTimer.singleShot(0, window.after_start)
    service.collector.take_charge()  # garbage collected on this thread only: the history thread is safe
    window.history.defer_indexing()  # finished answers are indexed for search there, not here
    # Each enabled provider's model list, refreshed once a day in the background.
    for i, pid in enumerate(dict.fromkeys([start_provider, *ctx.settings.enabled_providers])):
        QTimer.singleShot(500 + 200 * i, lambda pid=pid: service.models.refresh(pid))
    if store.recovered_from is not None:
        QTimer.singleShot(0, lambda: message(
            window, APP_NAME, tr("The history database was damaged. It was moved to\n{path}\nand a new one was started.").format(
                path=store.recovered_from)))

    # Quitting goes through `closing`, so that the network client and the tasks are closed while
    # the loop still runs (after QApplication.quit() qasync's loop no longer counts as running).
    closing = asyncio.Event()
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(closing.set)
    signals = _quit_on_signals(lambda: QTimer.singleShot(0, closing.set))  # noqa: F841 - kept alive while the loop runs

    def finish() -> None:
        if args.screenshot:
            window.grab().save(args.screenshot)
        if args.exit_when_done:
            closing.set()

    if not (args.prompt or columns or args.screenshot):
        window.restore_state()  # the size, place and conversation the user left
    if columns:
        window.start_comparison(columns)
    if args.image:
        window.composer.problem.connect(lambda why: print(f"ponder: {why}", file=sys.stderr))
        window.composer.add_media([(None, p) for p in args.image])
        if len(window.composer.images) < len(args.image) and args.prompt:
            # As `ponder ask --image` does: a prompt about an image that is not there is not sent.
            print("ponder: nothing was sent: an --image could not be attached (see above)", file=sys.stderr)
            window.close()
            store.close()
            return 1
    if args.prompt:
        QTimer.singleShot(0, lambda: window.send(args.prompt))
        if args.screenshot or args.exit_when_done:
            window.idle.connect(lambda: QTimer.singleShot(300, finish))  # let the last frame paint
    elif args.screenshot or args.exit_when_done:
        QTimer.singleShot(300, finish)

    async def main() -> None:
        await closing.wait()
        window.close()
        await service.aclose()
        tools.close()  # every MCP server ends with Ponder

    with loop:
        loop.run_until_complete(main())
    if demo is not None:
        demo.stop()
    store.close()
    if window.restart_wanted:
        import subprocess

        subprocess.Popen(again(args), start_new_session=True)  # noqa: S603 - Ponder itself, with its own options
    return 0


def again(args: argparse.Namespace) -> list[str]:
    """The command that starts this window again (Settings' "Restart now"): the same provider, model,
    theme and MCP servers; not what happens once (a prompt, a comparison, a screenshot)."""
    me = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ponder"]
    out = [*me, "--demo"] if args.demo else list(me)
    for flag, value in (("--provider", args.provider), ("--base-url", args.base_url), ("--model", args.model),
                        ("--theme", args.theme)):
        if value:
            out += [flag, value]
    for server in args.mcp or []:
        out += ["--mcp", server]
    return out


_NOISE = ("This plugin does not support propagateSizeHints()",)  # the offscreen platform, once per window


def _quiet_qt_noise() -> None:
    """Qt's messages on stderr, without the ones that say nothing to a user."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, text: str) -> None:
        if text not in _NOISE:
            print(text, file=sys.stderr)

    qInstallMessageHandler(handler)


def _quit_on_signals(quit_: "Callable[[], None]") -> object:
    """SIGINT (Ctrl+C in the terminal that started Ponder) and SIGTERM (`kill`) quit as Ctrl+Q
    does: the answers streaming are stopped and saved, the demo server stopped. A second Ctrl+C
    while that runs ends Ponder at once.

    Qt's loop runs in C++, where Python's handlers cannot run: the wake-up file descriptor makes
    the loop notice the signal, and the handler runs with the next Python code (the notifier's)."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    r, w = socket.socketpair()
    r.setblocking(False)
    w.setblocking(False)
    signal.set_wakeup_fd(w.fileno())
    notifier = QSocketNotifier(r.fileno(), QSocketNotifier.Type.Read)

    def drain() -> None:
        try:
            r.recv(512)
        except OSError:
            pass

    notifier.activated.connect(drain)

    def handler(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the next Ctrl+C does not wait
        quit_()

    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, handler)
    return r, w, notifier


def _report_first_paint(window: "MainWindow") -> None:
    """Print the wall-clock time of the window's first paint, then quit (for bench/ui.py)."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Watch(QObject):
        def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
            if e.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                print(f"first-paint {time.time():.6f}", flush=True)
                QTimer.singleShot(0, lambda: QApplication.instance().lastWindowClosed.emit())
            return False

    watch = Watch(window)
    # A few widgets painted in the first pass, as the bare window in bench/ui.py watches its two:
    # a filter on every child would itself slow start-up down.
    for w in (window, window.centralWidget(), window.composer.edit.viewport()):
        w.installEventFilter(watch)
