"""The attacker's checker on hand-made rounds: it finds a derivation where one exists and none
where none does, so the suite built on it cannot pass by finding nothing."""

from decimal import Decimal

from .model import (
    AXIS,
    BARRIER,
    BARRIER_BASE,
    COUNCIL,
    DK,
    ELEMENT,
    NONE,
    PRINCIPLE,
    RATED,
    TOGETHER,
    VCS,
    YES,
    Attack,
    Cell,
    Difference,
    Fact,
    Survey,
)

D = Decimal


def mapping_survey(council: list, vcs: list, threshold=5) -> Survey:
    """One relationship; each respondent's strategic rating (1–5, DK or NONE)."""
    sides, answers = {}, {}
    for side, ratings in ((COUNCIL, council), (VCS, vcs)):
        for i, rating in enumerate(ratings):
            p = f"{side}{i}"
            sides[p] = side
            if rating != NONE:
                answers[(p, ("rated", "R"))] = YES
            answers[(p, ("axis", "R", "strategic"))] = rating
    return Survey("Round", threshold, sides, answers, relationships=["R"])


def cell(kind, item, group):
    return Cell("Round", kind, item, group)


STRATEGIC = ("R", "strategic")


def figure(survey, group, source="page"):
    """The mean and n of the strategic axis for a group, as an output would print them."""
    c = cell(AXIS, STRATEGIC, group)
    mean = survey.value(c, "mean")
    return [
        Fact(source, c, "mean", D(str(round(float(mean), 2)))),
        Fact(source, c, "n", D(int(survey.value(c, "n")))),
    ]


def withheld(group, source="page"):
    return Fact(source, cell(AXIS, STRATEGIC, group), "mean", None, "Too few answers")


def test_together_beside_a_withheld_side_gives_the_side_away():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, 5, 3])
    facts = figure(survey, COUNCIL, "map") + figure(survey, TOGETHER, "csv") + [withheld(VCS)]
    findings = Attack([survey], facts).findings()
    derived = [str(f) for f in findings["a"]]
    assert any("withheld sum of Round: axis R/strategic [vcs] = 12" in f for f in derived)
    assert any("withheld n of Round: axis R/strategic [vcs] = 3" in f for f in derived)
    # The derivation names both outputs it used.
    assert any("printed by csv" in f and "printed by map" in f for f in derived)
    assert [f.check for f in findings["d"]] == ["d"]
    assert findings["b"] == []  # three VCS respondents: no one person's answer follows


def test_no_derivation_when_together_is_withheld_too():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, 5, 3])
    facts = [*figure(survey, COUNCIL), withheld(VCS), withheld(TOGETHER)]
    findings = Attack([survey], facts).findings()
    assert findings == {"a": [], "b": [], "c": [], "d": [], "e": []}


def test_a_one_person_side_is_that_persons_answer():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [5])
    facts = figure(survey, COUNCIL) + figure(survey, TOGETHER) + [withheld(VCS)]
    findings = Attack([survey], facts).findings()
    respondents = [str(f) for f in findings["b"]]
    assert any("one vcs respondent to ('axis', 'R', 'strategic') (5)" in f for f in respondents)


def test_a_mean_without_its_n_gives_nothing_until_n_is_known():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, 5, 3])
    c, t = cell(AXIS, STRATEGIC, COUNCIL), cell(AXIS, STRATEGIC, TOGETHER)
    means_only = [
        Fact("api", c, "mean", D("2")),
        Fact("api", t, "mean", D("2.67")),
        withheld(VCS),
    ]
    assert Attack([survey], means_only).withheld_derivations() == []
    # The same means with the counts printed elsewhere (another output) do give it away.
    with_counts = [*means_only, Fact("csv", c, "n", D(6)), Fact("csv", t, "n", D(9))]
    assert Attack([survey], with_counts).withheld_derivations()


def test_a_gap_and_one_side_give_the_other_side():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, 5, 3])
    c, v = cell(AXIS, STRATEGIC, COUNCIL), cell(AXIS, STRATEGIC, VCS)
    facts = [*figure(survey, COUNCIL), Fact("csv", v, "n", D(3)), withheld(VCS)]
    gap = Difference("report", c, v, D("2") - D("4"))
    assert Attack([survey], facts).withheld_derivations() == []
    derived = Attack([survey], facts, [gap]).withheld_derivations()
    assert any("sum of Round: axis R/strategic [vcs] = 12" in str(f) for f in derived)


def test_small_counts_and_small_figures_are_reported():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, NONE, NONE])
    facts = [
        *figure(survey, COUNCIL),
        Fact("map", cell(RATED, "R", VCS), "count", D(1), "1"),
        withheld(VCS),
    ]
    small = Attack([survey], facts).small_counts()
    assert [f.check for f in small] == ["c"]
    assert "count 1 of Round: rated R [vcs]" in str(small[0])
    figure_of_one = Attack([survey], figure(survey, VCS)).small_counts()
    assert len(figure_of_one) == 2  # its n and its mean


