import pytest
from django.urls import reverse

from toolkit.accounts import services as account_services
from toolkit.accounts.tests.factories import InvitationFactory, UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory, OrganisationFactory
from toolkit.security.audit import Action, audit_record
from toolkit.security.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted():
    event = audit_record(Action.SIGNED_IN, actor=UserFactory())
    event.target = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(target="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.target == ""


def test_deleting_a_user_keeps_their_audit_rows():
    user = UserFactory(email="gone@example.org")
    audit_record(Action.SIGNED_IN, actor=user)
    user.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None
    assert event.actor_name == "gone@example.org"


def test_invitations_sent_accepted_and_withdrawn_are_recorded(mailoutbox):
    area = AreaFactory()
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    created = account_services.invitation_create(
        area=area, invited_by=facilitator, email="new@example.org", role="vcs_participant"
    )
    token = created.link.rstrip("/").rsplit("/", 1)[1]
    account_services.invitation_accept(
        token=token, full_name="New Person", password="a long enough password"
    )
    other = InvitationFactory(area=area, email="other@example.org")
    account_services.invitation_revoke(other)

    actions = list(AuditEvent.objects.filter(area=area).values_list("action", "target"))
    assert ("invitation_sent", "new@example.org as VCS participant") in actions
    assert ("invitation_accepted", "new@example.org joined as VCS participant") in actions
    assert ("invitation_withdrawn", "other@example.org as Council participant") in actions
    # The token never goes into the log.
    assert not AuditEvent.objects.filter(target__contains=token).exists()


def test_failed_sign_in_is_recorded_without_what_was_typed(client):
    user = UserFactory(email="officer@example.org")
    client.post(
        reverse("accounts:sign-in"),
        {"username": "officer@example.org", "password": "a wrong guess"},
        REMOTE_ADDR="10.0.0.1",
    )
    event = AuditEvent.objects.get(action="sign_in_failed")
    assert event.actor == user
    assert "guess" not in event.target


def test_downloads_from_an_area_are_recorded(client):
    from django.http import HttpResponse

    from toolkit.areas.permissions import area_view
    from toolkit.security.middleware import AuditMiddleware

    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)

    @area_view()
    def download(request, area):
        response = HttpResponse(b"a,b\r\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="register.csv"'
        return response

    from django.test import RequestFactory

    request = RequestFactory().get("/x/")
    request.user = membership.user
    AuditMiddleware(lambda r: download(r, area_code=membership.area.gss_code))(request)
    event = AuditEvent.objects.get(action="exported")
    assert event.area == membership.area
    assert event.actor == membership.user
    assert event.target == "register.csv"


def test_deleting_an_area_record_during_a_request_is_recorded():
    from django.test import RequestFactory

    from toolkit.security.audit import current_request

    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    organisation = OrganisationFactory(area=membership.area, name="Riverside Food Bank")
    request = RequestFactory().post("/x/")
    request.user = membership.user
    request.area = membership.area
    token = current_request.set(request)
    try:
        organisation.delete()
    finally:
        current_request.reset(token)
    OrganisationFactory(area=membership.area).delete()  # outside a request: not recorded
    event = AuditEvent.objects.get(action="deleted")
    assert event.target == "Organisation: Riverside Food Bank"
    assert event.actor == membership.user


def test_facilitator_sees_their_area_log_with_members_sign_ins(client):
    area = AreaFactory(name="Area Alpha")
    other = AreaFactory(name="Area Bravo")
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    member = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT).user
    outsider = MembershipFactory(area=other, role=Role.COUNCIL_PARTICIPANT).user
    audit_record(Action.SIGNED_IN, actor=member)
    audit_record(Action.SIGNED_IN, actor=outsider)
    audit_record(Action.INVITATION_SENT, area=other, target="secret@example.org as x")
    audit_record(Action.INVITATION_SENT, area=area, target="visible@example.org as x")

    client.force_login(facilitator)
    response = client.get(reverse("audit:log", args=[area.gss_code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert member.email in body
    assert "visible@example.org" in body
    assert outsider.email not in body
    assert "secret@example.org" not in body


def test_participants_cannot_see_the_audit_log(client):
    membership = MembershipFactory(role=Role.COUNCIL_PARTICIPANT)
    client.force_login(membership.user)
    response = client.get(reverse("audit:log", args=[membership.area.gss_code]))
    assert response.status_code == 403


def test_facilitator_of_one_area_cannot_see_another_areas_log(client):
    mine = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    theirs = AreaFactory()
    client.force_login(mine.user)
    assert client.get(reverse("audit:log", args=[theirs.gss_code])).status_code == 404
