"""The joint action plan in the API: actions with their progress updates, optimistic
concurrency on the action's version (428 / 412 / 200), the pages' rules on who may add,
change and update actions, and field-level problems. Isolation across areas and read-only
tokens are also covered for every operation by test_isolation.py."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from toolkit.actions.models import (
    Action,
    ActionUpdate,
    EventKind,
    Plan,
    PlanEvent,
    PlanStatus,
)
from toolkit.actions.tests.factories import ActionFactory, ReviewGrantFactory
from toolkit.api.routes import actions as action_routes
from toolkit.api.services import api_token_create
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.register.models import RelationshipChange

from .conftest import bearer

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def actions_url(area):
    return f"{BASE}/areas/{area.gss_code}/actions"


def action_url(area, action):
    return f"{actions_url(area)}/{action.public_id}"


def put(client, url, body, token, **headers):
    return client.put(url, body, content_type="application/json", **bearer(token), **headers)


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", **bearer(token))


def token_for(membership, scope="write"):
    return api_token_create(membership.user, name=f"{membership.role} {scope}", scope=scope)[1]


# --- reading ------------------------------------------------------------------------------


def test_list_has_actions_with_their_updates_and_the_plan_state(client, world):
    response = client.get(actions_url(world.a), **bearer(world.read))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert data["plan"]["status"] == PlanStatus.DRAFT
    first = next(a for a in data["results"] if a["id"] == str(world.a_actions[0].public_id))
    assert [u["note"] for u in first["updates"]] == ["Area Alpha started"]
    assert first["updates"][0]["status"] == "in_progress"
    assert b"Bravo" not in response.content


def test_list_is_paged_in_the_plan_pages_order(client, world):
    today = timezone.localdate()
    for i in range(5):
        ActionFactory(area=world.a, title=f"Dated {i}", due_on=today + datetime.timedelta(days=i))
    seen = []
    for page in (1, 2, 3, 4):
        response = client.get(
            actions_url(world.a), {"page": page, "page_size": 2}, **bearer(world.read)
        )
        assert response.json()["pages"] == 4
        seen += [a["id"] for a in response.json()["results"]]
    expected = [
        str(a.public_id)
        for a in Action.objects.filter(area=world.a).order_by("due_on", "created_at", "id")
    ]
    assert seen == expected
    assert len(set(seen)) == 7


def test_list_filters(client, world):
    owner = MembershipFactory(area=world.a, role=Role.VCS_PARTICIPANT)
    relationship = world.a_relationships[0]
    done = ActionFactory(
        area=world.a,
        status="done",
        vcs_owner=owner.user,
        relationship=relationship,
        element_slug="trust",
        barrier_slug="short-term-funding",
    )

    def ids(**query):
        response = client.get(actions_url(world.a), query, **bearer(world.read))
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    assert ids(status="done") == {str(done.public_id)}
    assert str(done.public_id) not in ids(status="open")
    assert len(ids(status="open")) == 2
    assert ids(owner=str(owner.public_id)) == {str(done.public_id)}
    assert ids(owner="00000000-0000-0000-0000-000000000000") == set()
    assert ids(relationship=str(relationship.public_id)) == {str(done.public_id)}
    assert ids(element="trust") == ids(barrier="short-term-funding") == {str(done.public_id)}
    invalid = client.get(actions_url(world.a), {"status": "finished"}, **bearer(world.read))
    assert invalid.status_code == 422
    assert invalid["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in invalid.json()["errors"]] == ["status"]


def test_get_has_an_etag_from_the_version(client, world):
    action = world.a_actions[0]
    response = client.get(action_url(world.a, action), **bearer(world.read))
    assert response.status_code == 200
    assert response["ETag"] == f'"{action.public_id}-v{action.version}"'
    assert response.json()["version"] == action.version
    missing = client.get(
        f"{actions_url(world.a)}/00000000-0000-0000-0000-000000000000", **bearer(world.read)
    )
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("#problem-not-found")


def test_list_of_200_actions_with_updates_takes_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    council = MembershipFactory(area=world.a, role=Role.COUNCIL_PARTICIPANT)
    actions = [
        ActionFactory(
            area=world.a,
            council_owner=council.user,
            vcs_owner=world.a_member.user,
            relationship=world.a_relationships[i % 3],
        )
        for i in range(200)
    ]
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            area=world.a,
            action=a,
            written_on=timezone.localdate(),
            note=f"Note {n}",
            status="in_progress",
            progress=n * 10,
            author=council.user,
        )
        for a in actions
        for n in range(3)
    )
    url = actions_url(world.a)
    # Token and its user, membership, count, actions, updates, owners' memberships, plan;
    # the rate limit is in the cache (8 measured). The bound does not grow with the actions.
    with django_assert_max_num_queries(10):
        response = client.get(url, {"page_size": 200}, **bearer(world.read))
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 200
    assert all(len(a["updates"]) == 3 for a in results if a["title"].startswith("Action"))


# --- creating -----------------------------------------------------------------------------


def test_create_gives_201_with_etag_and_location_and_records_the_event(client, world):
    owner = MembershipFactory(area=world.a, role=Role.VCS_PARTICIPANT)
    response = post(
        client,
        actions_url(world.a),
        {
            "title": "  Agree a compact  ",
            "why": "Trust came out weakest.",
            "vcs_owner_id": str(owner.public_id),
            "relationship_id": str(world.a_relationships[1].public_id),
            "due_on": "2027-03-31",
        },
        world.write,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Agree a compact"
    assert data["vcs_owner"] == {"membership_id": str(owner.public_id), "name": str(owner.user)}
    assert data["relationship"]["id"] == str(world.a_relationships[1].public_id)
    assert data["updates"] == [] and data["status"] == "not_started"
    assert response["Location"].endswith(f"/actions/{data['id']}")
    assert response["ETag"] == f'"{data["id"]}-v1"'
    event = PlanEvent.objects.get(action__public_id=data["id"])
    assert event.kind == EventKind.ACTION_CREATED
    assert event.actor == world.a_member.user
    assert client.get(response["Location"], **bearer(world.read)).status_code == 200


def test_invalid_actions_get_field_level_problems(client, world):
    load_framework_for_tests()
    council = MembershipFactory(area=world.a, role=Role.COUNCIL_PARTICIPANT)
    response = post(
        client,
        actions_url(world.a),
        {
            "title": "   ",
            "element_slug": "not-an-element",
            "barrier_slug": "not-a-barrier",
            "relationship_id": str(world.b_relationships[0].public_id),
            "vcs_owner_id": str(council.public_id),  # a council-side member
            "council_owner_id": str(world.b_member.public_id),  # another area's member
        },
        world.write,
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#problem-validation")
    assert {e["field"] for e in problem["errors"]} == {
        "title",
        "element_slug",
        "barrier_slug",
        "relationship_id",
        "vcs_owner_id",
        "council_owner_id",
    }
    schema_errors = post(
        client, actions_url(world.a), {"progress": 101, "status": "finished"}, world.write
    )
    assert schema_errors.status_code == 422
    assert {e["field"] for e in schema_errors.json()["errors"]} == {"title", "progress", "status"}
    assert Action.objects.filter(area=world.a).count() == 2
    good = post(
        client,
        actions_url(world.a),
        {
            "title": "Real slugs",
            "element_slug": "time",
            "barrier_slug": "lack-of-time-and-resource",
        },
        world.write,
    )
    assert good.status_code == 201, good.content


# --- changing -----------------------------------------------------------------------------


@pytest.mark.parametrize("if_match", [None, "*"])
def test_update_without_if_match_is_428(client, world, if_match):
    """Without an ETag, or with "*" (which matches any version: a blind overwrite)."""
    action = world.a_actions[1]
    extra = {"HTTP_IF_MATCH": if_match} if if_match else {}
    response = put(client, action_url(world.a, action), {"title": "Changed"}, world.write, **extra)
    assert response.status_code == 428
    assert response.json()["type"].endswith("#problem-if-match-required")
    action.refresh_from_db()
    assert action.title != "Changed"


def test_stale_if_match_is_412_and_fresh_is_200(client, world):
    action = world.a_actions[1]
    url = action_url(world.a, action)
    etag = client.get(url, **bearer(world.write))["ETag"]
    fresh = put(client, url, {"title": "First change"}, world.write, HTTP_IF_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "First change"
    assert fresh.json()["version"] == 2
    assert fresh["ETag"] != etag
    stale = put(client, url, {"title": "Overwrite"}, world.write, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["type"].endswith("#problem-stale")
    assert stale["ETag"] == fresh["ETag"]
    weak = put(client, url, {"title": "Weak"}, world.write, HTTP_IF_MATCH="W/" + fresh["ETag"])
    assert weak.status_code == 412
    action.refresh_from_db()
    assert action.title == "First change"
    again = put(client, url, {"title": "Second"}, world.write, HTTP_IF_MATCH=fresh["ETag"])
    assert again.status_code == 200
    assert PlanEvent.objects.filter(action=action, kind=EventKind.ACTION_CHANGED).count() == 2


def test_a_writer_who_loses_the_race_after_the_check_gets_412(client, world, monkeypatch):
    """Another save lands between the If-Match check and this save: the service's version
    check refuses this one rather than overwrite it."""
    action = world.a_actions[1]
    url = action_url(world.a, action)
    etag = client.get(url, **bearer(world.write))["ETag"]
    check = action_routes.if_match_check

    def check_then_someone_else_saves(header, current):
        check(header, current)
        Action.objects.filter(pk=action.pk).update(title="Theirs", version=F("version") + 1)

    monkeypatch.setattr(action_routes, "if_match_check", check_then_someone_else_saves)
    response = put(client, url, {"title": "Mine"}, world.write, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response["ETag"] == f'"{action.public_id}-v2"'
    action.refresh_from_db()
    assert (action.title, action.version) == ("Theirs", 2)


def test_put_keeps_the_practice_example_and_unchanged_old_slugs(client, world):
    action = ActionFactory(
        area=world.a, practice_slug="old-practice", element_slug="retired-element"
    )
    url = action_url(world.a, action)
    body = client.get(url, **bearer(world.read)).json()
    response = put(
        client,
        url,
        {"title": "Renamed", "element_slug": body["element_slug"]},
        world.write,
        HTTP_IF_MATCH=f'"{action.public_id}-v1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["practice_slug"] == "old-practice"
    assert response.json()["element_slug"] == "retired-element"


# --- progress updates ---------------------------------------------------------------------


def test_adding_an_update_moves_the_etag_on(client, world):
    action = world.a_actions[1]
    url = action_url(world.a, action)
    etag = client.get(url, **bearer(world.write))["ETag"]
    added = post(
        client,
        f"{url}/updates",
        {"note": "Met the CVS board", "status": "in_progress", "progress": 40},
        world.write,
    )
    assert added.status_code == 201, added.content
    data = added.json()
    assert data["status"] == "in_progress" and data["progress"] == 40
    assert data["updates"][0]["note"] == "Met the CVS board"
    assert data["updates"][0]["author"] == str(world.a_member.user)
    assert added["ETag"] == f'"{action.public_id}-v2"' != etag
    assert added["Content-Location"] == url
    # An edit started before the update is refused rather than undoing it.
    stale = put(client, url, {"title": "Old view"}, world.write, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert PlanEvent.objects.filter(action=action, kind=EventKind.ACTION_UPDATE).count() == 1


def test_owners_and_facilitators_add_updates_other_participants_cannot(client, world):
    owner = MembershipFactory(area=world.a, role=Role.VCS_PARTICIPANT)
    other = MembershipFactory(area=world.a, role=Role.COUNCIL_PARTICIPANT)
    action = ActionFactory(area=world.a, vcs_owner=owner.user)
    url = f"{action_url(world.a, action)}/updates"
    body = {"note": "Done it", "status": "done", "progress": 100}
    refused = post(client, url, body, token_for(other))
    assert refused.status_code == 403
    assert post(client, url, body, token_for(owner)).status_code == 201
    # Participants, owners or not, do not add or change actions (the form is facilitators').
    assert post(client, actions_url(world.a), {"title": "Mine"}, token_for(owner)).status_code == (
        403
    )
    changed = put(
        client,
        action_url(world.a, action),
        {"title": "Mine"},
        token_for(owner),
        HTTP_IF_MATCH="*",
    )
    assert changed.status_code == 403
    # Everyone in the area reads the plan.
    assert client.get(actions_url(world.a), **bearer(token_for(other, "read"))).status_code == 200


def test_an_unknown_field_is_an_error_not_dropped(client, world):
    """A misspelt field (progres for progress) must not be lost without a word."""
    response = post(client, actions_url(world.a), {"title": "Extra", "colour": "red"}, world.write)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "colour"
    assert not Action.objects.filter(title="Extra").exists()


def test_invalid_update_gets_field_level_problems(client, world):
    url = f"{action_url(world.a, world.a_actions[1])}/updates"
    response = post(client, url, {"status": "finished", "progress": -1}, world.write)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"note", "status", "progress"}
    blank = post(client, url, {"note": "  ", "status": "done", "progress": 100}, world.write)
    assert blank.status_code == 422
    assert blank.json()["errors"] == [{"field": "note", "message": "Enter what has happened"}]
    assert ActionUpdate.objects.filter(action=world.a_actions[1]).count() == 0


# --- tokens, areas and reviewers ----------------------------------------------------------


def test_read_only_token_cannot_write_actions(client, world):
    action = world.a_actions[1]
    url = action_url(world.a, action)
    etag = client.get(url, **bearer(world.read))["ETag"]
    for response in (
        post(client, actions_url(world.a), {"title": "New"}, world.read),
        put(client, url, {"title": "Changed"}, world.read, HTTP_IF_MATCH=etag),
        post(client, f"{url}/updates", {"note": "n", "status": "done", "progress": 1}, world.read),
    ):
        assert response.status_code == 403
        assert response.json()["type"].endswith("#problem-read-only-token")
    action.refresh_from_db()
    assert (action.title, action.version) == ("Area Alpha action 1", 1)


def test_token_of_one_area_gets_404_for_another_areas_actions(client, world):
    action = world.b_actions[0]
    for response in (
        client.get(actions_url(world.b), **bearer(world.write)),
        client.get(action_url(world.b, action), **bearer(world.write)),
        put(client, action_url(world.b, action), {"title": "X"}, world.write, HTTP_IF_MATCH="*"),
        post(client, actions_url(world.b), {"title": "X"}, world.write),
    ):
        assert response.status_code == 404
        assert b"Bravo" not in response.content
    # An action id of area B under area A's code is not found either.
    assert client.get(action_url(world.a, action), **bearer(world.write)).status_code == 404


def reviewer(area, scopes):
    ends = timezone.localdate() + datetime.timedelta(days=30)
    membership = MembershipFactory(area=area, role=Role.PEER_REVIEWER, ends_on=ends)
    ReviewGrantFactory(area=area, email=membership.user.email, scopes=scopes, ends_on=ends)
    return membership


def test_peer_reviewer_reads_the_plan_only_with_its_scope_and_never_writes(client, world):
    action = world.a_actions[0]
    without = token_for(reviewer(world.a, ["register", "results", "evidence"]))
    for url in (actions_url(world.a), action_url(world.a, action)):
        response = client.get(url, **bearer(without))
        assert response.status_code == 403
        assert b"Area Alpha action" not in response.content
    with_plan = token_for(reviewer(world.a, ["plan"]))
    assert client.get(actions_url(world.a), **bearer(with_plan)).status_code == 200
    assert client.get(action_url(world.a, action), **bearer(with_plan)).status_code == 200
    url = action_url(world.a, action)
    assert post(client, actions_url(world.a), {"title": "R"}, with_plan).status_code == 403
    assert put(client, url, {"title": "R"}, with_plan, HTTP_IF_MATCH="*").status_code == 403
    body = {"note": "R", "status": "done", "progress": 100}
    assert post(client, f"{url}/updates", body, with_plan).status_code == 403


def test_plan_state_shows_when_agreed(client, world):
    now = timezone.now()
    Plan.objects.filter(area=world.a).update(
        status=PlanStatus.AGREED, council_agreed_at=now, vcs_agreed_at=now, agreed_at=now
    )
    plan = client.get(actions_url(world.a), **bearer(world.read)).json()["plan"]
    assert plan["status"] == "agreed" and plan["agreed_at"]


# --- relationship changes through the API are recorded as such ----------------------------


def test_relationship_changes_through_the_api_are_recorded_as_from_the_api(client, world):
    relationship = world.a_relationships[0]
    url = f"{BASE}/areas/{world.a.gss_code}/relationships"
    parties = [str(p.organisation.public_id) for p in relationship.parties.all()]
    body = {"title": "Through the API", "parties": parties, "main_type": "shaping"}
    created = post(client, url, body, world.write)
    assert created.status_code == 201, created.content
    change = RelationshipChange.objects.get(relationship__public_id=created.json()["id"])
    assert change.source == RelationshipChange.Source.API
    changed = put(
        client,
        created["Location"],
        {**body, "title": "Changed through the API"},
        world.write,
        HTTP_IF_MATCH=created["ETag"],
    )
    assert changed.status_code == 200
    sources = RelationshipChange.objects.filter(relationship__public_id=created.json()["id"])
    assert set(sources.values_list("source", flat=True)) == {"api"}
    assert sources.count() == 2
    # The relationship's history says so, in words.
    client.force_login(world.a_member.user)
    page = client.get(
        reverse(
            "register:detail",
            kwargs={"area_code": world.a.gss_code, "relationship_id": created.json()["id"]},
        )
    )
    assert page.status_code == 200
    assert page.content.decode().count("(through the API)") == 2


# --- documentation ------------------------------------------------------------------------


def test_docs_and_openapi_document_list_the_action_operations(client, db):
    document = client.get(f"{BASE}/openapi.json").json()
    operations = {
        op["operationId"]
        for path, methods in document["paths"].items()
        for op in methods.values()
        if "/actions" in path
    }
    assert operations == {
        "actions_list",
        "action_get",
        "action_create",
        "action_update",
        "action_update_add",
    }
    put_ = document["paths"]["/api/v1/areas/{gss_code}/actions/{action_id}"]["put"]
    assert {"200", "412", "428"} <= set(put_["responses"])
    assert "ETag" in put_["responses"]["200"]["headers"]
    page = client.get(f"{BASE}/docs/").content.decode()
    for path in (
        "/api/v1/areas/{gss_code}/actions",
        "/api/v1/areas/{gss_code}/actions/{action_id}",
        "/api/v1/areas/{gss_code}/actions/{action_id}/updates",
    ):
        assert f"<code>{path}</code>" in page
    assert page.count('id="action_update_add"') == 1
