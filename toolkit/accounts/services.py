"""Invitations: create (email a single-use link) and accept (join the area)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Membership
from toolkit.core.email import email_send
from toolkit.core.links import absolute_url
from toolkit.core.sending_limits import SendingLimited, sending_check
from toolkit.security.audit import Action, audit_record

from .models import Invitation, User, token_hash, token_new


class InvitationError(Exception):
    """Why an invitation link cannot be used, in words for the person holding it."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


# Too many invitations for now (toolkit.core.sending_limits holds the rule for every email
# to a typed address).
InvitationRateLimited = SendingLimited


def invitation_rate_check(*, area, invited_by) -> None:
    """Count one invitation against the sender's and the area's limits, or raise
    InvitationRateLimited (counting nothing) if either is used up."""
    sending_check("invitations", area=area, sender=invited_by)


@dataclass
class CreatedInvitation:
    invitation: Invitation
    link: str


def invitation_create(
    *,
    area,
    invited_by,
    email,
    role,
    full_name="",
    organisation=None,
    ends_on=None,
    request=None,
    runs_at="",
    send=True,
):
    """Make the invitation and email its link. `request` (when there is one) gives the link's
    address in development, or `runs_at` for a command (toolkit/core/links.py). Invitations
    from a facilitator count against the rate limits (InvitationRateLimited); the service
    team's (`create_area --facilitator`, no `invited_by`) do not. Inside a caller's
    transaction, pass send=False and call invitation_email_send after it: on SQLite a
    transaction holds the one write lock, and nobody should wait for a mail server."""
    if invited_by is not None:
        invitation_rate_check(area=area, invited_by=invited_by)
    token = token_new()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            area=area,
            email=email.strip().lower(),
            full_name=full_name,
            role=role,
            organisation=organisation,
            ends_on=ends_on,
            token_digest=token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit_record(
            Action.INVITATION_SENT,
            actor=invited_by,
            area=area,
            target=f"{invitation.email} as {invitation.get_role_display()}",
        )
    created = CreatedInvitation(
        invitation=invitation,
        link=absolute_url(reverse("accounts:invitation", args=[token]), request, runs_at=runs_at),
    )
    if send:
        invitation_email_send(created)
    return created


def invitation_email_send(created: CreatedInvitation) -> None:
    invitation = created.invitation
    email_send(
        to=invitation.email,
        subject=f"You are invited to {invitation.area.name} on the {settings.SERVICE_NAME}",
        template_name="accounts/email/invitation.txt",
        context={
            "invitation": invitation,
            "link": created.link,
            "invited_by": invitation.invited_by,
        },
    )


INVITATION_USED = (
    "This invitation has already been used. Sign in instead, or ask your facilitator for a new "
    "invitation."
)


def invitation_for_token(token: str) -> Invitation:
    """The usable invitation for a link, or InvitationError saying why not."""
    invitation = (
        Invitation.objects.select_related("area", "organisation")
        .filter(token_digest=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "unknown",
            "This invitation link is not valid. Check you copied the whole link from the email.",
        )
    if invitation.accepted_at:
        raise InvitationError("used", INVITATION_USED)
    if invitation.revoked_at:
        raise InvitationError(
            "revoked", "This invitation has been withdrawn. Ask your facilitator if you need one."
        )
    if invitation.is_expired:
        raise InvitationError(
            "expired",
            "This invitation has expired. Ask your facilitator to send you a new one.",
        )
    return invitation


ACCOUNT_MADE_MEANWHILE = (
    "An account for this email address has just been made, perhaps by pressing the button "
    "twice. Sign in with it, then open the invitation link again if you still need to join."
)


def invitation_accept(*, token: str, user: User | None = None, full_name="", password=""):
    """Join the invited area. Creates the account when `user` is None. Single use: the row is
    locked so two clicks on the same link cannot both succeed. The password is hashed before
    the transaction: hashing takes most of a second on purpose, and on SQLite a transaction
    holds the database's one write lock from its start (config/settings/base.py)."""
    password_hash = make_password(password) if user is None else None
    with transaction.atomic():
        invitation = invitation_for_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationError("used", INVITATION_USED)
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise InvitationError("account_exists", ACCOUNT_MADE_MEANWHILE)
            user = User(email=invitation.email, full_name=full_name, password=password_hash)
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:  # made by a simultaneous request (PostgreSQL)
                raise InvitationError("account_exists", ACCOUNT_MADE_MEANWHILE) from None
        elif user.email.lower() != invitation.email.lower():
            raise InvitationError(
                "wrong_user",
                f"This invitation is for {invitation.email}. Sign out, then open the link again.",
            )
        membership, _ = Membership.objects.update_or_create(
            user=user,
            area=invitation.area,
            defaults={
                "role": invitation.role,
                "organisation": invitation.organisation,
                "ends_on": invitation.ends_on,
            },
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(
            Action.INVITATION_ACCEPTED,
            actor=user,
            area=invitation.area,
            target=f"{user.email} joined as {membership.get_role_display()}",
        )
    return membership


def invitation_revoke(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            Action.INVITATION_WITHDRAWN,
            area=invitation.area,
            target=f"{invitation.email} as {invitation.get_role_display()}",
        )
