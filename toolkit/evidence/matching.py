"""Linking published recipients and suppliers to the area's organisations.

Only identifiers link: the org-id as published (normalised: GB-COH numbers zero-padded), the
charity number and the company number given beside it (a grant to ``GB-COH-…`` often carries
the charity number too), and identifiers a person has confirmed (``RecipientLink``). Names are
used only to *suggest* a match for a person to confirm, ranked by similarity; never to link.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from toolkit.areas.models import Organisation, OrganisationKind

from .models import CharityRegistration, ContractSupplier, Grant, RecipientLink
from .parsing import charity_number, company_number, org_id_for_matching

REMEMBERED = 50_000


@dataclass
class OrganisationIndex:
    """Identifier → organisation id for one area. Its size follows the area's organisations,
    not the file being imported."""

    links: dict[str, int]
    org_ids: dict[str, int]
    charities: dict[str, int]
    companies: dict[str, int]
    # A file names the same recipients again and again (a funder's regular grantees): each is
    # worked out once, up to REMEMBERED of them, so memory stays flat whatever the file.
    remembered: dict[tuple[str, str, str], int | None] = field(default_factory=dict, repr=False)

    @classmethod
    def for_area(cls, area) -> OrganisationIndex:
        links = dict(
            RecipientLink.objects.filter(area=area).values_list("published_id", "organisation_id")
        )
        org_ids, charities, companies = {}, {}, {}
        for pk, org_id in (
            Organisation.objects.filter(area=area, kind=OrganisationKind.VCS)
            .exclude(org_id="")
            .values_list("pk", "org_id")
        ):
            normalised = org_id_for_matching(org_id)
            org_ids[normalised] = pk
            if normalised.startswith("GB-CHC-"):
                charities[normalised[7:]] = pk
            elif normalised.startswith("GB-COH-"):
                companies[normalised[7:]] = pk
        for number, company, pk in CharityRegistration.objects.filter(area=area).values_list(
            "charity_number", "company_number", "organisation_id"
        ):
            charities.setdefault(number, pk)
            if company:
                companies.setdefault(company, pk)
        return cls(links, org_ids, charities, companies)

    def match(self, published_id: str, charity: str = "", company: str = "") -> int | None:
        key = (published_id, charity, company)
        if key in self.remembered:
            return self.remembered[key]
        found = self._match(published_id, charity, company)
        if len(self.remembered) < REMEMBERED:
            self.remembered[key] = found
        return found

    def _match(self, published_id: str, charity: str, company: str) -> int | None:
        if published_id in self.links:
            return self.links[published_id]
        normalised = org_id_for_matching(published_id)
        if normalised in self.org_ids:
            return self.org_ids[normalised]
        if normalised.startswith("GB-CHC-") and normalised[7:] in self.charities:
            return self.charities[normalised[7:]]
        if normalised.startswith("GB-COH-") and normalised[7:] in self.companies:
            return self.companies[normalised[7:]]
        number = charity_number(charity)
        if number and number in self.charities:
            return self.charities[number]
        number = company_number(company)
        if number and number in self.companies:
            return self.companies[number]
        return None


def rematch_recipients(area) -> int:
    """Link grants and contract suppliers that were unmatched, now that more organisations
    (or confirmed links) exist. Returns how many rows were linked."""
    if not (
        Grant.objects.filter(area=area, recipient__isnull=True).exists()
        or ContractSupplier.objects.filter(contract__area=area, organisation__isnull=True).exists()
    ):
        return 0
    index = OrganisationIndex.for_area(area)
    linked = 0
    for grant in (
        Grant.objects.filter(area=area, recipient__isnull=True)
        .only("pk", "recipient_org_id", "recipient_charity_number", "recipient_company_number")
        .iterator(chunk_size=1000)
    ):
        pk = index.match(
            grant.recipient_org_id, grant.recipient_charity_number, grant.recipient_company_number
        )
        if pk:
            Grant.objects.filter(pk=grant.pk).update(recipient_id=pk)
            linked += 1
    for supplier in ContractSupplier.objects.filter(
        contract__area=area, organisation__isnull=True
    ).only("pk", "party_id", "org_id"):
        pk = index.match(supplier.party_id) or (
            index.match(supplier.org_id) if supplier.org_id else None
        )
        if pk:
            ContractSupplier.objects.filter(pk=supplier.pk).update(organisation_id=pk)
            linked += 1
    return linked


# Words that say what kind of body an organisation is, or join the others, rather than which
# one it is: two names sharing only these ("The Proud Trust", "The D C Trust") are not alike.
# fmt: off
GENERIC_WORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with", "s", "st",
    "association", "associations", "centre", "center", "charitable", "charity", "church",
    "club", "co", "cic", "cio", "community", "communities", "company", "forum", "foundation",
    "friends", "fund", "group", "groups", "inc", "incorporated", "interest", "limited", "llp",
    "ltd", "network", "organisation", "organization", "partnership", "plc", "project",
    "projects", "service", "services", "society", "team", "trust", "trustees", "uk",
})
# fmt: on
# A word in at least this share of an area's organisation names (and no fewer than
# LOCAL_MINIMUM of them) is common there too: its place names ("Trafford", "Altrincham",
# "Manchester") and words like "school" or "park".
LOCAL_SHARE = 0.01
LOCAL_MINIMUM = 5
# Names this alike are suggested even when every word they share is common ("Sale and
# District Scout Council", "Sale District Scout Council").
NEARLY_THE_SAME = 90
# Otherwise the words that tell bodies apart (all but the common ones) must be this alike.
DISTINCTIVE_ALIKE = 75


def name_words(name: str) -> set[str]:
    return set(utils.default_process(name).split())


def common_words(names) -> frozenset[str]:
    """GENERIC_WORDS and the words common among `names` (an area's organisation names)."""
    names = list(names)
    counts = Counter(word for name in names for word in name_words(name))
    floor = max(LOCAL_MINIMUM, math.ceil(LOCAL_SHARE * len(names)))
    return GENERIC_WORDS | {word for word, n in counts.items() if n >= floor}


# A word that tells one body apart must be at least this alike a word of the other name (or
# two of its words run together: "Gorsehill", "Gorse Hill").
WORD_ALIKE = 80


def _words_found(fewer: list[str], more: list[str]) -> bool:
    joined = " ".join(more)
    return all(fuzz.partial_ratio(word, joined) >= WORD_ALIKE for word in fewer)


def bodies_alike(name: str, choice: str, common) -> bool:
    """Whether two names not nearly the same may still name one body: the words that tell
    bodies apart are alike as a whole and word by word (every such word of the name with fewer
    is in the other), and, where both name the area's own common words (its places: "Sale",
    "Timperley"), they share one. "Love Partington" is not "Partington Old School Hall",
    nor "Sale West Amateur Boxing Club" "Timperley Amateur Boxing Club"."""
    own = [w for w in utils.default_process(name).split() if w not in common]
    theirs = [w for w in utils.default_process(choice).split() if w not in common]
    if not own or not theirs:
        return False
    if fuzz.token_sort_ratio(" ".join(sorted(own)), " ".join(sorted(theirs))) < DISTINCTIVE_ALIKE:
        return False
    fewer, more = sorted((own, theirs), key=len)
    if not _words_found(fewer, more):
        return False
    local = common - GENERIC_WORDS
    own_local, their_local = name_words(name) & local, name_words(choice) & local
    return not (own_local and their_local and not own_local & their_local)


def name_suggestions(
    name: str, choices: dict[int, str], limit: int = 3, cutoff: float = 60, common=None
):
    """Organisations whose names are most like `name`: [(organisation id, name, score 0–100)],
    best first, the score comparing the whole names. A suggestion for a person to confirm;
    never applied automatically. Names not nearly the same are suggested only when
    bodies_alike: "Friends of Walton Park" and "Friends of Urmston" (75% alike) or
    "Trafford Petanque" and "Age UK Trafford" (69%) are plainly different bodies."""
    if not name or not choices:
        return []
    common = common_words(choices.values()) if common is None else common
    found = process.extract(
        name,
        choices,
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=cutoff,
    )
    return [
        (key, choice, round(score))
        for choice, score, key in found
        if score >= NEARLY_THE_SAME or bodies_alike(name, choice, common)
    ][:limit]
