"""Disclosure control shared by every results page, export and API: no figure built from fewer
respondents than the area's threshold (never below 3) is shown."""

from toolkit.areas.models import MINIMUM_SUPPRESSION_THRESHOLD


def effective_threshold(threshold: int | None) -> int:
    """The area's setting, but never below the service's minimum."""
    return max(threshold or 0, MINIMUM_SUPPRESSION_THRESHOLD)


def is_suppressed(n_respondents: int, threshold: int) -> bool:
    """True when a figure built from `n_respondents` people must not be shown."""
    return n_respondents < effective_threshold(threshold)


def results_unsealed(*, closed: bool, council_n: int, vcs_n: int, threshold: int) -> bool:
    """Results of a round are sealed until it closes, or until both sides have at least the
    threshold of submitted responses."""
    if closed:
        return True
    return not is_suppressed(council_n, threshold) and not is_suppressed(vcs_n, threshold)
