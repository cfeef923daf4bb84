from django.core.management.base import BaseCommand, CommandError

from toolkit.areas.services import AreaSetupError, area_create_for_council


class Command(BaseCommand):
    help = (
        "Set up the area of a real English council from the reference data, with its councils "
        "(county and district in two-tier areas). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's ONS GSS code, like E08000009")

    def handle(self, *args, gss_code, **options):
        try:
            area, created = area_create_for_council(gss_code.strip().upper())
        except AreaSetupError as error:
            raise CommandError(str(error)) from error
        councils = ", ".join(o.name for o in area.organisations.filter(kind="council"))
        verb = "Created" if created else "Already set up:"
        self.stdout.write(f"{verb} {area.name} ({area.gss_code}); councils: {councils}")
