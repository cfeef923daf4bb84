"""The README's steps for a new council, run exactly as written on an empty SQLite file.

Seen by a tester: the README said "createsuperuser and a membership", but nothing made a
membership, so a new council could not start without writing shell code. `make run` is the one
step stood in for: the test starts what it starts (runserver and the worker) on a free port."""

import re
import shlex
import subprocess

import pytest

from .site import ROOT, Browser, Running, free_port, site_env

pytestmark = pytest.mark.make_run

LINK = re.compile(r"https?://\S+(/account/invitations/[A-Za-z0-9_-]+/)")


def readme_steps() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Set up a real council\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def readme_steps_run(database) -> str:
    """The README's steps for a new council, as written, up to `make run` (which a test stands
    in for by starting what it starts); what the last one printed."""
    steps = readme_steps()
    assert steps[-1] == "make run"
    printed = ""
    for step in steps[:-1]:
        result = subprocess.run(
            shlex.split(step),
            cwd=ROOT,
            env=site_env(database),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"
        printed = result.stdout
    return printed


def test_the_readme_steps_for_a_new_council_work_as_written(tmp_path):
    database = tmp_path / "db.sqlite3"
    printed = readme_steps_run(database)
    assert "Created Calderdale (E08000033)" in printed
    assert "Invited name@council.gov.uk as facilitator (council side) of Calderdale" in printed
    path = LINK.findall(printed)[-1]

    site = Running(database=database, port=free_port(), logs=tmp_path).start()
    try:
        facilitator = Browser(site.url)
        status, page, _ = facilitator.get(path)
        assert status == 200
        assert "You have been invited as: <strong>Facilitator (council side)</strong>" in page
        status, _, headers = facilitator.post_form(
            path,
            {
                "full_name": "Nadia Name",
                "password": "a long enough pass phrase",
                "password_confirm": "a long enough pass phrase",
            },
        )
        assert status == 302 and headers["Location"] == "/areas/E08000033/"
        status, page, _ = facilitator.get("/areas/E08000033/people/")
        assert status == 200
        assert "Nadia Name" in page and "Facilitator (council side)" in page
    finally:
        site.stop()
