"""Flagging identical or near-identical answer sets sent through one shared link, for the
facilitator of the side other than the one who made the link (docs/adr/0007, "Shared
links"). Dummy answers typed in to isolate a real response are often copies of each other;
a flag asks the other facilitator to look before confirming the link. It says how many
answer sets look alike, never which or what they said."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .models import Response, ResponseStatus
from .sections import sections_for_round

# Two answer sets are near-identical when they give the same answer to at least this share of
# the questions either answered, over at least MIN_COMPARED questions.
AGREEMENT = 0.9
MIN_COMPARED = 5


def near_identical(a: dict, b: dict) -> bool:
    questions = a.keys() | b.keys()
    if len(questions) < MIN_COMPARED:
        return False
    same = sum(1 for q in questions if q in a and q in b and a[q] == b[q])
    return same / len(questions) >= AGREEMENT


@dataclass(frozen=True)
class LinkFlag:
    answer_sets: int  # sent through the link, counted or held
    alike: int  # of them, how many are near-identical to another one


def shared_link_flags(round_) -> dict[int, LinkFlag]:
    """For each shared link of the round with answer sets that look alike: how many. One
    query for the responses, and each section's own fixed number for their answers."""
    by_link: dict[int, list[int]] = defaultdict(list)
    for pk, link_id in Response.objects.filter(
        round=round_,
        shared_link__isnull=False,
        status__in=(ResponseStatus.SUBMITTED, ResponseStatus.HELD),
    ).values_list("pk", "shared_link_id"):
        by_link[link_id].append(pk)
    ids = [pk for pks in by_link.values() for pk in pks if len(pks) > 1]
    if not ids:
        return {}
    answers: dict[int, dict] = {pk: {} for pk in ids}
    for section in sections_for_round(round_):
        if section.answers is None:
            continue
        for pk, given in section.answers(ids).items():
            answers[pk].update({(section.key, q): v for q, v in given.items()})
    flags = {}
    for link_id, pks in by_link.items():
        alike = set()
        for a, b in combinations(pks, 2):
            if near_identical(answers.get(a, {}), answers.get(b, {})):
                alike.update((a, b))
        if alike:
            flags[link_id] = LinkFlag(len(pks), len(alike))
    return flags
