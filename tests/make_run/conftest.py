import json
import subprocess

import pytest

from .site import PYTHON, ROOT, Running, database_copy, database_template, free_port, site_env


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return database_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture
def sqlite_database(sqlite_template, tmp_path):
    return database_copy(sqlite_template, tmp_path)


def world(database, command: str) -> dict:
    """Run tests.make_run.world.py in the site's environment; its JSON is the last line."""
    result = subprocess.run(
        [PYTHON, "-m", "tests.make_run.world", command],
        cwd=ROOT,
        env=site_env(database),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def running_site(sqlite_database, tmp_path):
    """`make run` on a copy of the database: runserver and the worker."""
    site = Running(database=sqlite_database, port=free_port(), logs=tmp_path)
    try:
        yield site.start
    finally:
        site.stop()
