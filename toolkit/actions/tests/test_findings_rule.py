"""Issue 13, "Findings": one rule (actions.selectors.findings_reader) decides who reads which
peer-review finding, and every output uses it: the findings page, reports,
data downloads. Before it, participants got 403 on the page but every finding in a report,
and a reviewer saw only their own on the page but all of them in a report."""

import datetime
import html as html_text
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from toolkit.accounts.tests.factories import UserFactory
from toolkit.actions import review, selectors
from toolkit.actions.models import FindingKind
from toolkit.areas.models import Role
from toolkit.areas.scopes import ALL_SCOPES, GrantScope
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.reports.content import report_data

pytestmark = pytest.mark.django_db


def _reviewer(area, people, email, scopes):
    ends_on = timezone.localdate() + datetime.timedelta(days=10)
    user = UserFactory(email=email, full_name=f"Reviewer {email.split('@')[0].title()} Smith")
    membership = MembershipFactory(area=area, user=user, role=Role.PEER_REVIEWER, ends_on=ends_on)
    grant = review.grant_create(
        area,
        email=email,
        full_name=user.full_name,
        scopes=scopes,
        ends_on=ends_on,
        user=people[Role.FACILITATOR_COUNCIL].user,
    )
    return membership, grant


@pytest.fixture
def findings(area, people):
    ann, ann_grant = _reviewer(area, people, "ann@peer.example.org", sorted(ALL_SCOPES))
    bob, bob_grant = _reviewer(area, people, "bob@peer.example.org", [GrantScope.RESULTS])

    def write(reviewer, grant, title):
        return review.finding_create(
            area,
            grant=grant,
            user=reviewer.user,
            kind=FindingKind.RECOMMENDATION,
            title=title,
            text=f"Text of {title}.",
        )

    draft = write(ann, ann_grant, "Ann's draft finding")
    taken = write(ann, ann_grant, "Ann's finding in the plan")
    review.finding_accept(taken, user=people[Role.FACILITATOR_VCS].user)
    bobs = write(bob, bob_grant, "Bob's finding")
    return {"ann": ann, "bob": bob, "draft": draft, "taken": taken, "bobs": bobs}


def _titles(area, membership):
    return {f.title for f in selectors.findings_for(area, selectors.findings_reader(membership))}


def test_the_rule(area, people, findings):
    every = {"Ann's draft finding", "Ann's finding in the plan", "Bob's finding"}
    assert _titles(area, people[Role.FACILITATOR_COUNCIL]) == every
    assert _titles(area, people[Role.FACILITATOR_VCS]) == every
    assert _titles(area, people[Role.COUNCIL_PARTICIPANT]) == {"Ann's finding in the plan"}
    assert _titles(area, people[Role.VCS_PARTICIPANT]) == {"Ann's finding in the plan"}
    assert _titles(area, findings["ann"]) == {"Ann's draft finding", "Ann's finding in the plan"}
    assert _titles(area, findings["bob"]) == {"Bob's finding"}  # no plan scope
    no_grant = MembershipFactory(
        area=area, role=Role.PEER_REVIEWER, ends_on=timezone.localdate() + datetime.timedelta(1)
    )
    assert _titles(area, no_grant) == set()
    assert selectors.findings_reader(people[Role.FACILITATOR_VCS]).authors_shown
    assert not selectors.findings_reader(people[Role.VCS_PARTICIPANT]).authors_shown


def _page(client, area, membership, name="actions:findings"):
    client.force_login(membership.user)
    return client.get(reverse(name, args=[area.gss_code]))


def test_findings_page(client, area, people, findings):
    page = _page(client, area, people[Role.VCS_PARTICIPANT])
    assert page.status_code == 200  # was 403
    html = html_text.unescape(page.content.decode())
    assert "Ann's finding in the plan" in html
    assert "Ann's draft finding" not in html and "Bob's finding" not in html
    assert findings["ann"].user.full_name not in html

    html = html_text.unescape(_page(client, area, findings["ann"]).content.decode())
    assert "Ann's draft finding" in html and "Ann's finding in the plan" in html
    assert "Bob's finding" not in html

    html = html_text.unescape(
        _page(client, area, people[Role.FACILITATOR_COUNCIL]).content.decode()
    )
    assert all(t in html for t in ("Ann's draft finding", "Bob's finding"))
    assert findings["ann"].user.full_name in html


def test_reports_hold_only_what_every_reader_of_them_may_read(area, people, findings):
    """A report requested by a facilitator is downloadable by every member with its scopes,
    so it carries the findings in the plan, not the drafts (the issue's leak)."""
    data = report_data(area, ALL_SCOPES)
    assert [f.title for f in data.findings] == ["Ann's finding in the plan"]
    assert report_data(area, {GrantScope.RESULTS}).findings == []


def test_data_downloads(client, area, people, findings):
    client.force_login(people[Role.VCS_PARTICIPANT].user)
    csv = client.get(reverse("reports:data-csv", args=[area.gss_code, "findings"]))
    text = csv.getvalue().decode()
    assert "Ann's finding in the plan" in text
    assert "Ann's draft finding" not in text and "Bob's finding" not in text
    book = client.get(reverse("reports:data-xlsx", args=[area.gss_code]))
    workbook = load_workbook(io.BytesIO(book.getvalue()), read_only=True)
    cells = " ".join(
        str(c) for row in workbook["Findings in the plan"].iter_rows(values_only=True) for c in row
    )
    assert "Ann's finding in the plan" in cells and "Ann's draft finding" not in cells
    # Bob has no plan scope: no findings download at all
    client.force_login(findings["bob"].user)
    refused = client.get(reverse("reports:data-csv", args=[area.gss_code, "findings"]))
    assert refused.status_code == 403
