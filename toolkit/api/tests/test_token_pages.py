import pytest
from django.urls import reverse

from toolkit.accounts.models import token_hash
from toolkit.accounts.tests.factories import UserFactory
from toolkit.api.models import ApiToken
from toolkit.api.services import api_token_create

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_stored_hashed(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("api-tokens:list")).content.count(b"<h1") == 1
    form = client.post(reverse("api-tokens:create"), {})
    assert form.status_code == 200 and b"Enter a name for the token" in form.content
    response = client.post(
        reverse("api-tokens:create"),
        {"name": "Dashboard", "scope": "read", "expires_in_days": "30"},
    )
    # POST/redirect/GET: the token is shown by the page the POST redirects to.
    assert response.status_code == 302 and response["Location"] == reverse("api-tokens:created")
    shown = client.get(response["Location"])
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    plain = shown.context["plain"]
    assert plain.encode() in shown.content and b"Your new API token" in shown.content
    assert token.token_digest == token_hash(plain) and token.scope == "read"
    assert "api_token_created" not in client.session  # taken out of the session once shown
    listing = client.get(reverse("api-tokens:list"))
    assert plain.encode() not in listing.content and b"Dashboard" in listing.content


def test_refreshing_the_new_token_page_makes_no_token_and_shows_it_no_more(client):
    user = UserFactory()
    client.force_login(user)
    created = client.post(
        reverse("api-tokens:create"),
        {"name": "Board dashboard", "scope": "write", "expires_in_days": "30"},
        follow=True,
    )
    plain = created.context["plain"]
    refreshed = client.get(reverse("api-tokens:created"))
    assert refreshed.status_code == 200
    assert b"Your new token can no longer be shown" in refreshed.content
    assert plain.encode() not in refreshed.content
    assert b"Board dashboard" in refreshed.content and plain[:11].encode() in refreshed.content
    assert ApiToken.objects.filter(user=user).count() == 1
    assert client.post(reverse("api-tokens:created")).status_code == 405


def test_another_persons_token_is_never_shown(client):
    user, other = UserFactory(), UserFactory()
    theirs, plain = api_token_create(other, name="theirs")
    client.force_login(user)
    session = client.session
    session["api_token_created"] = {"id": str(theirs.public_id), "plain": plain}
    session.save()
    page = client.get(reverse("api-tokens:created"))
    assert plain.encode() not in page.content and b"theirs" not in page.content


def test_token_pages_say_what_tokens_do(client):
    client.force_login(UserFactory())
    listing = " ".join(client.get(reverse("api-tokens:list")).content.decode().split())
    assert "can also add and change relationships, and the action plan" in listing
    assert "only what you can, with your role in each area" in listing
    form = " ".join(client.get(reverse("api-tokens:create")).content.decode().split())
    assert (
        "Read and write: also add and change relationships, and the action plan "
        "(actions and their progress updates)"
    ) in form


def test_revoke_own_token_only(client):
    user, other = UserFactory(), UserFactory()
    token, _plain = api_token_create(other, name="theirs")
    client.force_login(user)
    url = reverse("api-tokens:revoke", args=[token.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    mine, _ = api_token_create(user, name="mine")
    client.post(reverse("api-tokens:revoke", args=[mine.public_id]))
    mine.refresh_from_db()
    assert mine.revoked_at is not None and mine.status == "revoked"
