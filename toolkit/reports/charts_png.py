"""PNG versions of the report's charts for the Word document (Word cannot be relied on to show
SVG). Drawn with Pillow (a WeasyPrint dependency, pure drawing, no browser) from the same
figures as the SVG charts: only shown figures are drawn; a suppressed one is an outlined,
empty bar labelled as such. The table after each chart carries the same numbers."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

INK = (11, 12, 12)
GUIDE = (80, 90, 95)
COLOURS = {"council": (29, 112, 184), "vcs": (145, 43, 136)}
NAMES = {"council": "Council", "vcs": "VCS"}
SCALE = 2  # draw at twice the size for a sharp image in print


def _font(size: int, bold: bool = False):
    for name in (
        "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf",
        "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf",
    ):
        try:
            return ImageFont.truetype(name, size * SCALE)
        except OSError:
            continue
    return ImageFont.load_default(size=size * SCALE)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def profile_png(rows) -> bytes:
    """Horizontal bars of the council and VCS means of each element (assessment Rows)."""
    width, bar_area, text_x, block, top = 900, 520, 540, 64, 30
    height = top + block * len(rows) + 10
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    regular, bold = _font(13), _font(13, bold=True)

    def x(value) -> float:
        return (float(value) - 1) / 4 * bar_area * SCALE

    for value in (1, 2, 3, 4, 5):
        draw.text((x(value), 2 * SCALE), str(value), fill=INK, font=regular)
    for value in (3, 4):
        draw.line([(x(value), 20 * SCALE), (x(value), (height - 6) * SCALE)], fill=GUIDE, width=1)
    draw.text((text_x * SCALE, 2 * SCALE), "Mean (1 to 5)", fill=INK, font=regular)
    for index, row in enumerate(rows):
        y = top + index * block
        draw.text((0, y * SCALE), row.title, fill=INK, font=bold)
        for offset, side in ((18, "council"), (38, "vcs")):
            figure = row.view(side)
            bar_y = (y + offset) * SCALE
            if figure.shown:
                draw.rectangle(
                    [0, bar_y, max(x(figure.mean), 2 * SCALE), bar_y + 15 * SCALE],
                    fill=COLOURS[side],
                )
                label = f"{NAMES[side]} {figure.mean} {figure.band_label.lower()}"
            else:
                draw.rectangle(
                    [0, bar_y, bar_area * SCALE, bar_y + 15 * SCALE], outline=GUIDE, width=1
                )
                label = f"{NAMES[side]}: {figure.label.lower()}"
            draw.text((text_x * SCALE, bar_y), label, fill=INK, font=regular)
    return _png(image)


TARGET = (0, 112, 60)


def map_png(points, targets=()) -> bytes:
    """The strategic map: numbered circles placed by strategic (up) and proactive (right);
    each target (mapping.target_charts.TargetArrow) a green ring, with a line to it from where the
    relationship is now."""
    size, margin = 560, 70
    plot = size - 2 * margin
    image = Image.new("RGB", (size * SCALE, size * SCALE), "white")
    draw = ImageDraw.Draw(image)
    regular, small = _font(13), _font(11)

    def xy(strategic, proactive):
        px = margin + (proactive - 1) / 4 * plot
        py = margin + plot - (strategic - 1) / 4 * plot
        return px * SCALE, py * SCALE

    left, top = margin * SCALE, margin * SCALE
    right, bottom = (margin + plot) * SCALE, (margin + plot) * SCALE
    draw.rectangle([left, top, right, bottom], outline=GUIDE, width=2)
    mid_x, mid_y = xy(3, 3)
    draw.line([(mid_x, top), (mid_x, bottom)], fill=GUIDE, width=1)
    draw.line([(left, mid_y), (right, mid_y)], fill=GUIDE, width=1)
    draw.text((left, top - 30 * SCALE), "Strategic", fill=INK, font=regular)
    draw.text((left, bottom + 8 * SCALE), "Transactional", fill=INK, font=regular)
    draw.text((left, bottom + 28 * SCALE), "Reactive  →  Proactive", fill=INK, font=regular)
    for point in points:
        cx, cy = xy(point.strategic, point.proactive)
        radius = (6 + 3 * ((point.financial or 1) - 1)) * SCALE
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            fill=(210, 226, 241),
            outline=INK,
            width=SCALE,
        )
        draw.text((cx + radius + 2, cy - 8 * SCALE), str(point.number), fill=INK, font=small)
    ring = 7 * SCALE
    for arrow in targets:
        tx, ty = xy(*arrow.target)
        if arrow.now is not None:
            draw.line([xy(*arrow.now), (tx, ty)], fill=TARGET, width=2 * SCALE)
        draw.ellipse(
            [tx - ring, ty - ring, tx + ring, ty + ring],
            fill="white",
            outline=TARGET,
            width=3 * SCALE,
        )
        if getattr(arrow, "label", ""):
            anchor, lx = ("ra", tx + ring) if tx > mid_x else ("la", tx - ring)
            below = ty + 2 * ring if ty < bottom - 30 * SCALE else ty - 4 * ring
            box = draw.textbbox((lx, below), arrow.label, font=small, anchor=anchor)
            draw.rectangle(
                [box[0] - SCALE, box[1] - SCALE, box[2] + SCALE, box[3] + SCALE], "white"
            )
            draw.text((lx, below), arrow.label, fill=TARGET, font=small, anchor=anchor)
    return _png(image)
