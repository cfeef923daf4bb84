"""The printable pack for a workshop: the agenda, the round's questionnaire on paper for each
side (the same items and codes as online: questionnaire.py), and an A3 sheet of the strategic
map for each table. Printed through the reports' own rendering (reports.render.pdf_from_html):
A4 pages, and A3 landscape pages for the map sheets."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from toolkit.areas.models import Side
from toolkit.reports import render as report_render
from toolkit.workshops import selectors as workshop_selectors
from toolkit.workshops.models import Workshop

from .questionnaire import OTHER_CODE, PaperQuestionnaire, paper_questionnaire

PEOPLE_PER_TABLE = 8
TABLES_MAX = 20


def tables_default(workshop: Workshop) -> int:
    """One map sheet for every eight people expected, at least one."""
    people = workshop.council_people + workshop.vcs_people
    return max(1, min(TABLES_MAX, math.ceil(people / PEOPLE_PER_TABLE)))


def tables_from(text: str | None, workshop: Workshop) -> int:
    try:
        value = int(text or "")
    except ValueError:
        return tables_default(workshop)
    return max(1, min(TABLES_MAX, value))


@dataclass
class Pack:
    workshop: Workshop
    area: object
    generated_at: datetime.datetime
    questionnaire: PaperQuestionnaire
    agenda: list
    sides: list[tuple[str, str]]
    tables: list[int]
    map_svg: SafeString
    other_code: str = OTHER_CODE

    @property
    def title(self) -> str:
        return f"{self.workshop.title}: paper pack"


def workshop_pack(workshop: Workshop, *, tables: int) -> Pack:
    questionnaire = paper_questionnaire(workshop.round)
    return Pack(
        workshop=workshop,
        area=workshop.area,
        generated_at=timezone.now(),
        questionnaire=questionnaire,
        agenda=workshop_selectors.agenda(workshop),
        sides=[(Side.COUNCIL, "Council side"), (Side.VCS, "Voluntary and community sector side")],
        tables=list(range(1, tables + 1)),
        map_svg=map_sheet_svg(questionnaire),
    )


def render_html(pack: Pack) -> str:
    return render_to_string(
        "paper/pack.html", {"data": pack, "service_name": settings.SERVICE_NAME}
    )


def render_pdf(pack: Pack) -> bytes:
    return report_render.pdf_from_html(render_html(pack))


def file_name(workshop: Workshop) -> str:
    return f"{workshop.area.gss_code}-workshop-{workshop.held_on:%Y-%m-%d}-paper-pack.pdf"


# --- the strategic map sheet ----------------------------------------------------------------

# In millimetres: the sheet's map fills an A3 landscape page beside its key.
MAP_W, MAP_H = 265, 235
PLOT_LEFT, PLOT_TOP, PLOT_W, PLOT_H = 22, 6, 238, 205
INK, GRID, MUTED = "#0b0c0c", "#b1b4b6", "#505a5f"


def _text(x, y, text, *, anchor="middle", size=4.2, weight="normal", fill=INK, rotate=None):
    transform = f' transform="rotate({rotate} {x} {y})"' if rotate is not None else ""
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-family="Liberation Sans, Arial, '
        f'sans-serif" font-size="{size}" font-weight="{weight}" fill="{fill}"{transform}>'
        f"{escape(text)}</text>"
    )


def map_sheet_svg(questionnaire: PaperQuestionnaire) -> SafeString:
    """An empty strategic map, as the research draws it and the service plots it
    (mapping.charts.map_xy): proactive to the right, strategic to the top, each 1 to 5, for a
    table to place relationships on by hand."""
    x_axis = questionnaire.axis("proactive")
    y_axis = questionnaire.axis("strategic")
    left, right = (x_axis.low_label, x_axis.high_label) if x_axis else ("Reactive", "Proactive")
    bottom, top = (
        (y_axis.low_label, y_axis.high_label) if y_axis else ("Transactional", "Strategic")
    )
    step_x, step_y = PLOT_W / 4, PLOT_H / 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_W} {MAP_H}" '
        # Named by its own <title> (no id: the sheet is repeated for each table)
        f'width="{MAP_W}mm" height="{MAP_H}mm" role="img">',
        f"<title>An empty strategic map: {escape(right.lower())} to the "
        f"right, {escape(top.lower())} to the top, each from 1 to 5</title>",
        f'<rect x="{PLOT_LEFT}" y="{PLOT_TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="none" '
        f'stroke="{INK}" stroke-width="0.6"/>',
    ]
    for i in range(1, 4):
        x = round(PLOT_LEFT + i * step_x, 1)
        y = round(PLOT_TOP + i * step_y, 1)
        width, dash = (0.5, "") if i == 2 else (0.3, ' stroke-dasharray="2 2"')
        parts.append(
            f'<line x1="{x}" y1="{PLOT_TOP}" x2="{x}" y2="{PLOT_TOP + PLOT_H}" stroke="{GRID}" '
            f'stroke-width="{width}"{dash}/>'
        )
        parts.append(
            f'<line x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_LEFT + PLOT_W}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="{width}"{dash}/>'
        )
    for value in range(1, 6):
        x = round(PLOT_LEFT + (value - 1) * step_x, 1)
        y = round(PLOT_TOP + PLOT_H - (value - 1) * step_y, 1)
        parts.append(_text(x, PLOT_TOP + PLOT_H + 6, str(value), fill=MUTED))
        parts.append(_text(PLOT_LEFT - 3, y + 1.5, str(value), anchor="end", fill=MUTED))
    base = PLOT_TOP + PLOT_H + 14
    parts.append(_text(PLOT_LEFT, base, left, anchor="start", size=5, weight="bold"))
    parts.append(_text(PLOT_LEFT + PLOT_W, base, right, anchor="end", size=5, weight="bold"))
    if x_axis:
        parts.append(_text(PLOT_LEFT + PLOT_W / 2, base, x_axis.title, size=4.5, fill=MUTED))
    parts.append(
        _text(9, PLOT_TOP + PLOT_H, bottom, anchor="start", size=5, weight="bold", rotate=-90)
    )
    parts.append(_text(9, PLOT_TOP, top, anchor="end", size=5, weight="bold", rotate=-90))
    if y_axis:
        parts.append(
            _text(9, PLOT_TOP + PLOT_H / 2, y_axis.title, size=4.5, fill=MUTED, rotate=-90)
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
