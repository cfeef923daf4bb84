from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toolkit.portability.restore import (
    BundleError,
    area_restore,
    area_restore_check,
    bundle_read,
)


class Command(BaseCommand):
    help = (
        "Restore an area from a backup bundle (a zip downloaded from the area's data page). "
        "The bundle is checked completely first; a damaged or changed bundle is refused and "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("bundle", help="Path to the backup zip file")
        parser.add_argument(
            "--check", action="store_true", help="Only check the bundle; restore nothing."
        )
        parser.add_argument(
            "--trust-unverified",
            action="store_true",
            help="Restore even if the bundle's signature cannot be verified with this "
            "instance's BACKUP_SIGNING_KEYS (only for a file you know where it came from). "
            "The checksums are still checked.",
        )

    def handle(self, *args, bundle, check=False, trust_unverified=False, **options):
        path = Path(bundle)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            contents = bundle_read(path.read_bytes(), trust_unverified=trust_unverified)
            if check:
                found = area_restore_check(contents)
                if not found.ok:
                    raise BundleError(" ".join(p.problem for p in found.problems))
                self.stdout.write(
                    f"The bundle is sound and this instance can take it: "
                    f"{contents.manifest['area']['name']} ({contents.gss_code}), "
                    f"{contents.row_count} records."
                )
                return
            area = area_restore(contents)
        except BundleError as error:
            raise CommandError(f"Refused, nothing was restored: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {area.name} ({area.gss_code}) with {contents.row_count} records. "
                "It has no members yet: invite a facilitator to it."
            )
        )
