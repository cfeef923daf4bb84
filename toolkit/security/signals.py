"""Audit receivers: sign-ins and sign-outs (Django's auth signals) and deletions of an area's
records made while serving a request in that area."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .audit import Action, audit_record, current_request

# Records whose deletion matters to an area's facilitators. Cascaded child rows (answers,
# ratings, links) are not listed: they are part of the record deleted, and never shown.
AUDITED_DELETIONS = {
    "areas.Membership",
    "areas.Organisation",
    "register.Relationship",
    "rounds.Round",
    "actions.Plan",
    "actions.Action",
    "actions.Finding",
    "evidence.ImportRun",
    "reports.Report",
    "accounts.Invitation",
}


@receiver(user_logged_in, dispatch_uid="security_audit_signed_in")
def _signed_in(sender, request, user, **kwargs):
    audit_record(Action.SIGNED_IN, actor=user, area=None)


@receiver(user_logged_out, dispatch_uid="security_audit_signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "_security_timed_out", False):
        audit_record(Action.SIGNED_OUT, actor=user, area=None)


@receiver(user_login_failed, dispatch_uid="security_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the account it was for, if there is one: never what was typed as the password.
    username = (credentials or {}).get("username") or ""
    user = get_user_model().objects.filter(email__iexact=username.strip()).first()
    if user is not None:
        audit_record(Action.SIGN_IN_FAILED, actor=user, area=None)


@receiver(post_delete, dispatch_uid="security_audit_deleted")
def _deleted(sender, instance, **kwargs):
    if sender._meta.label not in AUDITED_DELETIONS:
        return
    request = current_request.get()
    area = getattr(request, "area", None) if request is not None else None
    if area is None or getattr(instance, "area_id", None) != area.pk:
        return
    audit_record(
        Action.DELETED, area=area, target=f"{sender._meta.verbose_name.capitalize()}: {instance}"
    )
