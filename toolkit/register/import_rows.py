"""One row of a register file read into ``RelationshipData``, with every problem in it
reported at once (``RowReader``). The rules themselves are ``services.relationship_problems``,
shared with the form and the API; this module maps them to the file's columns."""

from __future__ import annotations

import re
from collections.abc import Callable

from toolkit.areas.models import Membership, Organisation, OrganisationKind
from toolkit.core.spreadsheets import ValueProblem, parse_date

from . import services
from .leads import LeadValue, lead_problems
from .models import Judgement, MeetingFrequency, RegionKind, Scale, Status, Structure
from .services import QualityAnswer, RelationshipData
from .transfer import LEAD_COLUMNS, LIST_SEPARATOR, choices_text
from .vocabulary import Vocabulary

REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
YES = {"yes", "y", "true", "1", "present"}
NO = {"no", "n", "false", "0", "", "not present"}

# A rule of ``relationship_problems`` (by the form's field name) → (column, what is wrong).
RULE_WHAT = {
    "title": ("Name", "The name is missing or too long"),
    "parties": ("VCS parties", "The relationship has fewer than two parties"),
    "main_type": ("Main type", "The main type is missing"),
    "judgement_reasoning": ("Reasoning for the judgement", "There is a judgement but no reasoning"),
    "region_kind": (
        "Kind of region",
        "A kind of region is given for a relationship that is not regional",
    ),
}


def _lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[value.casefold()] = value
        table[label.casefold()] = value
    return table


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


class Organisations:
    def __init__(self, area):
        self.by_key: dict[str, list[Organisation]] = {}
        for o in Organisation.objects.filter(area=area).select_related("parent"):
            for key in {o.name, str(o), o.org_id}:
                if key:
                    self.by_key.setdefault(key.casefold(), []).append(o)

    def find(self, text: str) -> list[Organisation]:
        return list({o.pk: o for o in self.by_key.get(text.casefold(), [])}.values())


