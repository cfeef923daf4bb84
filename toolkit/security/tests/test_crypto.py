import pyotp
import pytest
from django.db import connection
from django.utils import timezone

from toolkit.accounts.tests.factories import UserFactory
from toolkit.security import crypto
from toolkit.security.models import TOTPDevice


def test_round_trip_and_a_fresh_ciphertext_each_time():
    token = crypto.encrypt("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in token
    assert crypto.decrypt(token) == "JBSWY3DPEHPK3PXP"
    assert crypto.encrypt("JBSWY3DPEHPK3PXP") != token


def test_without_a_key_setting_the_key_comes_from_secret_key(settings):
    settings.TWO_FACTOR_ENCRYPTION_KEYS = []
    token = crypto.encrypt("secret")
    settings.SECRET_KEY = "another-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token)


def test_an_old_secret_key_in_the_fallbacks_still_decrypts(settings):
    settings.TWO_FACTOR_ENCRYPTION_KEYS = []
    old_secret_key = settings.SECRET_KEY
    token = crypto.encrypt("secret")
    settings.SECRET_KEY = "a-new-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    settings.SECRET_KEY_FALLBACKS = [old_secret_key]
    assert crypto.decrypt(token) == "secret"


def test_key_rotation(settings):
    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["old-key-" + "x" * 40]
    old_token = crypto.encrypt("secret")

    # A new key first: it encrypts, and the old one still decrypts.
    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["new-key-" + "y" * 40, "old-key-" + "x" * 40]
    assert crypto.decrypt(old_token) == "secret"
    rotated = crypto.rotate(old_token)

    # Once rotated, the old key can go.
    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["new-key-" + "y" * 40]
    settings.SECRET_KEY = "changed-too-0123456789-abcdefghijklmnopqrstuvwxyz-0123"
    assert crypto.decrypt(rotated) == "secret"
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(old_token)


@pytest.mark.django_db
def test_the_secret_is_stored_encrypted():
    secret = pyotp.random_base32()
    device = TOTPDevice.objects.create(user=UserFactory(), secret=secret)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT encrypted_secret FROM security_totpdevice WHERE id = %s", [device.pk]
        )
        stored = cursor.fetchone()[0]
    assert secret not in stored
    assert TOTPDevice.objects.get(pk=device.pk).secret == secret


@pytest.mark.django_db
def test_rotate_command_re_encrypts_every_secret(settings):
    from django.core.management import call_command

    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["old-key-" + "x" * 40]
    secret = pyotp.random_base32()
    device = TOTPDevice.objects.create(
        user=UserFactory(), secret=secret, confirmed_at=timezone.now()
    )
    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["new-key-" + "y" * 40, "old-key-" + "x" * 40]
    call_command("rotate_two_factor_key", verbosity=0)
    settings.TWO_FACTOR_ENCRYPTION_KEYS = ["new-key-" + "y" * 40]
    settings.SECRET_KEY = "changed-too-0123456789-abcdefghijklmnopqrstuvwxyz-0123"
    assert TOTPDevice.objects.get(pk=device.pk).secret == secret


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_plain_text_secrets():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("security", "0001_initial")])
    try:
        old_apps = executor.loader.project_state([("security", "0001_initial")]).apps
        OldDevice = old_apps.get_model("security", "TOTPDevice")
        User = old_apps.get_model("accounts", "User")
        user = User.objects.create(email="old@example.org", full_name="Old")
        OldDevice.objects.create(user_id=user.pk, secret="JBSWY3DPEHPK3PXP")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    device = TOTPDevice.objects.get(user__email="old@example.org")
    assert device.encrypted_secret != "JBSWY3DPEHPK3PXP"
    assert device.secret == "JBSWY3DPEHPK3PXP"
