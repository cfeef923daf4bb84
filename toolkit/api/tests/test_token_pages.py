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
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    plain = response.context["plain"]
    assert plain.encode() in response.content
    assert token.token_digest == token_hash(plain) and token.scope == "read"
    listing = client.get(reverse("api-tokens:list"))
    assert plain.encode() not in listing.content and b"Dashboard" in listing.content


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
