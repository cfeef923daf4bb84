"""core.memo: an answer is given back only for exactly the inputs it was made from."""

from dataclasses import dataclass

import pytest

from toolkit.core.memo import kept_by_inputs


@dataclass(frozen=True)
class Mark:
    number: int
    x: float


def _counted():
    calls = []

    @kept_by_inputs(size=2)
    def draw(marks, *, title, groups=None):
        calls.append(title)
        return [f"{title}:{m.number}@{m.x}" for m in marks] + sorted(groups or {})

    return draw, calls


def test_the_same_inputs_are_answered_from_memory():
    draw, calls = _counted()
    first = draw([Mark(1, 2.5), Mark(2, 3.0)], title="Map", groups={"a": [Mark(3, 1.0)]})
    again = draw([Mark(1, 2.5), Mark(2, 3.0)], title="Map", groups={"a": [Mark(3, 1.0)]})
    assert again is first
    assert calls == ["Map"]


@pytest.mark.parametrize(
    "changed",
    [
        {"marks": [Mark(1, 2.5), Mark(2, 3.5)]},  # one mark moved
        {"marks": [Mark(1, 2.5)]},  # one fewer
        {"title": "Other map"},
        {"groups": {"a": [Mark(3, 1.5)]}},  # inside a dict of lists
        {"groups": {"b": [Mark(3, 1.0)]}},
    ],
)
def test_any_change_of_input_is_worked_out_afresh(changed):
    draw, calls = _counted()
    inputs = {
        "marks": [Mark(1, 2.5), Mark(2, 3.0)],
        "title": "Map",
        "groups": {"a": [Mark(3, 1.0)]},
    }
    first = draw(inputs["marks"], title=inputs["title"], groups=inputs["groups"])
    inputs |= changed
    second = draw(inputs["marks"], title=inputs["title"], groups=inputs["groups"])
    assert second is not first
    assert len(calls) == 2


def test_only_the_last_few_are_kept():
    draw, calls = _counted()
    for title in ("a", "b", "c", "a"):
        draw([Mark(1, 1.0)], title=title)
    assert calls == ["a", "b", "c", "a"]  # "a" had been let go when "c" came
    draw([Mark(1, 1.0)], title="c")
    assert calls == ["a", "b", "c", "a"]


def test_unhashable_inputs_are_refused_not_guessed():
    draw, _calls = _counted()
    with pytest.raises(TypeError):
        draw([Mark(1, 1.0)], title=bytearray(b"map"))
