"""Turning ReportData into files: PDF (HTML printed by WeasyPrint, tagged as PDF/UA so screen
readers get headings, tables and reading order; charts are inline SVG) and DOCX (python-docx,
editable; charts as PNG with alternative text, each followed by its table)."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string

from toolkit.areas.scopes import GrantScope

from . import charts_png
from .content import SIDE_NAMES, ReportData
from .docx_glance import docx_glance

# WeasyPrint logs every layout step at INFO; only its warnings are worth keeping.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_html(data: ReportData, kind: str) -> str:
    template = "reports/pdf/summary.html" if kind == "summary" else "reports/pdf/area.html"
    return render_to_string(template, {"data": data, "service_name": settings.SERVICE_NAME})


def render_pdf(data: ReportData, kind: str) -> bytes:
    return pdf_from_html(render_html(data, kind))


def pdf_from_html(html: str) -> bytes:
    """The one way a document of the service becomes a PDF (reports, a workshop's record):
    WeasyPrint, tagged as PDF/UA."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


# --- DOCX ---------------------------------------------------------------------------------


def docx_document(title: str, area, generated_at):
    """A new Word document in the reports' style: its title, when and by whom it was made,
    and the demo label for a demo area."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    # python-docx's blank document is US Letter; councils print on A4, as the PDFs are.
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.author = settings.SERVICE_NAME
    properties.language = "en-GB"
    properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(
        f"Produced on {generated_at:%-d %B %Y} by the {settings.SERVICE_NAME}. "
        f"GSS code {area.gss_code}."
    )
    if area.is_demo:
        document.add_paragraph().add_run(
            f"Fictional demo data. {area.name} and everyone in it are made up for demonstration."
        ).bold = True
    return document


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_table(document, caption: str, header: list[str], rows: list[list]) -> None:
    _table(document, caption, header, rows)


def _table(document, caption: str, header: list[str], rows: list[list]) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _repeat_header(row) -> None:
    """Mark the first row as a header row (repeated on each page, read as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _picture(document, png: bytes, description: str, width_cm: float) -> None:
    from docx.shared import Cm

    shape = document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    shape._inline.docPr.set("descr", description)


def render_docx(data: ReportData, kind: str) -> bytes:
    area = data.area
    if kind == "summary":
        title = f"{area.name}: summary for lead members"
    else:
        title = f"{area.name}: council and voluntary and community sector relationships"
    document = docx_document(title, area, data.generated_at)
    if kind == "summary":
        _docx_summary(document, data)
    else:
        _docx_area(document, data)
    return docx_bytes(document)


def _docx_summary(document, data: ReportData) -> None:
    document.add_heading(data.summary_heading, level=1)
    a = data.assessment
    if GrantScope.RESULTS not in data.scopes:
        document.add_paragraph("Not included.")
    elif a:
        document.add_paragraph(
            f"From {a.round.name}: respondents council {a.respondents['council']}, voluntary "
            f"and community sector {a.respondents['vcs']}, agreeing from 1 (strongly disagree) "
            f"to 5 (strongly agree). No figure from fewer than {a.threshold} respondents is shown."
        )
        if data.summary_note:
            document.add_paragraph(data.summary_note)
        _table(
            document,
            "Quick check key elements: mean (band)"
            if a.round.assessment == "quick"
            else "Key elements for lead members: mean (band)",
            ["Key element", "Council", "VCS", "Together"],
            [list(r) for r in data.quick_check],
        )
    else:
        document.add_paragraph(data.assessment_note)
    document.add_heading("Top three actions", level=1)
    if GrantScope.PLAN not in data.scopes:
        document.add_paragraph("Not included.")
    elif data.plan["actions"]:
        for action in data.plan["actions"]:
            document.add_paragraph(
                f"{action['title']} – owners {action['council_owner']} (council) and "
                f"{action['vcs_owner']} (VCS); due {action['due']}; "
                f"{action['status'].lower()}, {action['progress']}% done.",
                style="List Number",
            )
    else:
        document.add_paragraph("There are no open actions in the plan.")


def _docx_area(document, data: ReportData) -> None:
    docx_glance(document, data)
    if GrantScope.RESULTS in data.scopes:
        _docx_results(document, data)
    if data.plan:
        _docx_plan(document, data)
    if data.evidence:
        document.add_heading("Evidence: the local sector and funding", level=1)
        e = data.evidence
        document.add_paragraph(
            f"{e['organisations']} voluntary and community organisations are recorded, "
            f"{e['marginalised_led']} of them led by a marginalised community."
        )
        s = e["summary"]
        if s["count"]:
            document.add_paragraph(
                f"{s['count']} grants and contract shares totalling £{s['total']:,.0f} went to "
                f"{s['recipients']} recipients. The ten largest recipients received "
                f"{s['top_ten'].percent}% of it."
            )
        else:
            document.add_paragraph("No grants or contracts have been imported.")
        _docx_calculations(document, e["calculations"])
    document.add_heading("Method and sources", level=1)
    document.add_paragraph(
        "The area followed the three steps of the strategic tool in the research: evaluating "
        "its relationships against the five types and seven qualities, mapping them with "
        "ratings from both the council and the voluntary and community sector (VCS), and "
        "agreeing a joint action plan."
    )
    document.add_paragraph(
        f"Privacy: no figure built from fewer than {data.area.suppression_threshold} "
        "respondents is shown, nor any figure that would let one be worked out. A round's "
        "results stay sealed until it closes or both sides "
        "have enough responses."
    )
    version = (
        f", framework content version {data.content_version.version}"
        if data.content_version
        else ""
    )
    document.add_paragraph(
        "Source: Research report into the state of strategic relationships between councils "
        "and their local voluntary and community sector (LGA, researched and drafted by "
        f"Locality, September 2022){version}."
    )
    if data.register:
        document.add_heading("The relationship register in brief", level=1)
        _table(
            document,
            f"Relationships recorded ({len(data.register['rows'])})",
            ["Reference", "Relationship", "Main type", "Council side", "VCS side", "Judged"],
            [
                [
                    r["reference"],
                    r["title"],
                    r["main_type"],
                    r["council"],
                    r["vcs"],
                    f"{r['judgement']} ({r['qualities']} of 7 qualities)",
                ]
                for r in data.register["rows"]
            ],
        )
        _docx_sides(document, data.register)


def _docx_calculations(document, calculations: list[dict]) -> None:
    document.add_heading("Value calculations", level=2)
    if not calculations:
        document.add_paragraph("No value calculations have been saved.")
        return
    document.add_paragraph(
        "The gross benefit is the costs avoided plus the other value created; the net value "
        "is the gross benefit less the money invested."
    )
    _table(
        document,
        f"Value calculations kept in the area ({len(calculations)})",
        ["What it is for", "Invested", "Gross benefit", "Net value", "Per £1", "Assumptions"],
        [
            [
                f"{c['title']} ({c['relationship']})" if c["relationship"] else c["title"],
                c["invested"],
                c["gross"],
                c["net"],
                c["ratio"],
                c["assumptions"],
            ]
            for c in calculations
        ],
    )


def _docx_sides(document, register: dict) -> None:
    document.add_heading("Each side's own judgement", level=2)
    if not register["sides"]:
        document.add_paragraph("Neither side has judged a relationship on its own yet.")
        return
    document.add_paragraph(
        "Besides the judgement both sides make together, the council side and the voluntary "
        "and community sector (VCS) side each judged these relationships on their own."
    )
    _table(
        document,
        f"How each side judged them ({len(register['sides'])})",
        ["Relationship", "Both sides together", "Council side", "VCS side", "Differences"],
        [
            [r["title"], r["joint"], r["council"], r["vcs"], r["differences"]]
            for r in register["sides"]
        ],
    )
    if not register["disagreements"]:
        document.add_paragraph(
            "Where both sides have judged a relationship on their own, they judged it the same way."
        )
        return
    _table(
        document,
        f"Where the sides differ ({len(register['disagreements'])})",
        ["Relationship", "What differs", "Council side", "VCS side"],
        [
            [
                d.relationship.title,
                d.quality.title if d.quality else "Whether it is strategic",
                d.council.capitalize(),
                d.vcs.capitalize(),
            ]
            for d in register["disagreements"]
        ],
    )


def _docx_results(document, data: ReportData) -> None:
    document.add_heading("Principles profile", level=1)
    if data.assessment_note:
        document.add_paragraph(data.assessment_note)
    a = data.assessment
    if a:
        document.add_paragraph(
            f"{a.round.name}: respondents council {a.respondents['council']}, "
            f"VCS {a.respondents['vcs']}."
        )
        _picture(document, charts_png.profile_png(a.profile.elements), a.chart_description, 16)
        header = ["Principle", *[SIDE_NAMES[v] for v in ("council", "vcs", "together")]]
        _table(
            document,
            "The four principles",
            header,
            [[row.title, *a.cells(row)] for row in a.profile.principles],
        )
        _table(
            document,
            "The thirteen key elements: mean (band)",
            ["Key element", *header[1:]],
            [[row.title, *a.cells(row)] for row in a.profile.elements],
        )
        document.add_heading("Gaps between the sides", level=2)
        if a.gaps:
            _table(
                document,
                "Largest differences between the council's and the VCS's means",
                ["Key element", "Council", "VCS", "Difference (council minus VCS)"],
                [[g.row.title, g.row.council.mean, g.row.vcs.mean, g.gap] for g in a.gaps],
            )
        else:
            document.add_paragraph("There are not enough answers from both sides to compare them.")
        document.add_heading("Barriers", level=2)
        if a.barriers:
            _table(
                document,
                "Barriers named most often",
                ["Barrier", "Council", "VCS", "Together"],
                [[t.title, t.council, t.vcs, t.together] for t in a.barriers],
            )
        else:
            document.add_paragraph("There are not enough answers from both sides to show them.")
    document.add_heading("Relationship map", level=1)
    if data.mapping_note:
        document.add_paragraph(data.mapping_note)
    m = data.mapping
    if m:
        document.add_paragraph(
            f"{m.round.name}: {m.responses['council']} council and {m.responses['vcs']} VCS "
            "respondents. " + "; ".join(f"{n} {name}" for name, n in m.quadrants) + "."
        )
        _picture(
            document,
            charts_png.map_png(m.points, m.arrows),
            "Strategic map: each numbered circle is a relationship from the table below, "
            "placed by how strategic (up) and proactive (right) both sides rated it."
            + (
                " Green rings are targets agreed at workshops, joined to where each is now."
                if m.arrows
                else ""
            ),
            12,
        )
        _table(
            document,
            "Relationships on the map: mean ratings of both sides together (1 to 5)",
            ["No.", "Relationship", "Respondents", "Strategic", "Proactive", "Financial", "Time"],
            [[r.number, r.relationship.title, r.respondents, *r.values] for r in m.rows],
        )
        if m.gaps:
            _table(
                document,
                "Where the council and the sector see a relationship differently "
                "(council minus VCS)",
                ["No.", "Relationship", "Strategic", "Proactive", "Financial", "Time", "Distance"],
                [[g.number, g.relationship.title, *g.differences, g.distance] for g in m.gaps],
            )
        if m.targets:
            _table(
                document,
                "Targets agreed at workshops: where both sides want each relationship to be",
                ["No.", "Relationship", "Now", "Target", "Distance", "Agreed at"],
                [
                    [t.number, t.relationship.title, t.now, t.target, t.distance, t.agreed_at]
                    for t in m.targets
                ],
            )
        if m.progress:
            _table(
                document,
                f"Distance moved towards the targets agreed on {m.previous.name} (straight-line "
                "distance on the map from both sides together to the target, then and now)",
                ["Relationship", "Target", "Then", "Now", "Distance then", "Distance now", "Moved"],
                [
                    [p.relationship.title, p.target, p.before, p.after, p.distance_before]
                    + [p.distance_after, p.moved]
                    for p in m.progress
                ],
            )


def _docx_plan(document, data: ReportData) -> None:
    document.add_heading("Joint action plan", level=1)
    plan = data.plan["plan"]
    status = data.plan["status"]
    if plan and plan.is_agreed:
        status += (
            f", agreed on {plan.agreed_at:%-d %B %Y} by {plan.council_agreed_by} (council) and "
            f"{plan.vcs_agreed_by} (VCS)"
        )
    document.add_paragraph(f"Status: {status}.")
    if data.plan["actions"]:
        _table(
            document,
            "Actions, with an owner on each side",
            ["Action", "What it answers", "Council owner", "VCS owner", "Due", "Status"],
            [
                [
                    a["title"],
                    a["answers"],
                    a["council_owner"],
                    a["vcs_owner"],
                    a["due"],
                    f"{a['status']} ({a['progress']}%)",
                ]
                for a in data.plan["actions"]
            ],
        )
    else:
        document.add_paragraph("The plan has no actions yet.")
    document.add_heading("Peer review findings", level=1)
    if data.findings:
        _table(
            document,
            "Findings from the peer review team taken into the plan",
            ["Kind", "Finding", "In the plan"],
            [
                [f.get_kind_display(), f"{f.title}: {f.text}", "Yes" if f.action_id else "No"]
                for f in data.findings
            ],
        )
    else:
        document.add_paragraph("No peer review findings have been taken into the plan.")
