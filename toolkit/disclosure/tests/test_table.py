"""The disclosure rule with exact, small tables: primary suppression, complements,
breakdowns and the wording of counts."""

import pytest

from toolkit.disclosure.linear import combination
from toolkit.disclosure.table import (
    KEEP_SIDE_TOTAL,
    KEEP_SUBGROUP,
    KEEP_TOTAL,
    PROTECTS,
    TOO_FEW,
    Table,
)


def sides(table, item, council, vcs):
    table.add_sides(item, {"council": council, "vcs": vcs})


def test_a_figure_from_fewer_than_the_threshold_is_withheld_and_its_count_is_not_printed():
    table = Table(5)
    sides(table, "trust", 6, 3)
    decision = table.decide()
    assert decision.shown(("trust", "council"))
    assert not decision.shown(("trust", "vcs"))
    assert decision.reason(("trust", "vcs")) == TOO_FEW
    assert decision.count(("trust", "vcs")).text == "fewer than 5"
    assert decision.count(("trust", "vcs")).value is None
    assert decision.count(("trust", "council")).text == "6"


def test_together_is_withheld_beside_a_withheld_side_and_its_count_too():
    # together 9 = council 6 + vcs 3: showing together would give the VCS answers away.
    table = Table(5)
    sides(table, "trust", 6, 3)
    decision = table.decide()
    assert not decision.shown(("trust", "together"))
    assert decision.reason(("trust", "together")) == PROTECTS
    assert decision.count(("trust", "together")).text == "not shown"


def test_together_stands_when_both_sides_are_shown():
    table = Table(5)
    sides(table, "trust", 6, 5)
    decision = table.decide()
    assert all(decision.shown(("trust", s)) for s in ("council", "vcs", "together"))


def test_an_empty_side_hides_nothing():
    # Nobody from the VCS rated it: together is the council's figure, which is shown.
    table = Table(5)
    sides(table, "trust", 6, 0)
    decision = table.decide()
    assert decision.shown(("trust", "vcs"))
    assert decision.count(("trust", "vcs")).text == "0"
    assert decision.shown(("trust", "together"))


def test_both_sides_too_few_but_together_enough_is_still_withheld():
    # together 6 = 3 + 3 is not derivable from shown cells, but it is the only figure and
    # it is built from enough people: it may be shown.
    table = Table(5)
    sides(table, "trust", 3, 3)
    decision = table.decide()
    assert not decision.shown(("trust", "council"))
    assert not decision.shown(("trust", "vcs"))
    assert decision.shown(("trust", "together"))


def test_a_principle_is_withheld_for_a_side_when_one_of_its_elements_is():
    # The principle's distribution is the sum of its elements' distributions: with one
    # element withheld, the principle would give it away by subtraction.
    table = Table(5)
    for element, council, vcs in (("e1", 6, 3), ("e2", 6, 6), ("e3", 7, 6)):
        sides(table, element, council, vcs)
    for side, n in (("council", 7), ("vcs", 6)):
        table.add(("P", side), n=n, parts=[(e, side) for e in ("e1", "e2", "e3")], keep=KEEP_TOTAL)
    table.add(("P", "together"), n=13, parts=[("P", "council"), ("P", "vcs")], keep=KEEP_TOTAL)
    decision = table.decide()
    assert not decision.shown(("e1", "vcs"))
    assert not decision.shown(("P", "vcs"))
    assert not decision.shown(("P", "together"))
    assert not decision.shown(("e1", "together"))
    # Everything else stands: the elements' own figures are what the comparison is about.
    for key in (("e2", "vcs"), ("e3", "vcs"), ("P", "council"), ("e2", "together")):
        assert decision.shown(key), key


def test_a_breakdown_is_shown_whole_or_not_at_all():
    table = Table(5)
    table.add(("trust", "council"), n=12)
    table.add_breakdown(("trust", "council"), {"adults": 6, "housing": 2, "not said": 4})
    decision = table.decide()
    assert decision.shown(("trust", "council"))
    for group in ("adults", "housing", "not said"):
        assert not decision.shown((("trust", "council"), group))
    assert decision.count((("trust", "council"), "adults")).text == "not shown"
    assert decision.count((("trust", "council"), "housing")).text == "fewer than 5"


