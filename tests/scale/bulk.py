"""Build a large area quickly (bulk inserts, seeded random), for the query-count tests in
tests/scale/ and the benchmark in bench/large_area.py.

The default sizes are issue 9's "large area": 500 VCS organisations, 1,000 relationships
(with types and the seven qualities), a closed mapping round with 5,000 ratings, a closed
principles round with 2,000 sent responses, 20,000 council grants (360Giving, as the grants
importer stores them) and 200 actions with progress updates. The mapping part reuses
toolkit/mapping/tests/bulk.py; everything else is added to the same area."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from toolkit.accounts.models import User
from toolkit.actions.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    EventKind,
    Plan,
    PlanEvent,
)
from toolkit.areas.models import Area, Membership, Organisation, OrganisationKind, Role, VcsType
from toolkit.assessment.models import BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.assessment.questions import questions_for_round
from toolkit.evidence.models import (
    CharityRegistration,
    Contract,
    ContractSupplier,
    Grant,
    ImportKind,
    ImportRun,
    RecipientLink,
)
from toolkit.framework.models import Barrier, Element, Pressure, StrategicQuality
from toolkit.mapping.tests.bulk import build_mapping_round
from toolkit.register.models import (
    Judgement,
    MeetingFrequency,
    Relationship,
    RelationshipQuality,
    Structure,
)
from toolkit.rounds.models import AssessmentKind, Response, ResponseStatus, Round, RoundStatus
from toolkit.rounds.tasks import round_figures_store

LARGE = {
    "organisations": 500,
    "relationships": 1000,
    "ratings": 5000,
    "responses": 2000,
    "grants": 20000,
    "actions": 200,
}
SMALL = {
    "organisations": 10,
    "relationships": 20,
    "ratings": 100,
    "responses": 20,
    "grants": 20,
    "actions": 5,
}

PROGRAMMES = [
    "Community Grants",
    "Stronger Communities Fund",
    "Warm Spaces",
    "Holiday Activities and Food",
    "Household Support Fund",
    "Ward Members' Fund",
]
CLASSIFICATIONS = [
    {"code": "101", "type": "What", "description": "General charitable purposes"},
    {"code": "102", "type": "What", "description": "Education/training"},
    {"code": "104", "type": "What", "description": "Disability"},
    {"code": "105", "type": "What", "description": "The prevention or relief of poverty"},
    {"code": "113", "type": "What", "description": "Amateur sport"},
    {"code": "203", "type": "Who", "description": "Elderly/old people"},
    {"code": "202", "type": "Who", "description": "Children/young people"},
]
PLACES = ["Throughout the area", "North ward", "South ward", "East ward", "West ward"]
DEPARTMENTS = [
    "Adult Social Care",
    "Children's Services",
    "Public Health",
    "Housing",
    "Communities",
    "Leisure and Culture",
    "Economic Development",
    "Environment",
]


@dataclass
class LargeArea:
    area: Area
    mapping_round: Round
    principles_round: Round
    facilitator: User
    relationship: Relationship  # one with parties, grants between them and an action
    organisation: Organisation  # a VCS organisation with a registration and grants
    action: Action


def _users(area, n, prefix):
    emails = [f"{prefix}{i}.{area.gss_code.lower()}@example.org" for i in range(n)]
    User.objects.bulk_create(
        User(email=e, full_name=f"{prefix.title()} {i}", password="!") for i, e in enumerate(emails)
    )
    return list(User.objects.filter(email__in=emails).order_by("id"))


def build_large_area(
    *,
    gss_code: str = "E90000900",
    organisations: int = 500,
    relationships: int = 1000,
    ratings: int = 5000,
    responses: int = 2000,
    grants: int = 20000,
    actions: int = 200,
    updates_per_action: int = 3,
    departments: int = 8,
    seed: int = 9,
) -> LargeArea:
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()

    # --- organisations, relationships and a closed mapping round -------------------------
    vcs_types = [t for t in VcsType.values if t != VcsType.OTHER]

    def organisation_fields(i: int) -> dict:
        return {
            "org_id": f"GB-CHC-{1100000 + i}" if i % 5 else "",
            "vcs_type": VcsType.CHARITY if i % 5 else rng.choice(vcs_types),
            "annual_income": None
            if i % 11 == 0
            else Decimal(int(10 ** rng.uniform(3, 7.5))).quantize(Decimal(1)),
            "is_marginalised_led": i % 7 == 0,
            "neighbourhoods": rng.choice(PLACES),
        }

    def relationship_fields(i: int) -> dict:
        return {
            "judgement": rng.choice([*Judgement.values, ""]),
            "structures": rng.sample(Structure.values, rng.randint(0, 2)),
            "meeting_frequency": rng.choice(MeetingFrequency.values),
            "description": "Partnership working between the parties.",
            "started_on": datetime.date(2015 + rng.randint(0, 10), rng.randint(1, 12), 1),
        }

    mapping_round = build_mapping_round(
        gss_code=gss_code,
        relationships=relationships,
        ratings=ratings,
        respondents_per_side=max(5, min(25, ratings // 200)),
        departments=departments,
        vcs_organisations=organisations,
        organisation_fields=organisation_fields,
        relationship_fields=relationship_fields,
    )
    area = mapping_round.area
    version = mapping_round.content_version
    council = Organisation.objects.get(area=area, kind=OrganisationKind.COUNCIL)
    council.name, council.org_id = f"Bulkshire Council {gss_code}", f"GB-LAE-{gss_code}"
    council.save(update_fields=["name", "org_id"])
    depts = list(Organisation.objects.filter(area=area, kind=OrganisationKind.DEPARTMENT))
    for i, d in enumerate(depts):
        d.name = f"{DEPARTMENTS[i % len(DEPARTMENTS)]} {i}"
    Organisation.objects.bulk_update(depts, ["name"])
    vcs = list(Organisation.objects.filter(area=area, kind=OrganisationKind.VCS).order_by("id"))
    rels = list(Relationship.objects.filter(area=area).order_by("id"))
    qualities = list(
        StrategicQuality.objects.filter(version=version).values_list("slug", flat=True)
    )
    RelationshipQuality.objects.bulk_create(
        (
            RelationshipQuality(
                relationship=r,
                quality_slug=q,
                present=(present := rng.random() < 0.5),
                evidence="Minutes of the partnership board." if present else "",
            )
            for r in rels
            for q in qualities
        ),
        batch_size=2000,
    )

    # --- people ------------------------------------------------------------------------------
    facilitator = _users(area, 1, "facilitator")[0]
    council_people = _users(area, 10, "officer")
    vcs_people = _users(area, 10, "volunteer")
    Membership.objects.bulk_create(
        [
            Membership(
                user=facilitator, area=area, role=Role.FACILITATOR_COUNCIL, organisation=council
            )
        ]
        + [Membership(user=u, area=area, role=Role.COUNCIL_PARTICIPANT) for u in council_people]
        + [
            Membership(user=u, area=area, role=Role.VCS_PARTICIPANT, organisation=vcs[i % len(vcs)])
            for i, u in enumerate(vcs_people)
        ]
    )

    # --- a closed principles round with sent responses ---------------------------------------
    principles_round = Round.objects.create(
        area=area,
        name="Bulk principles round",
        status=RoundStatus.CLOSED,
        opened_on=datetime.date(2026, 2, 2),
        closed_at=now - datetime.timedelta(days=30),
        content_version=version,
        assessment=AssessmentKind.QUICK,
    )
    questions = questions_for_round(principles_round)
    barriers = list(Barrier.objects.filter(version=version).values_list("slug", flat=True))
    pressures = list(Pressure.objects.filter(version=version).values_list("slug", flat=True))
    sent = Response.objects.bulk_create(
        (
            Response(
                round=principles_round,
                side="council" if i % 2 else "vcs",
                status=ResponseStatus.SUBMITTED,
                started_on=datetime.date(2026, 2, 3),
                submitted_on=datetime.date(2026, 2, 3),
            )
            for i in range(responses)
        ),
        batch_size=1000,
    )
    sent = list(Response.objects.filter(round=principles_round).order_by("id"))
    answers, ticks, pressure_rows = [], [], []
    for n, response in enumerate(sent):
        for index, q in enumerate(questions):
            comment = f"Comment {n} on {q.element_slug}." if index == 0 and n % 10 == 0 else ""
            answers.append(
                ElementAnswer(
                    response=response,
                    element_slug=q.element_slug,
                    statement_id=q.statement_id,
                    value=rng.choice([1, 2, 3, 4, 5, 5, 4, None]),
                    comment=comment,
                    share_comment=bool(comment),
                )
            )
        ticks += [BarrierAnswer(response=response, barrier_slug=s) for s in rng.sample(barriers, 2)]
        pressure_rows.append(PressureAnswer(response=response, pressure_slug=rng.choice(pressures)))
    ElementAnswer.objects.bulk_create(answers, batch_size=2000)
    BarrierAnswer.objects.bulk_create(ticks, batch_size=2000)
    PressureAnswer.objects.bulk_create(pressure_rows, batch_size=2000)

    # --- evidence: the import ledger, charity registrations, grants, contracts ----------------
    runs = ImportRun.objects.bulk_create(
        ImportRun(
            area=area,
            kind=kind,
            file_name=name,
            file_sha256=f"{i:064x}",
            file_size=1_000_000 + i,
            file_format=fmt,
            encoding="utf-8",
            status=ImportRun.Status.IMPORTED,
            via="command",
            finished_at=now,
            rows_read=rows,
            created=rows,
            problems=[{"row": 7, "field": "Amount Awarded", "problem": "is not a number"}],
        )
        for i, (kind, name, fmt, rows) in enumerate(
            [
                (ImportKind.CHARITIES, "charities.csv", "charity-commission-csv", organisations),
                (ImportKind.GRANTS, "grants-2023.csv", "360giving-csv", grants // 2),
                (ImportKind.GRANTS, "grants-2024.json", "360giving-json", grants - grants // 2),
                (ImportKind.CONTRACTS, "contracts.json", "ocds-release-package", 20),
            ]
        )
    )
    charity_run, grant_runs, contract_run = runs[0], runs[1:3], runs[3]
    CharityRegistration.objects.bulk_create(
        (
            CharityRegistration(
                area=area,
                organisation=o,
                charity_number=o.org_id.removeprefix("GB-CHC-"),
                register_name=o.name.upper(),
                charity_type="Charitable incorporated organisation",
                registration_status="Registered",
                date_registered=datetime.date(1990 + i % 30, 1 + i % 12, 1),
                latest_income=o.annual_income,
                latest_expenditure=o.annual_income,
                financial_year_end=datetime.date(2025, 3, 31),
                activities="Runs community activities.",
                postcode="AB1 2CD",
                classifications=rng.sample(CLASSIFICATIONS, 2),
                areas_of_operation=rng.sample(PLACES, 2),
                source_run=charity_run,
                last_seen_run=charity_run,
            )
            for i, o in enumerate(vcs)
            if o.org_id
        ),
        batch_size=1000,
    )
    rows = []
    for i in range(grants):
        unmatched = i % 8 == 0  # a publisher-minted id that matches no organisation
        org = vcs[rng.randrange(len(vcs))]
        dept = depts[i % len(depts)]
        awarded = datetime.date(2019, 4, 1) + datetime.timedelta(days=rng.randrange(7 * 365))
        months = rng.choice([3, 6, 12, 12, 24, 36, None])
        rows.append(
            Grant(
                area=area,
                identifier=f"360G-bulk-{gss_code}-{i:06d}",
                title=f"{rng.choice(PROGRAMMES)} grant",
                description="For activities in the community.",
                amount_awarded=Decimal(rng.randint(500, 250_000)),
                award_date=awarded,
                planned_start=awarded,
                planned_end=(awarded + datetime.timedelta(days=30 * months)) if months else None,
                duration_months=Decimal(months) if months else None,
                # A charity by its GB-CHC id; an unregistered group by the id the council
                # minted for it (linked by a person, as RecipientLink records).
                recipient_org_id=f"360G-bulk-org-{i % 300}"
                if unmatched
                else org.org_id or f"360G-bulk-linked-{org.pk}",
                recipient_name=f"Unlisted Group {i % 300}" if unmatched else org.name,
                recipient_charity_number="" if unmatched else org.org_id.removeprefix("GB-CHC-"),
                recipient_id=None if unmatched else org.pk,
                funder_org_id=council.org_id,
                funder_name=council.name,
                funder_id=council.pk,
                funder_department=dept.name,
                department_id=dept.pk,
                programme=rng.choice(PROGRAMMES),
                from_open_call=rng.choice(["Yes", "No", ""]),
                last_modified="2025-05-01T00:00:00+00:00",
                source_run_id=grant_runs[i % 2].pk,
                last_seen_run_id=grant_runs[i % 2].pk,
            )
        )
    Grant.objects.bulk_create(rows, batch_size=2000)
    RecipientLink.objects.bulk_create(
        RecipientLink(
            area=area,
            published_id=f"360G-bulk-linked-{o.pk}",
            organisation=o,
            confirmed_by=facilitator,
        )
        for o in vcs
        if not o.org_id
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            area=area,
            ocid=f"ocds-bulk-{gss_code}-{i:04d}",
            title=f"Contract {i}",
            buyer=council,
            buyer_name=council.name,
            stage="award",
            procurement_method="open",
            awarded_value=Decimal(rng.randint(10_000, 2_000_000)),
            currency="GBP",
            award_date=datetime.date(2022, 4, 1) + datetime.timedelta(days=rng.randrange(900)),
            contract_start=datetime.date(2023, 4, 1),
            contract_end=datetime.date(2026, 3, 31),
            suitable_for_vcse=True,
            compiled_sha256=f"{i:064x}",
            source_run=contract_run,
        )
        for i in range(max(2, grants // 1000))
    )
    ContractSupplier.objects.bulk_create(
        ContractSupplier(
            contract=c,
            party_id=f"supplier-{i}-{k}",
            name=vcs[(i * 2 + k) % len(vcs)].name,
            org_id=vcs[(i * 2 + k) % len(vcs)].org_id,
            organisation=vcs[(i * 2 + k) % len(vcs)],
            scale="small",
            is_vcse=True,
            amount=c.awarded_value / 2,
        )
        for i, c in enumerate(contracts)
        for k in range(2)
    )

    # --- the joint action plan --------------------------------------------------------------
    plan = Plan.objects.create(area=area)
    elements = list(Element.objects.filter(version=version).values_list("slug", flat=True))
    Action.objects.bulk_create(
        Action(
            area=area,
            plan=plan,
            title=f"Action {i:04d}",
            what_will_change="Meet every quarter with the sector.",
            why="Came out weakest in the latest round.",
            content_version=version,
            element_slug=elements[i % len(elements)] if i % 3 == 0 else "",
            barrier_slug=barriers[i % len(barriers)] if i % 3 == 1 else "",
            relationship=rels[i % len(rels)] if i % 3 == 2 else None,
            answers_gap=i % 4 == 0,
            council_owner=council_people[i % len(council_people)],
            vcs_owner=vcs_people[i % len(vcs_people)] if i % 5 else None,
            due_on=(today + datetime.timedelta(days=rng.randint(-60, 365))) if i % 6 else None,
            status=rng.choice(ActionStatus.values),
            progress=rng.randrange(0, 101, 10),
            created_by=facilitator,
        )
        for i in range(actions)
    )
    action_rows = list(Action.objects.filter(area=area).order_by("id"))
    updates, events = [], []
    for i, a in enumerate(action_rows):
        events.append(
            PlanEvent(
                area=area,
                kind=EventKind.ACTION_CREATED,
                action=a,
                actor=facilitator,
                at=now - datetime.timedelta(days=60, minutes=i),
                summary=f"Added “{a.title}”",
            )
        )
        for k in range(updates_per_action):
            author = a.council_owner if k % 2 == 0 else (a.vcs_owner or facilitator)
            updates.append(
                ActionUpdate(
                    area=area,
                    action=a,
                    written_on=today - datetime.timedelta(days=10 * k + i % 10),
                    note=f"Update {k} on {a.title}.",
                    status=a.status,
                    progress=a.progress,
                    author=author,
                )
            )
            events.append(
                PlanEvent(
                    area=area,
                    kind=EventKind.ACTION_UPDATE,
                    action=a,
                    actor=author,
                    at=now - datetime.timedelta(days=10 * k, minutes=i),
                    summary=f"Progress update on “{a.title}”",
                )
            )
    ActionUpdate.objects.bulk_create(updates, batch_size=2000)
    PlanEvent.objects.bulk_create(events, batch_size=2000)

    # As closing it does (rounds.services.round_close); build_mapping_round stored its own.
    round_figures_store.call(principles_round.pk)

    relationship = next(
        r for r in rels if r.parties.filter(organisation__kind=OrganisationKind.DEPARTMENT).exists()
    )
    organisation = (
        Organisation.objects.filter(
            area=area, kind=OrganisationKind.VCS, charity_registration__isnull=False
        )
        .order_by("id")
        .first()
    )
    return LargeArea(
        area=area,
        mapping_round=mapping_round,
        principles_round=principles_round,
        facilitator=facilitator,
        relationship=relationship,
        organisation=organisation,
        action=action_rows[-1],
    )
