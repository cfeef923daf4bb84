"""Queue today's reminders and digests for the worker (run daily from cron or a scheduler,
docs/deployment.md). Safe to run more than once a day: nothing is sent twice."""

from django.core.management.base import BaseCommand

from toolkit.reminders.tasks import reminders_send


class Command(BaseCommand):
    help = "Queue today's reminders and digests for the worker (manage.py db_worker) to send"

    def handle(self, *args, **options):
        result = reminders_send.enqueue()
        self.stdout.write(f"Reminders queued ({result.id}).")
