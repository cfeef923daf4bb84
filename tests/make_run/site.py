"""The service as `make run` runs it, for tests that need real processes: a SQLite file
database with the development settings, `runserver` (threaded) and `manage.py db_worker`.

Each test gets its own copy of a database that was migrated and loaded with the reference data
once per test session, so the 20 seconds that takes are paid once."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def site_env(database: Path, **extra) -> dict[str, str]:
    """The environment of `make run`: the development settings on a SQLite file."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SITE_URL", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(database: Path, *args: str, **extra) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=site_env(database, **extra),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def database_template(directory: Path) -> Path:
    """A SQLite file with every migration and the reference data (load_reference_data)."""
    database = directory / "template.sqlite3"
    manage(database, "migrate", "--no-input", "-v", "0")
    manage(database, "load_reference_data")
    return database


def database_copy(template: Path, directory: Path) -> Path:
    database = directory / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{database}{suffix}")
    return database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Running:
    """The web server and the worker, started as `make run` starts them."""

    database: Path
    port: int
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Running:
        # --noreload: the file watcher polls every module every second, which only slows a
        # shared test machine; the database work is the same.
        commands = {
            "worker": ["db_worker", "--queue-name", "default", "--no-reload", "--interval", "1"],
            "web": ["runserver", f"127.0.0.1:{self.port}", "--noreload"],
        }
        for name, args in commands.items():
            log = (self.logs / f"{name}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    [PYTHON, "manage.py", *args],
                    cwd=ROOT,
                    env=site_env(self.database),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        self._wait_until_answering()
        return self

    def _wait_until_answering(self) -> None:
        for _ in range(600):
            if any(p.poll() is not None for p in self.processes):
                raise AssertionError(f"a process stopped at start-up:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise AssertionError(f"the server never answered:\n{self.log_text()}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log_text(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()}" for path in sorted(self.logs.glob("*.log"))
        )


class Browser:
    """One person: a cookie jar, no redirects followed (so each status is seen)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect()
        )
        self.statuses: list[tuple[str, str, int]] = []

    def request(self, method: str, path: str, data: bytes | None = None, headers=None):
        request = urllib.request.Request(  # noqa: S310 (our own local server)
            self.base + path, data=data, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                status, body, response_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, response_headers = error.code, error.read(), error.headers
        self.statuses.append((method, path, status))
        return status, body.decode("utf-8", "replace"), response_headers

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict) -> tuple[int, str, object]:
        """GET the page for its CSRF token, then POST the form as a browser would."""
        status, page, _ = self.get(path)
        assert status == 200, (path, status)
        fields = {"csrfmiddlewaretoken": CSRF.search(page).group(1), **fields}
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.request(
            "POST",
            path,
            data,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path},
        )
