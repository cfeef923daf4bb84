from django.core.management.base import BaseCommand

from toolkit.portability.services import purge_due


class Command(BaseCommand):
    help = "Permanently delete areas whose deletion grace period has ended (run daily)."

    def handle(self, *args, **options):
        purged = purge_due()
        for gss_code in purged:
            self.stdout.write(f"Deleted area {gss_code} permanently.")
        if not purged:
            self.stdout.write("No areas are due for deletion.")
