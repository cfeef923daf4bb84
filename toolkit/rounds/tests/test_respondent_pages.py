"""What respondents are told: the links they are given (built for the address the service is
reached at), how to come back later, how long answering takes, and when results are seen."""

import math
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.assessment.questions import questions_for_round
from toolkit.core.links import absolute_url
from toolkit.mapping.models import RoundRelationship
from toolkit.register.tests.factories import RelationshipFactory
from toolkit.rounds import services
from toolkit.rounds.models import AssessmentKind
from toolkit.rounds.sections import round_size
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link

pytestmark = pytest.mark.django_db

HOST = "toolkit.internal:8443"


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def start(client, link_token, **extra) -> str:
    reply = client.post(reverse("respond:start", args=[link_token]), **extra)
    assert reply.status_code == 302
    return re.search(r"/respond/answers/([^/]+)/", reply["Location"]).group(1)


@pytest.fixture
def facilitator(client, framework_loaded):
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    client.force_login(membership.user)
    return membership


def made_link(client, facilitator, **extra) -> str:
    round_ = RoundFactory(area=facilitator.area)
    url = reverse("rounds:links", args=[facilitator.area.gss_code, round_.public_id])
    page = client.post(url, {"side": "vcs", "kind": "side", "size": "30", "label": ""}, **extra)
    return re.search(r'id="new-link" type="text" value="([^"]+)"', page.content.decode()).group(1)


@pytest.mark.parametrize("site_url", ["", None])
def test_without_site_url_invite_links_use_the_address_the_service_was_reached_at(
    client, facilitator, site_url
):
    with override_settings(SITE_URL=site_url):
        link = made_link(client, facilitator, HTTP_HOST=HOST)
    assert link.startswith(f"http://{HOST}/respond/")
    with override_settings(SITE_URL=site_url):
        secure = made_link(client, facilitator, HTTP_HOST=HOST, secure=True)
    assert secure.startswith(f"https://{HOST}/respond/")


@override_settings(SITE_URL="https://toolkit.example.org/")
def test_with_site_url_set_invite_links_use_it(client, facilitator):
    link = made_link(client, facilitator, HTTP_HOST=HOST)
    assert link.startswith("https://toolkit.example.org/respond/")
    assert absolute_url("/respond/x/") == "https://toolkit.example.org/respond/x/"


@override_settings(SITE_URL="")
def test_without_a_request_or_site_url_links_use_the_local_address():
    assert absolute_url("/respond/x/") == "http://127.0.0.1:8000/respond/x/"


@override_settings(SITE_URL="")
def test_come_back_later_from_a_shared_link(client, framework_loaded):
    round_ = RoundFactory()
    created = confirmed_shared_link(round_, "vcs")
    token = start(client, created.token, HTTP_HOST=HOST)
    page = client.get(reverse("respond:saved", args=[token]), HTTP_HOST=HOST)
    text = text_of(page)
    resume = f"http://{HOST}" + reverse("respond:task-list", args=[token])
    assert f'value="{resume}"' in page.content.decode()
    assert "opening it again starts a new, empty set of answers" in text
    assert "personal link" not in text
    # And it is true: the shared link starts a different response.
    assert start(client, created.token) != token


@override_settings(SITE_URL="")
def test_come_back_later_from_a_personal_link_says_the_link_resumes(client, framework_loaded):
    round_ = RoundFactory()
    created = services.respondent_link_create(round_=round_, side="vcs", kind="personal")
    token = start(client, created.token, HTTP_HOST=HOST)
    text = text_of(client.get(reverse("respond:saved", args=[token]), HTTP_HOST=HOST))
    assert "open the personal link you were sent again" in text
    assert "cannot send" not in text and "new, empty set of answers" not in text
    # And it is true: the personal link opens the same answers again.
    assert start(client, created.token) == token


def test_confirmation_says_when_results_are_seen(client, framework_loaded):
    round_ = RoundFactory()
    text = text_of(client.get(reverse("respond:sent", args=[round_.public_id])))
    threshold = round_.threshold
    assert "When the round closes, the facilitators" not in text
    assert (
        f"Members of {round_.area.name} can see the results when the round closes, or before "
        f"then once both the council side and the sector side have sent at least {threshold} "
        "responses each."
    ) in text


def test_start_page_says_how_long_answering_takes(client, framework_loaded):
    round_ = RoundFactory(assessment=AssessmentKind.QUICK)
    statements = len(questions_for_round(round_))
    created = confirmed_shared_link(round_, "vcs")
    text = text_of(client.get(reverse("respond:start", args=[created.token])))
    pages = statements + 2  # the statements, then the barriers and the pressures checklists
    minutes = math.ceil(statements * 0.5 + 2 * 1.5)
    assert f"There are {pages} question pages. It takes about {minutes} minutes." in text


def test_mapping_rounds_say_up_to(framework_loaded):
    round_ = RoundFactory(assessment=AssessmentKind.NONE, includes_mapping=True)
    for _ in range(4):
        RoundRelationship.objects.create(
            round=round_, relationship=RelationshipFactory(area=round_.area)
        )
    size = round_size(round_)
    assert (size.questions, size.minutes, size.up_to) == (5, 7, True)


def test_a_shared_links_answers_open_whatever_their_random_token_begins_with(
    client, framework_loaded, monkeypatch
):
    """A resume token is random text (1 in 4,096 begins "m-"); only a member's own token, "m-"
    and an HMAC, asks for a sign-in. Found by the load benchmark: a respondent whose token
    began "m-" was sent to the sign-in page from every question."""
    from toolkit.rounds import tokens

    round_ = RoundFactory()
    created = confirmed_shared_link(round_, "vcs")
    monkeypatch.setattr(services, "token_new", lambda: "m-" + tokens.token_new()[2:])
    token = start(client, created.token)
    assert token.startswith("m-") and not tokens.is_member_token(token)
    page = client.get(reverse("respond:task-list", args=[token]))
    assert page.status_code == 200
    assert tokens.is_member_token(tokens.member_resume_token(1, round_.pk))
