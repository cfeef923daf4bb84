"""The questions a round asks, built from the framework content version the round uses. Full:
every statement of the 13 elements. Quick check: the one `quick_check` statement of the
elements that have one. Each question maps to its element by slug, so rounds asked with
different wording still compare element by element."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.framework.models import Barrier, Element, Pressure
from toolkit.rounds.models import AssessmentKind

QUICK_SUFFIX = "-quick-check"

_cache: dict[tuple, object] = {}


@dataclass(frozen=True)
class Question:
    number: int
    statement_id: str
    text: str
    element_slug: str
    element_title: str
    element_summary: str
    principle_slug: str
    principle_title: str
    principle_number: int
    source_section: str


@dataclass(frozen=True)
class ElementInfo:
    slug: str
    title: str
    principle_slug: str
    principle_title: str
    principle_number: int
    position: int


@dataclass(frozen=True)
class Choice:
    slug: str
    title: str
    summary: str
    kind: str = ""
    source_section: str = ""


def _key(version, *rest):
    return (version.pk, version.checksum, *rest)


def _elements(version) -> list[Element]:
    key = _key(version, "elements")
    if key not in _cache:
        _cache[key] = list(
            Element.objects.filter(version=version)
            .select_related("principle")
            .order_by("principle__position", "position")
        )
    return _cache[key]


def elements_for_version(version) -> list[ElementInfo]:
    return [
        ElementInfo(e.slug, e.title, e.principle.slug, e.principle.title, e.principle.number, index)
        for index, e in enumerate(_elements(version))
    ]


def principles_for_version(version) -> list[tuple[str, str, int]]:
    """(slug, title, number) of each principle in order."""
    seen = {}
    for e in _elements(version):
        seen.setdefault(e.principle.slug, (e.principle.slug, e.principle.title, e.principle.number))
    return list(seen.values())


def questions_for(version, kind: str) -> list[Question]:
    if kind == AssessmentKind.NONE:
        return []
    key = _key(version, "questions", kind)
    if key in _cache:
        return _cache[key]
    questions = []
    for element in _elements(version):
        if kind == AssessmentKind.QUICK:
            items = (
                [{"id": element.slug + QUICK_SUFFIX, "text": element.quick_check}]
                if element.quick_check
                else []
            )
        else:
            items = element.statements
        for item in items:
            questions.append(
                Question(
                    number=len(questions) + 1,
                    statement_id=item["id"],
                    text=item["text"],
                    element_slug=element.slug,
                    element_title=element.title,
                    element_summary=element.summary,
                    principle_slug=element.principle.slug,
                    principle_title=element.principle.title,
                    principle_number=element.principle.number,
                    source_section=element.source_section,
                )
            )
    _cache[key] = questions
    return questions


def questions_for_round(round_) -> list[Question]:
    return questions_for(round_.content_version, round_.assessment)


def barriers_for_version(version) -> list[Choice]:
    key = _key(version, "barriers")
    if key not in _cache:
        _cache[key] = [
            Choice(b.slug, b.title, b.summary, b.kind, b.source_section)
            for b in Barrier.objects.filter(version=version).order_by("position")
        ]
    return _cache[key]


def pressures_for_version(version) -> list[Choice]:
    key = _key(version, "pressures")
    if key not in _cache:
        _cache[key] = [
            Choice(p.slug, p.title, p.summary, "", p.source_section)
            for p in Pressure.objects.filter(version=version).order_by("position")
        ]
    return _cache[key]


def agreement_scale(version) -> list[tuple[int, str]]:
    return [(p["value"], p["label"]) for p in version.agreement_scale]
