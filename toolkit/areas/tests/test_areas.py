import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from toolkit.areas.identifiers import org_id_normalise, org_id_validate
from toolkit.areas.models import Area, Organisation, OrganisationKind, Role

from .factories import AreaFactory, CouncilFactory, MembershipFactory, OrganisationFactory


@pytest.mark.parametrize(
    "value",
    [
        "GB-CHC-1234567",
        "GB-CHC-123456",
        "GB-COH-01234567",
        "GB-COH-SC123456",
        "GB-SC-SC012345",
        "GB-NIC-100123",
        "GB-MPR-12345R",
        "GB-LAE-TRF",
        "US-EIN-123456789",
    ],
)
def test_valid_org_ids(value):
    org_id_validate(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("GB-CHC-12345", "6 or 7 digits"),
        ("GB-COH-4142000", "8 characters"),
        ("GB-COH-458577871", "8 characters"),
        ("1234567", "org-id form"),
        ("charity 1234567", "org-id form"),
    ],
)
def test_invalid_org_ids_say_how_to_fix(value, message):
    with pytest.raises(ValidationError) as error:
        org_id_validate(value)
    assert message in error.value.messages[0]


def test_org_id_normalised_to_upper_case():
    assert org_id_normalise(" gb-coh-sc123456 ") == "GB-COH-SC123456"


@pytest.mark.django_db
def test_create_area_for_a_two_tier_council_has_both_councils(reference_data):
    call_command("create_area", "E07000235")  # Malvern Hills
    area = Area.objects.get(gss_code="E07000235")
    councils = set(
        area.organisations.filter(kind=OrganisationKind.COUNCIL).values_list(
            "local_authority__gss_code", flat=True
        )
    )
    assert councils == {"E07000235", "E10000034"}
    call_command("create_area", "E07000235")
    assert Organisation.objects.filter(area=area).count() == 2


