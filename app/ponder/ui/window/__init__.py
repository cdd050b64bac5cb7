"""The main window, in rooms (frame.py builds it)."""

from ponder.ui.window.frame import MainWindow

__all__ = ["MainWindow"]
