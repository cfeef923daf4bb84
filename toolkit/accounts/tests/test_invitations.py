from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.models import Invitation, User, token_hash
from toolkit.accounts.services import invitation_create
from toolkit.areas.models import Membership, Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory

from .factories import TEST_PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_path(token):
    return reverse("accounts:invitation", args=[token])


def test_invitation_email_holds_a_link_whose_token_is_stored_only_hashed(mailoutbox):
    facilitator = MembershipFactory()
    created = invitation_create(
        area=facilitator.area,
        invited_by=facilitator.user,
        email="New@Example.org",
        role="vcs_participant",
    )
    token = created.link.rstrip("/").rsplit("/", 1)[1]
    assert created.invitation.email == "new@example.org"
    assert created.invitation.token_digest == token_hash(token)
    assert token not in created.invitation.token_digest
    assert created.link in mailoutbox[0].body
    assert created.invitation.expires_at > timezone.now() + timedelta(days=13)


def test_new_person_creates_account_and_joins(client):
    invitation = InvitationFactory(
        token="tok-1", email="new@example.org", role=Role.VCS_PARTICIPANT
    )
    response = client.post(
        link_path("tok-1"),
        {
            "full_name": "New Person",
            "password": "a long pass phrase",
            "password_confirm": "a long pass phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert Membership.objects.get(user=user, area=invitation.area).role == Role.VCS_PARTICIPANT
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.accepted_by == user


def test_invalid_account_form_saves_nothing(client):
    InvitationFactory(token="tok-2", email="new@example.org")
    response = client.post(
        link_path("tok-2"), {"full_name": "", "password": "short", "password_confirm": "different"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter your full name" in body
    assert "This password is too short" in body
    assert not User.objects.filter(email="new@example.org").exists()
    assert Invitation.objects.get(email="new@example.org").accepted_at is None


def test_link_works_once(client):
    InvitationFactory(token="tok-3", email="new@example.org")
    data = {
        "full_name": "N",
        "password": "a long pass phrase",
        "password_confirm": "a long pass phrase",
    }
    client.post(link_path("tok-3"), data)
    client.logout()
    response = client.get(link_path("tok-3"))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_expired_link_is_refused(client):
    InvitationFactory(token="tok-4", expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link_path("tok-4"))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()


def test_unknown_link_is_refused(client):
    response = client.get(link_path("no-such-token"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_withdrawn_link_is_refused(client):
    InvitationFactory(token="tok-5", revoked_at=timezone.now())
    assert "withdrawn" in client.get(link_path("tok-5")).content.decode()


def test_existing_user_must_sign_in_then_joins(client):
    user = UserFactory(email="known@example.org")
    invitation = InvitationFactory(
        token="tok-6", email="known@example.org", role=Role.COUNCIL_PARTICIPANT
    )
    response = client.get(link_path("tok-6"))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    client.force_login(user)
    client.post(link_path("tok-6"))
    assert Membership.objects.get(user=user).area == invitation.area


def test_other_signed_in_user_cannot_take_someone_elses_invitation(client):
    UserFactory(email="known@example.org")
    InvitationFactory(token="tok-7", email="known@example.org")
    intruder = UserFactory()
    client.force_login(intruder)
    response = client.post(link_path("tok-7"))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=intruder).exists()


def test_peer_reviewer_invitation_carries_end_date(client, mailoutbox):
    facilitator = MembershipFactory(role=Role.FACILITATOR_VCS)
    client.force_login(facilitator.user)
    ends = (timezone.localdate() + timedelta(days=60)).strftime("%d/%m/%Y")
    url = reverse("people:invite", args=[facilitator.area.gss_code])
    missing = client.post(url, {"email": "peer@example.org", "role": Role.PEER_REVIEWER})
    assert "Enter the date a peer reviewer" in missing.content.decode()
    assert not Invitation.objects.exists()
    client.post(url, {"email": "peer@example.org", "role": Role.PEER_REVIEWER, "ends_on": ends})
    invitation = Invitation.objects.get()
    assert invitation.ends_on == timezone.localdate() + timedelta(days=60)
    token = mailoutbox[0].body.split("/account/invitations/")[1].split("/")[0]
    client.logout()
    client.post(
        link_path(token),
        {"full_name": "Peer", "password": TEST_PASSWORD, "password_confirm": TEST_PASSWORD},
    )
    assert Membership.objects.get(user__email="peer@example.org").ends_on == invitation.ends_on


def test_participant_cannot_invite(client):
    participant = MembershipFactory(role=Role.COUNCIL_PARTICIPANT)
    client.force_login(participant.user)
    response = client.post(
        reverse("people:invite", args=[participant.area.gss_code]),
        {"email": "x@example.org", "role": Role.FACILITATOR_COUNCIL},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_expired_reviewer_membership_gives_no_access(client):
    area = AreaFactory()
    reviewer = MembershipFactory(
        area=area, role=Role.PEER_REVIEWER, ends_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(reviewer.user)
    assert client.get(reverse("areas:dashboard", args=[area.gss_code])).status_code == 404


def test_the_role_is_in_words_on_the_accept_page_the_pending_list_and_the_email(client, mailoutbox):
    """Seen by a tester: "You have been invited as: ." and a blank role in the pending list
    (Invitation.role had no choices), and `facilitator_vcs` in the email."""
    facilitator = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    created = invitation_create(
        area=facilitator.area,
        invited_by=facilitator.user,
        email="cvs@example.org",
        role=Role.FACILITATOR_VCS,
    )
    assert "as: Facilitator (VCS side)." in mailoutbox[0].body
    assert "facilitator_vcs" not in mailoutbox[0].body
    token = created.link.rstrip("/").rsplit("/", 1)[1]
    page = client.get(link_path(token)).content.decode()
    assert "You have been invited as: <strong>Facilitator (VCS side)</strong>" in page
    client.force_login(facilitator.user)
    people = client.get(reverse("people:list", args=[facilitator.area.gss_code]))
    row = next(r for r in people.content.decode().split("<tr") if "cvs@example.org" in r)
    assert "Facilitator (VCS side)" in row


def _during_password_hashing(monkeypatch, act):
    """`act` (another request finishing) runs while this request hashes the new password,
    after the page's checks and before its transaction: what a double click does."""
    from toolkit.accounts import services

    real = services.make_password
    acted = []

    def hash_slowly(password):
        if not acted:
            acted.append(True)
            act()
        return real(password)

    monkeypatch.setattr(services, "make_password", hash_slowly)


def _another_request_in_between(monkeypatch, act):
    """The page's own check passes, then `act` (another request finishing) runs before the
    accept is saved: the interleaving a double click or two people make."""
    from toolkit.accounts import services

    real = services.invitation_for_token
    calls = []

    def check_then_act(token):
        invitation = real(token)
        if not calls:
            calls.append(token)
            act(token)
        return invitation

    monkeypatch.setattr(services, "invitation_for_token", check_then_act)


ACCOUNT_FORM = {
    "full_name": "New Person",
    "password": "a long pass phrase",
    "password_confirm": "a long pass phrase",
}


def test_a_double_click_on_create_account_is_a_clear_message_not_an_error(monkeypatch):
    from django.test import Client

    from toolkit.accounts.services import invitation_accept

    InvitationFactory(token="tok-double", email="new@example.org")
    _during_password_hashing(
        monkeypatch, lambda: invitation_accept(token="tok-double", full_name="N", password="x" * 12)
    )
    client = Client(raise_request_exception=False)
    response = client.post(link_path("tok-double"), ACCOUNT_FORM)
    assert response.status_code == 409
    body = response.content.decode()
    assert "This invitation has already been used. Sign in instead" in body
    assert User.objects.filter(email="new@example.org").count() == 1


def test_an_account_made_meanwhile_is_a_clear_message_not_an_error(monkeypatch):
    from django.test import Client

    InvitationFactory(token="tok-made", email="new@example.org")
    _during_password_hashing(monkeypatch, lambda: UserFactory(email="new@example.org"))
    client = Client(raise_request_exception=False)
    response = client.post(link_path("tok-made"), ACCOUNT_FORM)
    assert response.status_code == 409
    assert "An account for this email address has just been made" in response.content.decode()
    assert Invitation.objects.get(email="new@example.org").accepted_at is None


def test_joining_twice_at_once_is_a_clear_message_not_an_error(client, monkeypatch):
    from toolkit.accounts.services import invitation_accept

    user = UserFactory(email="member@example.org")
    InvitationFactory(token="tok-join", email="member@example.org")
    _another_request_in_between(
        monkeypatch, lambda token: invitation_accept(token=token, user=user)
    )
    client.force_login(user)
    response = client.post(link_path("tok-join"))
    assert response.status_code == 409
    assert "already been used" in response.content.decode()
