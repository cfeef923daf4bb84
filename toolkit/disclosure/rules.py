"""The thresholds behind every figure built from answers, and how a withheld count reads.

- No figure built from fewer respondents than the area's threshold is shown; the threshold is
  never below MINIMUM_THRESHOLD (3) whatever an area sets (the brief's default is 5).
- A round's results are sealed until it closes, or until both sides have at least the
  threshold of counted responses.
- A count that is not shown reads "fewer than N" when it is under the threshold, and
  "not shown" when it is withheld to protect another figure (printing it would give that
  figure away by subtraction).
"""

from __future__ import annotations

MINIMUM_THRESHOLD = 3


def effective_threshold(threshold: int | None) -> int:
    """The area's setting, but never below the service's minimum."""
    return max(threshold or 0, MINIMUM_THRESHOLD)


def below_threshold(n_respondents: int, threshold: int | None) -> bool:
    """True when a figure built from `n_respondents` people must not be shown."""
    return n_respondents < effective_threshold(threshold)


def results_unsealed(*, closed: bool, council_n: int, vcs_n: int, threshold: int | None) -> bool:
    """Results of a round are sealed until it closes, or until both sides have at least the
    threshold of counted responses."""
    if closed:
        return True
    return not below_threshold(council_n, threshold) and not below_threshold(vcs_n, threshold)


def fewer_than(threshold: int | None) -> str:
    return f"fewer than {effective_threshold(threshold)}"


WITHHELD = "not shown"
