"""`manage.py db_worker`: django-tasks-db's worker, made quiet while the queue is empty.

The library's worker wakes every second (`--interval`) and, queue empty or not, opens an
exclusive transaction to look for a task: on SQLite that is the database's write lock, taken
every second for as long as the worker runs, and every web request that writes at that moment
has to wait for it. Here the worker first looks with a plain read, which takes no lock in WAL
mode, and takes the exclusive transaction only to claim a task it has seen waiting. Claiming,
running and recording a task are the library's own code. This app is listed before
django_tasks_db in INSTALLED_APPS so that this command is the one `db_worker` runs."""

import logging
import os
import random
import time

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("django_tasks_db")


class QuietWorker(db_worker.Worker):
    def waiting(self):
        """The tasks this worker would take now (a queryset: nothing is read or locked)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim(self) -> tuple[DBTaskResult | None, bool]:
        """(the claimed task or None, whether the queue could be read). Takes the write lock
        only after a plain read has seen a task waiting."""
        tasks = self.waiting()
        if not tasks.exists():
            return None, True
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result, True
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False  # busy past the timeout: look again next time
            raise

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # several workers started together do not poll in step
        while self.running:
            close_old_connections()
            task_result, looked = self.claim()
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and looked and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Ran %d tasks on worker_id=%s - exiting.", self._run_tasks, self.worker_id
                )
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(db_worker.Command):
    help = "Run the background worker (django-tasks-db's, taking no lock while the queue is empty)"

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        # The library's own handle(), building this module's worker.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = QuietWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child that runs the tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
