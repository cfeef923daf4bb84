"""Targets on the strategic map (mapping.charts.strategic_map): a green ring where both sides
want a relationship to be, an arrow to it from where the map puts it now, and, for a target
carried from an earlier round, a label saying when it was agreed, placed where it covers
least."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .charts import BOTTOM, HEIGHT, INK, LEFT, RIGHT, TOP, WIDTH, _text, map_xy

TARGET_COLOUR = "#00703c"


@dataclass(frozen=True)
class TargetArrow:
    """A target agreed for a relationship: a green ring where both sides want it, with an
    arrow to it from where the map shows it now (`now`: (strategic, proactive), or None)."""

    number: int
    now: tuple[float, float] | None
    target: tuple[float, float]
    label: str = ""  # said beside the ring: where a target carried from an earlier round was agreed


def target_arrows(chart_id: str, arrows: list[TargetArrow]) -> list[str]:
    if not arrows:
        return []
    head = f"{chart_id}-arrow"
    parts = [
        f'<defs><marker id="{head}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        f'fill="{TARGET_COLOUR}"/></marker></defs>'
    ]
    for arrow in arrows:
        tx, ty = map_xy(*arrow.target)
        if arrow.now is not None:
            x, y = map_xy(*arrow.now)
            length = math.hypot(tx - x, ty - y)
            if length > 14:  # stop at the ring, so the head points at it
                ex, ey = round(tx - (tx - x) * 9 / length, 1), round(ty - (ty - y) * 9 / length, 1)
                parts.append(
                    f'<line class="app-target-arrow" x1="{x}" y1="{y}" x2="{ex}" y2="{ey}" '
                    f'stroke="{TARGET_COLOUR}" stroke-width="2.5" marker-end="url(#{head})"/>'
                )
        parts.append(
            f'<circle class="app-target" cx="{tx}" cy="{ty}" r="7" fill="#ffffff" '
            f'stroke="{TARGET_COLOUR}" stroke-width="3"/>'
        )
    return parts


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_box(x: float, baseline: float, text: str, anchor: str, size: float) -> Box:
    width = 0.55 * size * len(text)  # a generous estimate for Arial
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return (left, baseline - size, left + width, baseline + 0.3 * size)


def target_labels(arrows: list[TargetArrow], taken: list[Box]) -> list[str]:
    """Each carried target's label beside its ring, at the place around it (inside the plot)
    that covers least: a mark, a number, a ring or another label counts far more than a
    stretch of arrow, which the label's white halo lets show through. Drawn over everything."""
    size, parts = 12, []
    plot: Box = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
    weighted = [(box, 10) for box in taken] + [((*_ring(a), *_ring(a, 1)), 10) for a in arrows]
    for arrow in arrows:  # the arrows too, as a run of small boxes along each
        if arrow.now is not None:
            (x1, y1), (x2, y2) = map_xy(*arrow.now), map_xy(*arrow.target)
            steps = max(1, int(math.hypot(x2 - x1, y2 - y1) // 4))
            for i in range(steps + 1):
                x, y = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
                weighted.append(((x - 2, y - 2, x + 2, y + 2), 1))
    for arrow in arrows:
        if not arrow.label:
            continue
        tx, ty = map_xy(*arrow.target)
        places = [
            (anchor, tx + side * 9, ty + dy)
            for dy in (21, -13, 35, -27, 49, -41)
            for anchor, side in (("end", 1), ("start", -1))
        ] + [("end", tx - 11, ty + 4), ("start", tx + 11, ty + 4)]
        boxes = [
            (place, text_box(place[1], place[2], arrow.label, place[0], size)) for place in places
        ]
        inside = [
            (p, b)
            for p, b in boxes
            if b[0] >= plot[0] and b[2] <= plot[2] and b[1] >= plot[1] and b[3] <= plot[3]
        ] or boxes
        (anchor, x, y), box = min(
            inside, key=lambda pb: sum(w for t, w in weighted if _overlaps(pb[1], t))
        )
        weighted.append((box, 10))
        label = _text(round(x, 1), round(y, 1), arrow.label, anchor=anchor, size=size)
        # the halo is a white copy underneath (WeasyPrint, which draws the PDF, has no
        # paint-order), then the label in green
        parts.append(
            label.replace(
                "<text ", '<text aria-hidden="true" stroke="#ffffff" stroke-width="4" ', 1
            ).replace(f'fill="{INK}"', 'fill="#ffffff"')
        )
        parts.append(
            label.replace("<text ", '<text class="app-target-label" ', 1).replace(
                f'fill="{INK}"', f'fill="{TARGET_COLOUR}"'
            )
        )
    return parts


def _ring(arrow: TargetArrow, side: int = -1) -> tuple[float, float]:
    tx, ty = map_xy(*arrow.target)
    return tx + side * 8, ty + side * 8
