"""Write-side operations on the framework content.

``framework_content_load`` reads and checks the content files (``content_files.read_content``)
and creates one ``ContentVersion`` with all its items in a single transaction.

- Same version, same files: nothing changes; the result says "unchanged".
- Same version, different files: refused (``ContentVersionConflict``); bump ``version``.
- Invalid files: refused (``FrameworkContentError``) with every problem listed by file and item;
  nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from .content_files import Content, FrameworkContentError, read_content
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


class ContentVersionConflict(FrameworkContentError):
    """The version is already loaded with different content."""

    def __init__(self, version: str, loaded_checksum: str, new_checksum: str):
        self.version = version
        super().__init__(
            [
                f'version "{version}" is already loaded from different files '
                f"(loaded checksum {loaded_checksum[:12]}…, files now {new_checksum[:12]}…). "
                "Content changed without a new version: bump `version` in the content files "
                "and load again."
            ]
        )


@dataclass
class LoadResult:
    version: str
    status: str  # "created" or "unchanged"
    checksum: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def created(self) -> bool:
        return self.status == "created"

    def __str__(self) -> str:
        if not self.created:
            return f"Framework content {self.version}: unchanged (already loaded)."
        detail = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in self.counts.items())
        return f"Framework content {self.version}: loaded {detail}."


# ---------------------------------------------------------------------------------------------
# Loading


def _common(item: dict[str, Any], version: ContentVersion, position: int) -> dict[str, Any]:
    return {
        "version": version,
        "slug": item["id"],
        "title": item["title"],
        "position": position,
        "source_section": item["source_section"],
    }


def _create(content: Content) -> LoadResult:
    data = content.data
    source = data["source"]
    version = ContentVersion.objects.create(
        version=data["version"],
        checksum=content.checksum,
        source_title=" ".join(source["title"].split()),
        source_publisher=source["publisher"],
        source_date=str(source["date"]),
        source_citation=source.get("citation") or "LGA/Locality (2022)",
        agreement_scale=data["agreement_scale"],
    )

    def bulk(model, items, **fields_for):
        objects = [
            model(**_common(item, version, i), **{k: f(item) for k, f in fields_for.items()})
            for i, item in enumerate(items, start=1)
        ]
        return {obj.slug: obj for obj in model.objects.bulk_create(objects)}

    types = bulk(
        RelationshipType,
        data["relationship_types"],
        summary=lambda d: d["summary"],
        detail=lambda d: d.get("detail") or "",
        examples=lambda d: d["examples"],
    )
    qualities = bulk(
        StrategicQuality,
        data["strategic_qualities"],
        summary=lambda d: d["summary"],
        prompt=lambda d: d["prompt"],
    )
    steps = bulk(
        ToolStep,
        data["tool_steps"],
        number=lambda d: d["number"],
        summary=lambda d: d["summary"],
        involves=lambda d: d["involves"],
    )
    axes = bulk(
        MappingAxis,
        data["mapping_axes"],
        question=lambda d: d["question"],
        summary=lambda d: d["summary"],
        low_label=lambda d: d["low_label"],
        high_label=lambda d: d["high_label"],
        scale_points=lambda d: d["scale_points"],
        dont_know=lambda d: d["dont_know"],
    )
    scales = bulk(
        SpatialScale,
        data["spatial_scales"],
        summary=lambda d: d["summary"],
        kinds=lambda d: d.get("kinds") or [],
    )
    principles = bulk(
        Principle,
        data["principles"],
        number=lambda d: d["number"],
        summary=lambda d: d["summary"],
        description=lambda d: d.get("description") or "",
    )
    element_objects = []
    for p in data["principles"]:
        for e in p["elements"]:
            element_objects.append(
                Element(
                    **_common(e, version, len(element_objects) + 1),
                    principle=principles[p["id"]],
                    summary=e["summary"],
                    description=e.get("description") or "",
                    good_looks_like=e["good_looks_like"],
                    statements=e["statements"],
                    quick_check=e.get("quick_check") or "",
                )
            )
    elements = {e.slug: e for e in Element.objects.bulk_create(element_objects)}
    barriers = bulk(
        Barrier, data["barriers"], kind=lambda d: d["kind"], summary=lambda d: d["summary"]
    )
    pressures = bulk(Pressure, data["pressures"], summary=lambda d: d["summary"])
    examples = bulk(
        PracticeExample,
        data["practice_examples"],
        kind=lambda d: d["kind"],
        place=lambda d: d.get("place") or "",
        summary=lambda d: d["summary"],
        context=lambda d: d.get("context") or "",
        what_they_did=lambda d: d.get("what_they_did") or [],
        lessons=lambda d: d.get("lessons") or [],
        key_figures=lambda d: d.get("key_figures") or [],
        themes=lambda d: d["themes"],
    )

    Barrier.related_elements.through.objects.bulk_create(
        Barrier.related_elements.through(barrier=barriers[b["id"]], element=elements[ref])
        for b in data["barriers"]
        for ref in b.get("related_elements") or []
    )
    for relation, target, lookup in (
        ("elements", "element", elements),
        ("barriers", "barrier", barriers),
        ("relationship_types", "relationshiptype", types),
    ):
        through = getattr(PracticeExample, relation).through
        through.objects.bulk_create(
            through(practiceexample=examples[ex["id"]], **{target: lookup[ref]})
            for ex in data["practice_examples"]
            for ref in ex["themes"].get(relation) or []
        )

    counts = {
        "relationship_types": len(types),
        "strategic_qualities": len(qualities),
        "tool_steps": len(steps),
        "mapping_axes": len(axes),
        "spatial_scales": len(scales),
        "principles": len(principles),
        "elements": len(elements),
        "barriers": len(barriers),
        "pressures": len(pressures),
        "practice_examples": len(examples),
    }
    return LoadResult(version.version, "created", content.checksum, counts)


def framework_content_load(
    stdout: TextIO | None = None, directory: Path | None = None
) -> LoadResult:
    """Load the framework content files as a new ``ContentVersion`` (see module docstring)."""
    content = read_content(directory)
    with transaction.atomic():
        existing = (
            ContentVersion.objects.select_for_update()
            .filter(version=content.version)
            .only("checksum")
            .first()
        )
        if existing is not None:
            if existing.checksum != content.checksum:
                raise ContentVersionConflict(content.version, existing.checksum, content.checksum)
            result = LoadResult(content.version, "unchanged", content.checksum)
        else:
            result = _create(content)
    if stdout is not None:
        stdout.write(f"{result}\n")
    return result
