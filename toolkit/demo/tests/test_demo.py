import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from toolkit.accounts.models import User
from toolkit.areas.models import Area, Membership, Organisation, OrganisationKind, Role, VcsType
from toolkit.demo.context import DemoDataError
from toolkit.demo.services import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_AREA_CODE,
    demo_area_load,
    demo_data_read,
)

PASSWORD = "another-demo-password-42"
AUTHORITIES_CSV = (
    Path(__file__).resolve().parents[4]
    / "shared/data/geography/mysociety-uk-la/uk_local_authorities_current.csv"
)
BUNDLED_AUTHORITIES = (
    Path(__file__).resolve().parents[2] / "places" / "data" / "english_local_authorities.csv"
)


def _counts():
    return {
        "areas": Area.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


@pytest.fixture
def loaded(db):
    return demo_area_load(password=PASSWORD)


@pytest.fixture
def vcs(loaded):
    return Organisation.objects.filter(area=loaded.area, kind=OrganisationKind.VCS)


def test_load_creates_a_demo_area_with_its_council_and_departments(loaded):
    area = Area.objects.get(gss_code=DEMO_AREA_CODE)
    assert area == loaded.area
    assert area.is_demo
    assert area.name == "Eastmere"
    council = Organisation.objects.get(area=area, kind=OrganisationKind.COUNCIL)
    assert "fictional" in council.name
    departments = Organisation.objects.filter(area=area, kind=OrganisationKind.DEPARTMENT)
    assert departments.count() == 10
    assert all(d.parent_id == council.pk for d in departments)


def test_load_creates_a_varied_sector(vcs):
    assert 28 <= vcs.count() <= 35
    assert vcs.filter(is_marginalised_led=True).count() >= 5
    assert vcs.filter(vcs_type=VcsType.INFRASTRUCTURE, name__contains="Voluntary Service").exists()
    assert vcs.filter(vcs_type=VcsType.NETWORK).exists()
    assert vcs.filter(vcs_type=VcsType.FAITH_GROUP).exists()
    assert vcs.filter(vcs_type=VcsType.SOCIAL_ENTERPRISE).exists()
    assert vcs.filter(vcs_type=VcsType.NATIONAL_CHARITY).exists()
    assert vcs.filter(annual_income__lt=Decimal(100_000)).count() >= 8
    assert vcs.filter(annual_income__gte=1_000_000, annual_income__lte=5_000_000).count() >= 3
    assert vcs.filter(vcs_type=VcsType.COMMUNITY_GROUP, annual_income__isnull=True).exists()
    assert all(org.description and org.neighbourhoods for org in vcs)


def test_org_ids_are_in_fictional_ranges(vcs):
    for org_id in vcs.exclude(org_id="").values_list("org_id", flat=True):
        assert re.fullmatch(r"GB-CHC-999\d{4}|GB-COH-999\d{5}", org_id), org_id


def test_each_role_has_a_user_who_can_sign_in(loaded, client):
    memberships = Membership.objects.filter(area=loaded.area).select_related("user")
    assert {m.role for m in memberships} == set(Role)
    for membership in memberships:
        assert membership.user.check_password(PASSWORD)
    assert all(m.user.email.endswith(".example.org") for m in memberships)

    reviewer = memberships.get(role=Role.PEER_REVIEWER)
    today = datetime.date.today()
    assert reviewer.ends_on > today + datetime.timedelta(days=360)
    assert Membership.objects.active().filter(pk=reviewer.pk).exists()

    analyst = User.objects.get(is_national_analyst=True)
    assert analyst.check_password(PASSWORD)
    assert not analyst.memberships.exists()

    # A real sign-in through the sign-in page (and its rate limiting) works too.
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": "facilitator@eastmere.example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_logins_cover_every_user_and_role(loaded):
    assert len(loaded.logins) == User.objects.count() == 8
    assert {login.email for login in loaded.logins} == set(
        User.objects.values_list("email", flat=True)
    )
    assert all(login.password == PASSWORD for login in loaded.logins)


def test_second_load_creates_nothing(loaded):
    before = _counts()
    again = demo_area_load(password=PASSWORD)
    assert _counts() == before
    assert again.created_total == 0
    assert again.area == loaded.area
    assert (
        loaded.created["organisations"]
        == Organisation.objects.filter(kind=OrganisationKind.VCS).count()
    )


def test_second_load_with_a_new_password_updates_it(loaded):
    demo_area_load(password="a-different-one-2024")
    user = User.objects.get(email="cvs@eastmere.example.org")
    assert user.check_password("a-different-one-2024")


def test_a_weak_password_is_refused_and_nothing_is_loaded(db):
    with pytest.raises(DemoDataError, match="password"):
        demo_area_load(password="short")
    assert _counts() == {"areas": 0, "organisations": 0, "users": 0, "memberships": 0}


def test_command_prints_the_area_and_every_role(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Fictional demo area Eastmere loaded ({DEMO_AREA_CODE})"
    rows = [[cell.strip() for cell in line.split("\t")] for line in lines[1:]]
    assert len(rows) == 8
    assert all(len(row) == 3 and row[2] == PASSWORD for row in rows)
    labels = " ".join(row[0] for row in rows)
    for role in Role:
        assert role.label.split(" (")[0] in labels
    assert "National analyst" in labels
    assert {row[1] for row in rows} == set(User.objects.values_list("email", flat=True))
    # The columns line up.
    assert len({line.index("\t") for line in lines[1:]}) == 1


def test_command_refuses_the_published_password_when_debug_is_off(db, monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Area.objects.exists()


def test_command_uses_the_published_password_in_development(db, monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert DEFAULT_DEMO_PASSWORD in out.getvalue()
    assert User.objects.get(email="officer@eastmere.example.org").check_password(
        DEFAULT_DEMO_PASSWORD
    )


def _real_authority_names() -> set[str]:
    names = set()
    if AUTHORITIES_CSV.exists():
        with AUTHORITIES_CSV.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.update({row["nice-name"], row["official-name"]})
                names.update(n for n in row["alt-names"].split(",") if n)
    if BUNDLED_AUTHORITIES.exists():
        with BUNDLED_AUTHORITIES.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.update({row["name"], row["official_name"]})
    return {n.strip().lower() for n in names if n.strip()}


def test_demo_area_is_not_a_real_authority():
    names = _real_authority_names()
    assert names, "no local authority list available"
    data = demo_data_read()
    assert data["area"]["gss_code"] == DEMO_AREA_CODE
    area_name = data["area"]["name"].lower()
    assert area_name not in names
    assert not any(area_name in name for name in names)
    # No organisation or ward is named after a real authority (whole words, so that generic
    # words such as "Mere" in a longer name do not count).
    texts = [org["name"] for org in data["organisations"]]
    texts += [org.get("neighbourhoods", "") for org in data["organisations"]]
    texts += [dept["name"] for dept in data["departments"]]
    for text in texts:
        for name in names:
            if len(name) >= 4:
                assert not re.search(rf"\b{re.escape(name)}\b", text.lower()), (text, name)


def test_demo_area_code_is_not_a_real_gss_code():
    assert AUTHORITIES_CSV.exists(), f"shared data missing: {AUTHORITIES_CSV}"
    with AUTHORITIES_CSV.open(encoding="utf-8") as fh:
        text = fh.read()
    assert DEMO_AREA_CODE not in text


def test_the_demo_names_leads_and_shows_a_handover_once(loaded):
    from toolkit.register.models import Handover, Lead, RelationshipChange

    area = loaded.area
    board = Lead.objects.get(relationship__reference="EM-001", side="council")
    assert (board.display_name, board.job_title) == ("Dana Whitlow", "Head of communities")
    assert Lead.objects.filter(area=area, member__isnull=True).exists()  # people without accounts
    assert Lead.objects.filter(area=area, organisation__isnull=False).count() == 7
    handover = Handover.objects.get(area=area)
    assert handover.leaving == "Morgan Hale"
    assert [m["what"] for m in handover.moves] == [
        "CVS infrastructure grant",
        "UK Shared Prosperity Fund community grants",
    ]
    assert RelationshipChange.objects.filter(
        relationship__reference="EM-003", source="handover"
    ).exists()
    leads_before = sorted(Lead.objects.values_list("pk", "name", "member_id"))

    again = demo_area_load(password=PASSWORD)

    assert again.created["leads"] == 0
    assert Handover.objects.filter(area=area).count() == 1
    assert sorted(Lead.objects.values_list("pk", "name", "member_id")) == leads_before
