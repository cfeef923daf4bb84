"""The shape of `.ci/run`: every test runs on SQLite; on PostgreSQL everything but the tests
whose database does not matter (browser, make_run); any failure, including pytest's exit code
5 (no tests ran), stops the run; the ten slowest tests are printed."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CI = (ROOT / ".ci" / "run").read_text()
ONCE = '-m "not browser and not make_run"'


def make_test_lines() -> list[str]:
    """Each `make test` command of .ci/run, with its continuation lines joined."""
    commands = re.sub(r"\\\n\s*", " ", CI).splitlines()
    return [
        line
        for line in commands
        if re.search(r"\bmake test\b", line) and not line.lstrip().startswith(("#", "echo"))
    ]


def test_ci_stops_on_the_first_failure():
    assert "set -euo pipefail" in CI
    assert "|| true" not in "".join(make_test_lines())


def test_sqlite_pass_runs_every_test_and_postgresql_pass_all_but_the_database_free_ones():
    sqlite, postgresql = make_test_lines()
    assert "DATABASE_URL" not in sqlite and "PYTEST_ARGS" not in sqlite
    assert "DATABASE_URL=" in postgresql
    assert f"PYTEST_ARGS='{ONCE}'" in postgresql
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    registered = {m.split(":")[0] for m in markers["ini_options"]["markers"]}
    assert {"browser", "make_run"} <= registered


def test_make_test_passes_pytest_args_through_and_prints_the_slowest_tests():
    shown = subprocess.run(
        [shutil.which("make"), "-n", "test", "CHROMIUM=/bin/true"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTEST_ARGS": ONCE},
        capture_output=True,
        text=True,
    ).stdout
    pytest_line = next(line for line in shown.splitlines() if "bin/pytest" in line)
    assert pytest_line.endswith(f"--durations=10 {ONCE}")
