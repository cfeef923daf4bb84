"""The value calculator's result is kept (issue 14): a facilitator saves a calculation in the
area, optionally against one of its relationships; every reader of the evidence sees the
list; "gross" and "net" say which is meant; a loss reads "−£65,000" with a real minus sign;
and the area report carries the kept calculations."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.scopes import ALL_SCOPES
from toolkit.areas.tests.factories import AreaFactory, CouncilFactory, OrganisationFactory
from toolkit.evidence import value
from toolkit.evidence.models import ValueCalculation
from toolkit.evidence.selectors import value_calculations
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.register.services import RelationshipData, relationship_create

from .test_views import member

pytestmark = pytest.mark.django_db

LOSS = {
    "invested": "100000",
    "costs_avoided": "30000",
    "value_created": "5000",
    "assumptions": "Hospital discharge support, one year, from the trust's own figures.",
    "title": "Discharge support 2025/26",
}


def url(area):
    return reverse("evidence:value", kwargs={"area_code": area.gss_code})


@pytest.fixture
def calderdale(framework_loaded):  # noqa: F811
    area = AreaFactory(gss_code="E08000033", name="Calderdale")
    council = CouncilFactory(area=area, name="Calderdale Council")
    group = OrganisationFactory(area=area, name="Calder Valley Carers")
    relationship = relationship_create(
        area,
        RelationshipData(
            title="Carers' discharge support",
            parties=[council, group],
            main_type="delivery",
            types=["delivery"],
        ),
    )
    return area, relationship


def test_a_loss_reads_with_a_real_minus_sign():
    assert value.pounds_text(D("-65000")) == "\u2212£65,000"
    assert value.pounds_text(D("-12.5")) == "\u2212£12.50"
    assert value.pounds_text(D("930000")) == "£930,000"
    result = value.value_calculate(D("100000"), D("30000"), D("5000"))
    assert result.benefit == D("35000") and result.net_value == D("-65000") and result.is_loss


def test_a_facilitator_saves_a_calculation_against_a_relationship(client, calderdale):
    area, relationship = calderdale
    client.force_login(member(area))
    response = client.post(url(area), {**LOSS, "relationship": relationship.public_id, "save": "1"})
    assert response.status_code == 302 and response["Location"] == url(area) + "#saved"
    saved = ValueCalculation.objects.get(area=area)
    assert saved.relationship == relationship and saved.title == LOSS["title"]
    assert saved.invested == D("100000") and saved.result.net_value == D("-65000")
    page = client.get(url(area)).content.decode()
    assert "Discharge support 2025/26" in page and "Carers&#x27; discharge support" in page
    assert "\u2212£65,000" in page and "£-65,000" not in page
    assert "Gross benefit" in page and "Net value" in page
    assert "£35,000" in page  # gross: costs avoided plus other value


def test_calculate_alone_keeps_nothing_and_saving_needs_a_title(client, calderdale):
    area, _ = calderdale
    client.force_login(member(area))
    response = client.post(url(area), {**LOSS, "title": ""})
    assert response.status_code == 200
    assert "Net value \u2212£65,000 (a loss)" in response.content.decode()
    response = client.post(url(area), {**LOSS, "title": "", "save": "1"})
    assert "Enter what the calculation is for, to save it" in response.content.decode()
    assert not ValueCalculation.objects.exists()


def test_only_facilitators_save_and_only_this_areas_relationships(client, calderdale):
    area, relationship = calderdale
    other = AreaFactory()
    elsewhere = relationship_create(
        other,
        RelationshipData(
            title="Elsewhere",
            parties=[CouncilFactory(area=other), OrganisationFactory(area=other)],
            main_type="delivery",
            types=["delivery"],
        ),
    )
    client.force_login(member(area))
    response = client.post(url(area), {**LOSS, "relationship": elsewhere.public_id, "save": "1"})
    assert response.status_code == 200 and not ValueCalculation.objects.exists()
    client.force_login(member(area, Role.COUNCIL_PARTICIPANT))
    page = client.get(url(area)).content.decode()
    assert "Calculate and save" not in page
    client.post(url(area), {**LOSS, "save": "1"})
    assert not ValueCalculation.objects.exists()
    ValueCalculation.objects.create(
        area=area, title="Kept by a facilitator", invested=1, costs_avoided=2, assumptions="a"
    )
    assert "Kept by a facilitator" in client.get(url(area)).content.decode()
    assert relationship.title  # the participant sees the list, not the relationship picker


def test_the_list_takes_one_query(calderdale, django_assert_max_num_queries):
    area, relationship = calderdale
    for i in range(30):
        ValueCalculation.objects.create(
            area=area,
            relationship=relationship,
            title=f"Year {i}",
            invested=1000,
            costs_avoided=i * 100,
            assumptions="a",
        )
    with django_assert_max_num_queries(1):
        rows = [
            (c.title, c.relationship.title, c.result.net_value) for c in value_calculations(area)
        ]
    assert len(rows) == 30


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_report_carries_the_kept_calculations(calderdale, fmt):
    from toolkit.reports.content import report_data
    from toolkit.reports.render import render_docx, render_pdf
    from toolkit.reports.tests.test_reports import docx_text, pdf_text

    area, relationship = calderdale
    ValueCalculation.objects.create(
        area=area,
        relationship=relationship,
        title="Discharge support 2025/26",
        invested=100000,
        costs_avoided=30000,
        value_created=5000,
        assumptions="From the trust's own figures.",
    )
    data = report_data(area, ALL_SCOPES)
    text = (
        pdf_text(render_pdf(data, "area")) if fmt == "pdf" else docx_text(render_docx(data, "area"))
    )
    assert "Value calculations" in text and "Discharge support 2025/26" in text
    assert "\u2212£65,000" in text and "£35,000" in text
    assert "the net value is the gross benefit less the money invested" in text


def test_the_report_keeps_each_amount_on_one_line(calderdale):
    """Seen in Calderdale's PDF: the net value's column was narrow enough that '−£65,000'
    broke after its minus sign, leaving '−' on one line and '£65,000', read as a gain, on the
    next."""
    import io

    from pypdf import PdfReader

    from toolkit.reports.content import report_data
    from toolkit.reports.render import render_pdf

    area, relationship = calderdale
    ValueCalculation.objects.create(
        area=area,
        relationship=relationship,
        title="Pilot year 2025/26",
        invested=100000,
        costs_avoided=20000,
        value_created=15000,
        assumptions="Care packages avoided, O'Brien's estimate <rough>",
    )
    pdf = render_pdf(report_data(area, ALL_SCOPES), "area")
    lines = [
        line.strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    assert any("\u2212£65,000" in line for line in lines)
    assert not [line for line in lines if line.endswith("\u2212")]
