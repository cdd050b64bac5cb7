"""Light and dark themes that follow the system: Fusion, a palette, and a small style sheet."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

COLORS = {
    "light": dict(window="#ffffff", side="#f6f7f9", base="#ffffff", text="#1f2328", muted="#59636e", border="#d8dee4",
                  accent="#2563eb", accent_text="#ffffff", user_bubble="#eef2ff", hover="#eaeef2", error="#b42318",
                  error_bg="#fef3f2", pane="#f6f8fa", button_accent="#2563eb", button_danger="#b42318", best="#15803d"),
    "dark": dict(window="#16181d", side="#1c1f26", base="#16181d", text="#e6edf3", muted="#9198a1", border="#30363d",
                 accent="#3b82f6", accent_text="#ffffff", user_bubble="#1e2a44", hover="#262a33", error="#f97066",
                 error_bg="#2a1613", pane="#1c2128", button_accent="#2563eb", button_danger="#d92d20", best="#4ade80"),
}


_arrow_dir: Path | None = None


def _arrows(color: str, off: str) -> dict[str, str]:
    """The combo and spin box arrows as small PNG files (a style sheet takes images by path;
    drawn here, so neither an image file nor Qt's SVG library is needed), in a private folder of
    this process's, removed when it ends."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter, QPen

    global _arrow_dir
    if _arrow_dir is None:
        _arrow_dir = Path(tempfile.mkdtemp(prefix="ponder-theme-"))
        atexit.register(shutil.rmtree, _arrow_dir, True)
    out = {}
    for name, up, col in (("down", False, color), ("up", True, color), ("down_off", False, off), ("up_off", True, off)):
        path = _arrow_dir / f"{name}-{col.lstrip('#')}.png"
        if not path.exists():
            img = QImage(20, 12, QImage.Format.Format_ARGB32)  # drawn at 2x: sharp on high-DPI screens
            img.fill(0)
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(QColor(col), 3.2)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            ys = (10.0, 2.0) if up else (2.0, 10.0)
            p.drawPolyline([QPointF(2, ys[0]), QPointF(10, ys[1]), QPointF(18, ys[0])])
            p.end()
            img.save(str(path), "PNG")
        out[name] = path.as_posix()
    # A check box's tick, white on the accent colour (the same in both themes).
    tick = _arrow_dir / "tick.png"
    if not tick.exists():
        img = QImage(28, 28, QImage.Format.Format_ARGB32)
        img.fill(0)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#ffffff"), 3.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.drawPolyline([QPointF(6, 14.5), QPointF(11.5, 20), QPointF(22, 8)])
        p.end()
        img.save(str(tick), "PNG")
    out["tick"] = tick.as_posix()
    return out


_current = "light"


def color(name: str) -> str:
    """A colour of the theme on show (for rich text drawn by Ponder: the best figure, a failure)."""
    return COLORS[_current][name]


def system_theme() -> str:
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, theme: str) -> dict[str, str]:
    global _current
    _current = theme
    c = COLORS[theme]
    app.setStyle("Fusion")
    p = QPalette()
    for role, key in (
        (QPalette.ColorRole.Window, "window"), (QPalette.ColorRole.Base, "base"), (QPalette.ColorRole.AlternateBase, "side"),
        (QPalette.ColorRole.Text, "text"), (QPalette.ColorRole.WindowText, "text"), (QPalette.ColorRole.Button, "side"),
        (QPalette.ColorRole.ButtonText, "text"), (QPalette.ColorRole.Highlight, "accent"),
        (QPalette.ColorRole.HighlightedText, "accent_text"), (QPalette.ColorRole.ToolTipBase, "side"),
        (QPalette.ColorRole.ToolTipText, "text"), (QPalette.ColorRole.PlaceholderText, "muted"), (QPalette.ColorRole.Link, "accent"),
    ):
        p.setColor(role, QColor(c[key]))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c["muted"]))
    app.setPalette(p)
    arrows = _arrows(c["muted"], c["border"])
    app.setStyleSheet(f"""
        QWidget {{ font-size: 10.5pt; }}
        #Sidebar {{ background: {c['side']}; border-right: 1px solid {c['border']}; }}
        #Sidebar QListWidget {{ background: transparent; border: none; }}
        #Sidebar QListWidget::item {{ padding: 6px 8px; border-radius: 6px; }}
        #Sidebar QListWidget::item:hover {{ background: {c['hover']}; }}
        #Sidebar QListWidget::item:selected {{ background: {c['hover']}; color: {c['text']}; }}
        QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
            border: 1px solid {c['border']}; border-radius: 8px; padding: 5px 8px; background: {c['base']};
        }}
        QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{ border: 1px solid {c['accent']}; }}
        /* A styled box draws its own arrows: Fusion's would be left as dark corners. */
        QComboBox {{ padding-right: 22px; }}
        QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 20px;
                                border: none; background: transparent; }}
        QComboBox::down-arrow, QAbstractSpinBox::down-arrow {{ image: url({arrows['down']}); width: 10px; height: 6px; }}
        QAbstractSpinBox::up-arrow {{ image: url({arrows['up']}); width: 10px; height: 6px; }}
        QComboBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:disabled {{ image: url({arrows['down_off']}); }}
        QAbstractSpinBox::up-arrow:disabled {{ image: url({arrows['up_off']}); }}
        QSpinBox, QDoubleSpinBox {{ padding: 5px 22px 5px 8px; }}
        QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border; width: 20px;
            border: none; background: transparent; }}
        QAbstractSpinBox::up-button {{ subcontrol-position: top right; margin-top: 3px; }}
        QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; margin-bottom: 3px; }}
        QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover,
        QComboBox::drop-down:hover {{ background: {c['hover']}; border-radius: 4px; }}
        QComboBox QAbstractItemView {{ border: 1px solid {c['border']}; background: {c['base']};
                                       selection-background-color: {c['hover']}; selection-color: {c['text']}; }}
        QPushButton {{ border: 1px solid {c['border']}; border-radius: 8px; padding: 6px 14px; background: {c['side']}; }}
        QPushButton:hover {{ background: {c['hover']}; }}
        QPushButton#Primary {{ background: {c['button_accent']}; color: #ffffff; border: none; font-weight: 600; }}
        QPushButton#Danger {{ background: {c['button_danger']}; color: #ffffff; border: none; font-weight: 600; }}
        QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
        QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
        QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
        QScrollBar::handle {{ background: {c['border']}; border-radius: 4px; min-height: 24px; min-width: 24px; }}
        QScrollBar::handle:hover {{ background: {c['muted']}; }}
        QScrollBar[empty="true"]::handle {{ background: transparent; }}
        QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
        QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
        QToolButton {{ border: none; padding: 3px 6px; border-radius: 6px; }}
        QToolButton:hover {{ background: {c['hover']}; }}
        /* Where the keyboard is, in both themes: a ring in the accent colour (the sizes stay put). */
        QToolButton:focus {{ border: 2px solid {c['accent']}; padding: 1px 4px; }}
        QPushButton:focus {{ border: 2px solid {c['accent']}; padding: 5px 13px; }}
        QPushButton#Primary:focus, QPushButton#Danger:focus {{ border: 2px solid {c['text']}; padding: 4px 12px; }}
        QListWidget:focus, QTreeWidget:focus, QTableWidget:focus {{ border: 1px solid {c['accent']}; }}
        QCheckBox:focus, QRadioButton:focus {{ color: {c['accent']}; }}
        /* Boxes and circles drawn here: Fusion's are nearly invisible on the dark theme. */
        QCheckBox::indicator, QRadioButton::indicator {{ width: 14px; height: 14px; border: 1px solid {c['muted']};
                                                        background: {c['base']}; }}
        QCheckBox::indicator {{ border-radius: 3px; }}
        QRadioButton::indicator {{ border-radius: 8px; }}
        QCheckBox::indicator:checked {{ background: {c['accent']}; border-color: {c['accent']}; image: url({arrows['tick']}); }}
        QRadioButton::indicator:checked {{ border: 4px solid {c['accent']}; width: 8px; height: 8px; background: {c['base']}; }}
        QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {c['border']}; background: {c['side']}; }}
        #TopBar {{ border-bottom: 1px solid {c['border']}; }}
        #UserBubble {{ background: {c['user_bubble']}; border-radius: 12px; }}
        #ThinkingPane {{ background: {c['pane']}; border: 1px solid {c['border']}; border-radius: 10px; }}
        #ErrorBox {{ background: {c['error_bg']}; border: 1px solid {c['error']}; border-radius: 8px; }}
        #ErrorBox QLabel, QLabel#ErrorText {{ color: {c['error']}; }}
        #ToolBox {{ border: 1px solid {c['border']}; border-radius: 8px; }}
        QLabel#Muted, QLabel#Footer {{ color: {c['muted']}; }}
        QLabel#Footer {{ font-size: 9pt; }}
        QLabel#GroupHeader {{ color: {c['muted']}; font-size: 9pt; font-weight: 600; }}
        QScrollArea {{ border: none; }}
        QLabel#FollowUp {{ background: {c['side']}; border-radius: 8px; padding: 6px; }}
        QLabel#ColumnError {{ font-size: 9.5pt; }}
    """)
    return c
