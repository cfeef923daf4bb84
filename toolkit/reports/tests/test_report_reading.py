"""Reports a cabinet reads (issue 14): nothing printed over the footer, the summary counts
the relationships actually rated, the lead members' summary is headed for the round's kind
and says why it lists fewer key elements, and the area report opens with what a cabinet
member needs (gaps, weakest and strongest principles, what changed, the actions) before the
detail, the register last. A demo area and a small real one (Calderdale's GSS code)."""

import pytest
from django.utils import timezone

from toolkit.actions.tests.conftest import answer_round
from toolkit.actions.tests.factories import ActionFactory
from toolkit.areas.scopes import ALL_SCOPES
from toolkit.areas.tests.factories import AreaFactory, CouncilFactory, OrganisationFactory
from toolkit.assessment import comparisons
from toolkit.assessment.selectors import round_profile
from toolkit.framework import selectors as framework_selectors
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.services import RelationshipData, relationship_create
from toolkit.reports.content import report_data
from toolkit.reports.render import render_docx, render_pdf
from toolkit.reports.tests.pdf_layout import footer_overlaps, orphaned_headings, text_boxes
from toolkit.reports.tests.test_reports import docx_text, pdf_text
from toolkit.rounds.models import AssessmentKind, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def small_real_area(assessment=AssessmentKind.FULL):
    """Calderdale with ten relationships, a closed round asking the principles and the map
    of which 6 council and 6 VCS respondents rated five relationships, and two actions."""
    area = AreaFactory(gss_code="E08000033", name="Calderdale")
    council = CouncilFactory(area=area, name="Calderdale Council")
    relationships = []
    for i in range(10):
        vcs = OrganisationFactory(area=area, name=f"Calder Valley Group {i + 1}")
        relationships.append(
            relationship_create(
                area,
                RelationshipData(
                    title=f"Calder relationship {i + 1}",
                    parties=[council, vcs],
                    main_type="delivery",
                    types=["delivery"],
                ),
            )
        )
    round_ = RoundFactory(
        area=area,
        name="First round 2026",
        includes_mapping=True,
        assessment=assessment,
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in relationships
    )
    for side, default, values in (
        ("council", 4, {"capacity": 2}),
        ("vcs", 3, {"capacity": 1, "rebalancing-power": 2}),
    ):
        for response in answer_round(round_, side, 6, values, default=default):
            MappingAnswer.objects.create(response=response)
            Rating.objects.bulk_create(
                Rating(
                    response=response,
                    relationship=r,
                    strategic=2 + n % 3,
                    proactive=4 if side == "council" else 2,
                    financial=3,
                    time=3,
                )
                for n, r in enumerate(relationships[:5])
            )
    for title in ("Fund the sector's time at the health board", "Agree a compact refresh"):
        ActionFactory(area=area, title=title)
    return area, round_


@pytest.fixture
def real_area(framework_loaded):
    return small_real_area()


def test_no_text_runs_into_the_footer(demo_area, real_area):
    """The principles chart ran off its page, over 'Page 5 of 10' (both the demo's and a real
    area's report); the summary must keep to its one page too."""
    for area in (demo_area.area, real_area[0]):
        for kind in ("area", "summary"):
            pdf = render_pdf(report_data(area, ALL_SCOPES, kind=kind), kind)
            overlaps = footer_overlaps(pdf)
            assert overlaps == [], f"{area.name} {kind}: {overlaps[:3]}"


def test_the_check_sees_text_over_the_footer(real_area):
    """The check is real: a chart made taller than a page is caught."""
    from toolkit.reports import render

    html = render.render_html(report_data(real_area[0], ALL_SCOPES), "area").replace(
        "max-height: 190mm", "min-height: 300mm"
    )
    overlaps = footer_overlaps(render.pdf_from_html(html))
    assert overlaps and all(box.size > 0 for box in overlaps)


