"""The summary under a comparison's columns: bars drawn with QPainter for time to first token,
tokens per second and cost, in each column's colour, the best marked; for one model at several
efforts (a sweep), reasoning tokens, thinking time, total time, the answer's length and cost."""

from __future__ import annotations

from ponder.ui.i18n import N_, tr


from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QSizePolicy, QWidget,
)

from ponder.core.answers import columns as cmp
from ponder.core.answers.columns import Figures
from ponder.ui.theme import color


class SummaryChart(QWidget):
    """Three bar groups side by side: time to first token, tokens/s, cost. Drawn with QPainter
    (no chart dependency); the best bar of each group is marked."""

    GROUPS = (("ttft_ms", N_("Time to first token"), "min"), ("tokens_per_s", N_("Tokens per second"), "max"), ("cost", N_("Cost"), "min"))
    # One model at several efforts: what more reasoning costs and buys (not ranked but time and cost)
    SWEEP = (("reasoning_tokens", N_("Reasoning tokens"), None), ("thinking_ms", N_("Thinking time"), None),
             ("total_ms", N_("Total time"), "min"), ("answer_tokens", N_("Answer tokens"), None), ("cost", N_("Cost"), "min"))
    ROW = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.colors: list[str] = []
        self.figs: list[Figures | None] = []
        self.total = ""
        self.groups: tuple[tuple[str, str, str | None], ...] = self.GROUPS
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(26 + 8 * len(self.names) + 22)

    def set_data(self, names: list[str], colors: list[str], figs: list[Figures | None], total: str,
                 sweep: bool = False) -> None:
        self.names, self.colors, self.figs, self.total = names, colors, figs, total
        self.groups = self.SWEEP if sweep else self.GROUPS
        self.setMinimumHeight(26 + 10 * max(1, len(names)) + 22)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 26 + self.ROW * max(1, len(self.names)) + 22)

    def row_height(self) -> float:
        """Rows shrink to fit when the summary is given less room (the splitter above it)."""
        return max(10.0, min(float(self.ROW), (self.height() - 26 - 22) / max(1, len(self.names))))

    def values(self, name: str) -> list[float | None]:
        return [getattr(f, name) if f is not None else None for f in self.figs]

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text, muted = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.PlaceholderText)
        track = pal.color(QPalette.ColorRole.AlternateBase).darker(104)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        bold = QFont(small)
        bold.setBold(True)
        w = self.width()
        gap = 18
        n = len(self.groups)
        group_w = (w - (n - 1) * gap - 16) / n
        fm_w = max([p.fontMetrics().horizontalAdvance(n) for n in self.names] + [40])
        name_w = min(140, fm_w + 8)
        for gi, (name, title, better) in enumerate(self.groups):
            x0 = 8 + gi * (group_w + gap)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(x0, 4, group_w, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, tr(title))
            vals = self.values(name)
            known = [v for v in vals if v is not None]
            top = max(known) if known else 0
            target = (min(known) if better == "min" else max(known)) if len(known) >= 2 and better else None
            p.setFont(small)
            rh = self.row_height()
            p.setFont(bold)
            value_w = max([p.fontMetrics().horizontalAdvance("★ " + cmp.fmt(name, v)) for v in vals] + [40]) + 8
            p.setFont(small)
            for i, v in enumerate(vals):
                y = 26 + i * rh
                label = p.fontMetrics().elidedText(self.names[i], Qt.TextElideMode.ElideRight, int(name_w - 6))
                p.setPen(text)
                p.drawText(QRectF(x0, y, name_w, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
                bx, bw = x0 + name_w, max(10.0, group_w - name_w - value_w)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(track)
                p.drawRoundedRect(QRectF(bx, y + rh * 0.2, bw, rh * 0.6), 3, 3)
                if v is not None and top > 0:
                    p.setBrush(QColor(self.colors[i]))
                    p.drawRoundedRect(QRectF(bx, y + rh * 0.2, max(2.0, bw * v / top), rh * 0.6), 3, 3)
                is_best = target is not None and v is not None and abs(v - target) <= 1e-12 + 1e-9 * abs(target)
                p.setPen(QColor(color("best")) if is_best else (text if v is not None else muted))
                p.setFont(bold if is_best else small)
                p.drawText(QRectF(bx + bw + 4, y, value_w - 4, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           ("★ " if is_best else "") + cmp.fmt(name, v))
                p.setFont(small)
        p.setPen(text)
        p.setFont(bold)
        p.drawText(QRectF(8, self.height() - 20, w - 16, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.total)
        p.end()
