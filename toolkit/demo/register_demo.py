"""Demo section loader for the relationship register: Eastmere's relationships of all five
types, with blends and VCS–VCS relationships, each judged against the seven qualities.

Reads its own data file (``data/demo_relationships.yaml``) so that the area file stays
short; matched on the relationship reference, so loading again changes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from toolkit.core.data_files import yaml_read
from toolkit.framework.selectors import current_version
from toolkit.framework.services import framework_content_load
from toolkit.register.judgements import JudgementData, side_judgement_save
from toolkit.register.models import Relationship, RelationshipChange
from toolkit.register.services import (
    QualityAnswer,
    RelationshipInvalid,
    relationship_create,
    relationship_data_build,
    relationship_update,
)

from .context import DemoContext, DemoDataError

DATA_PATH = Path(__file__).resolve().parent / "data" / "demo_relationships.yaml"
RECORDED_BY = "facilitator@eastmere.example.org"


def relationships_load(data: dict[str, Any], ctx: DemoContext) -> None:
    with DATA_PATH.open(encoding="utf-8") as fh:
        specs = yaml_read(fh)["relationships"]
    version = current_version()
    if version is None:
        framework_content_load()
        version = current_version()
    user = ctx.users.get(RECORDED_BY)
    existing = {
        r.reference: r
        for r in Relationship.objects.filter(area=ctx.area).select_related("content_version")
    }
    made = 0
    for spec in specs:
        reference = spec["reference"]
        parties = []
        for name in [*spec.get("council", []), *spec.get("vcs", [])]:
            try:
                parties.append(ctx.organisations[name])
            except KeyError as exc:
                raise DemoDataError(f"relationship {reference}: no organisation {name!r}") from exc
        types = spec["types"]
        started = spec.get("started_on")
        data = relationship_data_build(
            {
                **spec,
                "description": spec.get("description", "").strip(),
                "judgement_reasoning": spec.get("reasoning", "").strip(),
                "started_on": started if isinstance(started, datetime.date) else None,
            },
            parties=parties,
            main_type=types[0],
            types=types,
            qualities={
                slug: QualityAnswer(True, evidence.strip())
                for slug, evidence in spec.get("qualities", {}).items()
            },
        )
        try:
            if reference in existing:
                relationship = existing[reference]
                relationship_update(
                    relationship, data, user=user, source=RelationshipChange.Source.DEMO
                )
            else:
                relationship = relationship_create(
                    ctx.area,
                    data,
                    user=user,
                    source=RelationshipChange.Source.DEMO,
                    version=version,
                )
                made += 1
            _sides_load(relationship, spec.get("sides", {}), ctx)
        except RelationshipInvalid as exc:
            raise DemoDataError(f"relationship {reference}: {exc}") from exc
    ctx.created["relationships"] += made
    ctx.note("relationships", made, len(specs))


SIDE_RECORDERS = {"council": RECORDED_BY, "vcs": "cvs@eastmere.example.org"}


def _sides_load(relationship, sides: dict[str, Any], ctx: DemoContext) -> None:
    """Each side's own judgement, recorded by that side's facilitator (saving the same again
    changes nothing)."""
    for side, spec in sides.items():
        if side not in SIDE_RECORDERS:
            raise DemoDataError(f"relationship {relationship.reference}: no side {side!r}")
        side_judgement_save(
            relationship,
            side,
            JudgementData(
                spec.get("judgement", ""),
                spec.get("reasoning", "").strip(),
                {
                    slug: QualityAnswer(True, evidence.strip())
                    for slug, evidence in spec.get("qualities", {}).items()
                },
            ),
            user=ctx.users.get(SIDE_RECORDERS[side]),
            source=RelationshipChange.Source.DEMO,
        )
