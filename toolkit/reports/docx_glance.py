"""The area report's opening in the Word document, worded as reports/_glance.html words it
for the PDF (the same Glance from reports.glance)."""

from __future__ import annotations

from toolkit.areas.scopes import GrantScope


def _bullet(document, text: str) -> None:
    document.add_paragraph(text, style="List Bullet")


def docx_glance(document, data) -> None:
    g = data.glance
    document.add_heading("At a glance", level=1)
    if data.register:
        c = data.register["counts"]
        _bullet(
            document,
            f"{c['total']} relationships recorded: {c['strategic']} judged strategic, "
            f"{c['becoming']} becoming strategic, {c['not_strategic']} not strategic.",
        )
    if data.assessment:
        a = data.assessment
        _bullet(
            document,
            f"{a.round.name} ({a.round.get_assessment_display().lower()}): respondents council "
            f"{a.respondents['council']}, VCS {a.respondents['vcs']}.",
        )
    if data.mapping:
        m = data.mapping
        _bullet(
            document,
            f"{m.round.name}: {m.summary.placed} of the {m.summary.listed} relationships in the "
            "round rated by enough respondents to be placed on the map, by "
            f"{m.responses['council']} council and {m.responses['vcs']} VCS respondents.",
        )
    if data.plan:
        _bullet(
            document,
            f"Joint action plan: {data.plan['status'].lower()}, "
            f"{len(data.plan['actions'])} actions.",
        )
    if len(data.sections) < 4:
        document.add_paragraph(
            "This report includes only the parts of the area its reader was given access to: "
            + ", ".join(data.sections)
            + "."
        )
    if GrantScope.RESULTS in data.scopes:
        _results(document, data, g)
    if data.plan:
        heading = (
            "The agreed actions"
            if data.plan["plan"] and data.plan["plan"].is_agreed
            else ("The proposed actions")
        )
        document.add_heading(heading, level=2)
        document.add_paragraph(g.plan_words)
        for a in g.actions:
            _bullet(document, a["in_words"])
        if not g.actions:
            document.add_paragraph("The plan has no actions yet.")
    document.add_paragraph(
        "The detail follows: the principles profile, the relationship map, the plan, the "
        "evidence, and the relationship register last."
    )


def _results(document, data, g) -> None:
    document.add_heading("The largest gaps between the council and the sector", level=2)
    for gap in g.element_gaps:
        _bullet(
            document,
            f"{gap.row.title}: the council {gap.row.council.mean}, the VCS {gap.row.vcs.mean} "
            "(mean agreement, 1 to 5).",
        )
    for gap in g.relationship_gaps:
        most = f", most of all on whether it is {gap.largest.lower()}" if gap.largest else ""
        _bullet(
            document,
            f"{gap.relationship.title}: the sides place it {gap.distance} apart on the map{most}.",
        )
    if not (g.element_gaps or g.relationship_gaps):
        document.add_paragraph("There are not enough answers from both sides to compare them.")
    document.add_heading("The weakest and strongest principles", level=2)
    weakest, strongest = g.weakest_principle, g.strongest_principle
    if weakest:
        _bullet(
            document,
            f"Weakest principle: {weakest.title}, {weakest.together.mean} "
            f"({weakest.together.band_label.lower()}) for both sides together."
            f"{g.weakest_elements_words}",
        )
    if strongest:
        _bullet(
            document,
            f"Strongest principle: {strongest.title}, {strongest.together.mean} "
            f"({strongest.together.band_label.lower()}).{g.strongest_elements_words}",
        )
    if g.principles_alike:
        document.add_paragraph(
            f"{g.principles_alike}{g.weakest_elements_words}{g.strongest_elements_words}"
        )
    elif not (weakest or strongest):
        document.add_paragraph(
            data.assessment_note or "There are not enough answers to show the principles."
        )
    since = f" since {g.earlier_round.name}" if g.earlier_round and g.changes else ""
    document.add_heading(f"What changed{since}", level=2)
    for title, words in g.changes:
        _bullet(document, f"{title}: {words} (both sides together).")
    if not g.changes:
        document.add_paragraph(
            g.change_note or "No round of principles questions can be compared yet."
        )
