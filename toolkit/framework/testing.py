"""Helpers for other apps' tests that need the framework content in the database.

Use the fixture in a test module or conftest::

    from toolkit.framework.testing import framework_loaded  # noqa: F401

    def test_something(framework_loaded):
        version = framework_loaded  # the loaded ContentVersion
"""

import pytest

from .models import ContentVersion
from .services import framework_content_load

# The content files' version, once this process has read them: factories ask for the loaded
# version for every round they make, and reading the files again each time cost most of many
# tests' set-up.
_files_version: str | None = None


def load_framework_for_tests() -> ContentVersion:
    """Load the real content files (a no-op if already loaded) and return the version."""
    global _files_version
    if _files_version is not None:
        loaded = ContentVersion.objects.filter(version=_files_version).first()
        if loaded is not None:
            return loaded
    result = framework_content_load()
    _files_version = result.version
    return ContentVersion.objects.get(version=result.version)


@pytest.fixture
def framework_loaded(db) -> ContentVersion:
    return load_framework_for_tests()
