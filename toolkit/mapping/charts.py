"""Server-rendered SVG charts for the mapping results. Each chart is a plain SVG string with a
title and description (role="img"); every page that shows one also gives a text summary and
a data table with the same numbers, so nothing depends on seeing the picture or on
JavaScript. Presentation attributes only: the Content Security Policy forbids inline styles.
Each drawing is kept by its exact inputs (toolkit.core.memo): a closed round's pages ask for the
same drawings every time, and a thousand marks take a while to draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from toolkit.core.memo import kept_by_inputs

INK = "#0b0c0c"
GRID = "#b1b4b6"
MUTED = "#505a5f"
# Time investment 1–5, light to dark (every mark also has a dark outline, so the lightest
# still stands out from the background).
TIME_COLOURS = ["#d2e2f1", "#9bc1e4", "#5694ca", "#1d70b8", "#003078"]
NO_VALUE = "#ffffff"
COUNCIL_COLOUR = "#1d70b8"
VCS_COLOUR = "#d4351c"

WIDTH, HEIGHT = 640, 560
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 24, 80


def scale_to(value: float, start: float, length: float, lo: float = 1, hi: float = 5) -> float:
    """Place a 1–5 value along an axis of ``length`` starting at ``start``, rounded to 1 dp."""
    return round(start + (value - lo) / (hi - lo) * length, 1)


def map_xy(strategic: float, proactive: float) -> tuple[float, float]:
    """Strategic map coordinates: proactive to the right, strategic to the top."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    x = scale_to(proactive, LEFT, plot_w)
    y = scale_to(strategic, TOP + plot_h, -plot_h)
    return x, y


def radius_for(financial: float | None) -> float:
    """6 (none or not known) to 18 (high financial investment)."""
    if financial is None:
        return 6.0
    return round(6 + 3 * (financial - 1), 1)


def colour_for(time: float | None) -> str:
    if time is None:
        return NO_VALUE
    return TIME_COLOURS[min(4, max(0, int(round(time)) - 1))]


@dataclass(frozen=True)
class Point:
    number: int
    strategic: float
    proactive: float
    financial: float | None = None
    time: float | None = None
    shape: str = "circle"  # or "square"
    colour: str | None = None  # overrides the time colour


def _svg_open(chart_id: str, title: str, desc: str, width=WIDTH, height=HEIGHT) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _text(x, y, text, *, anchor="middle", size=14, weight="normal", fill=INK, rotate=None):
    transform = f' transform="rotate({rotate} {x} {y})"' if rotate is not None else ""
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-family="arial, sans-serif" '
        f'font-size="{size}" font-weight="{weight}" fill="{fill}"{transform}>{escape(text)}</text>'
    )


def _frame(labels: dict[str, str]) -> list[str]:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'stroke="{INK}" stroke-width="1"/>'
    ]
    for value in (2, 3, 4):
        x, _ = map_xy(1, value)
        _, y = map_xy(value, 1)
        width = 2 if value == 3 else 1
        dash = "" if value == 3 else ' stroke-dasharray="4 4"'
        parts.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + plot_h}" stroke="{GRID}" '
            f'stroke-width="{width}"{dash}/>'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + plot_w}" y2="{y}" stroke="{GRID}" '
            f'stroke-width="{width}"{dash}/>'
        )
    for value in range(1, 6):
        x, _ = map_xy(1, value)
        _, y = map_xy(value, 1)
        parts.append(_text(x, TOP + plot_h + 20, str(value), size=13, fill=MUTED))
        parts.append(_text(LEFT - 12, y + 5, str(value), anchor="end", size=13, fill=MUTED))
    parts.append(_text(LEFT, TOP + plot_h + 44, labels["left"], anchor="start", weight="bold"))
    parts.append(
        _text(LEFT + plot_w, TOP + plot_h + 44, labels["right"], anchor="end", weight="bold")
    )
    parts.append(_text(LEFT + plot_w / 2, TOP + plot_h + 68, labels["x"], size=14, fill=MUTED))
    parts.append(
        _text(30, TOP + plot_h, labels["bottom"], anchor="start", weight="bold", rotate=-90)
    )
    parts.append(_text(30, TOP, labels["top"], anchor="end", weight="bold", rotate=-90))
    return parts


MAP_LABELS = {
    "left": "Reactive",
    "right": "Proactive",
    "x": "Proactive or reactive (1 to 5)",
    "top": "Strategic",
    "bottom": "Transactional",
}


# What every mark or number of a chart shares is said once on a group around them, so that a
# map of a thousand relationships is one short element a mark (issue 16: keep the SVG light).
MARKS_OPEN = f'<g stroke="{INK}" stroke-width="1.5">'
GROUP_CLOSE = "</g>"


def _numbers_open(size: int, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<g font-family="arial, sans-serif" font-size="{size}" font-weight="bold" '
        f'text-anchor="{anchor}" fill="{fill}">'
    )


def _number(x, y, text: str, extra: str = "") -> str:
    """A mark's number inside a `_numbers_open` group."""
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'