@pytest.mark.django_db
def test_create_area_for_unknown_code_fails_clearly(reference_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No current English council"):
        call_command("create_area", "E99999998")


@pytest.mark.django_db
def test_load_reference_data_twice_says_unchanged(db, capsys):
    from io import StringIO

    call_command("load_reference_data", stdout=StringIO())
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    text = out.getvalue().lower()
    assert "local authorities: unchanged" in text
    assert "framework content" in text
    assert text.strip().endswith("unchanged (already loaded).")


@pytest.mark.django_db
def test_facilitator_adds_an_organisation_and_invalid_input_saves_nothing(client):
    membership = MembershipFactory(role=Role.FACILITATOR_VCS)
    area = membership.area
    client.force_login(membership.user)
    url = reverse("areas:organisation-create", args=[area.gss_code])

    response = client.post(url, {"name": "", "kind": "vcs", "org_id": "GB-CHC-12"})
    body = response.content.decode()
    assert "Enter the organisation&#x27;s name" in body or "Enter the organisation's name" in body
    assert "6 or 7 digits" in body
    assert not Organisation.objects.filter(area=area).exists()

    response = client.post(url, {"name": "Food Bank", "kind": "vcs", "org_id": "gb-chc-1234567"})
    assert response.status_code == 302
    assert Organisation.objects.get(area=area).org_id == "GB-CHC-1234567"


@pytest.mark.django_db
def test_department_needs_its_council(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("areas:organisation-create", args=[membership.area.gss_code]),
        {"name": "Public health", "kind": "department"},
    )
    assert "Select the council this department belongs to" in response.content.decode()


@pytest.mark.django_db
def test_participant_can_list_but_not_add_organisations(client):
    membership = MembershipFactory(role=Role.VCS_PARTICIPANT)
    OrganisationFactory(area=membership.area, name="Youth Club")
    client.force_login(membership.user)
    listing = client.get(reverse("areas:organisations", args=[membership.area.gss_code]))
    assert "Youth Club" in listing.content.decode()
    assert "Add an organisation" not in listing.content.decode()
    create = client.get(reverse("areas:organisation-create", args=[membership.area.gss_code]))
    assert create.status_code == 403


@pytest.mark.django_db
def test_organisation_list_query_count_is_bounded(client, django_assert_max_num_queries):
    membership = MembershipFactory()
    council = CouncilFactory(area=membership.area)
    for i in range(60):
        OrganisationFactory(
            area=membership.area, kind="department", parent=council, name=f"Dept {i}"
        )
    client.force_login(membership.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("areas:organisations", args=[membership.area.gss_code]))


@pytest.mark.django_db
def test_people_page_query_count_is_bounded(client, django_assert_max_num_queries):
    area = AreaFactory()
    facilitator = MembershipFactory(area=area)
    for _ in range(40):
        MembershipFactory(
            area=area, role=Role.VCS_PARTICIPANT, organisation=OrganisationFactory(area=area)
        )
    client.force_login(facilitator.user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("people:list", args=[area.gss_code]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_suppression_threshold_never_below_three():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        AreaFactory(suppression_threshold=2)


@pytest.mark.django_db
def test_create_area_invites_the_first_facilitator_and_prints_the_link(reference_data, mailoutbox):
    from io import StringIO

    from toolkit.accounts.models import Invitation, token_hash

    out = StringIO()
    call_command("create_area", "E08000033", "--facilitator", "Name@Council.gov.uk", stdout=out)
    invitation = Invitation.objects.get()
    assert invitation.area.gss_code == "E08000033"
    assert invitation.email == "name@council.gov.uk"
    assert invitation.role == Role.FACILITATOR_COUNCIL and invitation.invited_by is None
    printed = out.getvalue()
    assert "Invited name@council.gov.uk as facilitator (council side) of Calderdale" in printed
    link = next(line for line in printed.splitlines() if "/account/invitations/" in line)
    assert invitation.token_digest == token_hash(link.rstrip("/").rsplit("/", 1)[1])
    assert link in mailoutbox[0].body
    assert mailoutbox[0].body.startswith("The service team has invited you to join Calderdale")

    call_command("create_area", "E08000033", "--facilitator", "cvs@example.org", "--side", "vcs")
    assert Invitation.objects.get(email="cvs@example.org").role == Role.FACILITATOR_VCS


@pytest.mark.django_db
def test_create_area_refuses_a_facilitator_that_is_not_an_email_address(reference_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not an email address"):
        call_command("create_area", "E08000033", "--facilitator", "name at council")
    assert not Area.objects.filter(gss_code="E08000033").exists()


@pytest.mark.django_db
def test_create_area_builds_the_link_for_the_address_given_and_says_how(
    reference_data, mailoutbox, settings
):
    """Without SITE_URL the printed link said http://127.0.0.1:8000 whatever the server ran
    on: --site-url gives the address, and the output says what the link was built from."""
    from io import StringIO

    from django.core.management.base import CommandError

    settings.SITE_URL = ""
    out = StringIO()
    call_command(
        "create_area",
        "E08000033",
        "--facilitator",
        "name@council.gov.uk",
        "--site-url",
        "http://localhost:8001/",
        stdout=out,
    )
    link = next(line for line in out.getvalue().splitlines() if "/account/invitations/" in line)
    assert link.startswith("http://localhost:8001/account/invitations/")
    assert link in mailoutbox[0].body
    assert "built from --site-url" in out.getvalue()

    out = StringIO()
    call_command("create_area", "E08000033", "--facilitator", "b@council.gov.uk", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/account/invitations/" in printed
    assert "set SITE_URL, or give --site-url" in printed

    settings.SITE_URL = "https://toolkit.example.org"
    out = StringIO()
    call_command("create_area", "E08000033", "--facilitator", "c@council.gov.uk", stdout=out)
    assert "https://toolkit.example.org/account/invitations/" in out.getvalue()
    assert "built from SITE_URL" in out.getvalue()
    with pytest.raises(CommandError, match="SITE_URL is set"):
        call_command(
            "create_area", "E08000033", "--facilitator", "d@x.org", "--site-url", "http://a:1"
        )
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="starts with http"):
        call_command(
            "create_area", "E08000033", "--facilitator", "d@x.org", "--site-url", "localhost:1"
        )
