"""For the data controller only: everything held about one area, readable (see
toolkit/portability/controller.py and docs/deployment.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from toolkit.areas.models import Area
from toolkit.portability.controller import controller_export


class Command(BaseCommand):
    help = (
        "For the data controller only, on their written request: write everything the "
        "service holds about one area, including every respondent's answers in readable "
        "form, to a zip file. Not a backup; it cannot be restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The area's GSS code, like E08000009")
        parser.add_argument("--output", help="Where to write the zip (default: current folder)")

    def handle(self, *args, gss_code, output=None, **options):
        area = Area.objects.filter(gss_code=gss_code.strip().upper()).first()
        if area is None:
            raise CommandError(f"No area with GSS code {gss_code}.")
        path = Path(
            output or f"controller-export-{area.gss_code}-{timezone.localdate():%Y-%m-%d}.zip"
        )
        if path.exists():
            raise CommandError(f"{path} already exists: choose another --output.")
        path.write_bytes(controller_export(area))
        path.chmod(0o600)
        self.stdout.write(
            self.style.WARNING(
                f"Wrote {path}: every answer given in {area.name}, readable. It is for the data "
                "controller only; do not pass it to the area's facilitators or members."
            )
        )
