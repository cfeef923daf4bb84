"""A relationship's page shows the money between its parties from imported grants, as a
suggestion for the financial-investment axis (issue 7), to those who may read the evidence."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.actions.tests.factories import ReviewGrantFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.evidence.models import Grant

from .factories import RelationshipFactory

pytestmark = pytest.mark.django_db


def grant_between(relationship, amount):
    council = relationship.parties.get(side="council").organisation
    vcs = relationship.parties.get(side="vcs").organisation
    return Grant.objects.create(
        area=relationship.area,
        identifier=f"360G-test-{amount}",
        amount_awarded=Decimal(amount),
        award_date=datetime.date(2024, 4, 1),
        recipient=vcs,
        funder_org_id="GB-LAE-TST",
        department=council,
    )


def test_relationship_page_suggests_a_financial_investment_rating(client):
    relationship = RelationshipFactory()
    grant_between(relationship, "12000")
    grant_between(relationship, "3000")
    client.force_login(MembershipFactory(area=relationship.area).user)
    page = client.get(
        reverse("register:detail", args=[relationship.area.gss_code, relationship.public_id])
    ).content.decode()
    assert "Money between the parties" in page
    assert "£15,000" in page
    assert "Suggested financial investment rating" in page
    assert "respondents&#x27; own ratings" in page or "respondents' own ratings" in page


def test_relationship_without_grants_says_so(client):
    relationship = RelationshipFactory()
    client.force_login(MembershipFactory(area=relationship.area).user)
    page = client.get(
        reverse("register:detail", args=[relationship.area.gss_code, relationship.public_id])
    ).content.decode()
    assert "No grants or contracts between these parties" in page


def test_reviewer_without_evidence_grant_does_not_see_the_money(client):
    relationship = RelationshipFactory()
    grant_between(relationship, "12000")
    ends = timezone.localdate() + datetime.timedelta(days=10)
    reviewer = MembershipFactory(area=relationship.area, role=Role.PEER_REVIEWER, ends_on=ends)
    ReviewGrantFactory(
        area=relationship.area, email=reviewer.user.email, scopes=["register"], ends_on=ends
    )
    client.force_login(reviewer.user)
    page = client.get(
        reverse("register:detail", args=[relationship.area.gss_code, relationship.public_id])
    ).content.decode()
    assert "Money between the parties" not in page
    assert "12,000" not in page