def test_a_breakdown_that_passes_is_shown_and_its_parent_total_still_is():
    table = Table(5)
    sides(table, "trust", 11, 6)
    table.add_breakdown(("trust", "council"), {"adults": 6, "not said": 5})
    decision = table.decide()
    assert decision.shown((("trust", "council"), "adults"))
    assert decision.shown(("trust", "council"))
    assert decision.shown(("trust", "together"))


def test_a_breakdown_of_elements_cannot_give_away_one_element_through_its_principle():
    # By group, e1 fails and is withheld whole; the principle by group and e2 by group must
    # not both show, or the one minus the other would give e1 by group. The breakdown of e2
    # (kept least) goes, whole.
    table = Table(5)
    table.add(("e1", "council"), n=10)
    table.add(("e2", "council"), n=10)
    table.add_breakdown(("e1", "council"), {"a": 7, "b": 3})
    table.add_breakdown(("e2", "council"), {"a": 5, "b": 5})
    table.add(
        ("P", "council", "a"),
        n=7,
        parts=[(("e1", "council"), "a"), (("e2", "council"), "a")],
        keep=KEEP_TOTAL,
    )
    decision = table.decide()
    assert not decision.shown((("e1", "council"), "a"))
    assert not decision.shown((("e2", "council"), "a"))
    assert not decision.shown((("e2", "council"), "b"))
    assert decision.shown(("P", "council", "a"))


def test_the_threshold_is_never_below_three():
    table = Table(1)
    table.add("x", n=2)
    decision = table.decide()
    assert not decision.shown("x")
    assert decision.count("x").text == "fewer than 3"


def test_a_cell_must_be_described_before_it_is_shown():
    decision = Table(5).decide()
    with pytest.raises(KeyError):
        decision.shown("nowhere")


def test_a_total_over_a_missing_cell_is_refused():
    table = Table(5)
    table.add("t", n=9, parts=["a", "b"])
    with pytest.raises(ValueError, match="not in the table"):
        table.decide()


def test_a_breakdown_must_place_every_respondent():
    table = Table(5)
    table.add("x", n=10)
    with pytest.raises(ValueError, match="every respondent"):
        table.add_breakdown("x", {"a": 6, "b": 3})


def test_decisions_are_the_same_whatever_else_is_in_the_table():
    # Blocks that share no answers are decided apart: adding an unrelated item changes
    # nothing about another.
    alone = Table(5)
    sides(alone, "trust", 6, 3)
    both = Table(5)
    sides(both, "other", 2, 2)
    sides(both, "trust", 6, 3)
    for side in ("council", "vcs", "together"):
        assert alone.decide().shown(("trust", side)) == both.decide().shown(("trust", side))


def test_combination_finds_the_sum_or_says_there_is_none():
    rows = [frozenset({0, 1}), frozenset({0})]
    made = combination(frozenset({1}), rows)
    assert made == {0: 1, 1: -1}
    assert combination(frozenset({2}), rows) is None
    assert combination(frozenset({0, 1, 2}), [frozenset({0, 1}), frozenset({2, 3})]) is None


def test_a_withheld_cells_note_says_why_in_words():
    table = Table(5)
    sides(table, "trust", 6, 3)
    decision = table.decide()
    assert decision.note(("trust", "vcs")) == "fewer than 5 respondents"
    assert decision.note(("trust", "together")) == "it would let a withheld figure be worked out"
    assert decision.note(("trust", "council")) == ""


def test_a_sides_total_over_items_is_kept_before_both_sides_together():
    # e1's VCS figure is withheld; the VCS principle must go, and then either the council's
    # principle or the principle together. The council's own total is kept.
    table = Table(5)
    for element, council, vcs in (("e1", 6, 4), ("e2", 6, 6), ("e3", 7, 6)):
        sides(table, element, council, vcs)
    for side, n in (("council", 7), ("vcs", 6)):
        table.add(
            ("P", side), n=n, parts=[(e, side) for e in ("e1", "e2", "e3")], keep=KEEP_SIDE_TOTAL
        )
    table.add(("P", "together"), n=13, parts=[("P", "council"), ("P", "vcs")], keep=KEEP_TOTAL)
    decision = table.decide()
    assert decision.reason(("P", "vcs")) == PROTECTS
    assert decision.reason(("P", "together")) == PROTECTS
    assert decision.shown(("P", "council"))


