"""Everything the service holds about one area, readable, for the data controller
(`manage.py export_area_for_controller`; docs/deployment.md). Unlike an area bundle it
includes the respondents' rows in the clear, the tables bundles leave out (members and their
email addresses, review grants, the audit trail) and rows not yet counted; it leaves out only
secrets (token and resume digests, key hashes) and stored files. It is not signed and cannot
be restored: it is a disclosure to the controller, not a backup."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import graph
from .backup import canonical_zip, dumps, to_json_value

SECRET_FIELD_PARTS = ("digest", "token", "secret", "hash", "recovery")
README = """Everything this service holds about one area, for the data controller.

This file holds every respondent's answers in readable form, including answers to anonymous
rounds, sealed rounds and comments their writers did not agree to share, and members' names
and email addresses. Keep it as you would any personal data you control; do not pass it to
the area's facilitators or members. It cannot be restored into the service.

One JSON file per table under data/. Keys to people are given as their email address.
Secrets (token and resume digests, key hashes) and stored files are left out.
"""


def _querysets(area) -> dict[str, models.QuerySet]:
    owned = graph.area_models()
    querysets = {graph.AREA: owned[graph.AREA].objects.filter(pk=area.pk)}
    pending = [name for name in owned if name != graph.AREA]
    while pending:
        progressed = False
        for name in list(pending):
            model = owned[name]
            parents = [
                f
                for f in graph.foreign_keys(model)
                if graph.label(f.related_model) in owned and f.related_model is not model
            ]
            if any(graph.label(f.related_model) not in querysets for f in parents):
                continue
            reach = Q()
            for f in parents:
                reach |= Q(
                    **{f"{f.name}__in": querysets[graph.label(f.related_model)].values("pk")}
                )
            querysets[name] = model.objects.filter(reach).order_by("pk")
            pending.remove(name)
            progressed = True
        if not progressed:
            raise RuntimeError(f"Cannot order the area's tables: {pending}")
    return querysets


def _is_secret(field) -> bool:
    return any(part in field.name for part in SECRET_FIELD_PARTS) or isinstance(
        field, models.BinaryField
    )


def _rows(model, qs) -> list[dict]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    fields = [f for f in model._meta.concrete_fields if not _is_secret(f)]
    rows = list(qs.values(*[f.attname for f in fields]))
    user_keys = [f.attname for f in fields if f.is_relation and f.related_model is user_model]
    ids = {row[k] for row in rows for k in user_keys} - {None}
    emails = dict(user_model.objects.filter(pk__in=ids).values_list("pk", "email"))
    out = []
    for row in rows:
        for key in user_keys:
            row[key] = emails.get(row[key]) if row[key] is not None else None
        out.append({k: to_json_value(v) for k, v in row.items()})
    return out


def controller_export(area) -> bytes:
    """The zip's bytes."""
    members = [("README.txt", README.encode())]
    for name, qs in sorted(_querysets(area).items()):
        members.append((f"data/{name}.json", dumps(_rows(qs.model, qs))))
    manifest = {
        "area": {"gss_code": area.gss_code, "name": area.name},
        "made_at": timezone.now().isoformat(),
        "purpose": "export for the data controller; not a backup, cannot be restored",
    }
    return canonical_zip([("manifest.json", dumps(manifest)), *members])
