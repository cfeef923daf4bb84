from datetime import timedelta

import pytest
from django.utils import timezone

from toolkit.api.etags import etag_for, parse_if_match
from toolkit.api.models import ApiToken
from toolkit.api.services import api_token_create, api_token_revoke
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.assessment.tests.helpers import sent_responses
from toolkit.register.models import Relationship
from toolkit.rounds.models import AssessmentKind, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def rel_url(area, relationship):
    return f"{BASE}/areas/{area.gss_code}/relationships/{relationship.public_id}"


def body_for(world, relationship, **changes):
    parties = [str(p.organisation.public_id) for p in relationship.parties.all()]
    body = {"title": relationship.title, "parties": parties, "main_type": "shaping"}
    body.update(changes)
    return body


# --- tokens -------------------------------------------------------------------------------


def test_token_is_stored_only_as_a_digest(world):
    token = ApiToken.objects.get(pk=world.read_token.pk)
    assert world.read not in token.token_digest
    assert len(token.token_digest) == 64
    assert world.read.startswith(token.prefix)


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer vcst_unknown", "Basic abc"])
def test_missing_or_unknown_token_gets_401_problem(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(f"{BASE}/areas", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    problem = response.json()
    assert problem["status"] == 401 and problem["title"] == "Unauthorized"


def test_expired_token_gets_401(client, world):
    ApiToken.objects.filter(pk=world.read_token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(f"{BASE}/areas", **bearer(world.read)).status_code == 401


def test_revoked_token_gets_401(client, world):
    api_token_revoke(world.read_token)
    assert client.get(f"{BASE}/areas", **bearer(world.read)).status_code == 401


def test_token_of_deactivated_user_gets_401(client, world):
    world.a_member.user.is_active = False
    world.a_member.user.save()
    assert client.get(f"{BASE}/areas", **bearer(world.read)).status_code == 401


def test_session_alone_does_not_open_the_api(client, world):
    client.force_login(world.a_member.user)
    assert client.get(f"{BASE}/areas").status_code == 401


def test_areas_lists_only_the_token_users_areas(client, world):
    response = client.get(f"{BASE}/areas", **bearer(world.read))
    assert response.status_code == 200
    assert [a["gss_code"] for a in response.json()] == [world.a.gss_code]
    assert response.json()[0]["role"] == Role.FACILITATOR_COUNCIL


# --- reads, pages and filters ---------------------------------------------------------------


def test_relationships_are_paged_in_a_stable_order(client, world):
    url = f"{BASE}/areas/{world.a.gss_code}/relationships?page_size=2&sort=title"
    first = client.get(url, **bearer(world.read)).json()
    second = client.get(url + "&page=2", **bearer(world.read)).json()
    assert first["count"] == 3 and first["pages"] == 2
    titles = [r["title"] for r in first["results"] + second["results"]]
    assert titles == sorted(r.title for r in world.a_relationships)
    assert client.get(url, **bearer(world.read)).json() == first


def test_relationship_filters_match_the_register(client, world):
    relationship = world.a_relationships[0]
    Relationship.objects.filter(pk=relationship.pk).update(scale="neighbourhood")
    url = f"{BASE}/areas/{world.a.gss_code}/relationships"
    scaled = client.get(url + "?scale=neighbourhood", **bearer(world.read)).json()
    assert [r["id"] for r in scaled["results"]] == [str(relationship.public_id)]
    unscaled = client.get(url + "?scale=none", **bearer(world.read)).json()
    assert unscaled["count"] == 2
    party = relationship.parties.first().organisation
    by_party = client.get(url + f"?organisation={party.public_id}", **bearer(world.read)).json()
    assert by_party["count"] == 1
    assert client.get(url + "?type=delivery", **bearer(world.read)).json()["count"] == 0


def test_invalid_query_gets_field_level_problem(client, world):
    url = f"{BASE}/areas/{world.a.gss_code}/relationships?page=0&scale=galaxy"
    response = client.get(url, **bearer(world.read))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#problem-validation")
    assert {e["field"] for e in problem["errors"]} == {"page", "scale"}


def test_round_results_are_sealed_and_suppressed(client, world):
    url = f"{BASE}/areas/{world.a.gss_code}/rounds/{world.a_round.public_id}/results"
    result = client.get(url, **bearer(world.read)).json()
    assert result["visible"] is True  # closed
    # One council response: its count is not printed (issue 13), only said to be too few.
    assert result["respondents"] == {
        "council": None,
        "vcs": 0,
        "council_text": "fewer than 5",
        "vcs_text": "0",
    }
    # The response answered nothing: every figure is empty, none is printed.
    assert all(row["council"]["mean"] is None for row in result["elements"])
    assert all(row["council"]["n"] in (None, 0) for row in result["principles"])
    assert all(t["council"] in (None, 0) for t in result["barriers"])


def test_rounds_say_how_many_responses_came_exactly_to_facilitators_only(client, world):
    """A facilitator runs the round and chases answers: they get the number. Anyone else
    with the results scope gets a side under the threshold as "fewer than N", as in the
    results (issue 13: a count under the threshold is itself a disclosure)."""
    url = f"{BASE}/areas/{world.a.gss_code}/rounds/{world.a_round.public_id}"
    facilitator = client.get(url, **bearer(world.read)).json()
    assert facilitator["responses"] == {
        "council": 1,
        "vcs": 0,
        "council_text": "1",
        "vcs_text": "0",
    }
    participant = MembershipFactory(area=world.a, role=Role.VCS_PARTICIPANT)
    _token, secret = api_token_create(participant.user, name="read", scope="read")
    listed = client.get(f"{BASE}/areas/{world.a.gss_code}/rounds", **bearer(secret)).json()
    (row,) = [r for r in listed["results"] if r["id"] == str(world.a_round.public_id)]
    assert row["responses"] == {
        "council": None,
        "vcs": 0,
        "council_text": "fewer than 5",
        "vcs_text": "0",
    }


def test_round_results_print_no_count_under_the_threshold_nor_a_figure_that_gives_one_away(
    client, world, framework_loaded
):
    # Issue 13: six council and three VCS respondents. The VCS's figures and counts are
    # withheld ("fewer than 5", never 3), and so is every "together" beside them (together
    # minus council would give them away).
    round_ = RoundFactory(area=world.a, assessment=AssessmentKind.QUICK, status=RoundStatus.CLOSED)
    sent_responses(
        round_, "council", [4] * 6, barriers=["local-history"], pressures=["climate-emergency"]
    )
    sent_responses(round_, "vcs", [1, 2, 2], barriers=["local-history"])
    base = f"{BASE}/areas/{world.a.gss_code}/rounds/{round_.public_id}"
    result = client.get(f"{base}/results", **bearer(world.read)).json()
    assert result["respondents"] == {
        "council": 6,
        "vcs": None,
        "council_text": "6",
        "vcs_text": "fewer than 5",
    }
    asked = [row for row in result["elements"] if row["council"]["n"]]
    assert asked
    for row in asked:
        assert row["council"] == {
            "n": 6,
            "respondents": "6",
            "suppressed": False,
            "note": "",
            "mean": 4.0,
            "median": 4.0,
            "distribution": [0, 0, 0, 6, 0],
            "dont_know": 0,
        }
        assert row["vcs"] == {
            "n": None,
            "respondents": "fewer than 5",
            "suppressed": True,
            "note": "fewer than 5 respondents",
            "mean": None,
            "median": None,
            "distribution": None,
            "dont_know": None,
        }
        assert row["together"]["suppressed"] and row["together"]["n"] is None
        assert row["together"]["respondents"] == "not shown"
    history = next(t for t in result["barriers"] if t["slug"] == "local-history")
    assert (history["council"], history["vcs"], history["together"]) == (6, None, None)
    climate = next(t for t in result["pressures"] if t["slug"] == "climate-emergency")
    assert (climate["council"], climate["vcs"], climate["together"]) == (6, None, None)
    barriers = client.get(f"{base}/barriers", **bearer(world.read)).json()
    assert barriers["respondents"]["vcs"] is None
    assert barriers["respondents"]["vcs_text"] == "fewer than 5"
    assert barriers["barriers"] == result["barriers"]


def test_import_ledger_is_for_facilitators_only(client, world):
    participant = MembershipFactory(area=world.a, role=Role.VCS_PARTICIPANT).user
    _token, plain = api_token_create(participant, name="p")
    url = f"{BASE}/areas/{world.a.gss_code}/imports"
    assert client.get(url, **bearer(plain)).status_code == 403
    ledger = client.get(url, **bearer(world.read)).json()
    assert [r["file_name"] for r in ledger["results"]] == ["a.json"]


# --- writes and optimistic concurrency ------------------------------------------------------


def test_read_only_token_cannot_write(client, world):
    relationship = world.a_relationships[0]
    etag = client.get(rel_url(world.a, relationship), **bearer(world.read))["ETag"]
    response = client.put(
        rel_url(world.a, relationship),
        body_for(world, relationship, title="Changed"),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(world.read),
    )
    assert response.status_code == 403
    assert response.json()["type"].endswith("#problem-read-only-token")
    created = client.post(
        f"{BASE}/areas/{world.a.gss_code}/relationships",
        body_for(world, relationship, title="New"),
        content_type="application/json",
        **bearer(world.read),
    )
    assert created.status_code == 403
    relationship.refresh_from_db()
    assert relationship.title != "Changed"


@pytest.mark.parametrize("if_match", [None, "*"])
def test_update_without_if_match_is_428(client, world, if_match):
    relationship = world.a_relationships[0]
    extra = {"HTTP_IF_MATCH": if_match} if if_match else {}
    response = client.put(
        rel_url(world.a, relationship),
        body_for(world, relationship, title="Changed"),
        content_type="application/json",
        **bearer(world.write),
        **extra,
    )
    assert response.status_code == 428
    relationship.refresh_from_db()
    assert relationship.title != "Changed"


def test_stale_if_match_is_412_and_fresh_is_200(client, world):
    relationship = world.a_relationships[0]
    url = rel_url(world.a, relationship)
    first = client.get(url, **bearer(world.write))
    etag = first["ETag"]
    assert etag == etag_for(first.json()) or etag.startswith('"')
    fresh = client.put(
        url,
        body_for(world, relationship, title="First change"),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(world.write),
    )
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "First change"
    assert fresh["ETag"] != etag
    stale = client.put(
        url,
        body_for(world, relationship, title="Overwrite"),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(world.write),
    )
    assert stale.status_code == 412
    assert stale["ETag"] == fresh["ETag"]
    relationship.refresh_from_db()
    assert relationship.title == "First change"
    again = client.put(
        url,
        body_for(world, relationship, title="Second change"),
        content_type="application/json",
        HTTP_IF_MATCH=fresh["ETag"],
        **bearer(world.write),
    )
    assert again.status_code == 200


def test_create_relationship_and_field_errors(client, world):
    url = f"{BASE}/areas/{world.a.gss_code}/relationships"
    relationship = world.a_relationships[0]
    created = client.post(
        url,
        body_for(world, relationship, title="Brand new"),
        content_type="application/json",
        **bearer(world.write),
    )
    assert created.status_code == 201
    assert created["ETag"] and created["Location"].endswith(created.json()["id"])
    invalid = client.post(
        url,
        body_for(world, relationship, main_type="not-a-type", judgement="strategic"),
        content_type="application/json",
        **bearer(world.write),
    )
    assert invalid.status_code == 422
    fields = {e["field"] for e in invalid.json()["errors"]}
    assert {"main_type", "judgement_reasoning"} <= fields
    missing = client.post(
        url, {"parties": []}, content_type="application/json", **bearer(world.write)
    )
    assert missing.status_code == 422
    assert {"title", "parties", "main_type"} <= {e["field"] for e in missing.json()["errors"]}


def test_parties_from_another_area_are_refused(client, world):
    url = f"{BASE}/areas/{world.a.gss_code}/relationships"
    foreign = world.b_relationships[0]
    response = client.post(
        url,
        body_for(world, foreign, title="Sneaky"),
        content_type="application/json",
        **bearer(world.write),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "parties", "message": "Use organisation ids from this area"}
    ]


def test_if_match_parsing():
    assert parse_if_match(None) is None
    assert parse_if_match("  ") is None
    assert parse_if_match('"a", "b"') == ['"a"', '"b"']


# --- rate limit ---------------------------------------------------------------------------


def test_rate_limit_gives_429_with_retry_after(client, world, settings):
    settings.API_RATE_LIMIT = "3/60"
    for _ in range(3):
        assert client.get(f"{BASE}/areas", **bearer(world.read)).status_code == 200
    limited = client.get(f"{BASE}/areas", **bearer(world.read))
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["type"].endswith("#problem-rate-limited")
    # Another token has its own allowance.
    assert client.get(f"{BASE}/areas", **bearer(world.write)).status_code == 200


# --- documentation ------------------------------------------------------------------------


def test_openapi_document_is_3_1_and_public(client, db):
    document = client.get(f"{BASE}/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    put = document["paths"]["/api/v1/areas/{gss_code}/relationships/{relationship_id}"]["put"]
    assert {"412", "428"} <= {str(k) for k in put["responses"]}
    assert "application/problem+json" in put["responses"]["428"]["content"]


def test_openapi_document_is_valid(client, db):
    import schemathesis

    # Validates against the OpenAPI 3.1 meta-schema; raises on any violation.
    schemathesis.openapi.from_dict(client.get(f"{BASE}/openapi.json").json()).validate()


def test_docs_page_lists_every_operation(client, db):
    response = client.get(f"{BASE}/docs/")
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"/api/v1/areas/{gss_code}/relationships" in response.content
    assert client.get(f"{BASE}/").status_code == 302
