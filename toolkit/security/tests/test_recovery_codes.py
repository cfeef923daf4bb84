import time

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from toolkit.accounts.models import token_hash
from toolkit.accounts.tests.factories import TEST_PASSWORD, UserFactory
from toolkit.security import selectors, services
from toolkit.security.models import AuditEvent, RecoveryCode, TOTPDevice

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
RECOVERY = reverse("security:sign-in-recovery")
NEW_CODES = reverse("security:recovery-codes")


def user_with_two_factor():
    user = UserFactory()
    TOTPDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    return user, services.recovery_codes_replace(user)


def password_step(client, user):
    return client.post(
        SIGN_IN, {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )


def test_ten_codes_are_made_and_only_their_digests_stored():
    user, codes = user_with_two_factor()
    assert len(codes) == len(set(codes)) == 10
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    plain = codes[0].replace("-", "")
    keyed = salted_hmac(
        "toolkit.security.recovery-code", f"{user.pk}:{plain}", algorithm="sha256"
    ).hexdigest()
    assert keyed in stored
    # Neither the code nor an unkeyed digest (searchable offline from a copy of the database)
    # is stored.
    assert token_hash(f"{user.pk}:{plain}") not in stored
    assert token_hash(plain) not in stored
    assert not RecoveryCode.objects.filter(digest__contains=plain).exists()


def test_codes_need_the_secret_key_and_survive_its_rotation(settings):
    user, codes = user_with_two_factor()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-" + "k" * 50
    with pytest.raises(services.CodeError) as error:
        services.recovery_code_use(user, codes[0])
    assert error.value.reason == "wrong"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert services.recovery_code_use(user, codes[0]) == 9


def test_a_code_works_once_and_says_how_many_are_left():
    user, codes = user_with_two_factor()
    assert services.recovery_code_use(user, codes[3].upper().replace("-", " ")) == 9
    with pytest.raises(services.CodeError) as error:
        services.recovery_code_use(user, codes[3])
    assert error.value.reason == "replayed"
    event = AuditEvent.objects.get(action="recovery_code_used")
    assert event.actor == user and event.target == "9 recovery codes left"


def test_wrong_and_badly_formed_codes_are_refused():
    user, _ = user_with_two_factor()
    for typed, reason in [("", "required"), ("abc", "format"), ("abcd-efgh-jkmn", "wrong")]:
        with pytest.raises(services.CodeError) as error:
            services.recovery_code_use(user, typed)
        assert error.value.reason == reason
    assert selectors.recovery_codes_left(user) == 10


def test_one_persons_code_does_not_work_for_another():
    user, codes = user_with_two_factor()
    other, _ = user_with_two_factor()
    with pytest.raises(services.CodeError):
        services.recovery_code_use(other, codes[0])


def test_new_codes_replace_the_old_ones():
    user, old = user_with_two_factor()
    services.recovery_code_use(user, old[0])
    new = services.recovery_codes_replace(user)
    assert selectors.recovery_codes_left(user) == 10
    with pytest.raises(services.CodeError):
        services.recovery_code_use(user, old[1])
    services.recovery_code_use(user, new[1])


def test_signing_in_with_a_recovery_code_consumes_it(client):
    user, codes = user_with_two_factor()
    password_step(client, user)
    code_page = client.get(reverse("security:sign-in-code")).content.decode()
    assert f'href="{RECOVERY}"' in code_page
    assert "Use a recovery code instead" in code_page

    response = client.post(RECOVERY, {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(actor=user, action="recovery_code_used").count() == 1

    client.logout()
    password_step(client, user)
    response = client.post(RECOVERY, {"code": codes[0]})
    assert "already been used" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_few_codes_left_gives_a_warning_after_signing_in(client):
    user, codes = user_with_two_factor()
    for code in codes[:7]:
        services.recovery_code_use(user, code)
    password_step(client, user)
    response = client.post(RECOVERY, {"code": codes[7]}, follow=True)
    assert "You have 2 recovery codes left" in response.content.decode()
    setup = client.get(reverse("security:setup")).content.decode()
    assert "You have 2 unused recovery codes left" in setup


def test_wrong_recovery_codes_count_towards_restarting_sign_in(client):
    user, _ = user_with_two_factor()
    password_step(client, user)
    for _ in range(5):
        response = client.post(RECOVERY, {"code": "abcd-efgh-jkmn"})
    assert response["Location"] == SIGN_IN
    assert AuditEvent.objects.filter(actor=user, action="two_factor_failed").count() == 5


def test_recovery_page_without_a_password_step_goes_back_to_sign_in(client):
    assert client.get(RECOVERY)["Location"] == SIGN_IN


def test_making_new_codes_needs_the_password(client):
    user, old = user_with_two_factor()
    client.force_login(user)
    response = client.post(NEW_CODES, {"password": "not the password"})
    assert "The password is not correct" in response.content.decode()
    services.recovery_code_use(user, old[0])  # the old codes still work

    response = client.post(NEW_CODES, {"password": TEST_PASSWORD})
    body = response.content.decode()
    assert body.count('class="app-recovery-code"') == 10
    assert "Your old recovery codes no longer work" in body
    assert response["Cache-Control"].count("no-store") == 1
    with pytest.raises(services.CodeError):
        services.recovery_code_use(user, old[1])
    assert AuditEvent.objects.filter(actor=user, action="recovery_codes_new").count() == 2


def test_five_wrong_passwords_sign_out(client):
    user, _ = user_with_two_factor()
    client.force_login(user)
    for _ in range(5):
        response = client.post(NEW_CODES, {"password": "wrong"})
    assert response["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session


def test_without_two_factor_the_codes_page_goes_to_set_up(client):
    client.force_login(UserFactory())
    assert client.get(NEW_CODES)["Location"] == reverse("security:setup")


def test_a_new_app_replaces_the_old_one_only_once_its_code_is_right(client):
    user, old_codes = user_with_two_factor()
    old_secret = TOTPDevice.objects.get(user=user).secret
    client.force_login(user)
    replace = reverse("security:replace-app")

    assert "Your password" in client.get(replace).content.decode()
    assert client.post(replace, {"password": TEST_PASSWORD})["Location"] == replace
    page = client.get(replace).content.decode()
    assert "Set up a new authenticator app" in page
    encrypted = client.session["security_replacement_secret"]["secret"]
    new_secret = TOTPDevice(encrypted_secret=encrypted).secret
    assert new_secret != old_secret and new_secret not in encrypted

    # A code from the old app does not switch; until the switch, the old app is the one.
    response = client.post(replace, {"code": pyotp.TOTP(old_secret).now()})
    assert "The code is not correct" in response.content.decode()
    assert TOTPDevice.objects.get(user=user).secret == old_secret

    response = client.post(replace, {"code": pyotp.TOTP(new_secret).now()})
    body = response.content.decode()
    assert "Your new authenticator app is set up" in body
    assert body.count('class="app-recovery-code"') == 10
    assert TOTPDevice.objects.get(user=user).secret == new_secret
    assert "security_replacement_secret" not in client.session
    with pytest.raises(services.CodeError):
        services.recovery_code_use(user, old_codes[0])
    assert AuditEvent.objects.filter(
        actor=user, action="two_factor_on", target="New authenticator app"
    ).exists()


def test_the_new_apps_secret_does_not_outlive_the_password_check(client, monkeypatch):
    """Review F1: someone at the still signed-in browser later must type the password again
    before they see a new app's secret (and could move the account to their phone)."""
    user, _ = user_with_two_factor()
    client.force_login(user)
    replace = reverse("security:replace-app")
    assert client.post(replace, {"password": TEST_PASSWORD})["Location"] == replace
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 9 * 60)
    assert "Set up a new authenticator app" in client.get(replace).content.decode()
    # Activity elsewhere keeps the session alive, but not the new secret.
    for minutes in (20, 40, 60):
        monkeypatch.setattr(time, "time", lambda m=minutes: start + m * 60)
        client.post(reverse("security:keep-alive"))
    page = client.get(replace).content.decode()
    assert "Your password" in page
    assert "security_replacement_secret" not in client.session


@pytest.mark.parametrize("name", ["security:setup", "security:recovery-codes"])
def test_leaving_for_the_set_up_or_codes_page_ends_a_new_apps_set_up(client, name):
    user, _ = user_with_two_factor()
    client.force_login(user)
    replace = reverse("security:replace-app")
    client.post(replace, {"password": TEST_PASSWORD})
    assert client.get(reverse(name)).status_code == 200
    assert "security_replacement_secret" not in client.session
    assert "Your password" in client.get(replace).content.decode()


def test_a_reset_between_the_password_and_the_new_code_switches_nothing(client):
    """A facilitator resets the account after the password step: the new app's code must not
    make a device, recovery codes or a 'set up' audit event for an account without one."""
    user, _ = user_with_two_factor()
    client.force_login(user)
    replace = reverse("security:replace-app")
    client.post(replace, {"password": TEST_PASSWORD})
    new_secret = TOTPDevice(
        encrypted_secret=client.session["security_replacement_secret"]["secret"]
    ).secret
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()

    with pytest.raises(services.CodeError) as error:
        services.device_replace(
            user, TOTPDevice(secret=new_secret).encrypted_secret, pyotp.TOTP(new_secret).now()
        )
    assert error.value.reason == "reset"
    # Through the page (it had the secret in the session before the reset).
    response = client.post(replace, {"code": pyotp.TOTP(new_secret).now()})
    assert response["Location"] == reverse("security:setup")
    assert not TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(actor=user, target="New authenticator app").exists()