def test_a_side_split_by_two_questions_shows_each_question_whole_or_not_at_all():
    table = Table(5)
    table.add(("trust", "council"), n=22)
    table.add_breakdowns(
        ("trust", "council"),
        ("department", "role"),
        {
            ("adults", "officer"): 6,
            ("adults", "councillor"): 2,
            ("housing", "officer"): 8,
            ("not said", "officer"): 6,
        },
    )
    decision = table.decide()
    # By department: 8, 8 and 6, all shown; by role: 20 and 2, so not at all.
    for group in ("adults", "housing", "not said"):
        assert decision.shown((("trust", "council"), ("department", group)))
    for group in ("officer", "councillor"):
        assert not decision.shown((("trust", "council"), ("role", group)))
    assert decision.count((("trust", "council"), ("role", "councillor"))).text == "fewer than 5"
    # The combinations are never shown, whatever their size.
    combination = (("trust", "council"), "combination")
    assert not decision.shown((combination, ("housing", "officer")))
    assert decision.count((combination, ("housing", "officer"))).value is None


def test_a_small_combination_cannot_be_singled_out_by_subtracting_groups():
    # Every department and every role has at least 5, but adults − officers + housing is
    # the two councillors in adults: something must go.
    table = Table(5)
    table.add(("trust", "council"), n=18)
    combinations = {("A", "officer"): 6, ("A", "councillor"): 2, ("B", "officer"): 5}
    combinations[("C", "councillor")] = 5
    table.add_breakdowns(("trust", "council"), ("department", "role"), combinations)
    decision = table.decide()
    departments = [(("trust", "council"), ("department", g)) for g in "ABC"]
    roles = [(("trust", "council"), ("role", g)) for g in ("officer", "councillor")]
    assert not all(decision.shown(k) for k in departments + roles)
    # Whole or nothing, question by question.
    assert len({decision.shown(k) for k in departments}) == 1
    assert len({decision.shown(k) for k in roles}) == 1
    assert decision.shown(("trust", "council"))


def test_a_principle_by_group_is_withheld_with_an_element_it_would_give_away():
    table = Table(5)
    for element, groups in (("e1", {("a",): 7, ("b",): 3}), ("e2", {("a",): 5, ("b",): 5})):
        table.add((element, "council"), n=10)
        table.add_breakdowns((element, "council"), ("q",), groups)
    table.add(("P", "council"), n=10, parts=[("e1", "council"), ("e2", "council")], keep=KEEP_TOTAL)
    table.add_breakdown_total(("P", "council"), "q", {"a": 7, "b": 5})
    decision = table.decide()
    # e1 by group fails; P by group minus e2 by group would give it, so one of them goes
    # (e2's breakdown, kept no longer than P's, is added first: P's goes, being newest).
    assert not decision.shown((("e1", "council"), ("q", "b")))
    p_shown = decision.shown((("P", "council"), ("q", "a")))
    e2_shown = decision.shown((("e2", "council"), ("q", "a")))
    assert not (p_shown and e2_shown)
    assert decision.shown(("P", "council"))


# --- a breakdown of a breakdown's group (a side's answers on paper, by workshop) ------------


def nested(table, side, *, paper, online, shared_elsewhere=0, not_shared=0):
    """A side's responses split into paper and online, each split by workshop ("a", "b") and
    "elsewhere"; online elsewhere split again, hidden, by whether it came through a shared
    link; and the side's responses through shared links as a total over them all."""
    top = ("responses", side)
    online_elsewhere = shared_elsewhere + not_shared
    table.add(top, n=sum(paper.values()) + sum(online.values()) + online_elsewhere)
    table.add_breakdown(
        top, {"paper": sum(paper.values()), "online": sum(online.values()) + online_elsewhere}
    )
    table.add_breakdown(
        (top, "paper"), {("at", w): n for w, n in paper.items()}, keep=KEEP_SUBGROUP
    )
    table.add_breakdown(
        (top, "online"),
        {**{("at", w): n for w, n in online.items()}, "elsewhere": online_elsewhere},
        keep=KEEP_SUBGROUP,
    )
    table.add_breakdown(
        ((top, "online"), "elsewhere"),
        {"shared": shared_elsewhere, "not shared": not_shared},
        internal=True,
    )
    table.add(
        ("shared", side),
        n=sum(paper.values()) + sum(online.values()) + shared_elsewhere,
        parts=[((top, "paper"), ("at", w)) for w in paper]
        + [((top, "online"), ("at", w)) for w in online]
        + [(((top, "online"), "elsewhere"), "shared")],
    )
    return top


