"""Issue 15: where answers were given (on paper or online, at which workshop) read by a
determined reader from the round's page and the records of two workshops of the same round.

Each output once decided its own counts: the round's page split each side into on paper and
online, and each workshop's record split it into online here, on paper here and elsewhere. A
reader with both could subtract: the round's paper less workshop B's paper is workshop A's,
withheld on A's record; the responses through shared links less the paper and B's online is
A's online. Now one decision over the round (rounds.selectors.response_channels, ADR 30) is read
by all of them.

The reader here is an area member with the results (any role: facilitators see each link's
count on the links page anyway). Their unknowns are each side's groups of respondents: on paper
at A, at B, elsewhere; online at A, at B, elsewhere through another shared link, elsewhere not
through a shared link. They are granted every group that is empty (the disclosure rule's own
assumption: an empty group hides nothing) and nothing on paper away from a workshop (paper
forms are only typed in through a workshop's piles). What they read are the printed counts;
what they know besides is that each total is the sum of its parts. Two checks, each on every
count printed as words ("fewer than 5", "not shown"):

- the brief's fixed point: a count is worked out when it is the only unknown in one of the
  totals' equations, after putting in the counts worked out so far, until nothing more is;
- the exact one: its groups are a sum, with any signs, of the printed counts' groups and the
  empty ones (rank over the rationals, with numpy).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.paper.models import PaperPile
from toolkit.rounds.models import Response, ResponseStatus, RoundStatus
from toolkit.rounds.selectors import counted_summary, response_counts
from toolkit.rounds.tests.factories import RespondentLinkFactory, RoundFactory
from toolkit.workshops import selectors as workshop_selectors
from toolkit.workshops.tests.factories import WorkshopFactory

from .collect import docx_tables

pytestmark = pytest.mark.django_db

THRESHOLD = 5  # the area's setting (the brief's default)
SIDES = {Side.COUNCIL: "Council", Side.VCS: "Voluntary and community sector"}

# Each side's groups of respondents: the unknowns.
PAPER_A, PAPER_B, PAPER_ELSEWHERE = "paper at A", "paper at B", "paper elsewhere"
ONLINE_A, ONLINE_B = "online at A", "online at B"
SHARED_ELSEWHERE, NOT_SHARED = "online elsewhere, shared link", "online, no shared link"
GROUPS = (PAPER_A, PAPER_B, PAPER_ELSEWHERE, ONLINE_A, ONLINE_B, SHARED_ELSEWHERE, NOT_SHARED)

# Every count an output prints, and the totals a reader can form, as the groups they add up.
RESPONSES, THROUGH_SHARED, ON_PAPER = "responses", "through shared links", "on paper"
ONLINE, ONLINE_ELSEWHERE, ONLINE_SHARED = "online", "online elsewhere", "online, shared links"
AT_A, AT_B = "at A, online and on paper", "at B, online and on paper"
MADE_OF = {
    AT_A: {ONLINE_A, PAPER_A},
    AT_B: {ONLINE_B, PAPER_B},
    RESPONSES: set(GROUPS),
    THROUGH_SHARED: set(GROUPS) - {NOT_SHARED},
    ON_PAPER: {PAPER_A, PAPER_B, PAPER_ELSEWHERE},
    ONLINE: {ONLINE_A, ONLINE_B, SHARED_ELSEWHERE, NOT_SHARED},
    ONLINE_ELSEWHERE: {SHARED_ELSEWHERE, NOT_SHARED},
    ONLINE_SHARED: {ONLINE_A, ONLINE_B, SHARED_ELSEWHERE},
    **{g: {g} for g in GROUPS},
}
# The totals' equations (total, parts) a reader knows, over the same names.
EQUATIONS = (
    (RESPONSES, (ON_PAPER, ONLINE)),
    (ON_PAPER, (PAPER_A, PAPER_B, PAPER_ELSEWHERE)),
    (ONLINE, (ONLINE_A, ONLINE_B, ONLINE_ELSEWHERE)),
    (ONLINE_ELSEWHERE, (SHARED_ELSEWHERE, NOT_SHARED)),
    (THROUGH_SHARED, (ON_PAPER, ONLINE_SHARED)),
    (ONLINE_SHARED, (ONLINE_A, ONLINE_B, SHARED_ELSEWHERE)),
    (RESPONSES, (THROUGH_SHARED, NOT_SHARED)),
    (AT_A, (ONLINE_A, PAPER_A)),
    (AT_B, (ONLINE_B, PAPER_B)),
)
for _total, _parts in EQUATIONS:  # the equations say what MADE_OF says
    assert MADE_OF[_total] == set().union(*(MADE_OF[p] for p in _parts)), _total


@dataclass(frozen=True)
class Printed:
    source: str
    side: str
    figure: str
    value: int | None  # None: printed as words
    text: str


# --- the round, as the scenario says ---------------------------------------------------------


def build(sizes: dict[str, dict[str, int]]):
    """A closed round with workshops A and B, each with its joining links and a paper pile per
    side, and the counted responses `sizes[side][group]`."""
    round_ = RoundFactory(status=RoundStatus.CLOSED)
    workshops = {}
    for name in ("A", "B"):
        workshop = WorkshopFactory(round=round_, title=f"Workshop {name}")
        workshop.council_link = RespondentLinkFactory(round=round_, side=Side.COUNCIL)
        workshop.vcs_link = RespondentLinkFactory(round=round_, side=Side.VCS)
        workshop.save()
        workshops[name] = workshop
    other_shared = {s: RespondentLinkFactory(round=round_, side=s) for s in SIDES}
    responses = []
    for side, groups in sizes.items():
        piles = {
            name: PaperPile.objects.create(
                workshop=w, side=side, link=RespondentLinkFactory(round=round_, side=side), forms=50
            )
            for name, w in workshops.items()
        }
        joining = {name: w.council_link if side == Side.COUNCIL else w.vcs_link
                   for name, w in workshops.items()}  # fmt: skip
        where = {
            PAPER_A: (piles["A"].link, True),
            PAPER_B: (piles["B"].link, True),
            ONLINE_A: (joining["A"], False),
            ONLINE_B: (joining["B"], False),
            SHARED_ELSEWHERE: (other_shared[side], False),
            NOT_SHARED: (None, False),
        }
        for group, n in groups.items():
            link, on_paper = where[group]
            responses += [
                Response(
                    round=round_,
                    side=side,
                    status=ResponseStatus.SUBMITTED,
                    started_on=round_.opened_on,
                    submitted_on=round_.opened_on,
                    shared_link=link,
                    on_paper=on_paper,
                )
                for _ in range(n)
            ]
    Response.objects.bulk_create(responses)
    return round_, workshops


# --- what the outputs print ------------------------------------------------------------------


def count_of(text: str) -> int | None:
    return int(text) if text.isdigit() else None


SUMMARY = re.compile(
    r"^(?:how many responses were counted is (?P<total_withheld>not shown)"
    r"|(?P<responses>.+?) responses counted)"
    r"(?:, (?P<shared>.+?) of them through shared links"
    r"| \(how many came through shared links is not shown\))?"
    r"(?:; (?P<paper>.+?) of them on paper)?$"
)


def summary_counts(source: str, side: str, words: str) -> list[Printed]:
    match = SUMMARY.match(words[0].lower() + words[1:])
    assert match, f"{source} says {words!r}, which the reader cannot parse"
    printed = []
    for figure, group in (
        (RESPONSES, "responses"),
        (THROUGH_SHARED, "shared"),
        (ON_PAPER, "paper"),
    ):
        text = match[group] or (match["total_withheld"] if group == "responses" else None)
        if text is not None:
            printed.append(Printed(source, side, figure, count_of(text), text))
    if "(how many came through shared links is not shown)" in match[0]:
        printed.append(Printed(source, side, THROUGH_SHARED, None, "not shown"))
    return printed


def read_through_selectors(round_, workshops) -> list[Printed]:
    printed = []
    labels = {label: side for side, label in SIDES.items()}
    for label, words in counted_summary(round_, response_counts(round_)):
        printed += summary_counts("round page", labels[label], words)
    for name, workshop in workshops.items():
        for part in workshop_selectors.participation(workshop):
            source = f"record of {name}"
            online, paper, at = (
                (ONLINE_A, PAPER_A, AT_A) if name == "A" else (ONLINE_B, PAPER_B, AT_B)
            )
            printed.append(Printed(source, part.side, online, part.online.value, part.online.text))
            printed.append(
                Printed(source, part.side, paper, part.on_paper.value, part.on_paper.text)
            )
            printed.append(Printed(source, part.side, at, part.in_all.value, part.in_all.text))
    return printed


def read_through_pages(round_, workshops) -> list[Printed]:
    """The same, from the round's page and each record's Word file, as a council participant
    gets them."""
    member = MembershipFactory(area=round_.area, role=Role.COUNCIL_PARTICIPANT)
    client = Client()
    client.force_login(member.user)
    area = round_.area.gss_code
    page = client.get(reverse("rounds:detail", args=[area, round_.public_id]))
    assert page.status_code == 200
    found = re.findall(
        r'<dt class="govuk-summary-list__key">([^<]+)</dt>'
        r'<dd class="govuk-summary-list__value">([^<]+)</dd>',
        page.content.decode(),
    )
    labels = {label: side for side, label in SIDES.items()}
    printed = []
    for label, words in found:
        if label not in labels:
            continue  # another summary on the page (the round's settings)
        printed += summary_counts("round page (HTML)", labels[label], html_unescape(words))
    assert {p.side for p in printed} == set(SIDES), found
    for name, workshop in workshops.items():
        record = client.get(reverse("workshops:record-docx", args=[area, workshop.public_id]))
        assert record.status_code == 200
        tables, _text = docx_tables(record.content)
        (table,) = [t for t in tables if t.header[:3] == ["Side", "Online", "On paper"]]
        assert table.header[3] == "At this workshop (online + on paper)"
        online, paper, at = (ONLINE_A, PAPER_A, AT_A) if name == "A" else (ONLINE_B, PAPER_B, AT_B)
        source = f"record of {name} (Word)"
        for label, online_text, paper_text, at_text in table.rows:
            side = Side.COUNCIL if label == "Council" else Side.VCS
            printed.append(Printed(source, side, online, count_of(online_text), online_text))
            printed.append(Printed(source, side, paper, count_of(paper_text), paper_text))
            printed.append(Printed(source, side, at, count_of(at_text), at_text))
    return printed


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --- the reader's two ways of working counts out -----------------------------------------------


def worked_out_by_fixed_point(known: dict[str, int]) -> dict[str, int]:
    known = dict(known)
    while True:
        before = len(known)
        for total, parts in EQUATIONS:
            names = (total, *parts)
            unknown = [n for n in names if n not in known]
            if len(unknown) != 1:
                continue
            (name,) = unknown
            parts_sum = sum(known[p] for p in parts if p in known)
            known[name] = parts_sum if name == total else known[total] - parts_sum
        if len(known) == before:
            return known


def worked_out_exactly(figure: str, known: list[str]) -> bool:
    def row(name):
        return [1.0 if g in MADE_OF[name] else 0.0 for g in GROUPS]

    rows = np.array([row(k) for k in known] or [[0.0] * len(GROUPS)])
    with_target = np.vstack([rows, row(figure)])
    return np.linalg.matrix_rank(with_target) == np.linalg.matrix_rank(rows)


def leaks(sizes: dict[str, dict[str, int]], printed: list[Printed]) -> list[str]:
    found = []
    for side, groups in sizes.items():
        true = {name: sum(groups.get(g, 0) for g in made) for name, made in MADE_OF.items()}
        mine = [p for p in printed if p.side == side]
        for p in mine:
            if p.value is not None:
                assert p.value == true[p.figure], p  # the outputs print true counts
                if 0 < p.value < THRESHOLD:
                    found.append(f"{side}: {p.source} prints {p.figure} = {p.value}")
        empty = {g: 0 for g in GROUPS if not groups.get(g, 0)} | {PAPER_ELSEWHERE: 0}
        shown = {p.figure: p.value for p in mine if p.value is not None} | empty
        worked = worked_out_by_fixed_point(shown)
        for p in mine:
            # An empty group's "not shown" hides nothing: the reader was granted it.
            if p.value is not None or not true[p.figure]:
                continue
            how = []
            if p.figure in worked:
                how.append(f"by the totals' equations ({worked[p.figure]})")
            if worked_out_exactly(p.figure, list(shown)):
                how.append("by adding and subtracting")
            if how:
                found.append(
                    f"{side}: {p.figure}, {p.text!r} on {p.source}, = {true[p.figure]} "
                    + " and ".join(how)
                )
    return found


# --- scenarios ---------------------------------------------------------------------------------


def sizes_of(**by_side) -> dict[str, dict[str, int]]:
    return {side: dict(by_side.get(side, {})) for side in SIDES}


NAMED = {
    # The brief's example: the round's 8 on paper less B's 6 gives A's 2.
    "paper total less one workshop's paper": sizes_of(
        vcs={PAPER_A: 2, PAPER_B: 6, ONLINE_A: 6, ONLINE_B: 6, NOT_SHARED: 10},
        council={ONLINE_A: 6, ONLINE_B: 6, NOT_SHARED: 8},
    ),
    # The same with online: 20 through shared links less 12 on paper and B's 6 gives A's 2.
    "shared links less paper and one workshop's online": sizes_of(
        vcs={PAPER_A: 6, PAPER_B: 6, ONLINE_A: 2, ONLINE_B: 6, NOT_SHARED: 10},
        council={PAPER_A: 5, ONLINE_B: 7, NOT_SHARED: 9},
    ),
    # One workshop with paper and phones: the shared links less the paper give its online.
    "shared links less paper at one workshop": sizes_of(
        vcs={PAPER_A: 6, ONLINE_A: 3, NOT_SHARED: 12},
        council={ONLINE_A: 5, NOT_SHARED: 6},
    ),
    # Seen in a try of a workshop: a few answered on phones and a few on paper, each too few
    # to print, and the room's answers vanished from the record. The council's 7 in all are
    # now printed; the sector's 9 are not: with its 7 on paper shown they would give away its 2
    # online, so a total beside a shown half is always withheld.
    "a few online and a few on paper at one workshop": sizes_of(
        vcs={PAPER_A: 7, ONLINE_A: 2, ONLINE_B: 6, NOT_SHARED: 9},
        council={
            PAPER_A: 3,
            PAPER_B: 1,
            ONLINE_A: 4,
            ONLINE_B: 5,
            SHARED_ELSEWHERE: 6,
            NOT_SHARED: 4,
        },
    ),
    # Personal links under the threshold beside a side wholly shown.
    "a few answers through personal links": sizes_of(
        vcs={PAPER_A: 5, PAPER_B: 5, ONLINE_A: 6, ONLINE_B: 7, NOT_SHARED: 2},
        council={ONLINE_A: 8, SHARED_ELSEWHERE: 5, NOT_SHARED: 5},
    ),
}


def generated(count: int, seed: int = 15) -> dict[str, dict[str, dict[str, int]]]:
    """Rounds with every group at sizes around the threshold (empty, under it, at it, over)."""
    rng = random.Random(seed)
    sizes = (0, 0, 1, 2, 3, 4, 5, 6, 7, 9)
    groups = (PAPER_A, PAPER_B, ONLINE_A, ONLINE_B, SHARED_ELSEWHERE, NOT_SHARED)
    return {
        f"generated {i}": {side: {g: rng.choice(sizes) for g in groups} for side in SIDES}
        for i in range(count)
    }


@pytest.mark.usefixtures("framework_loaded")
@pytest.mark.parametrize("name", list(NAMED))
def test_named_leaks_are_closed_on_the_pages_as_rendered(name):
    sizes = NAMED[name]
    round_, workshops = build(sizes)
    printed = read_through_pages(round_, workshops)
    assert {p.source for p in printed} == {
        "round page (HTML)",
        "record of A (Word)",
        "record of B (Word)",
    }
    found = leaks(sizes, printed)
    assert not found, "\n".join(found)
    # The selectors print what the pages do.
    by_selectors = {
        (p.side, p.figure, p.text.lower()) for p in read_through_selectors(round_, workshops)
    }
    assert by_selectors == {(p.side, p.figure, p.text.lower()) for p in printed}


GENERATED = generated(40)


@pytest.mark.parametrize("name", list(GENERATED))
def test_no_withheld_count_follows_from_the_round_page_and_two_workshop_records(name):
    sizes = GENERATED[name]
    round_, workshops = build(sizes)
    printed = read_through_selectors(round_, workshops)
    found = leaks(sizes, printed)
    assert not found, "\n".join(found)


def test_the_generated_rounds_withhold_counts_on_every_output():
    """The suite is only worth its name if the outputs withhold something in most rounds and
    show something in many: otherwise it would pass whatever the rule did."""
    withheld = shown = 0
    for sizes in GENERATED.values():
        round_, workshops = build(sizes)
        printed = [p for p in read_through_selectors(round_, workshops) if p.source != "round page"]
        withheld += any(p.value is None for p in printed)
        shown += any(p.value for p in printed)
    assert withheld >= 30 and shown >= 10, (withheld, shown)


def test_the_reader_is_caught_when_a_count_is_printed_that_gives_another_away():
    """The checker itself: a round page that printed its paper total beside B's shown paper
    and A's hidden one is caught, both ways."""
    sizes = NAMED["paper total less one workshop's paper"]
    printed = [
        Printed("page", Side.VCS, ON_PAPER, 8, "8"),
        Printed("record", Side.VCS, PAPER_B, 6, "6"),
        Printed("record", Side.VCS, PAPER_A, None, "fewer than 5"),
    ]
    (found,) = leaks({Side.VCS: sizes[Side.VCS]}, printed)
    assert "paper at A" in found and "equations (2)" in found and "subtracting" in found


