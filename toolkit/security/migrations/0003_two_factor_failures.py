# Wrong two-factor codes counted per account (in the database), and the audit action for a hold.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0002_recovery_codes_encrypted_secrets"),
    ]

    operations = [
        migrations.AddField(
            model_name="totpdevice",
            name="codes_held_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="totpdevice",
            name="failed_codes",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="totpdevice",
            name="failures_started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
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
                    ("two_factor_held", "Too many wrong security codes"),
                    ("invitation_sent", "Invitation sent"),
                    ("invitation_accepted", "Invitation accepted"),
                    ("invitation_withdrawn", "Invitation withdrawn"),
                    ("exported", "Data downloaded"),
                    ("deleted", "Deleted"),
                ],
                max_length=32,
            ),
        ),
    ]