class Leads:
    """A row's lead cells read as ``register.leads.LeadValue``: a name that is exactly one
    member of the area's (on either side, membership ended or not) is that member; any
    other name is someone without an account."""

    def __init__(self, area):
        self.area = area
        self.members: dict[str, list[Membership]] = {}
        for m in Membership.objects.filter(area=area).select_related("user"):
            if m.side is not None:
                self.members.setdefault(_name_key(m.user.full_name), []).append(m)

    def read(self, cells, add) -> dict[str, LeadValue | None]:
        """The sides whose columns the file has: {side: lead, or None for no lead}."""
        leads = {}
        for side, (name_key, title_key) in LEAD_COLUMNS.items():
            if name_key not in cells and title_key not in cells:
                continue
            name, job_title = cells.get(name_key, ""), cells.get(title_key, "")
            if not name:
                if job_title:
                    add(name_key, "There is a job title but no name", "Add the lead's name")
                leads[side] = None
                continue
            found = self.members.get(_name_key(name), [])
            if len(found) > 1:
                add(
                    name_key,
                    f"More than one member of the area is called ‘{name}’",
                    "Leave the cell empty and choose the lead on the relationship's page",
                )
                continue
            value = LeadValue(name=name, job_title=job_title, member=found[0] if found else None)
            for problem in lead_problems(self.area, side, value):
                add(name_key, f"‘{name}’ cannot be this lead", problem)
            leads[side] = value
        return leads


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class RowReader:
    """Reads one row into ``RelationshipData``, reporting every problem in it at once."""

    def __init__(self, vocab: Vocabulary, orgs: Organisations, headers: dict[str, str]):
        self.vocab, self.orgs, self.headers = vocab, orgs, headers
        self.types = {}
        for slug in vocab.types:
            for key in (slug, vocab.type_title(slug), vocab.type_short(slug)):
                self.types[key.casefold()] = slug
        self.type_names = ", ".join(vocab.type_short(s) for s in vocab.types)

    def read(self, number: int, cells: dict[str, str], report: Callable) -> RelationshipData:
        columns_with_problems: set[str] = set()

        def add(key, problem, fix):
            columns_with_problems.add(key)
            report(number, self.headers.get(key, key), problem, fix)

        main_type, other_types = self._types(cells, add)
        data = RelationshipData(
            reference=self._reference(cells, add),
            title=cells.get("title", ""),
            description=cells.get("description", ""),
            parties=self._parties(cells, add),
            main_type=main_type,
            types=[main_type, *other_types] if main_type else other_types,
            structures=self._structures(cells, add),
            meeting_frequency=self._choice(
                cells, add, "meeting_frequency", MeetingFrequency.choices, "meeting frequency"
            ),
            scale=self._choice(cells, add, "scale", Scale.choices, "scale"),
            neighbourhoods=cells.get("neighbourhoods", ""),
            region_kind=self._choice(
                cells, add, "region_kind", RegionKind.choices, "kind of region"
            ),
            judgement=self._choice(cells, add, "judgement", Judgement.choices, "judgement"),
            judgement_reasoning=cells.get("judgement_reasoning", ""),
            started_on=self._started_on(cells, add),
            status=self._choice(cells, add, "status", Status.choices, "status") or Status.ACTIVE,
            notes=cells.get("notes", ""),
            qualities=self._qualities(cells, add),
        )
        self._rules(data, cells, add, columns_with_problems)
        return data

    def _reference(self, cells, add) -> str:
        reference = cells.get("reference", "")
        if not reference:
            add(
                "reference",
                "The reference is empty",
                "Give every row a reference that stays the same, like REL-0001",
            )
        elif not REFERENCE_PATTERN.match(reference):
            add(
                "reference",
                f"‘{reference}’ is not a usable reference",
                "Use up to 40 letters, numbers, dots, dashes, slashes or underscores, like "
                "REL-0001",
            )
        return reference

    def _parties(self, cells, add) -> list[Organisation]:
        parties = []
        for key, kinds, side in (
            ("council_parties", {OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT}, "council"),
            ("vcs_parties", {OrganisationKind.VCS}, "VCS"),
        ):
            for name in _split(cells.get(key, "")):
                found = self.orgs.find(name)
                if not found:
                    add(
                        key,
                        f"No organisation in this area is called ‘{name}’",
                        "Check the spelling against the Organisations page, or add the "
                        "organisation first",
                    )
                elif len(found) > 1:
                    add(
                        key,
                        f"More than one organisation is called ‘{name}’",
                        "Write a department as ‘Department (Council)’, or use the organisation "
                        "identifier",
                    )
                elif found[0].kind not in kinds:
                    other = "VCS" if side == "council" else "council"
                    add(
                        key,
                        f"‘{name}’ is not a {side} organisation",
                        f"Move it to the {other} parties column",
                    )
                else:
                    parties.append(found[0])
        return parties

    def _types(self, cells, add) -> tuple[str, list[str]]:
        main_type = ""
        if cells.get("main_type"):
            main_type = self.types.get(cells["main_type"].casefold(), "")
            if not main_type:
                add(
                    "main_type",
                    f"‘{cells['main_type']}’ is not a relationship type",
                    f"Use one of: {self.type_names}",
                )
        others = []
        for name in _split(cells.get("other_types", "")):
            slug = self.types.get(name.casefold())
            if slug:
                others.append(slug)
            else:
                add(
                    "other_types",
                    f"‘{name}’ is not a relationship type",
                    f"Use types from: {self.type_names}",
                )
        return main_type, others

    @staticmethod
    def _choice(cells, add, key, choices, what) -> str:
        text = cells.get(key, "")
        if not text:
            return ""
        value = _lookup(choices).get(text.casefold())
        if value is None:
            add(key, f"‘{text}’ is not a {what}", f"Use one of: {choices_text(choices)}")
            return ""
        return value

    @staticmethod
    def _structures(cells, add) -> list[str]:
        lookup = _lookup(Structure.choices)
        structures = []
        for name in _split(cells.get("structures", "")):
            if name.casefold() in lookup:
                structures.append(lookup[name.casefold()])
            else:
                add(
                    "structures",
                    f"‘{name}’ is not one of the structures",
                    f"Use structures from: {choices_text(Structure.choices)}",
                )
        return structures

    @staticmethod
    def _started_on(cells, add):
        try:
            return parse_date(cells.get("started_on", ""))
        except ValueProblem:
            add(
                "started_on",
                f"‘{cells['started_on']}’ is not a date",
                "Write the date as 2021-04-01 or 1/4/2021",
            )
            return None

    def _qualities(self, cells, add) -> dict[str, QualityAnswer]:
        qualities = {}
        for slug in self.vocab.qualities:
            text = cells.get(f"quality:{slug}", "")
            present = text.casefold() in YES
            if not present and text.casefold() not in NO:
                add(f"quality:{slug}", f"‘{text}’ is not yes or no", "Write yes or no")
            qualities[slug] = QualityAnswer(present, cells.get(f"why:{slug}", ""))
        return qualities

    def _rules(self, data, cells, add, columns_with_problems) -> None:
        """The register's own rules, on what could be read; a column already reported for
        the row is not reported twice."""
        services._normalise(data)
        for key, message in services.relationship_problems(data, self.vocab):
            if key.startswith("evidence_"):
                column, what = f"why:{key.removeprefix('evidence_')}", "The evidence is missing"
            else:
                column, what = RULE_WHAT.get(key, (key, "This value cannot be used"))
                column = next((k for k, h in self.headers.items() if h == column), column)
            if key == "parties" and not cells.get("vcs_parties") and cells.get("council_parties"):
                column = "council_parties"
            if column == "vcs_parties" and "council_parties" in columns_with_problems:
                continue
            if column not in columns_with_problems:
                add(column, what, message)
