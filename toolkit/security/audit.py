"""Writing the audit log. `audit_record` is the one way in; the request being served (set by
`AuditMiddleware`) supplies the actor and area when the caller does not."""

from contextvars import ContextVar

from .models import AuditEvent

current_request: ContextVar = ContextVar("audit_current_request", default=None)

Action = AuditEvent.Action


def _actor_name(user) -> str:
    return getattr(user, "email", "") or ""


def audit_record(action, *, actor=None, area=None, target: str = "") -> AuditEvent:
    request = current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if area is None and request is not None:
        area = getattr(request, "area", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=_actor_name(actor),
        area=area,
        target=(target or "")[:255],
    )
