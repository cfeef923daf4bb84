"""Server-rendered SVG charts (no JavaScript). Each chart has a <title> and <desc>, is
announced as one image, and the page shows the same figures in a table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .scoring import COUNCIL, VCS, Row

WIDTH = 640
BAR_AREA = 420  # x from 0 to BAR_AREA is the 1–5 scale
TEXT_X = 436
COLOURS = {COUNCIL: "#1d70b8", VCS: "#912b88"}
NAMES = {COUNCIL: "Council", VCS: "VCS"}
INK = "#0b0c0c"
GUIDE = "#505a5f"


def _x(value: Decimal) -> float:
    return round(float(value - 1) / 4 * BAR_AREA, 1)


def mean_chart(rows: list[Row], *, chart_id: str, title: str, description: str) -> str:
    """Horizontal bars of the council and VCS means for each row, on the 1–5 scale, with the
    band thresholds (3 and 4) marked."""
    block = 78
    top = 34
    height = top + block * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" focusable="false"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<g font-family="Arial, Helvetica, sans-serif" font-size="15" fill="{INK}">',
    ]
    # Scale and band guides.
    for value in (1, 2, 3, 4, 5):
        x = _x(Decimal(value))
        anchor = "start" if value == 1 else "end" if value == 5 else "middle"
        parts.append(f'<text x="{x}" y="14" text-anchor="{anchor}">{value}</text>')
    for value in (3, 4):
        x = _x(Decimal(value))
        parts.append(
            f'<line x1="{x}" y1="20" x2="{x}" y2="{height - 6}" stroke="{GUIDE}" '
            'stroke-width="1" stroke-dasharray="4 4"/>'
        )
    parts.append(f'<text x="{TEXT_X}" y="14">Mean (1 to 5)</text>')
    for index, row in enumerate(rows):
        y = top + index * block
        parts.append(f'<text x="0" y="{y + 14}" font-weight="bold">{escape(row.title)}</text>')
        for offset, side in ((20, COUNCIL), (44, VCS)):
            summary = row.view(side)
            bar_y = y + offset
            if summary.shown:
                width = max(_x(summary.mean), 2)
                parts.append(
                    f'<rect x="0" y="{bar_y}" width="{width}" height="18" fill="{COLOURS[side]}"/>'
                )
                label = f"{NAMES[side]} {summary.mean} {summary.band_label.lower()}"
            else:
                parts.append(
                    f'<rect x="0" y="{bar_y}" width="{BAR_AREA}" height="18" fill="none" '
                    f'stroke="{GUIDE}" stroke-dasharray="2 3"/>'
                )
                label = f"{NAMES[side]}: {summary.label.lower()}"
            parts.append(f'<text x="{TEXT_X}" y="{bar_y + 14}">{escape(label)}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def chart_description(rows: list[Row]) -> str:
    """A text summary of the same figures, for the chart's <desc> and the page."""
    sentences = []
    for row in rows:
        bits = []
        for side in (COUNCIL, VCS):
            summary = row.view(side)
            if summary.shown:
                bits.append(f"{NAMES[side]} {summary.mean} ({summary.band_label.lower()})")
            else:
                bits.append(f"{NAMES[side]} {summary.label.lower()}")
        sentences.append(f"{row.title}: {', '.join(bits)}.")
    return " ".join(sentences)
