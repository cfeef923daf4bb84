import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.security import services
from toolkit.security.models import AuditEvent, RecoveryCode, TOTPDevice

pytestmark = pytest.mark.django_db


def with_two_factor(membership):
    TOTPDevice.objects.create(
        user=membership.user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    services.recovery_codes_replace(membership.user)
    return membership


def reset_url(membership, area=None):
    area = area or membership.area
    return reverse("audit:two-factor-reset", args=[area.gss_code, membership.public_id])


def test_facilitator_resets_a_members_two_factor(client):
    area = AreaFactory()
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    member = with_two_factor(MembershipFactory(area=area, role=Role.VCS_PARTICIPANT))
    client.force_login(facilitator)

    listing = client.get(reverse("audit:two-factor", args=[area.gss_code])).content.decode()
    assert member.user.email in listing
    assert reset_url(member) in listing
    assert client.get(reset_url(member)).status_code == 200

    response = client.post(reset_url(member))
    assert response["Location"] == reverse("audit:two-factor", args=[area.gss_code])
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    assert not RecoveryCode.objects.filter(user=member.user).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert (event.actor, event.area, event.target) == (facilitator, area, member.user.email)
    # Shown in the area's audit log.
    log = client.get(reverse("audit:log", args=[area.gss_code])).content.decode()
    assert "Two-factor sign-in reset" in log


def test_area_a_facilitator_cannot_reset_an_area_b_member(client):
    area_a, area_b = AreaFactory(), AreaFactory()
    facilitator = MembershipFactory(area=area_a, role=Role.FACILITATOR_VCS).user
    member_b = with_two_factor(MembershipFactory(area=area_b))
    client.force_login(facilitator)

    # Neither through area B's address nor by putting B's member under area A's.
    assert client.post(reset_url(member_b)).status_code == 404
    assert client.post(reset_url(member_b, area=area_a)).status_code == 404
    assert TOTPDevice.objects.filter(user=member_b.user).exists()
    assert not AuditEvent.objects.filter(action="two_factor_reset").exists()


def test_participants_cannot_reset(client):
    area = AreaFactory()
    participant = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT).user
    member = with_two_factor(MembershipFactory(area=area))
    client.force_login(participant)
    assert client.post(reset_url(member)).status_code == 403
    assert TOTPDevice.objects.filter(user=member.user).exists()


def test_a_member_of_another_area_too_is_left_to_the_service_team(client):
    area_a, area_b = AreaFactory(), AreaFactory()
    facilitator = MembershipFactory(area=area_a, role=Role.FACILITATOR_COUNCIL).user
    member = with_two_factor(MembershipFactory(area=area_a))
    MembershipFactory(area=area_b, user=member.user, role=Role.FACILITATOR_COUNCIL)
    client.force_login(facilitator)

    page = client.get(reset_url(member)).content.decode()
    assert "a member of an area you do not facilitate" in page
    assert client.post(reset_url(member)).status_code == 403
    assert TOTPDevice.objects.filter(user=member.user).exists()


@pytest.mark.parametrize(
    "kind", ["self", "national_analyst", "staff"], ids=["self", "analyst", "staff"]
)
def test_some_accounts_cannot_be_reset_by_a_facilitator(kind):
    area = AreaFactory()
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    if kind == "self":
        member = facilitator
    else:
        user = UserFactory(**{"is_national_analyst" if kind != "staff" else "is_staff": True})
        member = MembershipFactory(area=area, user=user)
    with_two_factor(member)
    with pytest.raises(services.ResetRefused):
        services.two_factor_reset(by=facilitator.user, membership=member)
    assert TOTPDevice.objects.filter(user=member.user).exists()


def test_a_facilitator_cannot_reset_a_co_facilitator(client):
    """Review F10: with a phished password, a co-facilitator's reset would let someone set up
    their own app on the account. Facilitators go to the service team."""
    area = AreaFactory()
    council = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    vcs = with_two_factor(MembershipFactory(area=area, role=Role.FACILITATOR_VCS))
    client.force_login(council)

    page = client.get(reset_url(vcs)).content.decode()
    assert "Only the service team can reset a facilitator" in page
    assert client.post(reset_url(vcs)).status_code == 403
    assert TOTPDevice.objects.filter(user=vcs.user).exists()
    listing = client.get(reverse("audit:two-factor", args=[area.gss_code])).content.decode()
    assert reset_url(vcs) not in listing
    assert "Only the service team can reset a facilitator" in listing


def test_a_facilitator_role_elsewhere_also_goes_to_the_service_team():
    area, other = AreaFactory(), AreaFactory()
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    MembershipFactory(area=other, user=facilitator.user, role=Role.FACILITATOR_COUNCIL)
    member = with_two_factor(MembershipFactory(area=area, role=Role.VCS_PARTICIPANT))
    MembershipFactory(area=other, user=member.user, role=Role.FACILITATOR_VCS)
    with pytest.raises(services.ResetRefused, match="a facilitator"):
        services.two_factor_reset(by=facilitator.user, membership=member)


def test_the_member_is_emailed_when_their_two_factor_is_reset(client, mailoutbox):
    area = AreaFactory(name="Testshire")
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    member = with_two_factor(MembershipFactory(area=area, role=Role.VCS_PARTICIPANT))
    client.force_login(facilitator)
    client.post(reset_url(member))

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member.user.email]
    assert "two-factor sign-in has been reset" in mail.subject
    assert facilitator.email in mail.body and "Testshire" in mail.body
    assert "If you did not ask for this" in mail.body
    assert reverse("accounts:sign-in") in mail.body


def test_the_members_page_does_not_query_per_member(client, django_assert_max_num_queries):
    """Review F3: whether each member may be reset is decided from one query."""
    area, other = AreaFactory(), AreaFactory()
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    client.force_login(facilitator)
    url = reverse("audit:two-factor", args=[area.gss_code])
    members = [
        with_two_factor(MembershipFactory(area=area, role=Role.VCS_PARTICIPANT)) for _ in range(50)
    ]
    MembershipFactory(area=other, user=members[0].user)
    members[1].role = Role.FACILITATOR_VCS
    members[1].save(update_fields=["role"])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("a member of an area you do not facilitate") == 1
    assert page.count("Only the service team can reset a facilitator") == 1
    assert page.count("/reset/") == 48
