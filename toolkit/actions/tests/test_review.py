"""Peer review: a facilitator grants a reviewer read access to chosen parts until an end date
(revocable, audited); the reviewer sees exactly that until the end date and nothing after;
the reviewer's findings can be accepted into the plan."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from toolkit.accounts.tests.factories import UserFactory
from toolkit.actions import review, services
from toolkit.actions.models import (
    ActionSource,
    EventKind,
    Finding,
    FindingKind,
    PlanEvent,
    ReviewGrant,
)
from toolkit.actions.services import ActionData, PlanError
from toolkit.areas.models import Membership, Role
from toolkit.areas.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def reviewer_with(area, people, scopes, ends_on=None):
    ends_on = ends_on or timezone.localdate() + datetime.timedelta(days=10)
    user = UserFactory(email="peer@review.example.org")
    MembershipFactory(area=area, user=user, role=Role.PEER_REVIEWER, ends_on=ends_on)
    review.grant_create(
        area,
        email=user.email,
        full_name="Pat Peer",
        scopes=scopes,
        ends_on=ends_on,
        user=people[Role.FACILITATOR_COUNCIL].user,
    )
    return user


def url(name, area, **kwargs):
    return reverse(name, kwargs={"area_code": area.gss_code, **kwargs})


def test_granting_access_invites_the_reviewer_and_is_audited(client, area, people):
    facilitator = people[Role.FACILITATOR_VCS].user
    client.force_login(facilitator)
    response = client.post(
        url("actions:grant-create", area),
        {
            "email": "Team@Peer.example.org",
            "full_name": "Peer Team",
            "scopes": ["results", "plan"],
            "ends_on": (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    grant = ReviewGrant.objects.get(area=area)
    assert grant.email == "team@peer.example.org" and grant.scopes == ["plan", "results"]
    assert grant.invitation.role == Role.PEER_REVIEWER
    assert grant.invitation.ends_on == grant.ends_on
    assert mail.outbox and mail.outbox[0].to == ["team@peer.example.org"]
    event = PlanEvent.objects.get(kind=EventKind.GRANT_CREATED)
    assert event.actor == facilitator and "until" in event.summary
    page = client.get(url("actions:review", area)).content.decode()
    assert "team@peer.example.org" in page and "Active" in page


def test_a_member_with_another_role_cannot_be_made_a_reviewer(area, people):
    participant = people[Role.VCS_PARTICIPANT]
    with pytest.raises(PlanError, match="already a member"):
        review.grant_create(
            area,
            email=participant.user.email,
            full_name="",
            scopes=["plan"],
            ends_on=timezone.localdate(),
            user=people[Role.FACILITATOR_COUNCIL].user,
        )


def test_reviewer_sees_exactly_what_was_granted(client, area, people, results_round):
    services.action_create(area, ActionData(title="Secret plan action"), user=None)
    reviewer = reviewer_with(area, people, ["plan"])
    client.force_login(reviewer)

    assert client.get(url("actions:plan", area)).status_code == 200
    assert client.get(url("actions:history", area)).status_code == 200
    access = client.get(url("actions:access", area)).content.decode()
    assert "Joint action plan" in access and "Not included in your access" in access

    # Downloads hold the plan only
    workbook = load_workbook(io.BytesIO(client.get(url("reports:data-xlsx", area)).getvalue()))
    assert workbook.sheetnames == ["Joint action plan", "Findings in the plan", "Data dictionary"]
    assert client.get(url("reports:data-csv", area, dataset="register")).status_code == 403
    assert client.get(url("reports:data-csv", area, dataset="principles")).status_code == 403
    assert client.get(url("reports:data-csv", area, dataset="plan")).status_code == 200
    summary = client.get(url("reports:summary", area)).content.decode()
    assert "Secret plan action" in summary
    assert "Capacity" not in summary  # results were not granted

    # A report they make holds only what they may read
    response = client.post(url("reports:index", area), {"kind": "area", "format": "docx"})
    assert response.status_code == 302
    from toolkit.reports.models import Report

    report = Report.objects.get(area=area)
    assert report.scopes == ["plan"]


def test_reviewer_without_the_plan_grant_is_refused_the_plan(client, area, people):
    reviewer = reviewer_with(area, people, ["results"])
    client.force_login(reviewer)
    assert client.get(url("actions:plan", area)).status_code == 403
    assert client.get(url("reports:data-csv", area, dataset="plan")).status_code == 403
    assert client.get(url("reports:data-csv", area, dataset="principles")).status_code == 200


def test_reviewer_sees_until_the_end_date_and_nothing_after(client, area, people):
    reviewer = reviewer_with(area, people, ["plan", "register"], ends_on=timezone.localdate())
    client.force_login(reviewer)
    # On the last day, access still works (the end date is inclusive)
    assert client.get(url("actions:plan", area)).status_code == 200
    assert client.get(url("register:list", area)).status_code == 200

    # The day after, nothing of the area opens, in this app or any other
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        for name in ("actions:plan", "actions:access", "reports:index", "register:list"):
            assert client.get(url(name, area)).status_code == 404, name
        assert client.get(url("reports:data-xlsx", area)).status_code == 404
        assert client.get(url("areas:dashboard", area)).status_code == 404


def test_withdrawing_access_ends_it_at_once(client, area, people):
    reviewer = reviewer_with(area, people, ["plan"])
    client.force_login(reviewer)
    assert client.get(url("actions:plan", area)).status_code == 200
    grant = ReviewGrant.objects.get(area=area)

    facilitator = people[Role.FACILITATOR_COUNCIL]
    other = type(client)()
    other.force_login(facilitator.user)
    assert (
        other.post(url("actions:grant-revoke", area, grant_id=grant.public_id)).status_code == 302
    )

    assert client.get(url("actions:plan", area)).status_code == 404
    assert client.get(url("register:list", area)).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_by == facilitator.user
    assert Membership.objects.get(user=reviewer).ends_on < timezone.localdate()
    assert PlanEvent.objects.filter(kind=EventKind.GRANT_REVOKED, grant=grant).exists()


def test_changing_access_moves_the_end_date_everywhere(area, people):
    reviewer = reviewer_with(area, people, ["plan"])
    grant = ReviewGrant.objects.get(area=area)
    later = timezone.localdate() + datetime.timedelta(days=60)
    review.grant_update(grant, scopes=["plan", "evidence"], ends_on=later, user=None)
    assert Membership.objects.get(user=reviewer).ends_on == later
    assert PlanEvent.objects.filter(kind=EventKind.GRANT_CHANGED).exists()


def test_reviewer_without_a_live_grant_sees_nothing_of_the_plan(client, area, people):
    user = UserFactory()
    MembershipFactory(
        area=area,
        user=user,
        role=Role.PEER_REVIEWER,
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(user)
    assert client.get(url("actions:plan", area)).status_code == 403
    assert client.get(url("actions:findings", area)).status_code == 403
    assert client.get(url("reports:data-xlsx", area)).status_code == 403
    page = client.get(url("actions:access", area)).content.decode()
    assert "do not have review access" in page


def test_findings_can_be_accepted_into_the_plan(client, area, people):
    reviewer = reviewer_with(area, people, ["results"])
    client.force_login(reviewer)
    response = client.post(
        url("actions:findings", area),
        {
            "kind": FindingKind.RECOMMENDATION,
            "title": "Pay for VCS places on boards",
            "text": "Small groups cannot give daytime hours.",
            "element_slug": "capacity",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get(area=area)
    assert finding.author == reviewer and finding.grant is not None
    strength = review.finding_create(
        area, grant=None, user=reviewer, kind=FindingKind.STRENGTH, title="Good forum", text="."
    )

    facilitator = type(client)()
    facilitator.force_login(people[Role.FACILITATOR_VCS].user)
    page = facilitator.get(url("actions:findings", area)).content.decode()
    assert "Pay for VCS places on boards" in page
    response = facilitator.post(url("actions:finding-accept", area, finding_id=finding.public_id))
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.action.source == ActionSource.FINDING
    assert finding.action.element_slug == "capacity"
    # A strength is not an action
    facilitator.post(url("actions:finding-accept", area, finding_id=strength.public_id))
    strength.refresh_from_db()
    assert strength.action is None
    # Reviewers cannot accept findings or change the plan
    assert (
        client.post(url("actions:finding-accept", area, finding_id=finding.public_id)).status_code
        == 403
    )
    assert client.get(url("actions:action-create", area)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_reviewers_invitation_is_emailed_after_the_grant_is_saved(area, people, monkeypatch):
    """On SQLite a transaction holds the database's one write lock: a mail server's delay
    inside one would hold up everyone writing."""
    from django.db import connection

    from toolkit.accounts import services as account_services

    in_transaction_when_sent = []
    real = account_services.email_send

    def record(**kwargs):
        in_transaction_when_sent.append(connection.in_atomic_block)
        return real(**kwargs)

    monkeypatch.setattr(account_services, "email_send", record)
    review.grant_create(
        area,
        email="new.peer@example.org",
        full_name="New Peer",
        scopes=["results"],
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
        user=people[Role.FACILITATOR_COUNCIL].user,
    )
    assert in_transaction_when_sent == [False]
    assert mail.outbox[-1].to == ["new.peer@example.org"]
