"""Which tables hold an area's data, found from the models themselves: every model with a
foreign key chain to `areas.Area`. Each is either backed up or left out by a decision
written here (people, sign-in and token data, and what can be made again), so that a new
model cannot silently go missing from backups: the tests fail until it is classified."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

AREA = "areas.Area"
RESPONSE = "rounds.Response"  # respondents' rows: encrypted in bundles (sealing.py)

# Left out of backups, and why.
EXCLUDED = {
    "areas.Membership": "people's accounts and roles: not area data to carry elsewhere",
    "accounts.Invitation": "email addresses and invitation tokens",
    "rounds.Participation": "which member answered an anonymous round",
    "rounds.RespondentLink": "respondent link token digests",
    "actions.ReviewGrant": "peer reviewers' email addresses and access",
    "core.Job": "progress of background work, made again as needed",
    "core.StagedImport": "an uploaded file waiting for its preview to be confirmed",
    "reports.Report": "generated report files, made again from the data",
    "benchmark.BenchmarkParticipation": "the benchmark is joined again by choice",
    "portability.AreaDeletion": "a pending deletion of this instance",
    "security.AuditEvent": "security audit trail of this instance's accounts",
    "rounds.StoredFigures": "a closed round's decided figures, worked out again from its answers",
    "paper.PaperPile": "a workshop's pile of paper forms, tied to its own shared link (not "
    "backed up); the forms are, as responses marked on paper",
    "reminders.LinkAddress": "respondents' email addresses for reminders, kept only until they "
    "answer, and tied to link tokens (not backed up)",
}

# Foreign keys to tables outside the area, restored by a stable key that every instance
# loads from the same reference data.
NATURAL_KEYS = {
    "framework.ContentVersion": "version",
    "places.LocalAuthority": "gss_code",
    "places.CombinedAuthority": "gss_code",
}


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def is_user_model(model) -> bool:
    return label(model) == settings.AUTH_USER_MODEL


def foreign_keys(model) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)  # includes OneToOneField
    ]


def area_models() -> dict[str, type[models.Model]]:
    """Every model with a foreign key chain to Area (Area itself included), by label."""
    found = {AREA: apps.get_model(AREA)}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            name = label(model)
            if name in found or model._meta.proxy or not model._meta.managed:
                continue
            if any(label(f.related_model) in found for f in foreign_keys(model)):
                found[name] = model
                changed = True
    return found


@dataclass(frozen=True)
class Plan:
    """The backed-up models in an order where each one's parents come first."""

    models: list[type[models.Model]]
    excluded: dict[str, str]


def backup_plan() -> Plan:
    owned = area_models()
    included = {name: m for name, m in owned.items() if name not in EXCLUDED}
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name):
        if name in ordered:
            return
        if name in visiting:
            raise RuntimeError(f"Foreign keys between area tables form a cycle at {name}")
        visiting.add(name)
        for f in foreign_keys(included[name]):
            parent = label(f.related_model)
            if parent in included and parent != name:
                visit(parent)
        visiting.discard(name)
        ordered.append(name)

    for name in sorted(included):
        visit(name)
    return Plan([included[name] for name in ordered], dict(EXCLUDED))


def unclassified_foreign_keys() -> list[str]:
    """Foreign keys of backed-up models that the backup could not carry: pointing outside
    the area to something other than a user (set to null) or reference data (by key)."""
    problems = []
    plan = backup_plan()
    included = {label(m) for m in plan.models}
    for model in plan.models:
        for f in foreign_keys(model):
            target = label(f.related_model)
            if target in included or target in NATURAL_KEYS:
                continue
            if target in EXCLUDED or is_user_model(f.related_model):
                if not f.null:
                    problems.append(f"{label(model)}.{f.name} -> {target} is not nullable")
                continue
            problems.append(f"{label(model)}.{f.name} -> {target} is not handled")
    return problems
