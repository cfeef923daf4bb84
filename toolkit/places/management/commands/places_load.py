from django.core.management.base import BaseCommand, CommandError

from toolkit.places.services import AuthorityDataError, authorities_load


class Command(BaseCommand):
    help = "Load (or refresh) the English local authorities reference data. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="CSV file (default: the bundled data file)")

    def handle(self, *args, path=None, **options):
        try:
            counts = authorities_load(path)
        except (AuthorityDataError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Authorities: {created} created, {updated} updated, {unchanged} unchanged".format(
                    **counts
                )
            )
        )
