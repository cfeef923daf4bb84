"""A web process moves what it loaded at start out of the cyclic collector's walks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_a_web_process_freezes_what_it_loaded_at_start(module):
    script = (
        "import gc, sys\n"
        f"import {module}\n"
        "import toolkit.mapping.views\n"
        "frozen = gc.get_freeze_count()\n"
        "views = toolkit.mapping.views.results_map\n"
        # loaded at start (the views too), so frozen, not among the collected generations
        "assert frozen > 10000, frozen\n"
        "assert not any(o is views for o in gc.get_objects())\n"
        "print('ok')\n"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
