"""Project-wide pytest fixtures. App-specific factories live in each app's tests/factories.py."""

import pytest

# The real-Chromium fixtures (one browser per test process), for every browser test wherever
# it lives.
pytest_plugins = ["tests.browser.support"]


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


@pytest.fixture
def reference_data(db):
    """The real reference data and framework content, as `manage.py load_reference_data`."""
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def demo_area(reference_data):
    """The fictional demo area with its users (see toolkit/demo)."""
    from toolkit.demo.services import demo_area_load

    return demo_area_load()
