import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_rate_limit_counts_from_other_tests():
    """Wrong codes are also counted per client address in the cache (TWO_FACTOR_RATE_LIMIT):
    every test here starts from zero."""
    cache.clear()
    yield
    cache.clear()
