import pytest
from django.urls import reverse

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")


def post_sign_in(client, email, password):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_sign_in_with_email_in_any_case(client):
    user = UserFactory(email="officer@example.org")
    response = post_sign_in(client, "Officer@Example.ORG", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gives_a_clear_error_and_no_session(client):
    UserFactory(email="officer@example.org")
    response = post_sign_in(client, "officer@example.org", "not the password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_empty_form_says_what_is_missing(client):
    response = client.post(SIGN_IN, {})
    body = response.content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert '<a href="#id_username">' in body
    assert response.context["form"].errors


def test_five_failures_lock_the_account_from_that_address_for_15_minutes(client, settings):
    UserFactory(email="officer@example.org")
    for _ in range(5):
        post_sign_in(client, "officer@example.org", "wrong password guess")
    response = post_sign_in(client, "officer@example.org", TEST_PASSWORD)
    assert response.status_code == 429
    assert "you cannot sign in for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert settings.AXES_COOLOFF_TIME == 0.25


def test_four_failures_do_not_lock(client):
    UserFactory(email="officer@example.org")
    for _ in range(4):
        post_sign_in(client, "officer@example.org", "wrong password guess")
    assert post_sign_in(client, "officer@example.org", TEST_PASSWORD).status_code == 302


def test_password_reset_sends_a_link_only_to_known_accounts(client, mailoutbox):
    UserFactory(email="officer@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "OFFICER@example.org"})
    client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert len(mailoutbox) == 1
    assert "/account/password-reset/" in mailoutbox[0].body


def test_passwords_need_12_characters(client):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("elevenchars")
    validate_password("twelve chars ok")
