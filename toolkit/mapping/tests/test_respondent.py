"""The "Rate relationships" section, answered through the rounds task list."""

import re

import pytest
from django.urls import reverse

from toolkit.mapping.models import MappingAnswer, Rating
from toolkit.mapping.respondent import section_status
from toolkit.rounds.models import Response, ResponseStatus
from toolkit.rounds.sections import COMPLETED, IN_PROGRESS, NOT_STARTED
from toolkit.rounds.tests.factories import confirmed_shared_link

pytestmark = pytest.mark.django_db

ALL_DONT_KNOW = {"strategic": "0", "proactive": "0", "financial": "0", "time": "0"}


def start_by_link(client, round_, side="vcs"):
    link = confirmed_shared_link(round_, side)
    response = client.post(reverse("respond:start", args=[link.token]))
    assert response.status_code == 302
    token = re.search(r"/respond/answers/([^/]+)/", response["Location"]).group(1)
    return token


def test_vcs_respondent_without_an_account_rates_relationships(
    client, mapping_round, relationships
):
    token = start_by_link(client, mapping_round)
    task_list = client.get(reverse("respond:task-list", args=[token])).content.decode()
    choose_url = reverse("respond:mapping:choose", args=[token])
    assert choose_url in task_list and "Rate relationships" in task_list

    page = client.get(choose_url).content.decode()
    assert "Alpha partnership board" in page and "Mapshire Council; Mapshire CVS" in page

    alpha, bravo, _charlie = relationships
    response = client.post(
        choose_url, {"relationships": [str(alpha.public_id), str(bravo.public_id)]}
    )
    rate_alpha = reverse("respond:mapping:rate", args=[token, alpha.public_id])
    assert response["Location"] == rate_alpha
    answer = Response.objects.get()
    assert answer.side == "vcs" and answer.user is None
    assert section_status(answer) == IN_PROGRESS

    page = client.get(rate_alpha).content.decode()
    assert "Relationship 1 of 2" in page
    assert "How strategic is this relationship?" in page
    assert "Mostly strategic" in page and "I don't know" in page
    # Each comment asks whether it may be shown, unticked to start with
    assert "You can show my comment in the results" in page
    assert not re.search(r'id="id_share_comment"[^>]*checked', page)

    # Empty: every axis is required
    errors = client.post(rate_alpha, {}).content.decode()
    assert "govuk-error-summary" in errors
    assert 'href="#id_strategic_0"' in errors
    assert Rating.objects.get(relationship=alpha).strategic is None

    response = client.post(
        rate_alpha,
        {
            "strategic": "4",
            "proactive": "3",
            "financial": "0",
            "time": "5",
            "scales": ["whole-place", "region"],
            "comment": "Meets every quarter",
        },
    )
    rate_bravo = reverse("respond:mapping:rate", args=[token, bravo.public_id])
    assert response["Location"] == rate_bravo
    saved = Rating.objects.get(relationship=alpha)
    assert (saved.strategic, saved.proactive, saved.financial, saved.time) == (4, 3, 0, 5)
    assert saved.scales == ["region", "whole-place"]
    assert saved.comment == "Meets every quarter" and not saved.share_comment

    # Coming back shows the saved answers; agreeing to share is saved with the comment
    again = client.get(rate_alpha).content.decode()
    assert re.search(r'value="4" checked', again)
    client.post(
        rate_alpha,
        {
            "strategic": "4",
            "proactive": "3",
            "financial": "0",
            "time": "5",
            "scales": ["whole-place", "region"],
            "comment": "Meets every quarter",
            "share_comment": "on",
        },
    )
    assert Rating.objects.get(relationship=alpha).share_comment
    assert re.search(r'id="id_share_comment"[^>]*checked', client.get(rate_alpha).content.decode())

    response = client.post(rate_bravo, ALL_DONT_KNOW)
    assert response["Location"] == reverse("respond:task-list", args=[token])
    assert section_status(answer) == COMPLETED

    check = client.get(reverse("respond:check", args=[token])).content.decode()
    assert "Alpha partnership board" in check
    assert "Strategic or transactional: Mostly strategic" in check
    assert "Financial investment: I don&#x27;t know" in check
    assert "Comment (you agreed to share it): Meets every quarter" in check

    sent = client.post(reverse("respond:submit", args=[token]))
    assert sent.status_code == 302
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.SUBMITTED
    # After sending, the token no longer opens anything
    assert client.get(rate_alpha).status_code in (404, 410)


