"""Project-wide pytest fixtures. App-specific factories live in each app's tests/factories.py."""

import pytest

# The real-Chromium fixtures (one browser per test process), for every browser test wherever
# it lives.
pytest_plugins = ["tests.browser.support"]


# Tests of a minute or more (measured on the 2-core machine): the accessibility crawls, the
# evidence pages' axe check and the `make run` journeys.
LONGEST = (
    "tests/browser/test_accessibility.py::test_every_demo_role",
    "tests/browser/test_accessibility.py::test_signed_out",
    "toolkit/evidence/tests/test_browser.py::test_evidence_pages",
)


def pytest_collection_modifyitems(config, items):
    """The longest tests start first, then the other browser tests: with `--dist worksteal`
    the quick ones fill in around them, so no worker is left running one long test alone at
    the end of a run."""

    def start_order(item):
        if item.get_closest_marker("make_run") or item.nodeid.startswith(LONGEST):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items.sort(key=start_order)  # stable: otherwise the order pytest found them in


@pytest.fixture(autouse=True)
def _media_and_axes(settings):
    # Rate-limit state must not leak between tests.
    settings.AXES_ENABLED = True


@pytest.fixture
def rate_clock(monkeypatch):
    """Rate-limit windows start at fixed instants of the real clock: a test that makes its
    requests across one would see its count start again. This holds the limiter's clock at
    the start of a window (every window length used divides it), and lets a test move it."""
    import types

    from toolkit.core import ratelimit

    clock = types.SimpleNamespace(now=1_800_000_000.0)
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


@pytest.fixture(scope="session")
def reference_data_snapshot(django_db_setup, django_db_blocker):
    """The rows `manage.py load_reference_data` adds, loaded once per test process."""
    from django.core.management import call_command

    from tests.db_snapshot import snapshot_take

    with django_db_blocker.unblock():
        return snapshot_take(lambda: call_command("load_reference_data", verbosity=0))


@pytest.fixture(scope="session")
def demo_area_snapshot(reference_data_snapshot, django_db_blocker):
    """The rows the demo loader adds on top of the reference data, loaded once per process."""
    from tests.db_snapshot import snapshot_take
    from toolkit.demo.services import demo_area_load

    with django_db_blocker.unblock():
        return snapshot_take(demo_area_load, base=reference_data_snapshot)


@pytest.fixture
def reference_data(db, reference_data_snapshot):
    """The real reference data and framework content, as `manage.py load_reference_data`
    leaves them (put back from the process's snapshot: see tests/db_snapshot.py)."""
    from tests.db_snapshot import snapshot_restore

    snapshot_restore(reference_data_snapshot)


@pytest.fixture
def demo_area(reference_data, demo_area_snapshot):
    """The fictional demo area with its users (see toolkit/demo), as `demo_area_load()`
    returns it."""
    from collections import Counter

    from tests.db_snapshot import snapshot_restore
    from toolkit.areas.models import Area
    from toolkit.demo.services import DemoLoadResult

    snapshot_restore(demo_area_snapshot)
    loaded = demo_area_snapshot.value
    return DemoLoadResult(
        area=Area.objects.get(pk=loaded.area.pk),
        logins=list(loaded.logins),
        created=Counter(loaded.created),
    )
