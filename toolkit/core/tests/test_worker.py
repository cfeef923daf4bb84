"""`manage.py db_worker` takes the database's write lock only to claim a task it has seen.

Seen under `make run`: django-tasks-db's worker opened an exclusive transaction every second
while the queue was empty, and on SQLite that is the one write lock every request needs."""

import pytest
from django.core.management import call_command, get_commands
from django_tasks_db.management.commands import db_worker as library_worker
from django_tasks_db.models import DBTaskResult

from toolkit.core.management.commands import db_worker as our_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def exclusive_transactions(monkeypatch):
    """Every exclusive transaction the worker opens (the real one, counted)."""
    opened = []
    real = library_worker.exclusive_transaction

    def counted(using=None):
        opened.append(using)
        return real(using)

    for module in (library_worker, our_worker):
        monkeypatch.setattr(module, "exclusive_transaction", counted)
    return opened


def run_worker_once():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_db_worker_is_ours():
    assert get_commands()["db_worker"] == "toolkit.core"


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_opens_no_exclusive_transaction(settings, exclusive_transactions):
    settings.TASKS = DATABASE_TASKS
    run_worker_once()
    assert exclusive_transactions == []


@pytest.mark.django_db(transaction=True)
def test_a_waiting_task_is_claimed_under_the_lock_and_run(settings, exclusive_transactions):
    settings.TASKS = DATABASE_TASKS
    from toolkit.benchmark.tasks import benchmark_refresh

    benchmark_refresh.enqueue([])
    run_worker_once()
    assert exclusive_transactions == ["default"]
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]