def test_where_answers_were_given_is_read_in_two_queries_whatever_the_workshops(
    django_assert_max_num_queries,
):
    from toolkit.rounds.selectors import response_channels

    sizes = NAMED["paper total less one workshop's paper"]
    round_, workshops = build(sizes)
    with django_assert_max_num_queries(2):
        channels = response_channels(round_)
    assert channels.at(workshops["B"].pk, Side.VCS, on_paper=True).text == "not shown"
    for n in range(3):
        workshop = WorkshopFactory(round=round_, title=f"Later workshop {n}")
        PaperPile.objects.create(
            workshop=workshop,
            side=Side.VCS,
            link=RespondentLinkFactory(round=round_, side=Side.VCS),
            forms=5,
        )
    with django_assert_max_num_queries(2):
        channels = response_channels(round_)
    assert len(channels.gatherings) == 5
    with django_assert_max_num_queries(2):
        workshop_selectors.participation(workshops["A"])


@pytest.mark.usefixtures("framework_loaded")
def test_the_record_says_how_many_answered_at_the_workshop_when_both_halves_are_too_few():
    """The tester's case: at workshop A the council gave 3 answers on paper and 4 on phones,
    each "fewer than 5" on the record, and nothing said that 7 council people had answered
    in the room. The sector's 9 there (7 on paper, shown, and 2 online) cannot be printed:
    with the 7 they would give the 2 away."""
    sizes = NAMED["a few online and a few on paper at one workshop"]
    round_, workshops = build(sizes)
    parts = {p.side: p for p in workshop_selectors.participation(workshops["A"])}
    council, vcs = parts[Side.COUNCIL], parts[Side.VCS]
    assert (council.online.text, council.on_paper.text, council.in_all.text) == (
        "fewer than 5",
        "fewer than 5",
        "7",
    )
    assert (vcs.online.text, vcs.on_paper.text, vcs.in_all.text) == (
        "fewer than 5",
        "7",
        "not shown",
    )


