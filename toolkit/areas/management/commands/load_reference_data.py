from django.core.management.base import BaseCommand, CommandError

from toolkit.framework.content_files import FrameworkContentError
from toolkit.framework.services import framework_content_load
from toolkit.places.services import AuthorityDataError, authorities_load


class Command(BaseCommand):
    help = (
        "Load the reference data shipped with the code: every current English local authority "
        "and the framework content. Idempotent: a second run changes nothing and says so."
    )

    def handle(self, *args, **options):
        try:
            counts = authorities_load()
        except AuthorityDataError as error:
            raise CommandError(str(error)) from error
        if counts["created"] == 0 and counts["updated"] == 0:
            self.stdout.write(
                f"Local authorities: unchanged ({counts['unchanged']} already loaded)."
            )
        else:
            self.stdout.write(
                f"Local authorities: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        try:
            result = framework_content_load()
        except FrameworkContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(result))
