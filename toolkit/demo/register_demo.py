"""Demo section loader for the relationship register: Eastmere's relationships of all five
types, with blends and VCS–VCS relationships, each judged against the seven qualities.

Reads its own data file (``data/demo_relationships.yaml``) so that the area file stays
short; matched on the relationship reference, so loading again changes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from toolkit.framework.selectors import current_version
from toolkit.framework.services import framework_content_load
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
        specs = yaml.safe_load(fh)["relationships"]
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
                relationship_update(
                    existing[reference], data, user=user, source=RelationshipChange.Source.DEMO
                )
            else:
                relationship_create(
                    ctx.area,
                    data,
                    user=user,
                    source=RelationshipChange.Source.DEMO,
                    version=version,
                )
                made += 1
        except RelationshipInvalid as exc:
            raise DemoDataError(f"relationship {reference}: {exc}") from exc
    ctx.created["relationships"] += made
    ctx.note("relationships", made, len(specs))
