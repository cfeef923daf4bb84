"""Backing up one area as a bundle: a zip of JSON files (one per table) with a manifest
giving the schema version, the migrations the data was written under, and the SHA-256 of
every file. The zip is written canonically (stored, fixed dates, fixed order), so that a
restore can check every byte of it, not only the files' contents.

What is left out (see graph.EXCLUDED): user accounts, memberships, email addresses, tokens
and token digests, and anything that records who answered. Foreign keys to users become
null, so an anonymous response stays anonymous and a named round keeps only the names
respondents gave in their answers.

The respondents' rows (responses and everything hanging off them) are not readable in the
bundle at all: they travel in one file encrypted with the service's bundle keys, with random
ids in a random order (sealing.py). Answers held back or not yet sent are not backed up."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone

from . import graph, sealing
from .signing import SIGNATURE, manifest_sign

FORMAT = "council-vcs-toolkit-area-backup"
SCHEMA_VERSION = 2  # 2: respondents' rows encrypted (sealing.py); 1 is still restored
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

# Rows left out within backed-up tables: answers still being written are not results, and
# the plan history's entries about peer reviewers' access name them by email address.
ROW_FILTERS = {
    "rounds.Response": Q(status="submitted"),
    "actions.PlanEvent": ~Q(kind__startswith="grant_"),
}
# Values blanked whatever they hold (secrets that must never travel).
BLANKED = {"rounds.Response": {"resume_digest": ""}}


def to_json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        raise TypeError("Binary data is not backed up")
    return value


def dumps(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def canonical_zip(members: list[tuple[str, bytes]]) -> bytes:
    """The one way a bundle's zip is written: same members and bytes give the same zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def area_querysets(area, *, all_rows: bool = False):
    """Each backed-up model's rows for the area, as querysets built on their parents'."""
    plan = graph.backup_plan()
    included = {graph.label(m) for m in plan.models}
    querysets = {}
    for model in plan.models:
        name = graph.label(model)
        if name == graph.AREA:
            qs = model.objects.filter(pk=area.pk)
        else:
            parents = [
                f
                for f in graph.foreign_keys(model)
                if graph.label(f.related_model) in included and f.related_model is not model
            ]
            reach = Q()
            every = Q()
            for f in parents:
                parent_ids = querysets[graph.label(f.related_model)].values("pk")
                reach |= Q(**{f"{f.name}__in": parent_ids})
                every &= Q(**{f"{f.name}__isnull": True}) | Q(**{f"{f.name}__in": parent_ids})
            qs = model.objects.filter(reach & every)
        if name in ROW_FILTERS and not all_rows:
            qs = qs.filter(ROW_FILTERS[name])
        querysets[name] = qs.order_by("pk")
    return plan, querysets


def _natural_keys(model, field_name, ids) -> dict:
    return dict(model.objects.filter(pk__in=ids).values_list("pk", field_name))


def table_rows(model, qs, included: set[str]) -> list[dict]:
    name = graph.label(model)
    fks = {f.attname: f for f in graph.foreign_keys(model)}
    attnames = [f.attname for f in model._meta.concrete_fields]
    rows = list(qs.values(*attnames))
    lookups = {}
    for attname, f in fks.items():
        target = graph.label(f.related_model)
        if target in graph.NATURAL_KEYS:
            ids = {r[attname] for r in rows if r[attname] is not None}
            lookups[attname] = _natural_keys(f.related_model, graph.NATURAL_KEYS[target], ids)
    blanked = BLANKED.get(name, {})
    result = []
    for row in rows:
        out = {}
        for attname in attnames:
            value = row[attname]
            f = fks.get(attname)
            if f is not None:
                target = graph.label(f.related_model)
                if target in graph.NATURAL_KEYS:
                    value = lookups[attname].get(value) if value is not None else None
                elif target not in included:
                    value = None  # users and left-out tables: never carried
            if attname in blanked:
                value = blanked[attname]
            out[attname] = to_json_value(value)
        result.append(out)
    return result


def applied_migrations(app_labels) -> dict[str, list[str]]:
    applied = MigrationRecorder.Migration.objects.filter(app__in=app_labels).values_list(
        "app", "name"
    )
    found: dict[str, list[str]] = {}
    for app, name in applied:
        found.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def area_backup(area) -> bytes:
    """The area's bundle, as the bytes of a zip file."""
    plan, querysets = area_querysets(area)
    included = {graph.label(m) for m in plan.models}
    respondent = sealing.respondent_models(plan.models)
    members = []
    files = []
    for model in plan.models:
        if model in respondent:
            continue
        name = graph.label(model)
        rows = table_rows(model, querysets[name], included)
        data = dumps(rows)
        path = f"data/{name}.json"
        members.append((path, data))
        files.append(
            {
                "path": path,
                "model": name,
                "rows": len(rows),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    sealed = sealing.seal(
        sealing.rows_shuffled(
            {
                graph.label(m): (m, table_rows(m, querysets[graph.label(m)], included))
                for m in respondent
            }
        )
    )
    members.append((sealing.PATH, sealed))
    files.append(
        {
            "path": sealing.PATH,
            "models": [graph.label(m) for m in respondent],
            "encrypted": "fernet",
            "bytes": len(sealed),
            "sha256": hashlib.sha256(sealed).hexdigest(),
        }
    )
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_at": timezone.now().isoformat(),
        "area": {"gss_code": area.gss_code, "name": area.name},
        "migrations": applied_migrations({m._meta.app_label for m in plan.models}),
        "files": files,
        "left_out": plan.excluded,
        "note": "No user accounts, email addresses, memberships or tokens are included; "
        "responses carry no user. Responses and answers are encrypted with this service's "
        "bundle keys and restore only on this service.",
    }
    manifest_bytes = dumps(manifest)
    return canonical_zip(
        [(MANIFEST, manifest_bytes), (SIGNATURE, manifest_sign(manifest_bytes)), *members]
    )


def backup_file_name(area) -> str:
    return f"area-backup-{area.gss_code}-{timezone.localdate():%Y-%m-%d}.zip"