def test_a_fact_that_disagrees_with_the_truth_is_a_parser_problem():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, 5, 3])
    attack = Attack([survey], [Fact("map", cell(AXIS, STRATEGIC, COUNCIL), "mean", D("3.5"))])
    assert attack.problems and "truth is 2" in attack.problems[0]


def principles_survey() -> Survey:
    """One principle of two one-statement elements; four VCS respondents answered element A,
    only one answered element B (the others said they don't know)."""
    sides, answers = {}, {}
    vcs_a, vcs_b = [4, 4, 5, 3], [2, DK, DK, DK]
    for i in range(4):
        p = f"v{i}"
        sides[p] = VCS
        answers[(p, ("stmt", "a1"))] = vcs_a[i]
        answers[(p, ("stmt", "b1"))] = vcs_b[i]
        answers[(p, ("any_p", "P"))] = YES
    return Survey(
        "Round",
        3,
        sides,
        answers,
        element_statements={"A": ["a1"], "B": ["b1"]},
        principle_elements={"P": ["A", "B"]},
    )


def distribution(survey, c, source):
    return [Fact(source, c, f"dist{v}", D(int(survey.value(c, f"dist{v}")))) for v in range(1, 6)]


def test_a_principles_distribution_gives_away_its_withheld_element():
    survey = principles_survey()
    a, b, p = (cell(ELEMENT, "A", VCS), cell(ELEMENT, "B", VCS), cell(PRINCIPLE, "P", VCS))
    facts = distribution(survey, a, "profile.csv") + [Fact("page", b, "mean", None)]
    assert Attack([survey], facts).withheld_derivations() == []
    facts += distribution(survey, p, "api")
    derived = [str(f) for f in Attack([survey], facts).withheld_derivations()]
    assert any("withheld dist2 of Round: element B [vcs] = 1" in f for f in derived)
    # B has one answer, so that is one respondent's answer, though not whose: the model says
    # so only where a single respondent's unknown is determined.
    assert Attack([survey], facts).respondent_derivations() == []


def test_tick_counts_together_minus_a_side():
    sides = {f"c{i}": COUNCIL for i in range(5)} | {"v0": VCS, "v1": VCS}
    answers = {}
    for p in sides:
        answers[(p, ("barrier_base",))] = YES
    answers[("v0", ("barrier", "x"))] = YES
    answers[("c0", ("barrier", "x"))] = YES
    survey = Survey("Round", 5, sides, answers, barriers=["x"])
    council, together, vcs = (cell(BARRIER, "x", g) for g in (COUNCIL, TOGETHER, VCS))
    facts = [
        Fact("page", council, "count", D(1)),
        Fact("page", together, "count", D(2)),
        Fact("page", vcs, "count", None),
        Fact("page", cell(BARRIER_BASE, "", COUNCIL), "count", D(5)),
    ]
    findings = Attack([survey], facts).findings()
    assert any("withheld count of Round: barrier x [vcs] = 1" in str(f) for f in findings["a"])
    assert findings["d"]


def test_together_from_enough_people_beside_two_withheld_sides_isolates_neither():
    survey = mapping_survey([2, 2], [4, 5, 3])  # 2 + 3 respondents: each side under 5
    facts = [withheld(COUNCIL), withheld(VCS), *figure(survey, TOGETHER)]
    findings = Attack([survey], facts).findings()
    assert findings["a"] == [] and findings["d"] == []
    # With the council's figure shown as well, the sector's is together minus it.
    shown = [*figure(survey, COUNCIL), withheld(VCS), *figure(survey, TOGETHER)]
    findings = Attack([survey], shown).findings()
    assert findings["d"] and findings["a"]


def test_a_one_person_sides_dont_know_printed_is_their_answer():
    survey = principles_survey()
    survey.sides = {"v1": VCS}  # one respondent, who said they don't know about B
    b = cell(ELEMENT, "B", VCS)
    assert survey.size(b) == 0  # an empty cell: nobody answered 1-5
    findings = Attack([survey], [Fact("api", b, "dk", D(1))]).respondent_derivations()
    assert any("to ('stmt', 'b1') (dk)" in str(f) for f in findings)


def test_a_comment_from_a_small_group_is_reported():
    survey = mapping_survey([2, 2, 2, 1, 3, 2], [4, NONE, NONE])
    comments = [("page", "Round", "council0", "R"), ("page", "Round", "vcs0", "R")]
    found = Attack([survey], [], comments=comments).comments_from_too_few()
    assert len(found) == 1 and "from one of 1 vcs respondents who rated R" in str(found[0])
