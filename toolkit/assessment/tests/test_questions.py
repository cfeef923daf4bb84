"""Acceptance criterion 1: full and quick questionnaires cover every element, their wording
is cited to the research, and every element and barrier appears."""

import pytest

from toolkit.assessment.questions import (
    barriers_for_version,
    pressures_for_version,
    questions_for,
)
from toolkit.framework.models import Element
from toolkit.rounds.models import AssessmentKind
from toolkit.rounds.tests.factories import confirmed_shared_link

THIRTEEN_ELEMENTS = {
    "rebalancing-power",
    "recognition-of-value",
    "transparency",
    "consistency",
    "mindset-shift-for-councils",
    "change-within-the-vcs",
    "structures",
    "mechanisms",
    "senior-leadership",
    "the-right-scale",
    "time",
    "capacity",
    "the-right-approach-to-funding",
}
THIRTEEN_BARRIERS = {
    "contrasting-approaches",
    "lack-of-time-and-resource",
    "commercialisation",
    "unclear-vcs-asks",
    "lack-of-senior-buy-in",
    "reactive-collaboration",
    "local-history",
    "unclear-structures",
    "competitive-commissioning",
    "reduced-council-budgets",
    "short-term-horizons",
    "lack-of-long-term-investment",
    "centralised-policymaking",
}


def test_full_questionnaire_covers_all_thirteen_elements_with_citations(framework_loaded):
    questions = questions_for(framework_loaded, AssessmentKind.FULL)
    assert {q.element_slug for q in questions} == THIRTEEN_ELEMENTS
    assert len(questions) == sum(
        len(e.statements) for e in Element.objects.filter(version=framework_loaded)
    )
    assert [q.number for q in questions] == list(range(1, len(questions) + 1))
    assert len({q.statement_id for q in questions}) == len(questions)
    for q in questions:
        assert q.text and q.source_section.startswith("Section 7")
    assert {q.principle_number for q in questions} == {1, 2, 3, 4}


def test_quick_check_has_about_ten_questions_across_all_four_principles(framework_loaded):
    questions = questions_for(framework_loaded, AssessmentKind.QUICK)
    assert 8 <= len(questions) <= 12
    assert {q.principle_number for q in questions} == {1, 2, 3, 4}
    assert {q.element_slug for q in questions} <= THIRTEEN_ELEMENTS
    assert all(q.statement_id.endswith("-quick-check") for q in questions)


def test_thirteen_barriers_and_the_pressures(framework_loaded):
    barriers = barriers_for_version(framework_loaded)
    assert {b.slug for b in barriers} == THIRTEEN_BARRIERS
    assert [b.kind for b in barriers].count("common") == 8
    assert [b.kind for b in barriers].count("policy") == 5
    assert {p.slug for p in pressures_for_version(framework_loaded)} == {
        "cost-of-living-crisis",
        "climate-emergency",
    }


@pytest.mark.parametrize("kind", [AssessmentKind.FULL, AssessmentKind.QUICK])
def test_question_pages_and_barriers_page_show_every_element_and_barrier(
    client, framework_loaded, kind
):
    """The respondent really sees them: walk every question page and the barriers page."""
    from toolkit.rounds import services
    from toolkit.rounds.tests.factories import RoundFactory

    round_ = RoundFactory(assessment=kind)
    link = confirmed_shared_link(round_, "vcs")
    token = services.response_start_from_link(link.token).token
    seen = set()
    for q in questions_for(framework_loaded, kind):
        page = client.get(f"/respond/answers/{token}/assessment/questions/{q.number}/")
        assert page.status_code == 200
        assert q.text.encode() in page.content.replace(b"&#x27;", b"'").replace(b"&quot;", b'"')
        assert b"LGA/Locality (2022)" in page.content
        seen.add(q.element_slug)
    if kind == AssessmentKind.FULL:
        assert seen == THIRTEEN_ELEMENTS
    page = client.get(f"/respond/answers/{token}/assessment/barriers/")
    for barrier in barriers_for_version(framework_loaded):
        assert f'value="{barrier.slug}"'.encode() in page.content
