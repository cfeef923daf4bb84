"""Re-encrypt every authenticator secret with the first key of TWO_FACTOR_ENCRYPTION_KEY, so
that older keys can then be removed. See toolkit/security/crypto.py."""

from django.core.management.base import BaseCommand
from django.db import transaction

from toolkit.security import crypto
from toolkit.security.models import TOTPDevice


class Command(BaseCommand):
    help = "Re-encrypt two-factor secrets with the first TWO_FACTOR_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            for device in TOTPDevice.objects.select_for_update().only("pk", "encrypted_secret"):
                TOTPDevice.objects.filter(pk=device.pk).update(
                    encrypted_secret=crypto.rotate(device.encrypted_secret)
                )
                done += 1
        self.stdout.write(f"Re-encrypted {done} two-factor secret{'' if done == 1 else 's'}.")
