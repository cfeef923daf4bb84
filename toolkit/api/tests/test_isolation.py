"""The isolation guard, extended to the API: walked over every operation of the OpenAPI
document, so a new endpoint is covered the moment it exists. A token of area A gets 404 for
every resource of area B (built with B's own objects), and none of B's data; every endpoint
needs a token."""

import pytest

from toolkit.actions.models import Action, ActionUpdate
from toolkit.api.endpoints import api
from toolkit.register.models import Relationship

from .conftest import bearer

pytestmark = pytest.mark.django_db


def operations():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (method.upper(), path) for path, methods in document["paths"].items() for method in methods
    ]


SAMPLES = {
    "gss_code": lambda w, area: area.gss_code,
    "relationship_id": lambda w, area: str(getattr(w, f"{w.key(area)}_relationships")[0].public_id),
    "round_id": lambda w, area: str(getattr(w, f"{w.key(area)}_round").public_id),
    "action_id": lambda w, area: str(getattr(w, f"{w.key(area)}_actions")[0].public_id),
}


def build(path, world, area):
    for name, sample in SAMPLES.items():
        path = path.replace("{" + name + "}", sample(world, area))
    assert "{" not in path, f"add a sample for the path parameter in {path}"
    return path


def body_for(path):
    """A body each write accepts as valid, so that what answers is the guard, not the
    request's validation."""
    if path.endswith("/updates"):
        return {"note": "Taken over", "status": "done", "progress": 100}
    if "/actions" in path:
        return {"title": "Taken over", "status": "dropped"}
    return {
        "title": "Taken over",
        "parties": ["00000000-0000-0000-0000-000000000000"] * 2,
        "main_type": "shaping",
    }


def call(client, method, path, token, **extra):
    body = body_for(path)
    kwargs = {"content_type": "application/json", **bearer(token), **extra}
    if method == "GET":
        return client.get(path, **bearer(token))
    return getattr(client, method.lower())(path, body, **kwargs)


@pytest.fixture
def keyed(world):
    world.key = lambda area: "a" if area == world.a else "b"
    return world


# The one operation without an area (the caller's own areas) has its own test:
# test_areas_lists_only_the_token_users_areas.
@pytest.mark.parametrize(("method", "path"), [op for op in operations() if "{gss_code}" in op[1]])
def test_token_of_one_area_reaches_nothing_of_another(client, keyed, method, path):
    def b_state():
        return (
            list(Relationship.objects.filter(area=keyed.b).values_list("title", flat=True)),
            list(Action.objects.filter(area=keyed.b).values_list("title", "status", "version")),
            ActionUpdate.objects.filter(area=keyed.b).count(),
        )

    before = b_state()
    url = build(path, keyed, keyed.b)
    response = call(client, method, url, keyed.write, HTTP_IF_MATCH="*")
    assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
    assert b"Bravo" not in response.content
    assert b_state() == before


@pytest.mark.parametrize(("method", "path"), operations())
def test_every_operation_needs_a_token(client, keyed, method, path):
    url = build(path, keyed, keyed.a)
    response = getattr(client, method.lower())(url)
    assert response.status_code == 401, f"{method} {url} gave {response.status_code}"


@pytest.mark.parametrize(("method", "path"), [op for op in operations() if op[0] != "GET"])
def test_read_only_token_cannot_use_any_write(client, keyed, method, path):
    url = build(path, keyed, keyed.a)
    response = call(client, method, url, keyed.read, HTTP_IF_MATCH="*")
    assert response.status_code == 403, f"{method} {url} gave {response.status_code}"


@pytest.mark.parametrize(("method", "path"), operations())
def test_own_area_answers(client, keyed, method, path):
    """The same URLs built with A's own objects work for A's token (so the 404s above are
    about the other area, not broken URLs)."""
    url = build(path, keyed, keyed.a)
    # A change needs the resource's current ETag ("*" would be a blind overwrite: 428).
    if_match = client.get(url, **bearer(keyed.write)).get("ETag") if method == "PUT" else None
    extra = {"HTTP_IF_MATCH": if_match} if if_match else {}
    response = call(client, method, url, keyed.write, **extra)
    assert response.status_code in (200, 201, 422), f"{method} {url} gave {response.status_code}"