def test_a_group_can_be_broken_down_again_and_both_levels_are_decided_together():
    table = Table(5)
    top = nested(table, "vcs", paper={"a": 6, "b": 5}, online={"a": 7, "b": 8}, not_shared=9)
    decision = table.decide()
    assert not decision.withheld
    assert decision.count(((top, "paper"), ("at", "a"))).text == "6"
    assert decision.count(((top, "online"), "elsewhere")).text == "9"
    # The hidden parts never show, even when big enough.
    assert not decision.shown((((top, "online"), "elsewhere"), "not shared"))


def test_a_small_group_at_the_lower_level_withholds_its_breakdown_and_no_more():
    # Workshop b's 2 paper forms: paper by workshop goes, whole; the paper total (6 + 2 = 8)
    # stands, as do the online figures, which give nothing of b's paper away.
    table = Table(5)
    top = nested(table, "vcs", paper={"a": 6, "b": 2}, online={"a": 7, "b": 8}, not_shared=9)
    decision = table.decide()
    assert decision.reason(((top, "paper"), ("at", "b"))) == TOO_FEW
    assert decision.reason(((top, "paper"), ("at", "a"))) == PROTECTS
    for key in ((top, "paper"), (top, "online"), ((top, "online"), ("at", "b"))):
        assert decision.shown(key), key
    # Shared links: 8 + 7 + 8 = 23 would not give b's 2 away with a's 6 hidden too.
    assert decision.shown(("shared", "vcs"))


def test_a_withheld_upper_level_withholds_the_lower_level_that_would_rebuild_it():
    # 3 on paper: paper and online are withheld (online = total − paper). Online by workshop
    # adds up to online, so it goes too, whole, though every group of it is big enough.
    table = Table(5)
    top = nested(table, "council", paper={"a": 3, "b": 0}, online={"a": 10, "b": 7})
    decision = table.decide()
    assert decision.reason((top, "paper")) == TOO_FEW
    assert decision.reason((top, "online")) == PROTECTS
    for w in ("a", "b"):
        assert not decision.shown(((top, "online"), ("at", w))), w
    assert decision.shown(top)
    # All 20 came through shared links: that total is the side's own, shown already.
    assert decision.shown(("shared", "council"))


def test_a_total_across_both_levels_cannot_rebuild_a_withheld_group():
    # Through shared links = paper + online at the workshops. Online at b (2) is withheld,
    # and with it online by workshop, whole ("elsewhere" included). The side's 28 minus the
    # 20 through shared links would give online elsewhere (8), and from it the sum of the
    # workshops' online: the shared total, kept less than the side's, is withheld too. Paper
    # by workshop, which gives nothing away, stands.
    table = Table(5)
    top = nested(table, "vcs", paper={"a": 5, "b": 6}, online={"a": 7, "b": 2}, not_shared=8)
    decision = table.decide()
    assert decision.reason(((top, "online"), ("at", "b"))) == TOO_FEW
    assert decision.reason(((top, "online"), ("at", "a"))) == PROTECTS
    assert decision.reason(((top, "online"), "elsewhere")) == PROTECTS
    assert decision.reason(("shared", "vcs")) == PROTECTS
    for key in (((top, "paper"), ("at", "a")), (top, "paper"), (top, "online"), top):
        assert decision.shown(key), key


def test_a_small_hidden_part_is_protected_against_the_totals_that_would_give_it():
    # 2 answered through personal links: the side's 19 minus the 17 through shared links
    # would print it. The shared total (kept less than the side's) is withheld.
    table = Table(5)
    top = nested(table, "vcs", paper={"a": 0, "b": 0}, online={"a": 9, "b": 8}, not_shared=2)
    decision = table.decide()
    assert decision.reason((((top, "online"), "elsewhere"), "not shared")) == TOO_FEW
    assert not decision.shown(("shared", "vcs"))
    assert decision.shown(top)


def test_a_group_is_broken_down_once():
    table = Table(5)
    table.add("x", n=10)
    table.add_breakdown("x", {"a": 5, "b": 5})
    with pytest.raises(ValueError, match="already broken down"):
        table.add_breakdown("x", {"c": 10})
