"""Distance moved towards a target on the strategic map (mapping.targets), with exact
numbers: straight-line distance on the two map axes from both sides together's shown position
to the target, in the earlier round and the later one."""

from toolkit.disclosure.table import TOO_FEW, ShownCount
from toolkit.mapping.scoring import AxisMean, Position
from toolkit.mapping.targets import MapTarget, moved_text, target_progress

TARGET = MapTarget(7, strategic=4.0, proactive=4.5, agreed_at="Joint workshop, 3 June 2026")


def position(strategic, proactive, *, withheld=None):
    count = ShownCount(8, "8")
    return Position(
        7,
        "together",
        count,
        {
            "strategic": AxisMean(strategic, count, withheld),
            "proactive": AxisMean(proactive, count),
        },
    )


def test_closer_by_the_difference_of_the_two_distances():
    progress = target_progress(TARGET, position(2.0, 2.0), position(3.0, 3.0))
    # before: √(2² + 2.5²) = 3.2016 → 3.2; after: √(1² + 1.5²) = 1.8028 → 1.8
    assert (progress.distance_before, progress.distance_after, progress.moved) == (3.2, 1.8, 1.4)
    assert progress.changes == {"strategic": 1.0, "proactive": 1.0}
    assert moved_text(progress.moved) == "1.4 closer"


def test_moving_away_reads_as_further_away():
    progress = target_progress(TARGET, position(4.0, 4.0), position(3.0, 4.5))
    assert (progress.distance_before, progress.distance_after, progress.moved) == (0.5, 1.0, -0.5)
    assert moved_text(progress.moved) == "0.5 further away"


def test_nothing_is_said_from_a_figure_that_is_not_shown():
    progress = target_progress(TARGET, position(2.0, 2.0), position(None, 3.0, withheld=TOO_FEW))
    assert progress.distance_before == 3.2
    assert progress.distance_after is None and progress.moved is None
    assert progress.changes == {"strategic": None, "proactive": 1.0}
    assert moved_text(None) == "Cannot be said: a round does not show where it is"
    assert target_progress(TARGET, None, position(4.0, 4.5)).distance_after == 0.0
