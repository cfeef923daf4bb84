"""The reminders, sent by the worker (django-tasks-db in production, run at once in tests)."""

from dataclasses import asdict

from django.tasks import task

from .services import reminders_run


@task()
def reminders_send() -> dict:
    return asdict(reminders_run())
