import time

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.tests.factories import TEST_PASSWORD, UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.security import selectors, services
from toolkit.security.models import AuditEvent, TOTPDevice

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("security:sign-in-code")


def device_for(user, confirmed=True):
    return TOTPDevice.objects.create(
        user=user,
        secret=pyotp.random_base32(),
        confirmed_at=timezone.now() if confirmed else None,
    )


def password_step(client, user):
    return client.post(
        SIGN_IN, {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )


def test_code_verify_accepts_the_current_code_and_refuses_it_the_second_time():
    device = device_for(UserFactory())
    code = pyotp.TOTP(device.secret).now()
    services.code_verify(device, code)
    with pytest.raises(services.CodeError) as error:
        services.code_verify(device, code)
    assert error.value.reason == "replayed"
    assert "already been used" in error.value.message


def test_an_older_code_is_refused_after_a_newer_one_was_used():
    device = device_for(UserFactory())
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    services.code_verify(device, totp.at(now), at=now)
    with pytest.raises(services.CodeError) as error:
        services.code_verify(device, totp.at(now - 30), at=now)
    assert error.value.reason == "replayed"


def test_codes_from_one_step_either_side_are_accepted_but_not_further():
    device = device_for(UserFactory())
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    services.code_verify(device, totp.at(now + 30), at=now)
    with pytest.raises(services.CodeError) as error:
        services.code_verify(device_for(UserFactory()), totp.at(now + 90), at=now)
    assert error.value.reason == "wrong"


@pytest.mark.parametrize(
    ("typed", "reason"), [("", "required"), ("12345", "format"), ("abcdef", "format")]
)
def test_badly_formed_codes_say_what_is_wrong(typed, reason):
    device = device_for(UserFactory())
    with pytest.raises(services.CodeError) as error:
        services.code_verify(device, typed)
    assert error.value.reason == reason


def test_spaces_in_a_code_are_ignored():
    device = device_for(UserFactory())
    code = pyotp.TOTP(device.secret).now()
    services.code_verify(device, f"{code[:3]} {code[3:]}")


def test_without_a_device_the_password_signs_in(client):
    user = UserFactory()
    assert password_step(client, user).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(actor=user, action="signed_in").exists()


def test_with_a_device_the_password_alone_does_not_sign_in(client):
    user = UserFactory()
    device = device_for(user)
    response = password_step(client, user)
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session

    response = client.post(CODE, {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(actor=user, action="signed_in").count() == 1


def test_wrong_code_gives_a_clear_error_and_no_session(client):
    user = UserFactory()
    device = device_for(user)
    password_step(client, user)
    right = pyotp.TOTP(device.secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"code": wrong})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The code is not correct" in body
    assert 'class="govuk-error-summary"' in body
    assert '<a href="#id_code">' in body
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(actor=user, action="two_factor_failed").count() == 1


def test_replayed_code_at_sign_in_is_refused(client):
    user = UserFactory()
    device = device_for(user)
    code = pyotp.TOTP(device.secret).now()
    password_step(client, user)
    client.post(CODE, {"code": code})
    client.logout()

    password_step(client, user)
    response = client.post(CODE, {"code": code})
    assert "already been used" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_restart_the_sign_in(client):
    user = UserFactory()
    device_for(user)
    password_step(client, user)
    for _ in range(5):
        response = client.post(CODE, {"code": "000000"})
    assert response["Location"] == SIGN_IN
    assert client.get(CODE)["Location"] == SIGN_IN


def test_code_page_without_a_password_step_goes_back_to_sign_in(client):
    assert client.get(CODE)["Location"] == SIGN_IN


def test_required_user_without_a_device_sets_it_up_during_sign_in(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    user = MembershipFactory(role=Role.FACILITATOR_COUNCIL).user
    response = password_step(client, user)
    assert response["Location"] == CODE
    response = client.get(CODE)
    assert response["Location"] == reverse("security:sign-in-setup")

    response = client.get(reverse("security:sign-in-setup"))
    device = TOTPDevice.objects.get(user=user)
    assert selectors.grouped_secret(device) in response.content.decode()
    assert "otpauth://totp/" in response.content.decode()
    response = client.post(
        reverse("security:sign-in-setup"), {"code": pyotp.TOTP(device.secret).now()}
    )
    # Signed in, and shown the recovery codes once before carrying on.
    assert response.status_code == 200
    assert "Save your recovery codes" in response.content.decode()
    assert response.content.decode().count('class="app-recovery-code"') == 10
    assert client.session["_auth_user_id"] == str(user.pk)
    device.refresh_from_db()
    assert device.is_confirmed


def test_participants_are_not_required_to_use_it(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    user = MembershipFactory(role=Role.COUNCIL_PARTICIPANT).user
    assert password_step(client, user)["Location"] != CODE
    assert client.session["_auth_user_id"] == str(user.pk)


def test_national_analysts_are_required_to_use_it(settings):
    settings.TWO_FACTOR_REQUIRED = True
    assert selectors.two_factor_required(UserFactory(is_national_analyst=True))
    settings.TWO_FACTOR_REQUIRED = False
    assert not selectors.two_factor_required(UserFactory(is_national_analyst=True))


def test_signed_in_facilitator_without_it_is_sent_to_set_it_up(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    membership = MembershipFactory(role=Role.FACILITATOR_VCS)
    client.force_login(membership.user)
    response = client.get(reverse("areas:dashboard", args=[membership.area.gss_code]))
    assert response["Location"] == reverse("security:setup")
    assert client.get(reverse("security:setup")).status_code == 200


def test_anyone_can_turn_it_on_from_their_account(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("security:setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("security:setup"), {"code": "123"})
    assert "The code must be 6 digits" in response.content.decode()
    response = client.post(reverse("security:setup"), {"code": pyotp.TOTP(device.secret).now()})
    assert "Save your recovery codes" in response.content.decode()
    assert f'href="{reverse("accounts:settings")}"' in response.content.decode()
    assert TOTPDevice.objects.get(user=user).is_confirmed
    assert AuditEvent.objects.filter(actor=user, action="two_factor_on").exists()
    assert "is on for your account" in client.get(reverse("security:setup")).content.decode()


def test_production_settings_require_it_unless_switched_off():
    from pathlib import Path

    text = Path("config/settings/production.py").read_text()
    assert 'TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)' in text
