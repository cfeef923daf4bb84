import pytest

from toolkit.disclosure.rules import below_threshold, effective_threshold, results_unsealed


@pytest.mark.parametrize(
    ("n", "threshold", "suppressed"),
    [(4, 5, True), (5, 5, False), (0, 5, True), (2, 3, True), (3, 3, False), (2, 1, True)],
)
def test_below_threshold(n, threshold, suppressed):
    assert below_threshold(n, threshold) is suppressed


def test_threshold_never_below_three():
    assert effective_threshold(1) == 3
    assert effective_threshold(None) == 3
    assert effective_threshold(7) == 7


def test_sealed_until_closed_or_both_sides_reach_threshold():
    assert not results_unsealed(closed=False, council_n=50, vcs_n=4, threshold=5)
    assert not results_unsealed(closed=False, council_n=4, vcs_n=50, threshold=5)
    assert results_unsealed(closed=False, council_n=5, vcs_n=5, threshold=5)
    assert results_unsealed(closed=True, council_n=0, vcs_n=0, threshold=5)
