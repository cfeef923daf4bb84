"""What the benchmark scripts share: Django on the test settings with a throwaway test
database, and timing a page through the test client."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def throwaway_database():
    """Set Django up (the test settings unless DJANGO_SETTINGS_MODULE names others) and make a
    test database for the run, destroyed afterwards: SQLite in memory by default, or the test
    database of DATABASE_URL, so a benchmark never touches your data. Yields the connection."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def page_timings(client, path: str, repeat: int, cpu: list | None = None):
    """Request the page once to warm up, then `repeat` times: the times in milliseconds
    (each until the whole body has been read, also for a streamed download), sorted, with the
    95th percentile, and the queries, response and body of the last request. `cpu`, when
    given, gets each request's CPU time in milliseconds (this process's: with SQLite, the
    database's work too), which a busy machine does not stretch as it does the times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path).getvalue()
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path)
            body = response.getvalue()
            timings.append((time.perf_counter() - started) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return timings, p95, queries, response, body
