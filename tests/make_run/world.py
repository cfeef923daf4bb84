"""Run inside the site's environment (`python -m tests.make_run.world seed|report`): seeds
a real council's area for the concurrency test and reports what was stored, as JSON."""

import json
import sys

PASSWORD = "workshop-password-for-tests"  # noqa: S105
PEOPLE = 6


def seed() -> dict:
    from django.core.management import call_command

    from toolkit.accounts.models import User
    from toolkit.accounts.services import invitation_create
    from toolkit.api.services import api_token_create
    from toolkit.areas.models import Area, Membership, Role
    from toolkit.benchmark.tasks import benchmark_refresh
    from toolkit.register.tests.factories import RelationshipFactory
    from toolkit.rounds import services as rounds
    from toolkit.rounds.models import AssessmentKind

    call_command("create_area", "E08000033", verbosity=0)
    area = Area.objects.get(gss_code="E08000033")
    facilitator = User.objects.create_user(
        "facilitator@calderdale.example", PASSWORD, full_name="Fay Facilitator"
    )
    Membership.objects.create(user=facilitator, area=area, role=Role.FACILITATOR_COUNCIL)
    members = []
    for n in range(PEOPLE):
        user = User.objects.create_user(f"member{n}@example.org", PASSWORD, full_name=f"M {n}")
        Membership.objects.create(user=user, area=area, role=Role.COUNCIL_PARTICIPANT)
        members.append(user.email)
    invitations = [
        invitation_create(
            area=area,
            invited_by=facilitator,
            email=f"invited{n}@example.org",
            role=Role.VCS_PARTICIPANT,
        ).link.rsplit("/", 2)[-2]
        for n in range(PEOPLE)
    ]
    round_ = rounds.round_create(
        area=area,
        created_by=facilitator,
        name="First round",
        assessment=AssessmentKind.QUICK,
        includes_mapping=False,
    )
    rounds.round_open(round_)
    shared = rounds.respondent_link_create(round_=round_, side="vcs", kind="side", size=10).token
    relationships = [RelationshipFactory(area=area) for _ in range(3)]
    _token, api = api_token_create(facilitator, name="workshop", scope="write")
    # Work for the worker while people write: it claims, runs and records these.
    for _ in range(5):
        benchmark_refresh.enqueue([area.pk])
    return {
        "area": area.gss_code,
        "password": PASSWORD,
        "members": members,
        "invitations": invitations,
        "shared_link": shared,
        "round": str(round_.public_id),
        "relationships": [str(r.public_id) for r in relationships],
        "api_token": api,
    }


def report() -> dict:
    from django_tasks_db.models import DBTaskResult

    from toolkit.accounts.models import Invitation
    from toolkit.areas.models import Membership
    from toolkit.assessment.models import ElementAnswer
    from toolkit.register.models import Relationship, RelationshipChange
    from toolkit.rounds.models import Response

    return {
        "accepted": sorted(
            Invitation.objects.filter(accepted_at__isnull=False).values_list("email", flat=True)
        ),
        "members": sorted(Membership.objects.values_list("user__email", flat=True)),
        "responses": Response.objects.count(),
        "answers_per_response": sorted(
            ElementAnswer.objects.filter(response=r).count() for r in Response.objects.all()
        ),
        "titles": {str(k): v for k, v in Relationship.objects.values_list("public_id", "title")},
        "api_changes": RelationshipChange.objects.filter(source="api").count(),
        "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
    }


if __name__ == "__main__":
    import django

    django.setup()
    result = {"seed": seed, "report": report}[sys.argv[1]]()
    print(json.dumps(result, default=str))
