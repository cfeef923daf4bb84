"""Fault: the database connection drops while a respondent sends answers (or saves a page).

The service shows a GOV.UK-style 503 "try again" page saying the answers have not been lost,
keeps what was typed in a form that sends it again, and a retry stores exactly one response."""

import re
from html import unescape
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from toolkit.assessment import services as assessment_services
from toolkit.assessment.models import ElementAnswer
from toolkit.assessment.questions import questions_for_round
from toolkit.rounds import services
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.fixture
def round_(framework_loaded):
    return RoundFactory(assessment=AssessmentKind.QUICK)


@pytest.fixture
def client():
    # A real browser sees the error page: do not re-raise view exceptions in the test client.
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


def csrf(client, path):
    page = client.get(path)
    assert page.status_code == 200, path
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def start(client, round_):
    link = confirmed_shared_link(round_, "vcs")
    path = f"/respond/{link.token}/"
    started = client.post(path, {"csrfmiddlewaretoken": csrf(client, path)})
    assert started.status_code == 302
    return re.search(r"/respond/answers/([^/]+)/", started["Location"]).group(1)


def answer_everything(client, token, round_):
    for q in questions_for_round(round_):
        path = f"/respond/answers/{token}/assessment/questions/{q.number}/"
        reply = client.post(
            path,
            {"csrfmiddlewaretoken": csrf(client, path), "value": "4", "action": "continue"},
        )
        assert reply.status_code == 302, reply.status_code
    for kind, items in (("barriers", ["local-history"]), ("pressures", ["climate-emergency"])):
        path = f"/respond/answers/{token}/assessment/{kind}/"
        reply = client.post(
            path, {"csrfmiddlewaretoken": csrf(client, path), "items": items, "action": "continue"}
        )
        assert reply.status_code == 302, kind


def drops_once(original, error=OperationalError):
    """A side effect failing the first call as a dropped connection, then behaving."""
    calls = {"n": 0}

    def side_effect(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise error("server closed the connection unexpectedly")
        return original(*args, **kwargs)

    return side_effect


def retry_form(page) -> tuple[str, list[tuple[str, str]]]:
    html = page.content.decode()
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', html).group(1))
    return action, [(name, unescape(value)) for name, value in HIDDEN.findall(html)]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_submit_during_a_dropped_connection_keeps_answers_and_a_retry_sends_once(
    client, round_, error, caplog
):
    token = start(client, round_)
    answer_everything(client, token, round_)
    check = f"/respond/answers/{token}/check/"
    data = {"csrfmiddlewaretoken": csrf(client, check), "round": str(round_.public_id)}

    real_submit = services.response_submit
    with mock.patch.object(
        services, "response_submit", side_effect=drops_once(real_submit, error)
    ) as patched:
        failed = client.post(f"/respond/answers/{token}/send/", data)
        assert failed.status_code == 503
        assert failed["Retry-After"]
        body = failed.content.decode()
        assert "Sorry, the service is unavailable" in body
        assert "Your answers have not been lost" in body
        assert 'class="govuk-button"' in body and "Try again" in body
        assert "Traceback" not in body and "server closed" not in body
        # Nothing was sent, and every saved answer is still there.
        response = Response.objects.get()
        assert response.status == ResponseStatus.IN_PROGRESS
        assert ElementAnswer.objects.filter(response=response).count() == len(
            questions_for_round(round_)
        )
        # The page's own form sends the same thing again (with a fresh CSRF token).
        action, fields = retry_form(failed)
        assert action == f"/respond/answers/{token}/send/"
        assert ("round", str(round_.public_id)) in fields
        retried = client.post(action, dict(fields))
        assert retried.status_code == 302
        assert retried["Location"] == f"/respond/sent/{round_.public_id}/"
        assert patched.call_count == 2
    # A second click after the retry changes nothing: exactly one response is stored.
    again = client.post(f"/respond/answers/{token}/send/", data)
    assert again["Location"] == f"/respond/sent/{round_.public_id}/"
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
    assert Response.objects.count() == 1
    # Logged by exception class only: never the path, which holds the resume token.
    assert f"database unavailable: {error.__name__}" in caplog.text
    assert token not in caplog.text


def test_a_dropped_connection_on_a_question_page_keeps_what_was_typed(client, round_):
    token = start(client, round_)
    path = f"/respond/answers/{token}/assessment/questions/1/"
    typed = {
        "csrfmiddlewaretoken": csrf(client, path),
        "value": "2",
        "comment": 'Meetings are "cancelled" <often> & late',
        "share_comment": "on",
        "action": "continue",
    }
    real_save = assessment_services.element_answer_save
    with mock.patch.object(
        assessment_services, "element_answer_save", side_effect=drops_once(real_save)
    ):
        failed = client.post(path, typed)
        assert failed.status_code == 503
        assert not ElementAnswer.objects.exists()
        action, fields = retry_form(failed)
        # What the person typed is in the form, escaped, and no CSRF token is echoed back.
        assert action == path
        kept = {k: v for k, v in fields if k != "csrfmiddlewaretoken"}
        assert kept == {k: v for k, v in typed.items() if k != "csrfmiddlewaretoken"}
        assert [v for k, v in fields if k == "csrfmiddlewaretoken"] != [
            typed["csrfmiddlewaretoken"]
        ]
        assert "<often>" not in failed.content.decode()
        retried = client.post(action, dict(fields))
    assert retried.status_code == 302
    answer = ElementAnswer.objects.get()
    assert answer.value == 2 and answer.comment == typed["comment"] and answer.share_comment


def test_a_dropped_connection_on_a_page_load_says_reload(client, round_):
    token = start(client, round_)
    with mock.patch(
        "toolkit.rounds.respond_views.section_states",
        side_effect=OperationalError("connection lost"),
    ):
        page = client.get(f"/respond/answers/{token}/")
    assert page.status_code == 503
    body = page.content.decode()
    assert "Your answers have not been lost" in body and "reload the page" in body
    assert "<form" not in body


def test_passwords_are_never_written_back(rf):
    from toolkit.core.middleware import database_unavailable

    request = rf.post(
        "/account/sign-in/", {"username": "a@example.org", "password": "hunter2-secret!"}
    )
    body = database_unavailable(request).content.decode()
    assert "hunter2" not in body and "a@example.org" in body
