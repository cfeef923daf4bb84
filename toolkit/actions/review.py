"""Peer review: read access granted to a reviewer for chosen parts of the area until a date,
and the findings reviewers write, which facilitators can take into the plan. Each function
runs in one transaction and records what it did in the plan's history. Who reads which
finding is ``selectors.findings_reader``."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from toolkit.accounts import services as account_services
from toolkit.areas.models import Membership, Role

from .models import Action, ActionSource, EventKind, Finding, ReviewGrant
from .services import ActionData, PlanError, action_create, plan_event_record


def _reviewer_membership(area, email: str) -> Membership | None:
    return (
        Membership.objects.filter(area=area, user__email__iexact=email)
        .select_related("user")
        .first()
    )


def grant_create(
    area, *, email: str, full_name: str, scopes, ends_on, user, request=None
) -> ReviewGrant:
    """Give a peer reviewer read access to the chosen parts of the area until `ends_on`
    (inclusive). Invites them if they are not yet a member; a reviewer who already is keeps
    their account and gets the new end date."""
    email = email.strip().lower()
    membership = _reviewer_membership(area, email)
    if membership is not None and membership.role != Role.PEER_REVIEWER:
        raise PlanError(
            f"{email} is already a member of this area as "
            f"{membership.get_role_display().lower()}. Peer reviewers need their own account."
        )
    created = None
    try:
        with transaction.atomic():
            grant = ReviewGrant.objects.create(
                area=area,
                email=email,
                full_name=full_name,
                scopes=sorted(set(scopes)),
                ends_on=ends_on,
                created_by=user,
            )
            if membership is None:
                created = account_services.invitation_create(
                    area=area,
                    invited_by=user,
                    email=email,
                    full_name=full_name,
                    role=Role.PEER_REVIEWER,
                    ends_on=ends_on,
                    request=request,
                    send=False,
                )
                grant.invitation = created.invitation
                grant.save(update_fields=["invitation", "updated_at"])
            else:
                Membership.objects.filter(pk=membership.pk).update(ends_on=ends_on)
            plan_event_record(
                area,
                EventKind.GRANT_CREATED,
                f"{email} can read {', '.join(grant.scope_labels()).lower()} until "
                f"{ends_on:%-d %B %Y}",
                actor=user,
                grant=grant,
            )
    except IntegrityError as exc:
        raise PlanError(
            f"{email} already has access. Change or withdraw it in the list below."
        ) from exc
    except account_services.InvitationRateLimited as limited:
        raise PlanError(limited.message) from limited
    if created is not None:  # after the transaction: no lock held while mail is sent
        account_services.invitation_email_send(created)
    return grant


def grant_update(grant: ReviewGrant, *, scopes, ends_on, user) -> ReviewGrant:
    with transaction.atomic():
        before = (grant.scope_labels(), grant.ends_on)
        grant.scopes, grant.ends_on = sorted(set(scopes)), ends_on
        grant.save(update_fields=["scopes", "ends_on", "updated_at"])
        Membership.objects.filter(
            area=grant.area, user__email__iexact=grant.email, role=Role.PEER_REVIEWER
        ).update(ends_on=ends_on)
        if grant.invitation_id:
            type(grant.invitation).objects.filter(
                pk=grant.invitation_id, accepted_at__isnull=True
            ).update(ends_on=ends_on)
        plan_event_record(
            grant.area,
            EventKind.GRANT_CHANGED,
            f"{grant.email}'s access changed",
            actor=user,
            grant=grant,
            changes=[
                {
                    "field": "Can read",
                    "before": ", ".join(before[0]),
                    "after": ", ".join(grant.scope_labels()),
                },
                {
                    "field": "Until",
                    "before": f"{before[1]:%-d %B %Y}",
                    "after": f"{ends_on:%-d %B %Y}",
                },
            ],
        )
    return grant


def grant_revoke(grant: ReviewGrant, *, user) -> ReviewGrant:
    """Withdraw access now: the grant is ended, the reviewer's membership ends yesterday (so
    area_view turns them away from every page of the area) and an unused invitation is
    withdrawn."""
    if grant.revoked_at:
        return grant
    with transaction.atomic():
        grant.revoked_at, grant.revoked_by = timezone.now(), user
        grant.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Membership.objects.filter(
            area=grant.area, user__email__iexact=grant.email, role=Role.PEER_REVIEWER
        ).update(ends_on=yesterday)
        if grant.invitation is not None:
            account_services.invitation_revoke(grant.invitation)
        plan_event_record(
            grant.area,
            EventKind.GRANT_REVOKED,
            f"{grant.email}'s access withdrawn",
            actor=user,
            grant=grant,
        )
    return grant


def finding_create(area, *, grant, user, kind, title, text, element_slug="") -> Finding:
    with transaction.atomic():
        finding = Finding.objects.create(
            area=area,
            grant=grant,
            author=user,
            kind=kind,
            title=title,
            text=text,
            element_slug=element_slug,
        )
        plan_event_record(
            area,
            EventKind.FINDING_ADDED,
            f"{user} wrote the finding “{title}”",
            actor=user,
        )
    return finding


def finding_accept(finding: Finding, *, user) -> Action:
    """Turn an area to consider or a recommendation into a draft action, in one step."""
    if not finding.can_accept:
        raise PlanError("This finding cannot be added to the plan.")
    return action_create(
        finding.area,
        ActionData(
            title=finding.title[:200],
            why=f"Peer review {finding.get_kind_display().lower()}: {finding.text}",
            element_slug=finding.element_slug,
        ),
        user=user,
        source=ActionSource.FINDING,
        finding=finding,
    )
