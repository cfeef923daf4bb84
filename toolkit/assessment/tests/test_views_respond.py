"""A respondent's journey through the public pages, with the test client."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from toolkit.areas.models import Area, Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.assessment.models import BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.assessment.questions import questions_for_round
from toolkit.rounds import services
from toolkit.rounds.models import (
    AssessmentKind,
    Participation,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_round(framework_loaded):
    return RoundFactory(assessment=AssessmentKind.QUICK)


def start(client, round_, side="vcs"):
    link = confirmed_shared_link(round_, side)
    page = client.get(f"/respond/{link.token}/")
    assert page.status_code == 200
    assert b"Your answers are anonymous" in page.content
    started = client.post(f"/respond/{link.token}/")
    assert started.status_code == 302
    return re.search(r"/respond/answers/([^/]+)/", started["Location"]).group(1)


def answer_everything(client, token, round_, value="4"):
    for q in questions_for_round(round_):
        reply = client.post(
            f"/respond/answers/{token}/assessment/questions/{q.number}/",
            {"value": value, "action": "continue"},
        )
        assert reply.status_code == 302
    client.post(
        f"/respond/answers/{token}/assessment/barriers/",
        {"items": ["local-history", "other"], "other_text": "Parking", "action": "continue"},
    )
    client.post(
        f"/respond/answers/{token}/assessment/pressures/",
        {"items": ["climate-emergency"], "action": "continue"},
    )


def test_full_journey_saving_resuming_checking_and_sending(client, quick_round):
    token = start(client, quick_round)
    task_list = client.get(f"/respond/answers/{token}/")
    assert b"Not yet started" in task_list.content
    assert b"Cannot start yet" in task_list.content

    # Answer the first question with a comment, then save and come back later from the second.
    first = client.post(
        f"/respond/answers/{token}/assessment/questions/1/",
        {
            "value": "dont-know",
            "comment": "Hard to say",
            "share_comment": "on",
            "action": "continue",
        },
    )
    assert first["Location"].endswith("/questions/2/")
    later = client.post(
        f"/respond/answers/{token}/assessment/questions/2/", {"value": "2", "action": "later"}
    )
    assert later["Location"] == f"/respond/answers/{token}/saved/"
    saved = client.get(later["Location"])
    assert f"/respond/answers/{token}/".encode() in saved.content  # the resume link

    # Come back with the resume link, on another device (a fresh client).
    client.cookies.clear()
    resumed = client.get(f"/respond/answers/{token}/")
    assert b"In progress" in resumed.content
    answer = ElementAnswer.objects.get(
        statement_id=questions_for_round(quick_round)[0].statement_id
    )
    assert answer.value is None and answer.comment == "Hard to say" and answer.share_comment

    answer_everything(client, token, quick_round)
    assert client.get(f"/respond/answers/{token}/check/").status_code == 200
    check = client.get(f"/respond/answers/{token}/check/")
    assert b"Parking" in check.content and b"Send answers" in check.content

    sent = client.post(f"/respond/answers/{token}/send/", {"round": quick_round.public_id})
    assert sent["Location"] == f"/respond/sent/{quick_round.public_id}/"
    assert b"Answers sent" in client.get(sent["Location"]).content
    # A double click: the second submission lands on the same confirmation, one response.
    again = client.post(f"/respond/answers/{token}/send/", {"round": quick_round.public_id})
    assert again["Location"] == f"/respond/sent/{quick_round.public_id}/"
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
    # The resume link no longer opens anything.
    assert client.get(f"/respond/answers/{token}/").status_code == 404


def test_question_error_state(client, quick_round):
    token = start(client, quick_round)
    page = client.post(f"/respond/answers/{token}/assessment/questions/1/", {"action": "continue"})
    assert page.status_code == 200
    assert b"govuk-error-summary" in page.content
    assert b'href="#id_value_0"' in page.content
    assert b'id="id_value_0"' in page.content
    assert b"<title>Error:" in page.content
    assert not ElementAnswer.objects.exists()


def test_question_page_queries(client, quick_round, django_assert_max_num_queries):
    """The page every respondent requests once a statement, under load (bench/README.md):
    the response with its round and area by the resume digest (unique, so unsorted; the
    content version comes from the process's cache), then its answer to this statement; no
    session is read or written for a respondent. Sending an answer reads only the row it saves."""
    token = start(client, quick_round)
    url = f"/respond/answers/{token}/assessment/questions/1/"
    client.post(url, {"value": "4", "comment": "Kept", "action": "continue"})
    with django_assert_max_num_queries(2) as captured:
        page = client.get(url)
    assert page.status_code == 200
    assert b"Kept</textarea>" in page.content
    assert b'value="4" checked' in page.content
    found, answer = (query["sql"] for query in captured.captured_queries)
    assert "ORDER BY" not in found
    assert "framework_contentversion" not in found
    assert "ORDER BY" not in answer and "statement_id" in answer
    assert settings.SESSION_COOKIE_NAME not in page.cookies
    with django_assert_max_num_queries(10) as captured:
        client.post(url, {"value": "2", "action": "continue"})
    answers_read = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "assessment_elementanswer"' in query["sql"]
    ]
    assert len(answers_read) == 1  # update_or_create's own, of the row it saves


@pytest.mark.parametrize("how", ["closed", "past its closing date"])
def test_question_page_refuses_at_once_when_the_round_stops_taking_answers(
    client, quick_round, how
):
    """The round's state is read with the response on every request, never cached: a round
    closed by another process (or past its date) refuses the very next page and answer."""
    token = start(client, quick_round)
    url = f"/respond/answers/{token}/assessment/questions/1/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"value": "4", "action": "continue"}).status_code == 302
    if how == "closed":
        Round.objects.filter(pk=quick_round.pk).update(
            status=RoundStatus.CLOSED, closed_at=timezone.now()
        )
    else:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Round.objects.filter(pk=quick_round.pk).update(closes_on=yesterday)
    assert client.get(url).status_code == 410
    assert client.post(url, {"value": "1", "action": "continue"}).status_code == 410
    assert list(ElementAnswer.objects.values_list("value", flat=True)) == [4]


def test_question_page_shows_the_area_as_it_is_now(client, quick_round):
    token = start(client, quick_round)
    url = f"/respond/answers/{token}/assessment/questions/1/"
    assert quick_round.area.name.encode() in client.get(url).content
    Area.objects.filter(pk=quick_round.area_id).update(name="Renamed Borough")
    assert b"about Renamed Borough?" in client.get(url).content


def test_barriers_validation(client, quick_round):
    token = start(client, quick_round)
    url = f"/respond/answers/{token}/assessment/barriers/"
    empty = client.post(url, {"action": "continue"})
    assert b"Select the barriers you see" in empty.content
    both = client.post(url, {"items": ["none", "local-history"], "action": "continue"})
    assert b"Select None of these only if nothing else applies" in both.content
    other = client.post(url, {"items": ["other"], "action": "continue"})
    assert b"Describe the other barrier" in other.content
    ok = client.post(url, {"items": ["none"], "action": "continue"})
    assert ok["Location"].endswith("/assessment/pressures/")
    assert list(BarrierAnswer.objects.values_list("barrier_slug", flat=True)) == ["none"]
    client.post(f"/respond/answers/{token}/assessment/pressures/", {"items": ["none"]})
    assert list(PressureAnswer.objects.values_list("pressure_slug", flat=True)) == ["none"]


def test_cannot_check_or_send_before_every_section_is_done(client, quick_round):
    token = start(client, quick_round)
    assert (
        client.get(f"/respond/answers/{token}/check/")["Location"] == f"/respond/answers/{token}/"
    )
    reply = client.post(f"/respond/answers/{token}/send/", {"round": quick_round.public_id})
    assert reply["Location"] == f"/respond/answers/{token}/"
    assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_bad_tokens_and_closed_rounds(client, quick_round):
    assert client.get("/respond/nonsense/").status_code == 404
    assert client.get("/respond/answers/nonsense/").status_code == 404
    token = start(client, quick_round)
    services.round_close(quick_round)
    assert client.get(f"/respond/answers/{token}/").status_code in (404, 410)


def test_member_answers_from_inside_the_area(client, quick_round):
    membership = MembershipFactory(area=quick_round.area, role=Role.COUNCIL_PARTICIPANT)
    client.force_login(membership.user)
    base = f"/areas/{quick_round.area.gss_code}/rounds/{quick_round.public_id}"
    assert b"Answer this round" in client.get(f"{base}/").content
    assert b"Start now" in client.get(f"{base}/respond/").content
    started = client.post(f"{base}/respond/")
    token = re.search(r"/respond/answers/([^/]+)/", started["Location"]).group(1)
    assert token.startswith("m-")
    assert b"Continue your answers" in client.get(f"{base}/").content
    # "Save and come back later" sends a member back to the round page, not a bearer link.
    saved = client.get(f"/respond/answers/{token}/saved/")
    assert f"{base}/respond/".encode() in saved.content
    # A member's answers need the member signed in.
    client.logout()
    assert client.get(f"/respond/answers/{token}/")["Location"].startswith("/account/sign-in/")
    client.force_login(membership.user)
    answer_everything(client, token, quick_round)
    client.post(f"/respond/answers/{token}/send/", {"round": quick_round.public_id})
    assert Participation.objects.filter(round=quick_round, user=membership.user).exists()
    response = Response.objects.get(status=ResponseStatus.SUBMITTED)
    assert response.user_id is None and response.side == "council"
    assert b"You have sent your answers" in client.get(f"{base}/").content
    assert b"already sent" in client.get(f"{base}/respond/").content


def test_someone_else_cannot_use_a_members_token(client, quick_round):
    membership = MembershipFactory(area=quick_round.area, role=Role.COUNCIL_PARTICIPANT)
    token = services.response_start_for_member(quick_round, membership).token
    other = MembershipFactory(area=quick_round.area, role=Role.COUNCIL_PARTICIPANT)
    client.force_login(other.user)
    assert client.get(f"/respond/answers/{token}/").status_code == 404
