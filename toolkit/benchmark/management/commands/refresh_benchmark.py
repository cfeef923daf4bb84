"""Work out every opted-in area's benchmark contribution now (run nightly from cron or a
scheduler; the national page also queues a refresh when figures are older than
BENCHMARK_MAX_AGE)."""

from django.core.management.base import BaseCommand

from toolkit.benchmark.services import benchmark_records_refresh


class Command(BaseCommand):
    help = "Refresh the stored national benchmark contribution of every opted-in area."

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] >= 2 or done == total:
                self.stdout.write(f"{done} of {total} areas worked out")

        count = benchmark_records_refresh(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Benchmark refreshed for {count} areas."))
