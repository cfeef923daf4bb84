"""What goes into a report, gathered from the same selectors and scoring functions that the
pages use, so a report respects sealing and suppression exactly as the pages do: a sealed
round is never read (rounds.selectors.round_results_visible), and a suppressed figure has no
value to print (assessment.scoring / mapping.scoring return it without one), and counts
are printed as the round's disclosure decision words them. Nothing here
calculates a figure; it only chooses and formats what the selectors return.

Each part is included only if the reader's scopes allow it (a peer reviewer's report holds
exactly what their grant gives)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from toolkit.actions import selectors as action_selectors
from toolkit.actions.suggestions import (
    frequent_barriers,
    latest_visible_assessment_round,
)
from toolkit.areas.scopes import GrantScope
from toolkit.assessment import charts as assessment_charts
from toolkit.assessment import comparisons as assessment_comparisons
from toolkit.assessment import scoring as assessment_scoring
from toolkit.assessment import selectors as assessment_selectors
from toolkit.framework import selectors as framework_selectors
from toolkit.rounds import selectors as round_selectors
from toolkit.rounds.models import AssessmentKind

from .glance import action_words, glance

SIDE_NAMES = {"council": "Council", "vcs": "VCS", "together": "Together"}


def agreement_text(summary: assessment_scoring.AgreementSummary) -> str:
    """A principles figure as a report prints it: its mean and band, or why it is not shown."""
    if summary.withheld:
        return f"Not shown: {summary.note}"
    if summary.mean is None:
        return "No answers"
    return f"{summary.mean} ({summary.band_label.lower()})"


@dataclass
class AssessmentPart:
    round: object
    respondents: dict  # side -> disclosure ShownCount
    threshold: int
    profile: assessment_scoring.Profile
    strengths: list
    weaknesses: list
    gaps: list
    barriers: list
    barrier_base: dict
    chart_svg: str
    chart_description: str
    sealed_newer: list[str] = field(default_factory=list)

    def cells(self, row) -> list[str]:
        return [agreement_text(row.view(v)) for v in assessment_scoring.VIEWS]


@dataclass
class MappingPart:
    round: object
    responses: dict  # side -> the round's sent responses as they may be printed
    threshold: int
    rows: list  # mapping.presenters.MapRow, both sides together
    gaps: list  # mapping.presenters.GapRow, the largest ten
    not_compared: int
    points: list
    chart_svg: str
    quadrants: list[tuple[str, int]]
    targets: list = field(default_factory=list)  # mapping.targets.TargetRow
    arrows: list = field(default_factory=list)  # mapping.target_charts.TargetArrow, for the PNG map
    progress: list = field(default_factory=list)  # mapping.targets.ProgressRow (earlier round's)
    previous: object = None
    summary: object = None  # mapping.presenters.MapSummary: listed, placed


@dataclass
class ReportData:
    area: object
    scopes: frozenset
    generated_at: datetime.datetime
    content_version: object = None
    register: dict | None = None
    assessment: AssessmentPart | None = None
    assessment_note: str = ""
    mapping: MappingPart | None = None
    mapping_note: str = ""
    plan: dict | None = None
    findings: list = field(default_factory=list)
    evidence: dict | None = None
    quick_check: list = field(default_factory=list)  # (title, council, vcs, together) texts
    summary_heading: str = "Quick check: how both sides see the key elements"
    summary_note: str = ""  # why the summary lists fewer than the framework's elements
    glance: object = None  # reports.glance.Glance, the area report's opening

    @property
    def sections(self) -> list[str]:
        return [s for s in GrantScope.values if s in self.scopes]


STEPS = 6


def report_data(
    area, scopes, *, kind: str = "area", progress: Callable[[int, str], None] | None = None
) -> ReportData:
    """Everything a report of `kind` ("area" or "summary") shows, for a reader allowed
    `scopes`. `progress(step, message)` is told as each part is gathered (of STEPS)."""

    def step(number, message):
        if progress:
            progress(number, message)

    scopes = frozenset(scopes)
    data = ReportData(
        area=area,
        scopes=scopes,
        generated_at=timezone.now(),
        content_version=framework_selectors.current_version(),
    )
    if GrantScope.REGISTER in scopes and kind == "area":
        step(1, "Reading the relationship register.")
        data.register = _register_part(area)
    if GrantScope.RESULTS in scopes:
        step(2, "Reading the principles results.")
        data.assessment, data.assessment_note = _assessment_part(area)
        if data.assessment:
            data.quick_check = _quick_check(data.assessment)
            data.summary_heading, data.summary_note = _summary_words(
                data.assessment, len(data.quick_check)
            )
        if kind == "area":
            step(3, "Reading the relationship maps.")
            data.mapping, data.mapping_note = _mapping_part(area)
    if GrantScope.PLAN in scopes:
        step(4, "Reading the action plan and peer findings.")
        data.plan = _plan_part(area, kind)
        if kind == "area":
            # A stored report is downloadable by every member with its scopes, so it holds
            # only the findings all of them may read (actions.selectors.findings_reader).
            data.findings = list(
                action_selectors.findings_for(area, action_selectors.stored_output_reader(scopes))
            )
    if GrantScope.EVIDENCE in scopes and kind == "area":
        step(5, "Reading the evidence.")
        data.evidence = _evidence_part(area)
    if kind == "area":
        data.glance = glance(data)
    return data


# --- parts --------------------------------------------------------------------------------


def _register_part(area) -> dict:
    from toolkit.register import selectors as register_selectors
    from toolkit.register.vocabulary import vocabulary_for

    relationships = list(register_selectors.relationships_for_area(area))
    rows = []
    for r in relationships:
        vocab = vocabulary_for(r.content_version)
        main = next((t.type_slug for t in r.types.all() if t.is_main), "")
        parties = r.parties.all()
        rows.append(
            {
                "reference": r.reference,
                "title": r.title,
                "main_type": vocab.type_short(main) if main else "",
                "council": ", ".join(str(p.organisation) for p in parties if p.side == "council"),
                "vcs": ", ".join(str(p.organisation) for p in parties if p.side == "vcs"),
                "judgement": r.get_judgement_display() or "Not judged",
                "qualities": r.quality_count,
            }
        )
    comparisons = register_selectors.judgement_comparisons(area)
    return {
        "counts": register_selectors.register_counts(area),
        "rows": rows,
        "sides": [_sides_row(c) for c in comparisons if c.council or c.vcs],
        "disagreements": [d for c in comparisons for d in c.disagreements],
    }


def _sides_row(comparison) -> dict:
    from toolkit.areas.models import Side
    from toolkit.register.judgements import JOINT

    """How both sides together, the council side and the VCS side judged one relationship
    (``register.judgements``), as a report prints it."""

    def words(view):
        seen = comparison.seen_count(view)
        if seen is None:
            return "Not recorded"
        judged = comparison.view(view).judgement_label
        return f"{judged} ({seen} of {len(comparison.qualities)} qualities)"

    return {
        "title": comparison.relationship.title,
        "joint": words(JOINT),
        "council": words(Side.COUNCIL),
        "vcs": words(Side.VCS),
        "differences": len(comparison.disagreements),
    }


def _assessment_part(area) -> tuple[AssessmentPart | None, str]:
    round_ = latest_visible_assessment_round(area)
    sealed_newer = []
    for r in round_selectors.rounds_for_area(area):
        if r == round_:
            break
        if r.has_assessment:
            sealed_newer.append(r.name)
    if round_ is None:
        note = "No round of principles questions has results that can be shown yet."
        return None, note
    results = assessment_selectors.round_results(round_)
    profile = results.profile
    # The rule the results page uses: no mean is among both the strongest and the weakest.
    strengths, weaknesses = assessment_comparisons.highest_and_lowest(profile.elements)
    description = assessment_charts.chart_description(profile.elements)
    part = AssessmentPart(
        round=round_,
        respondents=profile.respondents,
        threshold=results.threshold,
        profile=profile,
        strengths=strengths,
        weaknesses=weaknesses,
        gaps=assessment_comparisons.agreement_gaps(profile.elements)[:5],
        barriers=frequent_barriers(results.barriers, k=5),
        barrier_base=results.barriers.base,
        chart_svg=assessment_charts.mean_chart(
            profile.elements,
            chart_id="report-elements",
            title="Mean agreement with each key element, council and VCS",
            description=description,
        ),
        chart_description=description,
        sealed_newer=sealed_newer,
    )
    note = ""
    if sealed_newer:
        note = (
            f"Newer rounds ({', '.join(sealed_newer)}) are not included: their results stay "
            "sealed until they close or both sides have enough responses."
        )
    return part, note


def _quick_check(part: AssessmentPart) -> list[tuple[str, str, str, str]]:
    version = part.round.content_version
    slugs = [e.slug for e in framework_selectors.quick_check_elements(version)]
    rows = []
    for slug in slugs:
        row = part.profile.element(slug)
        if row is not None:
            rows.append((row.title, *part.cells(row)))
    return rows


def _summary_words(part: AssessmentPart, shown: int) -> tuple[str, str]:
    """The lead members' summary's heading for the round's kind, and why it lists fewer key
    elements than the framework has."""
    version = part.round.content_version
    every = list(framework_selectors.elements(version).values_list("slug", "title"))
    quick = {e.slug for e in framework_selectors.quick_check_elements(version)}
    left_out = [title for slug, title in every if slug not in quick]
    if part.round.assessment == AssessmentKind.QUICK:
        heading = "Quick check: how both sides see the key elements"
        note = f"The quick check asks about {shown} of the framework's {len(every)} key elements."
        if left_out:
            note += f" Only the full questionnaire asks about {_words(left_out)}."
        return heading, note
    heading = "Full questionnaire: how both sides see the key elements"
    note = ""
    if shown < len(every):
        note = (
            f"To fit one page, this summary shows the {shown} key elements of the quick check, "
            f"the short version for lead members, of the {len(every)} the round asked about. "
            f"The area report gives all {len(every)}, with {_words(left_out)}."
        )
    return heading, note


def _words(titles: list[str]) -> str:
    if len(titles) < 2:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def _mapping_part(area) -> tuple[MappingPart | None, str]:
    from toolkit.mapping import charts as mapping_charts
    from toolkit.mapping import presenters as mapping_presenters
    from toolkit.mapping import scoring as mapping_scoring
    from toolkit.mapping import selectors as mapping_selectors

    chosen = None
    for round_ in mapping_selectors.mapping_rounds_for_area(area):
        if round_selectors.round_results_visible(round_):
            chosen = round_
            break
    if chosen is None:
        return None, "No relationship mapping round has results that can be shown yet."
    from toolkit.mapping import targets as mapping_targets

    results = mapping_selectors.mapping_results(chosen)
    together = mapping_scoring.TOGETHER
    points = mapping_presenters.map_points(results.items, together)
    gaps, _pairs = mapping_presenters.gap_rows(results.items)
    targets = mapping_targets.standing_targets(chosen, results.items)
    arrows = mapping_targets.target_arrows(results.items, targets)
    previous, progress = chosen.previous_round, []
    if previous is not None and previous.includes_mapping:
        earlier = mapping_selectors.mapping_results(previous)
        if earlier.visible:
            progress = mapping_targets.progress_rows(
                results, earlier, mapping_targets.targets_for(previous)
            )
    summary = mapping_presenters.map_summary(results.items, together)
    return (
        MappingPart(
            round=chosen,
            responses=results.responses,
            threshold=results.threshold,
            rows=mapping_presenters.map_rows(results.items, together),
            gaps=gaps[:10],
            not_compared=len(results.items) - len(gaps),
            points=points,
            chart_svg=mapping_charts.strategic_map(
                points,
                chart_id="report-map",
                title="Strategic map: both sides together",
                desc="Each numbered circle is a relationship, placed by how strategic (up) and "
                "how proactive (right) respondents rated it. The table gives the same figures."
                + (
                    " A green ring is a target agreed at a workshop, with an arrow to it."
                    if targets
                    else ""
                ),
                targets=arrows,
            ),
            quadrants=summary.quadrants,
            summary=summary,
            targets=mapping_targets.target_rows(results.items, targets),
            arrows=arrows,
            progress=progress,
            previous=previous if progress else None,
        ),
        "",
    )


def _plan_part(area, kind) -> dict:
    plan = action_selectors.plan_for_area(area)
    actions = list(action_selectors.actions_for_area(area))
    version = framework_selectors.current_version()
    elements = (
        dict(framework_selectors.elements(version).values_list("slug", "title")) if version else {}
    )
    barriers = (
        dict(framework_selectors.barriers(version).values_list("slug", "title")) if version else {}
    )
    chosen = action_selectors.top_actions(area) if kind == "summary" else actions
    return {
        "plan": plan,
        "status": plan.get_status_display() if plan else "Not started",
        "actions": [
            {
                "title": a.title,
                "answers": "; ".join(
                    t
                    for t in (
                        elements.get(a.element_slug, ""),
                        barriers.get(a.barrier_slug, ""),
                        a.relationship.title if a.relationship else "",
                        "a gap between the sides" if a.answers_gap else "",
                    )
                    if t
                ),
                "council_owner": str(a.council_owner or "Not yet chosen"),
                "vcs_owner": str(a.vcs_owner or "Not yet chosen"),
                "due": a.due_on.strftime("%-d %b %Y") if a.due_on else "No date",
                "status": a.get_status_display(),
                "in_words": action_words(a),
                "progress": a.progress,
                "latest": next(iter(a.updates.all()), None),
            }
            for a in chosen
        ],
        "counts": action_selectors.status_counts(actions),
    }


def _evidence_part(area) -> dict:
    from toolkit.areas.models import Organisation, OrganisationKind
    from toolkit.evidence import equity
    from toolkit.evidence import selectors as evidence_selectors

    items = evidence_selectors.funding_items(area)
    summary = equity.equity_summary(items)
    vcs = Organisation.objects.filter(area=area, kind=OrganisationKind.VCS)
    return {
        "organisations": vcs.count(),
        "marginalised_led": vcs.filter(is_marginalised_led=True).count(),
        "summary": summary,
        "calculations": [_calculation(c) for c in evidence_selectors.value_calculations(area)],
    }


def _calculation(saved) -> dict:
    """A kept value calculation as the calculator page words it (evidence.value)."""
    from toolkit.evidence.value import pounds_text

    result = saved.result
    return {
        "title": saved.title,
        "relationship": saved.relationship.title if saved.relationship else "",
        "invested": pounds_text(result.invested),
        "gross": pounds_text(result.benefit),
        "net": pounds_text(result.net_value),
        "ratio": f"£{result.ratio}" if result.ratio is not None else "–",
        "assumptions": saved.assumptions,
        "saved_on": f"{saved.created_at:%-d %b %Y}",
    }