def test_knowing_none_completes_the_section(client, mapping_round):
    token = start_by_link(client, mapping_round, side="council")
    choose_url = reverse("respond:mapping:choose", args=[token])
    errors = client.post(choose_url, {}).content.decode()
    assert "Select the relationships you know" in errors
    response = client.post(choose_url, {"none": "on"})
    assert response["Location"] == reverse("respond:task-list", args=[token])
    answer = Response.objects.get()
    assert MappingAnswer.objects.get(response=answer).knows_none
    assert section_status(answer) == COMPLETED


def test_choosing_both_is_an_error(client, mapping_round, relationships):
    token = start_by_link(client, mapping_round)
    page = client.post(
        reverse("respond:mapping:choose", args=[token]),
        {"relationships": [str(relationships[0].public_id)], "none": "on"},
    ).content.decode()
    assert "not both" in page


def test_unpicking_a_relationship_deletes_its_rating(client, mapping_round, relationships):
    token = start_by_link(client, mapping_round)
    choose_url = reverse("respond:mapping:choose", args=[token])
    alpha, bravo, _ = relationships
    client.post(choose_url, {"relationships": [str(alpha.public_id), str(bravo.public_id)]})
    client.post(reverse("respond:mapping:rate", args=[token, alpha.public_id]), ALL_DONT_KNOW)
    client.post(choose_url, {"relationships": [str(alpha.public_id)]})
    assert list(Rating.objects.values_list("relationship_id", flat=True)) == [alpha.pk]
    assert Rating.objects.get().strategic == 0  # kept as it was


def test_a_relationship_not_chosen_cannot_be_rated(client, mapping_round, relationships):
    token = start_by_link(client, mapping_round)
    assert section_status(Response.objects.get()) == NOT_STARTED
    other = relationships[2]
    assert (
        client.get(reverse("respond:mapping:rate", args=[token, other.public_id])).status_code
        == 404
    )


def test_council_member_answers_from_inside_the_area(
    client, area, mapping_round, council_member, relationships
):
    client.force_login(council_member)
    start = client.post(
        reverse(
            "rounds:respond",
            kwargs={"area_code": area.gss_code, "round_id": mapping_round.public_id},
        )
    )
    token = re.search(r"/respond/answers/([^/]+)/", start["Location"]).group(1)
    client.post(
        reverse("respond:mapping:choose", args=[token]),
        {"relationships": [str(relationships[0].public_id)]},
    )
    client.post(
        reverse("respond:mapping:rate", args=[token, relationships[0].public_id]),
        {"strategic": "5", "proactive": "5", "financial": "1", "time": "2"},
    )
    response = Response.objects.get()
    assert response.side == "council" and response.user is None  # anonymous round
    assert section_status(response) == COMPLETED


def test_a_relationship_dropped_from_the_round_no_longer_counts(
    client, mapping_round, relationships
):
    from toolkit.mapping.models import RoundRelationship

    token = start_by_link(client, mapping_round)
    alpha, bravo, _ = relationships
    client.post(
        reverse("respond:mapping:choose", args=[token]),
        {"relationships": [str(alpha.public_id), str(bravo.public_id)]},
    )
    client.post(reverse("respond:mapping:rate", args=[token, alpha.public_id]), ALL_DONT_KNOW)
    answer = Response.objects.get()
    assert section_status(answer) == IN_PROGRESS
    RoundRelationship.objects.filter(round=mapping_round, relationship=bravo).delete()
    assert section_status(answer) == COMPLETED
