import pytest

from toolkit.framework.content_files import read_content
from toolkit.framework.testing import framework_loaded, load_framework_for_tests  # noqa: F401


@pytest.fixture(scope="session")
def content():
    """The validated content files (no database)."""
    return read_content()


@pytest.fixture
def framework_content(db):
    """The real framework content loaded into the test database; returns the ContentVersion."""
    return load_framework_for_tests()
