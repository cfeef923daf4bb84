"""The area report and the lead members' summary, as PDF and DOCX: generated in the
background with progress shown, they open (PDF text read with pypdf, DOCX with python-docx),
hold the area's real figures from the pages' own selectors, and never a suppressed figure
or anything from a sealed round."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from toolkit.actions.models import Action
from toolkit.actions.suggestions import latest_visible_assessment_round
from toolkit.actions.tests.conftest import answer_round
from toolkit.areas.models import Membership, Role
from toolkit.areas.scopes import ALL_SCOPES
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment import comparisons, scoring
from toolkit.assessment.selectors import round_profile
from toolkit.core.models import Job
from toolkit.disclosure.table import ShownCount
from toolkit.register.selectors import register_counts
from toolkit.reports.content import report_data
from toolkit.reports.models import Report
from toolkit.reports.render import render_docx, render_pdf
from toolkit.rounds.models import RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return " ".join(" ".join(parts).split())


def make(client, area, kind, fmt):
    """Ask for a report through the page, as a member would; the task runs at once in tests."""
    response = client.post(
        reverse("reports:index", kwargs={"area_code": area.gss_code}),
        {"kind": kind, "format": fmt},
    )
    assert response.status_code == 302
    report = Report.objects.filter(area=area).latest("created_at")
    assert response["Location"] == reverse(
        "reports:report", kwargs={"area_code": area.gss_code, "report_id": report.public_id}
    )
    page = client.get(response["Location"])
    assert "Refresh" not in page  # finished: the page stops refreshing
    assert "finished" in page.content.decode()
    download = client.get(
        reverse(
            f"reports:download-{fmt}",
            kwargs={"area_code": area.gss_code, "report_id": report.public_id},
        )
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    return download.content


@pytest.fixture
def demo_facilitator(client, demo_area):
    membership = Membership.objects.get(area=demo_area.area, role=Role.FACILITATOR_COUNCIL)
    client.force_login(membership.user)
    return demo_area.area


@pytest.mark.parametrize("fmt, reader", [("pdf", pdf_text), ("docx", docx_text)])
def test_area_report_holds_the_demo_areas_real_figures(client, demo_facilitator, fmt, reader):
    area = demo_facilitator
    text = reader(make(client, area, "area", fmt))

    round_ = latest_visible_assessment_round(area)
    profile = round_profile(round_)
    weakest = comparisons.strengths_and_weaknesses(profile.elements)[1][0]
    assert weakest.title in text
    council = weakest.council
    assert f"{council.mean} ({council.band_label.lower()})" in text
    assert f"{weakest.together.mean} ({weakest.together.band_label.lower()})" in text
    for principle in profile.principles:
        assert principle.title in text
    assert f"respondents council {profile.respondents['council']}, VCS" in text
    counts = register_counts(area)
    assert f"{counts['total']} relationships recorded" in text
    for action in Action.objects.filter(area=area):
        assert action.title in text
    # Issue 13: the demo's finding is not in the plan, so the report (which any member may
    # download) does not carry it (actions.selectors.findings_reader)
    assert "Fund the sector's time to take part in joint boards" not in text
    assert "Relationship mapping, spring 2026" in text  # latest unsealed mapping round


@pytest.mark.parametrize("fmt, reader", [("pdf", pdf_text), ("docx", docx_text)])
def test_lead_member_summary_has_quick_check_and_top_three_actions(
    client, demo_facilitator, fmt, reader
):
    text = reader(make(client, demo_facilitator, "summary", fmt))
    # the demo's latest round asked the full questionnaire (issue 14: it was headed "Quick
    # check"), and the summary says why it lists the quick check's elements only
    assert "Full questionnaire: how both sides see the key elements" in text
    assert "Top three actions" in text
    assert "this summary shows the 10 key elements of the quick check" in text
    profile = round_profile(latest_visible_assessment_round(demo_facilitator))
    capacity = profile.element("capacity")
    assert f"{capacity.together.mean} ({capacity.together.band_label.lower()})" in text
    mechanisms = profile.element("mechanisms")  # not a quick check element: named, no figures
    assert f"Mechanisms {mechanisms.council.mean}" not in text
    for action in Action.objects.filter(area=demo_facilitator)[:3]:
        assert action.title in text
    if fmt == "pdf":
        assert len(PdfReader(io.BytesIO(make(client, demo_facilitator, "summary", fmt))).pages) == 1


def test_summary_page(client, demo_facilitator):
    page = client.get(reverse("reports:summary", kwargs={"area_code": demo_facilitator.gss_code}))
    assert page.status_code == 200
    assert "Top three actions" in page.content.decode()


@pytest.fixture
def suppressed_area(client, framework_loaded):
    """A closed round: 6 council respondents, but only 3 from the VCS side (threshold 5), so
    every VCS and together figure is withheld; and a newer open round that is sealed."""
    area = AreaFactory(name="Hiddenshire")
    round_ = RoundFactory(
        area=area, name="Closed round", status=RoundStatus.CLOSED, closed_at=timezone.now()
    )
    answer_round(round_, "council", 6, {}, default=4)
    for value in (1, 2, 2):  # the VCS mean would be 1.7, together (24 + 5) / 9 = 3.2
        answer_round(round_, "vcs", 1, {}, default=value)
    sealed = RoundFactory(area=area, name="Sealed round", status=RoundStatus.OPEN)
    answer_round(sealed, "council", 6, {}, default=5)
    answer_round(sealed, "vcs", 2, {}, default=5)
    client.force_login(MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user)
    return area, round_


def test_the_hidden_figures_are_what_a_suppression_failure_would_show(suppressed_area):
    """The values the test looks for are the real ones the rules withhold."""
    _area, round_ = suppressed_area
    vcs = scoring.summarise_agreement([1, 2, 2], ShownCount(3, "3"))
    assert str(vcs.mean) == "1.7"
    together = scoring.summarise_agreement([4] * 6 + [1, 2, 2], ShownCount(9, "9"))
    assert str(together.mean) == "3.2"
    row = round_profile(round_).element("capacity")
    assert row.vcs.withheld and row.together.withheld and str(row.council.mean) == "4.0"


@pytest.mark.parametrize("fmt, reader", [("pdf", pdf_text), ("docx", docx_text)])
def test_a_suppressed_figure_never_appears(client, suppressed_area, fmt, reader):
    area, _round = suppressed_area
    text = reader(make(client, area, "area", fmt))
    assert "Closed round" in text
    assert "4.0 (strength)" in text  # the council's figures are shown
    assert "Not shown: fewer than 5 respondents" in text
    assert "Not shown: it would let a withheld figure be worked out" in text  # together
    assert "respondents council 6, VCS fewer than 5" in text  # never "3"
    assert "1.7" not in text
    assert "3.2" not in text
    assert "5.0" not in text  # nothing from the sealed round
    assert "not included: their results stay sealed" in text
    summary = reader(make(client, area, "summary", fmt))
    assert "1.7" not in summary and "3.2" not in summary
    assert "4.0 (strength)" in summary


def test_progress_page_refreshes_until_the_report_is_ready(client, framework_loaded):
    area = AreaFactory()
    client.force_login(MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user)
    job = Job.objects.create(kind="Area report", area=area, done=2, total=6)
    report = Report.objects.create(
        area=area, kind="area", format="pdf", scopes=sorted(ALL_SCOPES), job=job
    )
    url = reverse(
        "reports:report", kwargs={"area_code": area.gss_code, "report_id": report.public_id}
    )
    page = client.get(url)
    assert page["Refresh"] == "3"
    assert "2 of 6 done" in page.content.decode()
    download = reverse(
        "reports:download-pdf", kwargs={"area_code": area.gss_code, "report_id": report.public_id}
    )
    assert client.get(download).status_code == 404  # not ready yet
    docx = reverse(
        "reports:download-docx", kwargs={"area_code": area.gss_code, "report_id": report.public_id}
    )
    assert client.get(docx).status_code == 404  # wrong format


def test_report_data_leaves_out_what_the_reader_may_not_read(demo_area):
    data = report_data(demo_area.area, {"plan"})
    assert data.register is None and data.assessment is None and data.mapping is None
    assert data.evidence is None and data.plan is not None
    text = pdf_text(render_pdf(data, "area"))
    assert "includes only the parts of the area its reader was given access to: plan" in text
    assert "Principles profile" not in text
    assert "includes only" in docx_text(render_docx(data, "area"))
