"""The "Rate relationships" section of a round's task list (toolkit.rounds.sections)."""

from __future__ import annotations

from django.urls import reverse

from toolkit.framework.models import MappingAxis
from toolkit.rounds.sections import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    SectionSize,
    SummaryRow,
    register_results,
    register_section,
)

from .models import AXES, AXIS_SLUGS, DONT_KNOW, MappingAnswer, Rating

SECTION_KEY = "relationships"


def axes_for(round_) -> list[tuple[str, MappingAxis]]:
    """(rating field, framework axis) in the research's order, for the round's content."""
    by_slug = {a.slug: a for a in MappingAxis.objects.filter(version_id=round_.content_version_id)}
    return [(name, by_slug[AXIS_SLUGS[name]]) for name in AXES if AXIS_SLUGS[name] in by_slug]


def section_status(response) -> str:
    answer = MappingAnswer.objects.filter(response=response).first()
    if answer is None:
        return NOT_STARTED
    ratings = list(
        Rating.objects.filter(
            response=response, relationship__mapping_rounds__round_id=response.round_id
        ).only(*AXES)
    )
    if answer.knows_none and not ratings:
        return COMPLETED
    if ratings and all(r.is_complete for r in ratings):
        return COMPLETED
    return IN_PROGRESS


# Estimates for the respondent's start page: choosing the relationships you know, then one
# page per relationship with four scales and where it works.
MINUTES_TO_CHOOSE = 1
MINUTES_PER_RELATIONSHIP = 1.5


def section_size(round_) -> SectionSize:
    """Up to one page per relationship the round covers: respondents rate only those they
    know."""
    n = round_.mapping_relationships.count()
    return SectionSize(
        questions=1 + n, minutes=MINUTES_TO_CHOOSE + n * MINUTES_PER_RELATIONSHIP, up_to=n > 0
    )


def section_url(response) -> str:
    return reverse("respond:mapping:choose", args=[response.token])


def point_label(axis: MappingAxis, value: int | None) -> str:
    if value is None:
        return "Not answered"
    if value == DONT_KNOW:
        return "I don't know"
    for point in axis.scale_points:
        if point["value"] == value:
            return point["label"]
    return str(value)


def section_summary(response) -> list[SummaryRow]:
    answer = MappingAnswer.objects.filter(response=response).first()
    ratings = list(
        Rating.objects.filter(
            response=response, relationship__mapping_rounds__round_id=response.round_id
        )
        .select_related("relationship")
        .order_by("relationship__title", "relationship_id")
    )
    choose = reverse("respond:mapping:choose", args=[response.token])
    if not ratings:
        return [
            SummaryRow(
                "Relationships you know",
                "None of them" if answer and answer.knows_none else "None chosen",
                choose,
                "which relationships you know",
            )
        ]
    rows = [
        SummaryRow(
            "Relationships you know",
            f"{len(ratings)} relationship{'s' if len(ratings) != 1 else ''}",
            choose,
            "which relationships you know",
        )
    ]
    axes = axes_for(response.round)
    for rating in ratings:
        parts = [f"{axis.title}: {point_label(axis, getattr(rating, name))}" for name, axis in axes]
        if rating.scales:
            parts.append("Works at: " + ", ".join(s.replace("-", " ") for s in rating.scales))
        if rating.comment:
            shared = "you agreed to share it" if rating.share_comment else "not shared"
            parts.append(f"Comment ({shared}): {rating.comment}")
        rows.append(
            SummaryRow(
                rating.relationship.title,
                "; ".join(parts),
                reverse(
                    "respond:mapping:rate", args=[response.token, rating.relationship.public_id]
                ),
                f"your ratings of {rating.relationship.title}",
            )
        )
    return rows


def _results_url(name):
    def url(round_):
        return reverse(
            f"mapping:{name}",
            kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id},
        )

    return url


RESULTS_PAGES = [
    ("map", "Strategic map of relationships"),
    ("perspectives", "Council and sector views compared, with the gaps"),
    ("spatial", "Relationships by scale (spatial map)"),
    ("network", "Who works with whom (network)"),
    ("comments", "What respondents said"),
    ("compare", "What changed since the earlier round"),
]


def section_answers(response_ids) -> dict[int, dict]:
    """Each response's rating of each relationship on each axis (one query), for
    rounds.similarity."""
    found: dict[int, dict] = {}
    for response_id, relationship_id, *values in Rating.objects.filter(
        response_id__in=response_ids
    ).values_list("response_id", "relationship_id", *AXES):
        given = found.setdefault(response_id, {})
        for axis, value in zip(AXES, values, strict=True):
            given[(relationship_id, axis)] = value
    return found


def _figures_store(round_) -> None:
    from toolkit.rounds.selectors import response_counts, round_threshold

    from .selectors import round_scores  # the results read the respondent's models

    round_scores(round_, response_counts(round_), round_threshold(round_))


def register() -> None:
    register_section(
        key=SECTION_KEY,
        title="Rate relationships",
        applies=lambda round_: round_.includes_mapping,
        url=section_url,
        status=section_status,
        summary=section_summary,
        order=10,
        hint="Choose the relationships you know, then rate each one on four scales.",
        size=section_size,
        answers=section_answers,
        figures=_figures_store,
    )
    for order, (name, title) in enumerate(RESULTS_PAGES, start=10):
        applies = (
            (lambda r: r.includes_mapping and r.previous_round_id is not None)
            if name == "compare"
            else (lambda r: r.includes_mapping)
        )
        register_results(
            key=f"mapping-{name}", title=title, applies=applies, url=_results_url(name), order=order
        )