@pytest.mark.parametrize("render, reader", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_summary_counts_the_relationships_rated(real_area, render, reader):
    area, _round = real_area
    text = reader(render(report_data(area, ALL_SCOPES), "area"))
    assert (
        "First round 2026: 5 of the 10 relationships in the round rated by enough respondents "
        "to be placed on the map, by 6 council and 6 VCS respondents." in text
    )
    assert "10 relationships rated" not in text


@pytest.mark.parametrize("render, reader", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_the_area_report_opens_with_what_a_cabinet_member_needs(real_area, render, reader):
    area, round_ = real_area
    text = reader(render(report_data(area, ALL_SCOPES), "area"))
    profile = round_profile(round_)
    strongest, weakest = comparisons.strengths_and_weaknesses(profile.principles, k=1)
    gap = comparisons.agreement_gaps(profile.elements)[0]
    opening = text[: text.index("Principles profile")]
    assert "At a glance" in opening
    assert f"{gap.row.title}: the council {gap.row.council.mean}, the VCS" in opening
    assert f"Weakest principle: {weakest[0].title}, {weakest[0].together.mean}" in opening
    assert f"Strongest principle: {strongest[0].title}" in opening
    assert "What changed" in opening
    assert "is the area's first round of principles questions: there is no earlier round" in opening
    assert "The proposed actions" in opening
    assert "Fund the sector's time at the health board" in opening
    # the detail follows, the register last
    assert text.index("Principles profile") < text.index("Relationship map")
    assert text.index("Method and sources") < text.index("The relationship register in brief")
    assert text.rindex("Calder relationship 10") > text.index("The relationship register in brief")


@pytest.mark.parametrize("render, reader", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_the_opening_words_each_action_plainly(real_area, render, reader):
    """Seen in the first-week journey's report: "…: Not yet chosen (council) and Not yet chosen
    (VCS), due No date, in progress." An action without owners or a date says so in words."""
    import datetime

    from toolkit.accounts.tests.factories import UserFactory
    from toolkit.actions.models import Action

    area, _round = real_area
    Action.objects.filter(area=area, title="Agree a compact refresh").update(
        council_owner=UserFactory(full_name="Nadia Name"), due_on=datetime.date(2027, 3, 31)
    )
    text = " ".join(reader(render(report_data(area, ALL_SCOPES), "area")).split())
    opening = text[: text.index("Principles profile")]
    assert (
        "Fund the sector's time at the health board: no owners chosen yet, no due date, "
        "not started." in opening
    )
    assert (
        "Agree a compact refresh: Nadia Name (council), no VCS owner yet, due 31 Mar 2027, "
        "not started." in opening
    )
    assert "Not yet chosen" not in opening and "No date" not in opening


def test_what_changed_since_the_round_before(demo_area):
    """The demo's latest round compares with the year before, principle by principle, as
    the results pages do (assessment.selectors.round_trend)."""
    from toolkit.actions.suggestions import latest_visible_assessment_round
    from toolkit.assessment.selectors import round_trend

    area = demo_area.area
    round_ = latest_visible_assessment_round(area)
    trend = round_trend(round_, round_profile(round_))
    text = pdf_text(render_pdf(report_data(area, ALL_SCOPES), "area"))
    assert f"What changed since {trend.earlier_round.name}" in text
    first = trend.principles[0]
    assert f"{first.title}: {first.together.earlier} to {first.together.current}" in text


@pytest.mark.parametrize("render, reader", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_lead_summary_is_headed_for_the_rounds_kind_and_says_why(framework_loaded, render, reader):
    area, round_ = small_real_area(AssessmentKind.FULL)
    text = reader(render(report_data(area, ALL_SCOPES, kind="summary"), "summary"))
    every = framework_selectors.elements(round_.content_version)
    quick = framework_selectors.quick_check_elements(round_.content_version)
    assert "Full questionnaire: how both sides see the key elements" in text
    assert "Quick check:" not in text
    assert f"this summary shows the {quick.count()} key elements of the quick check" in text
    left_out = [e.title for e in every if e not in quick]
    assert left_out and all(title in text for title in left_out)  # named, as why

    round_.assessment = AssessmentKind.QUICK
    round_.save()
    text = reader(render(report_data(area, ALL_SCOPES, kind="summary"), "summary"))
    assert "Quick check: how both sides see the key elements" in text
    assert (
        f"The quick check asks about {quick.count()} of the framework's {every.count()} "
        "key elements." in text
    )


def test_no_page_ends_with_a_heading_or_a_tables_caption(demo_area):
    """In the demo's area report "The relationship register in brief" and the caption of its
    table sat at the foot of a page, the table on the next (WeasyPrint broke between the
    caption and the table's rows)."""
    from toolkit.reports import render

    data = report_data(demo_area.area, ALL_SCOPES)
    html = render.render_html(data, "area")
    pdf = render.pdf_from_html(html)
    orphans = orphaned_headings(html, pdf)
    assert orphans == {}, orphans
    page_of = {box.text: box.page for box in reversed(text_boxes(pdf))}  # first page it is on
    first_row = data.register["rows"][0]["reference"]
    assert page_of["The relationship register in brief"] == page_of[first_row]


@pytest.mark.parametrize("render, reader", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_principles_that_all_have_one_mean_are_not_called_weakest_and_strongest(
    framework_loaded, render, reader
):
    """Seen in the first-week journey's report: every principle had 2.6, and the opening still
    named a weakest and a strongest principle, and three 'weakest' and three 'strongest' key
    elements, all at 2.6."""
    area = AreaFactory(gss_code="E08000033", name="Calderdale")
    CouncilFactory(area=area, name="Calderdale Council")
    round_ = RoundFactory(
        area=area,
        name="First week",
        assessment=AssessmentKind.FULL,
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
    )
    answer_round(round_, "council", 5, {}, default=2)
    answer_round(round_, "vcs", 5, {}, default=4)
    text = " ".join(reader(render(report_data(area, ALL_SCOPES), "area")).split())
    opening = text[: text.index("Principles profile")]
    assert (
        "Every principle has the same mean for both sides together, 3.0 (borderline): none is "
        "weaker or stronger than another." in opening
    )
    assert "Weakest principle" not in opening and "Strongest principle" not in opening
    assert "key elements:" not in opening


def test_an_element_whose_mean_is_in_both_lists_is_in_neither():
    from types import SimpleNamespace

    from toolkit.assessment.comparisons import apart

    def row(title, mean):
        return SimpleNamespace(title=title, together=SimpleNamespace(mean=mean))

    strongest = [row("A", 4), row("B", 3), row("C", 3)]
    weakest = [row("E", 2), row("D", 3)]
    kept_strong, kept_weak = apart(strongest, weakest)
    assert [r.title for r in kept_strong] == ["A"]
    assert [r.title for r in kept_weak] == ["E"]
