"""Load the fictional demo area, Eastmere (E99999999), from ``data/demo_area.yaml``.

The loader is idempotent: rows are matched on the area's GSS code, on organisation kind and
name within the area, and on email addresses, so running it again creates nothing new (it
brings existing demo rows back in line with the data file and resets the demo password).

Each top-level section of the data file has its own loader, run in order by
``SECTION_LOADERS``. To add a section: write a loader ``(data, ctx)`` (in its own
``<section>_demo.py`` when it is long) that reads its data, uses and extends the
``DemoContext`` of ``context.py`` (the area, the council, organisations by name, users by
email) and counts what it created in ``ctx.created``; then add it to ``SECTION_LOADERS``.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from toolkit.areas.identifiers import org_id_normalise, org_id_validate
from toolkit.areas.models import (
    Area,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    VcsType,
    gss_code_validator,
)
from toolkit.core.data_files import yaml_read

from .actions_demo import actions_load
from .between_demo import between_load
from .context import DemoContext, DemoDataError, DemoLogin
from .leads_demo import leads_load
from .mapping_demo import mapping_rounds_load
from .register_demo import relationships_load
from .rounds_demo import assessment_rounds_load
from .workshops_demo import workshops_load

DEMO_AREA_CODE = "E99999999"
DATA_PATH = Path(__file__).resolve().parent / "data" / "demo_area.yaml"

DEMO_PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 (the variable's name, not a password)
# Published on purpose: it opens only the fictional demo accounts. Override with DEMO_PASSWORD
# anywhere the site is reachable by others (the command refuses the default when DEBUG is off).
DEFAULT_DEMO_PASSWORD = "demo-password-eastmere"  # noqa: S105


@dataclass
class DemoLoadResult:
    area: Area
    logins: list[DemoLogin]
    created: Counter[str]

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


def demo_data_read(path: Path | None = None) -> dict[str, Any]:
    with (path or DATA_PATH).open(encoding="utf-8") as fh:
        data = yaml_read(fh)
    if not isinstance(data, dict):
        raise DemoDataError("The demo data file must be a mapping of sections.")
    return data


def demo_area_load(
    stdout: TextIO | None = None, *, path: Path | None = None, password: str | None = None
) -> DemoLoadResult:
    """Create or refresh the fictional demo area, its organisations and demo users, in one
    transaction. Returns the demo sign-ins (role label, email, password) for printing."""
    data = demo_data_read(path)
    ctx = DemoContext(
        password=password or demo_password(), today=timezone.localdate(), stdout=stdout
    )
    with transaction.atomic():
        for _section, loader in SECTION_LOADERS:
            loader(data, ctx)
    return DemoLoadResult(area=ctx.area, logins=ctx.logins, created=ctx.created)


# --- section loaders ----------------------------------------------------------------------


def _area_load(data: dict[str, Any], ctx: DemoContext) -> None:
    spec = _section(data, "area", dict)
    gss_code = spec.get("gss_code", "")
    try:
        gss_code_validator(gss_code)
    except ValidationError as exc:
        raise DemoDataError(f"area.gss_code {gss_code!r}: {exc.messages[0]}") from exc
    area, made = Area.objects.update_or_create(
        gss_code=gss_code,
        defaults={
            "name": spec["name"],
            "is_demo": True,
            "suppression_threshold": spec.get("suppression_threshold", 5),
        },
    )
    council_spec = spec["council"]
    council, council_made = Organisation.objects.update_or_create(
        area=area,
        kind=OrganisationKind.COUNCIL,
        name=council_spec["name"],
        defaults={"description": council_spec.get("description", "").strip()},
    )
    ctx.area, ctx.council = area, council
    ctx.organisations[council.name] = council
    ctx.created["areas"] += made
    ctx.created["councils"] += council_made
    ctx.note("area", made + council_made, 2)


def _departments_load(data: dict[str, Any], ctx: DemoContext) -> None:
    made_count = 0
    specs = _section(data, "departments", list)
    for spec in specs:
        department, made = Organisation.objects.update_or_create(
            area=ctx.area,
            kind=OrganisationKind.DEPARTMENT,
            name=spec["name"],
            defaults={"parent": ctx.council, "description": spec.get("description", "").strip()},
        )
        _register(ctx, department)
        made_count += made
    ctx.created["departments"] += made_count
    ctx.note("departments", made_count, len(specs))


def _organisations_load(data: dict[str, Any], ctx: DemoContext) -> None:
    made_count = 0
    specs = _section(data, "organisations", list)
    for spec in specs:
        name = spec["name"]
        vcs_type = spec.get("vcs_type", "")
        if vcs_type not in VcsType.values:
            raise DemoDataError(f"organisation {name!r}: unknown vcs_type {vcs_type!r}")
        org_id = org_id_normalise(spec.get("org_id") or "")
        try:
            org_id_validate(org_id)
        except ValidationError as exc:
            raise DemoDataError(f"organisation {name!r}: {exc.messages[0]}") from exc
        income = spec.get("annual_income")
        organisation, made = Organisation.objects.update_or_create(
            area=ctx.area,
            kind=OrganisationKind.VCS,
            name=name,
            defaults={
                "vcs_type": vcs_type,
                "org_id": org_id,
                "annual_income": None if income is None else Decimal(str(income)),
                "is_marginalised_led": bool(spec.get("is_marginalised_led", False)),
                "neighbourhoods": spec.get("neighbourhoods", ""),
                "description": spec.get("description", "").strip(),
                "website": spec.get("website", ""),
            },
        )
        _register(ctx, organisation)
        made_count += made
    ctx.created["organisations"] += made_count
    ctx.note("organisations", made_count, len(specs))


def _users_load(data: dict[str, Any], ctx: DemoContext) -> None:
    User = get_user_model()
    made_users = made_memberships = 0
    specs = _section(data, "users", list)
    for spec in specs:
        email = spec["email"].strip().lower()
        role = spec.get("role")
        if role is not None and role not in Role.values:
            raise DemoDataError(f"user {email}: unknown role {role!r}")
        user = User.objects.filter(email__iexact=email).first()
        made = user is None
        if made:
            user = User(email=email)
        user.full_name = spec["full_name"]
        user.is_active = True
        user.is_national_analyst = bool(spec.get("is_national_analyst", False))
        try:
            validate_password(ctx.password, user)
        except ValidationError as exc:
            raise DemoDataError(
                f"The demo password is not accepted for {email}: {' '.join(exc.messages)} "
                f"Choose another with the {DEMO_PASSWORD_ENV} environment variable."
            ) from exc
        # Reset on every run, so that the password printed is the one that works.
        user.set_password(ctx.password)
        user.save()
        made_users += made
        ctx.users[email] = user

        if role is not None:
            made_memberships += _membership_load(ctx, user, role, spec)
        ctx.logins.append(DemoLogin(spec["label"], email, ctx.password))
    ctx.created["users"] += made_users
    ctx.created["memberships"] += made_memberships
    ctx.note("users", made_users, len(specs))


def _membership_load(ctx: DemoContext, user, role: str, spec: dict[str, Any]) -> bool:
    organisation = None
    if spec.get("organisation"):
        try:
            organisation = ctx.organisations[spec["organisation"]]
        except KeyError as exc:
            raise DemoDataError(
                f"user {user.email}: no organisation called {spec['organisation']!r}"
            ) from exc
    ends_on = None
    if spec.get("ends_after_years"):
        ends_on = _years_after(ctx.today, int(spec["ends_after_years"]))
    if role == Role.PEER_REVIEWER and ends_on is None:
        raise DemoDataError(f"user {user.email}: a peer reviewer needs ends_after_years")
    _membership, made = Membership.objects.update_or_create(
        user=user,
        area=ctx.area,
        defaults={"role": role, "organisation": organisation, "ends_on": ends_on},
    )
    return made


SECTION_LOADERS: list[tuple[str, Callable[[dict[str, Any], DemoContext], None]]] = [
    ("area", _area_load),
    ("departments", _departments_load),
    ("organisations", _organisations_load),
    ("users", _users_load),
    ("relationships", relationships_load),
    ("leads", leads_load),
    ("mapping rounds", mapping_rounds_load),
    ("assessment_rounds", assessment_rounds_load),
    ("actions", actions_load),  # after the rounds, whose results it reads
    ("workshops", workshops_load),  # after the rounds and the plan
    ("open progress and outbox", between_load),  # after the plan and the rounds
]


# --- helpers ------------------------------------------------------------------------------


def _section(data: dict[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise DemoDataError(f"The demo data file needs a {key!r} section ({kind.__name__}).")
    return value


def _register(ctx: DemoContext, organisation: Organisation) -> None:
    if organisation.name in ctx.organisations:
        raise DemoDataError(f"Two demo organisations are called {organisation.name!r}.")
    ctx.organisations[organisation.name] = organisation


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
