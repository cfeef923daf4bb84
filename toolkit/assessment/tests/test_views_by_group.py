"""The principles results by group through every output a reader gets: the page, its CSV and
the API, with the demo-like case of one question shown and one not."""

import csv
import io

import pytest
from django.urls import reverse

from toolkit.api.services import api_token_create
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.models import ElementAnswer
from toolkit.assessment.questions import questions_for
from toolkit.framework.testing import load_framework_for_tests
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus, Round, RoundStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_groups():
    version = load_framework_for_tests()
    area = AreaFactory(suppression_threshold=5)
    from django.utils import timezone

    round_ = Round.objects.create(
        area=area,
        name="Round with groups",
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
        opened_on=timezone.localdate(),
        content_version=version,
        assessment=AssessmentKind.QUICK,
        group_questions=["department", "role", "size"],
    )
    statements = questions_for(version, AssessmentKind.QUICK)
    today = timezone.localdate()
    people = [("adults", "officer", 4)] * 5 + [("place", "officer", 2)] * 5
    people += [("adults", "councillor", 3)]
    for department, role, value in people:
        response = Response.objects.create(
            round=round_,
            side=Side.COUNCIL,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
            groups={"department": department, "role": role},
        )
        for q in statements:
            ElementAnswer.objects.create(
                response=response,
                element_slug=q.element_slug,
                statement_id=q.statement_id,
                value=value,
            )
    for _i in range(5):
        response = Response.objects.create(
            round=round_,
            side=Side.VCS,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
            groups={"size": "small"},
        )
        for q in statements:
            ElementAnswer.objects.create(
                response=response,
                element_slug=q.element_slug,
                statement_id=q.statement_id,
                value=3,
            )
    member = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    return round_, member


def test_the_page_shows_departments_and_says_why_roles_are_not_shown(client, round_with_groups):
    round_, member = round_with_groups
    client.force_login(member.user)
    url = reverse("assessment:groups", args=[round_.area.gss_code, round_.public_id])
    html = client.get(url).content.decode()
    assert "Council: by department" in html
    assert "Adult social care and health" in html
    # adults: five officers at 4 and one councillor at 3 -> 3.8; place: 2.0.
    assert "3.8 Borderline" in html and "2.0 Concern" in html
    assert "Not shown: fewer than 5 respondents in a group." in html
    assert "Councillor</th>" not in html
    # The sector's one group, everyone small: shown.
    assert "Voluntary and community sector: by organisation size" in html


def test_the_csv_and_the_api_carry_the_same_decision(client, round_with_groups):
    round_, member = round_with_groups
    client.force_login(member.user)
    url = reverse("assessment:groups-csv", args=[round_.area.gss_code, round_.public_id])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    role = [r for r in rows if r["question"] == "role"]
    assert role == [
        {
            **role[0],
            "group": "",
            "respondents": "",
            "mean": "",
            "note": "not shown: fewer than 5 respondents in a group",
        }
    ]
    adults = [r for r in rows if r["question"] == "department" and r["group"] == "adults"]
    # Every figure from the six in adults (elements the quick check does not ask: nobody).
    assert {r["respondents"] for r in adults if r["mean"] or r["level"] == "respondents"} == {"6"}
    assert {r["respondents"] for r in adults if not r["mean"]} <= {"0", "6"}

    _token, token = api_token_create(member.user, name="t", scope="read")
    api = reverse(
        "api:round-results", kwargs={"gss_code": round_.area.gss_code, "round_id": round_.public_id}
    )
    body = client.get(api, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    views = {(v["side"], v["question"]): v for v in body["by_group"]}
    assert views[("council", "department")]["shown"]
    assert views[("council", "role")] == {
        "side": "council",
        "question": "role",
        "shown": False,
        "note": "fewer than 5 respondents in a group",
        "groups": [],
        "rows": [],
    }
    place = views[("council", "department")]["rows"][0]["figures"][1]
    assert place == {"group": "place", "respondents": 5, "mean": 2.0}
