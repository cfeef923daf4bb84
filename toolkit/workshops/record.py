"""The record of a workshop, to send round afterwards: who took part (each side's answers
given at the workshop, online and on paper, as toolkit.disclosure words them), the agenda with
what was said, what was agreed and the targets, and the actions agreed with their owners. One
page where the notes allow; a PDF through the reports' own rendering (reports.render) and an
editable DOCX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from toolkit.actions.models import Action
from toolkit.areas.scopes import GrantScope
from toolkit.reports import render as report_render

from . import presenters, selectors
from .models import Workshop


@dataclass(frozen=True)
class RecordAction:
    title: str
    council_owner: str
    vcs_owner: str
    due: str


@dataclass(frozen=True)
class RecordItem:
    number: int
    title: str
    kind: str
    said: str
    agreed: str
    target: str
    actions: list[RecordAction] = field(default_factory=list)


@dataclass
class WorkshopRecord:
    workshop: Workshop
    area: object
    generated_at: datetime.datetime
    participation: list[selectors.SideParticipation]
    threshold: int
    items: list[RecordItem]
    shows_actions: bool

    @property
    def title(self) -> str:
        return f"{self.workshop.title}: record of the workshop"

    @property
    def action_count(self) -> int:
        return sum(len(i.actions) for i in self.items)


def workshop_record(workshop: Workshop, *, scopes) -> WorkshopRecord:
    """The record for a reader allowed `scopes`: the actions agreed only with the plan."""
    shows_actions = GrantScope.PLAN in scopes
    by_item: dict[int, list[RecordAction]] = {}
    if shows_actions:
        actions = (
            Action.objects.filter(workshop_item__workshop=workshop)
            .select_related("council_owner", "vcs_owner")
            .order_by("created_at", "id")
        )
        for action in actions:
            by_item.setdefault(action.workshop_item_id, []).append(
                RecordAction(
                    action.title,
                    str(action.council_owner or "Not yet chosen"),
                    str(action.vcs_owner or "Not yet chosen"),
                    action.due_on.strftime("%-d %B %Y") if action.due_on else "No date",
                )
            )
    items = [
        RecordItem(
            number,
            item.relationship.title if item.relationship else item.title,
            item.get_kind_display(),
            item.said,
            item.agreed,
            presenters.target_words(item),
            by_item.get(item.pk, []),
        )
        for number, item in enumerate(selectors.agenda(workshop), start=1)
    ]
    return WorkshopRecord(
        workshop=workshop,
        area=workshop.area,
        generated_at=timezone.now(),
        participation=selectors.participation(workshop),
        threshold=workshop.round.threshold,
        items=items,
        shows_actions=shows_actions,
    )


IN_ALL = "At this workshop (online + on paper)"


def render_html(data: WorkshopRecord) -> str:
    return render_to_string(
        "workshops/record/record.html",
        {"data": data, "service_name": settings.SERVICE_NAME, "in_all": IN_ALL},
    )


def render_pdf(data: WorkshopRecord) -> bytes:
    return report_render.pdf_from_html(render_html(data))


def render_docx(data: WorkshopRecord) -> bytes:
    workshop = data.workshop
    document = report_render.docx_document(data.title, data.area, data.generated_at)
    facilitator = f", facilitated by {workshop.facilitator}" if workshop.facilitator else ""
    document.add_paragraph(
        f"Held on {workshop.held_on:%-d %B %Y}{facilitator}, on the round “{workshop.round.name}”."
    )
    document.add_heading("Who took part", level=1)
    report_render.docx_table(
        document,
        "Answers given at the workshop, by side",
        ["Side", "Online", "On paper", IN_ALL],
        [[c.label, c.online.text, c.on_paper.text, c.in_all.text] for c in data.participation],
    )
    document.add_paragraph(_counts_note(data.threshold))
    document.add_heading("Agenda, notes and targets", level=1)
    if not data.items:
        document.add_paragraph("The agenda was empty.")
    for item in data.items:
        document.add_heading(f"{item.number}. {item.title} ({item.kind.lower()})", level=2)
        document.add_paragraph(f"What was said: {item.said or 'Nothing recorded.'}")
        document.add_paragraph(f"What was agreed: {item.agreed or 'Nothing recorded.'}")
        if item.target:
            document.add_paragraph(item.target + ".")
    if data.shows_actions:
        document.add_heading("Actions agreed", level=1)
        rows = [
            [a.title, item.title, a.council_owner, a.vcs_owner, a.due]
            for item in data.items
            for a in item.actions
        ]
        if rows:
            report_render.docx_table(
                document,
                "Actions agreed at the workshop, with an owner on each side",
                ["Action", "From", "Council owner", "Sector owner", "Due"],
                rows,
            )
        else:
            document.add_paragraph("No actions were agreed.")
    return report_render.docx_bytes(document)


def _counts_note(threshold: int) -> str:
    return (
        f"A number under {threshold} reads “fewer than {threshold}”, and a number that would "
        "let another small one be worked out reads “not shown”, as on every page of the service."
    )


def counts_note(data: WorkshopRecord) -> str:
    return _counts_note(data.threshold)


def file_name(workshop: Workshop, fmt: str) -> str:
    return f"{workshop.area.gss_code}-workshop-{workshop.held_on:%Y-%m-%d}.{fmt}"
