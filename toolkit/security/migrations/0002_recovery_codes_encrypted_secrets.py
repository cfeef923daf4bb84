"""Authenticator secrets encrypted at rest (the plain-text column is encrypted into the new
one, then dropped), recovery codes, and the audit actions for them.

An exception to the "remove columns a release later" rule in docs/deployment.md: keeping the
plain-text secrets for a release would defeat the encryption. During a rolling deploy, old
processes cannot check security codes until they are restarted.

The AlterField giving `secret` a default before it is removed was added after this migration
first ran on main (before any release): it lets `migrate security 0001` work with devices in
the table. Databases that ran the earlier form reverse the same way."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def encrypt_secrets(apps, schema_editor):
    from toolkit.security import crypto

    TOTPDevice = apps.get_model("security", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "secret").iterator():
        TOTPDevice.objects.filter(pk=device.pk).update(
            encrypted_secret=crypto.encrypt(device.secret)
        )


def decrypt_secrets(apps, schema_editor):
    from toolkit.security import crypto

    TOTPDevice = apps.get_model("security", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "encrypted_secret").iterator():
        TOTPDevice.objects.filter(pk=device.pk).update(
            secret=crypto.decrypt(device.encrypted_secret)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="totpdevice",
            name="encrypted_secret",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False),
        # A default before the column goes, so that migrating back to 0001 can re-add it to a
        # table that has rows (decrypt_secrets then fills it in).
        migrations.AlterField(
            model_name="totpdevice",
            name="secret",
            field=models.CharField(max_length=64, default=""),
        ),
        migrations.RemoveField(model_name="totpdevice", name="secret"),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("signed_in", "Signed in"),
                    ("sign_in_failed", "Sign-in failed"),
                    ("two_factor_failed", "Wrong security code"),
                    ("signed_out", "Signed out"),
                    ("timed_out", "Signed out after inactivity"),
                    ("two_factor_on", "Two-factor sign-in set up"),
                    ("recovery_code_used", "Signed in with a recovery code"),
                    ("recovery_codes_new", "New recovery codes made"),
                    ("two_factor_reset", "Two-factor sign-in reset"),
                    ("invitation_sent", "Invitation sent"),
                    ("invitation_accepted", "Invitation accepted"),
                    ("invitation_withdrawn", "Invitation withdrawn"),
                    ("exported", "Data downloaded"),
                    ("deleted", "Deleted"),
                ],
                max_length=32,
            ),
        ),
        migrations.CreateModel(
            name="RecoveryCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recovery_codes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "digest"), name="recovery_code_unique")
                ],
            },
        ),
    ]
