"""Read-side queries on the framework content. Each function runs a fixed, small number of
queries whatever the amount of content (related rows are prefetched)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import (
    Barrier,
    ContentVersion,
    Element,
    MappingAxis,
    PracticeExample,
    Pressure,
    Principle,
    RelationshipType,
    SpatialScale,
    StrategicQuality,
    ToolStep,
)

# Loaded content versions never change (framework.services refuses to reload a version whose
# files differ), so each process keeps the ones it has read: the respondent's pages, requested
# once a question by every respondent, then need no join or query for them. Saving or deleting
# a version (a reload in tests, which may reuse a rolled-back id on SQLite) clears the cache.
_versions_by_id: dict[int, ContentVersion] = {}


def content_version(pk: int) -> ContentVersion:
    """The content version with this id, from this process's cache after the first read.
    Shared between requests: read it, never change it."""
    found = _versions_by_id.get(pk)
    if found is None:
        found = _versions_by_id[pk] = ContentVersion.objects.get(pk=pk)
    return found


@receiver([post_save, post_delete], sender=ContentVersion)
def _forget_content_versions(**kwargs) -> None:
    _versions_by_id.clear()


def current_version() -> ContentVersion | None:
    """The most recently loaded content version, or None if nothing is loaded."""
    return ContentVersion.objects.order_by("-loaded_at", "-id").first()


def principles_with_elements(version: ContentVersion) -> QuerySet[Principle]:
    return Principle.objects.filter(version=version).prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("position"))
    )


def relationship_types(version: ContentVersion) -> QuerySet[RelationshipType]:
    return RelationshipType.objects.filter(version=version)


def strategic_qualities(version: ContentVersion) -> QuerySet[StrategicQuality]:
    return StrategicQuality.objects.filter(version=version)


def tool_steps(version: ContentVersion) -> QuerySet[ToolStep]:
    return ToolStep.objects.filter(version=version)


def mapping_axes(version: ContentVersion) -> QuerySet[MappingAxis]:
    return MappingAxis.objects.filter(version=version)


def spatial_scales(version: ContentVersion) -> QuerySet[SpatialScale]:
    return SpatialScale.objects.filter(version=version)


def elements(version: ContentVersion) -> QuerySet[Element]:
    """All elements in framework order, with their principle."""
    return (
        Element.objects.filter(version=version)
        .select_related("principle")
        .order_by("principle__position", "position")
    )


def quick_check_elements(version: ContentVersion) -> QuerySet[Element]:
    """The elements in the short version for lead members and senior officers."""
    return elements(version).exclude(quick_check="")


def principle_detail(version: ContentVersion, slug: str) -> Principle | None:
    """One principle with its elements, and each element's practice examples and barriers."""
    element_qs = Element.objects.order_by("position").prefetch_related(
        Prefetch("practice_examples", queryset=PracticeExample.objects.order_by("position")),
        Prefetch("barriers", queryset=Barrier.objects.order_by("position")),
    )
    return (
        Principle.objects.filter(version=version, slug=slug)
        .prefetch_related(Prefetch("elements", queryset=element_qs))
        .first()
    )


def barriers(version: ContentVersion, kind: str | None = None) -> QuerySet[Barrier]:
    qs = Barrier.objects.filter(version=version).prefetch_related(
        Prefetch("related_elements", queryset=Element.objects.order_by("position"))
    )
    return qs.filter(kind=kind) if kind else qs


def pressures(version: ContentVersion) -> QuerySet[Pressure]:
    return Pressure.objects.filter(version=version)


def _with_themes(qs: QuerySet[PracticeExample]) -> QuerySet[PracticeExample]:
    return qs.prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("position")),
        Prefetch("barriers", queryset=Barrier.objects.order_by("position")),
        Prefetch("relationship_types", queryset=RelationshipType.objects.order_by("position")),
    )


def practice_examples(
    version: ContentVersion, kind: str | None = None, theme: str | None = None
) -> QuerySet[PracticeExample]:
    """The practice library, optionally filtered by kind and by theme (an element, barrier or
    relationship type slug)."""
    qs = PracticeExample.objects.filter(version=version)
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        matching = PracticeExample.objects.filter(
            Q(elements__slug=theme) | Q(barriers__slug=theme) | Q(relationship_types__slug=theme),
            version=version,
        ).values("id")
        qs = qs.filter(id__in=matching)
    return _with_themes(qs)


def practice_example(version: ContentVersion, slug: str) -> PracticeExample | None:
    return _with_themes(PracticeExample.objects.filter(version=version, slug=slug)).first()


def practice_for_elements(
    version: ContentVersion, element_slugs: Iterable[str]
) -> QuerySet[PracticeExample]:
    """Practice examples that help with any of the given elements (ideas for weak elements),
    case studies first."""
    return _with_themes(
        PracticeExample.objects.filter(version=version, elements__slug__in=list(element_slugs))
        .distinct()
        .order_by("kind", "position")  # "case_study" sorts before "example"
    )


def theme_choices(version: ContentVersion) -> dict[str, list[tuple[str, str]]]:
    """(slug, title) pairs for filtering the practice library, grouped by kind."""
    return {
        "Key elements": list(elements(version).values_list("slug", "title")),
        "Barriers": list(Barrier.objects.filter(version=version).values_list("slug", "title")),
        "Relationship types": list(
            RelationshipType.objects.filter(version=version).values_list("slug", "title")
        ),
    }
