"""The principles results by group: exact figures where every group passes, and the reason
in words where one does not (plain values, no database)."""

from decimal import Decimal as D

from toolkit.assessment.by_group import NOT_SAID, Question
from toolkit.assessment.scoring import COUNCIL, VCS, ElementSpec, assessment_results

ELEMENTS = [
    ElementSpec("power", "Rebalancing power", "foundations"),
    ElementSpec("value", "Recognition of value", "foundations"),
]
PRINCIPLES = [("foundations", "Shared foundations")]
DEPARTMENT = Question(
    "department",
    COUNCIL,
    "Which part of the council do you work in?",
    "department",
    (("adults", "Adults"), ("place", "Place"), (NOT_SAID, "Not said")),
)
ROLE = Question(
    "role",
    COUNCIL,
    "Councillor or officer?",
    "role",
    (("councillor", "Councillor"), ("officer", "Officer"), (NOT_SAID, "Not said")),
)


def results(groups_by_person, values_by_person, questions=(DEPARTMENT,), vcs=5):
    answers, respondent_groups = [], {}
    for person, groups in groups_by_person.items():
        respondent_groups[person] = (COUNCIL, groups)
        for element in ("power", "value"):
            answers.append((person, COUNCIL, element, values_by_person[person]))
    for i in range(vcs):
        respondent_groups[f"v{i}"] = (VCS, {})
        answers.append((f"v{i}", VCS, "power", 3))
    return assessment_results(
        answers=answers,
        elements=ELEMENTS,
        principles=PRINCIPLES,
        respondents={COUNCIL: len(groups_by_person), VCS: vcs},
        threshold=5,
        groups=(list(questions), respondent_groups),
    )


def test_every_group_passes_so_the_view_is_shown_with_exact_means():
    people = {f"a{i}": {"department": "adults"} for i in range(5)}
    people |= {f"p{i}": {"department": "place"} for i in range(5)}
    people |= {f"n{i}": {} for i in range(5)}  # prefer not to say, or left blank
    values = {p: 4 if p.startswith("a") else 2 if p.startswith("p") else 3 for p in people}
    view = results(people, values).by_group[0]
    assert view.shown and view.note == ""
    assert [g for g, _label in view.groups] == ["adults", "place", NOT_SAID]
    assert [c.value for c in view.respondents] == [5, 5, 5]
    power = next(r for r in view.rows if r.slug == "power")
    assert [f.mean for f in power.figures] == [D("4.0"), D("2.0"), D("3.0")]
    assert [f.count.value for f in power.figures] == [5, 5, 5]
    principle = next(r for r in view.rows if r.slug == "foundations")
    assert [f.band_label for f in principle.figures] == ["Strength", "Concern", "Borderline"]


def test_one_small_group_withholds_the_whole_view_and_says_why():
    people = {f"a{i}": {"department": "adults"} for i in range(8)}
    people |= {f"p{i}": {"department": "place"} for i in range(2)}
    view = results(people, dict.fromkeys(people, 4)).by_group[0]
    assert not view.shown
    assert view.note == "fewer than 5 respondents in a group"
    assert all(row.figures is None for row in view.rows)
    # The side's own figures still stand.
    profile = results(people, dict.fromkeys(people, 4)).profile
    assert profile.element("power").council.mean == D("4.0")


def test_two_questions_are_decided_one_by_one():
    people = {f"a{i}": {"department": "adults", "role": "officer"} for i in range(6)}
    people |= {f"p{i}": {"department": "place", "role": "officer"} for i in range(5)}
    people |= {"c0": {"department": "adults", "role": "councillor"}}
    by_question = {
        v.question.key: v
        for v in results(people, dict.fromkeys(people, 4), (DEPARTMENT, ROLE)).by_group
    }
    assert by_question["department"].shown  # 7 and 5
    assert not by_question["role"].shown  # one councillor
    assert by_question["role"].note == "fewer than 5 respondents in a group"
