"""Helpers for other apps' tests that need the framework content in the database.

Use the fixture in a test module or conftest::

    from toolkit.framework.testing import framework_loaded  # noqa: F401

    def test_something(framework_loaded):
        version = framework_loaded  # the loaded ContentVersion
"""

import pytest

from .models import ContentVersion
from .services import framework_content_load


def load_framework_for_tests() -> ContentVersion:
    """Load the real content files (a no-op if already loaded) and return the version."""
    result = framework_content_load()
    return ContentVersion.objects.get(version=result.version)


@pytest.fixture
def framework_loaded(db) -> ContentVersion:
    return load_framework_for_tests()