def test_the_round_page_prints_no_side_total_the_one_decision_withholds(monkeypatch):
    """The round page's summary gives each side's total as the one decision words it, not as
    another rule would: were the decision ever to withhold a side's total (to protect another
    figure), the page must not print it from elsewhere."""
    from toolkit.disclosure.table import PROTECTS
    from toolkit.rounds import selectors as round_selectors

    decide = round_selectors.response_channels

    def withholding_the_sectors_total(round_):
        channels = decide(round_)
        channels.decision.withheld[("responses", str(Side.VCS))] = PROTECTS
        return channels

    monkeypatch.setattr(round_selectors, "response_channels", withholding_the_sectors_total)
    sizes = NAMED["a few answers through personal links"]
    round_, _workshops = build(sizes)
    summary = dict(counted_summary(round_, response_counts(round_)))
    vcs_total = str(sum(sizes[Side.VCS].values()))
    assert vcs_total not in summary[SIDES[Side.VCS]], summary
    printed = summary_counts("round page", Side.VCS, summary[SIDES[Side.VCS]])
    assert [(p.figure, p.value) for p in printed] == [(RESPONSES, None)], printed
    council_total = str(sum(sizes[Side.COUNCIL].values()))
    assert summary[SIDES[Side.COUNCIL]].startswith(f"{council_total} responses counted")