def _mark(point: Point, x: float, y: float) -> str:
    """One mark, inside MARKS_OPEN's group."""
    r = radius_for(point.financial)
    fill = point.colour or colour_for(point.time)
    if point.shape == "square":
        side = round(r * 1.7, 1)
        return (
            f'<rect x="{round(x - side / 2, 1)}" y="{round(y - side / 2, 1)}" width="{side}" '
            f'height="{side}" fill="{fill}"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>'


def clusters(placed: list[tuple[int, float, float]], within: float = 16) -> list[list[int]]:
    """Group numbered marks whose centres are within ``within`` of the first of a group, so
    that their numbers can share one label instead of overprinting."""
    groups: list[tuple[float, float, list[int]]] = []
    # Each group's index by the grid cell (of side `within`) of its first mark: a mark can
    # only join a group in its own cell or the eight around it, and it joins the earliest.
    cells: dict[tuple[int, int], list[int]] = {}
    for number, x, y in placed:
        cx, cy = int(x // within), int(y // within)
        near = [
            index
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for index in cells.get((cx + dx, cy + dy), ())
            if math.hypot(groups[index][0] - x, groups[index][1] - y) <= within
        ]
        if near:
            groups[min(near)][2].append(number)
        else:
            cells.setdefault((cx, cy), []).append(len(groups))
            groups.append((x, y, [number]))
    return [members for _x, _y, members in groups]


def _label_places(
    placed: list[tuple[int, float, float]], radius: dict[int, float]
) -> list[tuple[float, float, str, str]]:
    """(x, baseline, anchor, text) of each cluster's number label."""
    where = {number: (x, y) for number, x, y in placed}
    found = []
    for members in clusters(placed):
        x, y = where[members[0]]
        r = max(radius[n] for n in members)
        text = ", ".join(str(n) for n in sorted(members))
        anchor, lx = ("end", x - r - 3) if x > WIDTH - RIGHT - 90 else ("start", x + r + 3)
        found.append((round(lx, 1), round(y - r + 2, 1), anchor, text))
    return found


def _labels(places: list[tuple[float, float, str, str]]) -> list[str]:
    return [
        _numbers_open(13),
        *(
            _number(x, y, text, ' text-anchor="end"' if anchor == "end" else "")
            for x, y, anchor, text in places
        ),
        GROUP_CLOSE,
    ]


@kept_by_inputs()
def strategic_map(
    points: list[Point],
    *,
    chart_id: str,
    title: str,
    desc: str,
    targets: list | None = None,  # target_charts.TargetArrow
) -> SafeString:
    parts = _svg_open(chart_id, title, desc)
    parts += _frame(MAP_LABELS)
    from .target_charts import target_arrows, target_labels, text_box

    parts += target_arrows(chart_id, targets or [])
    placed, taken = [], []
    parts.append(MARKS_OPEN)
    for point in sorted(points, key=lambda p: -radius_for(p.financial)):
        x, y = map_xy(point.strategic, point.proactive)
        parts.append(_mark(point, x, y))
        placed.append((point.number, x, y))
        r = radius_for(point.financial)
        taken.append((x - r, y - r, x + r, y + r))
    parts.append(GROUP_CLOSE)
    radius = {p.number: radius_for(p.financial) for p in points}
    places = _label_places(placed, radius)
    parts += _labels(places)
    taken += [text_box(x, y, text, anchor, 13) for x, y, anchor, text in places]
    parts += target_labels(targets or [], taken)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


@dataclass(frozen=True)
class GapPair:
    number: int
    council: tuple[float, float]  # (strategic, proactive)
    vcs: tuple[float, float]


@kept_by_inputs()
def gap_map(pairs: list[GapPair], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Council view (blue circles) and sector view (red squares) of each relationship, joined
    by a line: the longer the line, the bigger the disagreement."""
    parts = _svg_open(chart_id, title, desc)
    parts += _frame(MAP_LABELS)
    placed = [(pair, map_xy(*pair.council), map_xy(*pair.vcs)) for pair in pairs]
    parts.append(MARKS_OPEN)
    parts += [
        f'<line x1="{cx}" y1="{cy}" x2="{vx}" y2="{vy}"/>' for _p, (cx, cy), (vx, vy) in placed
    ]
    for _pair, (cx, cy), (vx, vy) in placed:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="7" fill="{COUNCIL_COLOUR}"/>')
        parts.append(
            f'<rect x="{round(vx - 6, 1)}" y="{round(vy - 6, 1)}" width="12" height="12" '
            f'fill="{VCS_COLOUR}"/>'
        )
    parts.append(GROUP_CLOSE)
    # Numbered at the council's mark; marks that (nearly) coincide share one label, as on the
    # strategic map, instead of printing their numbers over each other.
    council_marks = [(pair.number, cx, cy) for pair, (cx, cy), _v in placed]
    parts += _labels(_label_places(council_marks, {pair.number: 7 for pair in pairs}))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


RING_ORDER = ["neighbourhood", "whole-place", "region", ""]
RING_LABELS = {
    "neighbourhood": "Neighbourhood",
    "whole-place": "Whole place",
    "region": "Region",
    "": "Scale not recorded",
}


@kept_by_inputs()
def rings(groups: dict[str, list[Point]], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Concentric rings, neighbourhood innermost, region outermost; each relationship is a
    numbered dot in the ring of its scale, coloured by type of relationship."""
    size = 600
    centre = size / 2
    radii = {"neighbourhood": 95, "whole-place": 185, "region": 275}
    parts = _svg_open(chart_id, title, desc, width=size, height=size + 40)
    for scale in ("region", "whole-place", "neighbourhood"):
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{radii[scale]}" fill="none" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
    for scale, inner in (("neighbourhood", 0), ("whole-place", 95), ("region", 185)):
        parts.append(_text(centre, centre - radii[scale] + 18, RING_LABELS[scale], weight="bold"))
        points = groups.get(scale, [])
        if not points:
            continue
        band_mid = (inner + radii[scale]) / 2 + (8 if inner == 0 else 0)
        dots, numbers = [MARKS_OPEN], [_numbers_open(10, "middle")]
        for index, point in enumerate(points):
            # spread the dots evenly round the ring, starting at the bottom
            angle = math.pi / 2 + 2 * math.pi * index / len(points)
            rings_needed = 1 + len(points) // 40
            radius = band_mid + ((index % rings_needed) - (rings_needed - 1) / 2) * 18
            x = round(centre + radius * math.cos(angle), 1)
            y = round(centre + radius * math.sin(angle), 1)
            fill = point.colour or NO_VALUE
            dots.append(f'<circle cx="{x}" cy="{y}" r="8" fill="{fill}"/>')
            light = "" if fill in LIGHT_FILLS else ' fill="#ffffff"'
            numbers.append(_number(x, round(y + 4, 1), str(point.number), light))
        parts += [*dots, GROUP_CLOSE, *numbers, GROUP_CLOSE]
    unplaced = len(groups.get("", []))
    if unplaced:
        parts.append(
            _text(
                centre,
                size + 28,
                f"{unplaced} relationship{'s' if unplaced != 1 else ''} "
                "with no scale recorded (listed in the table)",
                size=14,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


# Types of relationship, for the rings (with text labels in the legend and table too).
TYPE_COLOURS = {
    "shaping": "#003078",
    "ongoing": "#00703c",
    "neighbourhood": "#f47738",
    "commissioning": "#4c2c92",
    "delivery": "#ffdd00",
}
LIGHT_FILLS = {"#ffdd00", "#f47738", NO_VALUE, *TIME_COLOURS[:2]}


@dataclass(frozen=True)
class Node:
    key: int
    label: str
    kind: str  # "council", "department", "vcs"
    degree: int


@kept_by_inputs()
def network_chart(
    nodes: list[Node], edges: list[tuple[int, int, int]], *, chart_id: str, title: str, desc: str
) -> SafeString:
    """Organisations round a circle (council side on the left, the sector on the right), a
    line for each pair that share a relationship (thicker for more). Organisations are drawn
    as numbered marks; names are in the table."""
    size = 620
    centre = size / 2
    radius = 250
    council = [n for n in nodes if n.kind != "vcs"]
    vcs = [n for n in nodes if n.kind == "vcs"]
    where = {}
    for group, start, span in ((council, math.pi / 2, math.pi), (vcs, -math.pi / 2, math.pi)):
        for index, node in enumerate(group):
            angle = start + span * (index + 0.5) / max(1, len(group))
            where[node.key] = (
                round(centre + radius * math.cos(angle), 1),
                round(centre + radius * math.sin(angle), 1),
            )
    parts = _svg_open(chart_id, title, desc, width=size, height=size)
    for a, b, weight in edges:
        if a in where and b in where:
            (x1, y1), (x2, y2) = where[a], where[b]
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{MUTED}" '
                f'stroke-width="{min(6, weight)}" stroke-opacity="0.6"/>'
            )
    numbers = {}
    for number, node in enumerate(nodes, start=1):
        numbers[node.key] = number
        x, y = where[node.key]
        r = 7 + min(9, node.degree)
        fill = COUNCIL_COLOUR if node.kind != "vcs" else VCS_COLOUR
        if node.degree == 0:
            fill = NO_VALUE
        if node.kind == "vcs":
            mark = (
                f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
        else:
            mark = (
                f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{INK}" '
                f'stroke-width="1.5"/>'
            )
        parts.append(mark)
        parts.append(
            _text(
                x,
                round(y + 4, 1),
                str(number),
                size=10,
                weight="bold",
                fill=INK if fill == NO_VALUE else "#ffffff",
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def swatch(colour: str, shape: str = "circle") -> SafeString:
    """A small legend mark, hidden from assistive technology (the text beside it says it)."""
    if shape == "square":
        inner = f'<rect x="2" y="2" width="12" height="12" fill="{colour}" stroke="{INK}"/>'
    else:
        inner = f'<circle cx="8" cy="8" r="6" fill="{colour}" stroke="{INK}"/>'
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" '
        f'aria-hidden="true" focusable="false">{inner}</svg>'
    )
