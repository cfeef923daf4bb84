"""The strategic map as the room sees it on a wall: one relationship, where the council and the
sector put it, where both sides together put it, and where they agreed they want it to be,
each labelled by name (never by number) in text large enough to read from the back of a room,
with labels placed so that none covers another or a mark. Server-drawn SVG with presentation
attributes only (the Content Security Policy forbids inline styles), as mapping/charts.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from toolkit.mapping.charts import COUNCIL_COLOUR, INK, VCS_COLOUR, scale_to

SIZE = 600  # the map is square: SIZE × SIZE user units
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64
TEXT = 36  # user units; the projector shows the map at least 446 px tall: 26.8 px on screen
GRID = "#6f777b"
TARGET_COLOUR = "#00703c"
TOGETHER_COLOUR = INK
# Average width of a character of bold Arial, as a share of the font size, rounded up so that
# the boxes used to place labels are never narrower than the rendered text.
CHARACTER_WIDTH = 0.68


@dataclass(frozen=True)
class Mark:
    key: str  # "council", "vcs", "together", "target"
    label: str
    strategic: float
    proactive: float


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


def xy(strategic: float, proactive: float) -> tuple[float, float]:
    """Proactive to the right, strategic to the top."""
    plot_w, plot_h = SIZE - LEFT - RIGHT, SIZE - TOP - BOTTOM
    return scale_to(proactive, LEFT, plot_w), scale_to(strategic, TOP + plot_h, -plot_h)


RADIUS = {"council": 15, "vcs": 15, "together": 11, "target": 17}


def mark_box(key: str, x: float, y: float) -> Box:
    r = RADIUS[key] + 4
    return Box(x - r, y - r, x + r, y + r)


def text_box(text: str, x: float, y: float, anchor: str, size: float = TEXT) -> Box:
    """The box a label will fill: from its baseline `y`, ascenders above and descenders below."""
    width = len(text) * size * CHARACTER_WIDTH
    x0 = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return Box(x0, y - size * 0.85, x0 + width, y + size * 0.3)


def _candidates(key: str, x: float, y: float):
    """Places for a mark's label, nearest first: right, left, above, below, then diagonals
    and further out."""
    r = RADIUS[key] + 8
    for step in (0, 1, 2, 3):
        far = r + step * 22
        yield x + far, y + TEXT * 0.32, "start"
        yield x - far, y + TEXT * 0.32, "end"
        yield x, y - far, "middle"
        yield x, y + far + TEXT * 0.7, "middle"
        yield x + far * 0.8, y - far * 0.8, "start"
        yield x - far * 0.8, y - far * 0.8, "end"
        yield x + far * 0.8, y + far * 0.8 + TEXT * 0.6, "start"
        yield x - far * 0.8, y + far * 0.8 + TEXT * 0.6, "end"


def place_labels(marks: list[tuple[str, str, float, float]]) -> dict[str, tuple[float, float, str]]:
    """(key, text, x, y) of each mark → where its label goes (x, baseline y, anchor), so that
    no label overlaps another label or any mark and every label stays inside the plot (clear
    of the axis names around it)."""
    plot = Box(LEFT + 4, TOP + 4, SIZE - RIGHT - 4, SIZE - BOTTOM - 4)
    taken = [mark_box(key, x, y) for key, _text, x, y in marks]
    placed: dict[str, tuple[float, float, str]] = {}
    for key, text, x, y in marks:
        chosen = None
        for lx, ly, anchor in _candidates(key, x, y):
            box = text_box(text, lx, ly, anchor)
            if box.inside(plot) and not any(box.overlaps(t) for t in taken):
                chosen = (round(lx, 1), round(ly, 1), anchor, box)
                break
        if chosen is None:  # nowhere free: say it beside the map instead (the caller lists it)
            continue
        placed[key] = chosen[:3]
        taken.append(chosen[3])
    return placed


def _text(x, y, text, *, anchor="middle", size=TEXT, weight="bold", fill=INK, rotate=None, cls=""):
    transform = f' transform="rotate({rotate} {x} {y})"' if rotate is not None else ""
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text{klass} x="{x}" y="{y}" text-anchor="{anchor}" font-family="arial, sans-serif" '
        f'font-size="{size}" font-weight="{weight}" fill="{fill}" stroke="#ffffff" '
        f'stroke-width="6" paint-order="stroke"{transform}>{escape(text)}</text>'
    )


def _mark(key: str, x: float, y: float) -> str:
    r = RADIUS[key]
    if key == "council":
        return (
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{COUNCIL_COLOUR}" stroke="{INK}" '
            f'stroke-width="3"/>'
        )
    if key == "vcs":
        return (
            f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{VCS_COLOUR}" '
            f'stroke="{INK}" stroke-width="3"/>'
        )
    if key == "together":
        return (
            f'<polygon points="{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}" '
            f'fill="{TOGETHER_COLOUR}" stroke="{INK}" stroke-width="2"/>'
        )
    return (
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" stroke="{TARGET_COLOUR}" '
        f'stroke-width="6"/>'
    )


def _frame() -> list[str]:
    plot_w, plot_h = SIZE - LEFT - RIGHT, SIZE - TOP - BOTTOM
    mid_x, _ = xy(1, 3)
    _, mid_y = xy(3, 1)
    return [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#ffffff" '
        f'stroke="{INK}" stroke-width="3"/>',
        f'<line x1="{mid_x}" y1="{TOP}" x2="{mid_x}" y2="{TOP + plot_h}" stroke="{GRID}" '
        f'stroke-width="2" stroke-dasharray="10 8"/>',
        f'<line x1="{LEFT}" y1="{mid_y}" x2="{LEFT + plot_w}" y2="{mid_y}" stroke="{GRID}" '
        f'stroke-width="2" stroke-dasharray="10 8"/>',
        _text(LEFT, SIZE - 18, "Reactive", anchor="start", cls="app-room-axis"),
        _text(SIZE - RIGHT, SIZE - 18, "Proactive", anchor="end", cls="app-room-axis"),
        _text(44, TOP + plot_h, "Transactional", anchor="start", rotate=-90, cls="app-room-axis"),
        _text(44, TOP, "Strategic", anchor="end", rotate=-90, cls="app-room-axis"),
    ]


def _arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length < RADIUS["target"] + RADIUS["together"] + 4:
        return ""
    # stop at the target's ring, so the head points at it rather than hiding under it
    shorten = (RADIUS["target"] + 4) / length
    x2, y2 = round(x2 - (x2 - x1) * shorten, 1), round(y2 - (y2 - y1) * shorten, 1)
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{TARGET_COLOUR}" stroke-width="5" '
        f'marker-end="url(#room-arrow-head)"/>'
    )


ARROW_HEAD = (
    '<defs><marker id="room-arrow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" '
    f'markerHeight="4" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
    f'fill="{TARGET_COLOUR}"/></marker></defs>'
)


@dataclass(frozen=True)
class RoomMap:
    svg: SafeString
    unlabelled: list[str]  # marks whose label found no free place (said beside the map)


def room_map(marks: list[Mark], *, title: str, desc: str) -> RoomMap:
    """The strategic map for the wall. The council's view is a blue circle, the sector's a red
    square, both together a black diamond; a target is a green ring with an arrow to it from
    where both sides together put the relationship now."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-room-map" viewBox="0 0 {SIZE} '
        f'{SIZE}" role="img" aria-labelledby="room-map-title room-map-desc" focusable="false">',
        f'<title id="room-map-title">{escape(title)}</title>',
        f'<desc id="room-map-desc">{escape(desc)}</desc>',
        ARROW_HEAD,
        *_frame(),
    ]
    where = {m.key: xy(m.strategic, m.proactive) for m in marks}
    if "together" in where and "target" in where:
        parts.append(_arrow(where["together"], where["target"]))
    if "council" in where and "vcs" in where:
        (x1, y1), (x2, y2) = where["council"], where["vcs"]
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="3" '
            'stroke-dasharray="2 6" stroke-linecap="round"/>'
        )
    for mark in marks:
        parts.append(_mark(mark.key, *where[mark.key]))
    placed = place_labels([(m.key, m.label, *where[m.key]) for m in marks])
    for mark in marks:
        if mark.key in placed:
            x, y, anchor = placed[mark.key]
            parts.append(_text(x, y, mark.label, anchor=anchor, cls="app-room-label"))
    parts.append("</svg>")
    return RoomMap(
        mark_safe("".join(parts)),  # noqa: S308 (every text is escaped above)
        [m.label for m in marks if m.key not in placed],
    )


def join_qr(url: str) -> SafeString:
    """A QR code of the join link, as inline SVG (no image request, nothing for the CSP to
    block). Hidden from assistive technology: the link and the code are written beside it."""
    import segno

    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, dark=INK, light="#ffffff", omitsize=True, svgclass="app-room-qr"
    )
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308
