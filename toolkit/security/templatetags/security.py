import time

from django import template

from ..middleware import LAST_ACTIVITY, idle_seconds

register = template.Library()

WARN_BEFORE = 120


@register.inclusion_tag("security/_timeout_warning.html", takes_context=True)
def timeout_warning(context):
    """The GOV.UK timeout warning, for signed-in pages. Hidden until the script in
    frontend/js opens it; without scripts the server's timeout still applies."""
    request = context.get("request")
    user = context.get("user")
    show = bool(request is not None and user is not None and user.is_authenticated)
    remaining = idle_seconds()
    if show:
        last = request.session.get(LAST_ACTIVITY)
        if last is not None:
            remaining = max(0, int(idle_seconds() - (time.time() - last)))
    warn_before = WARN_BEFORE if idle_seconds() > WARN_BEFORE else idle_seconds() // 2
    return {
        "show": show,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "timeout": idle_seconds(),
        "remaining": remaining,
        "warn_before": warn_before,
        "warn_minutes": max(1, warn_before // 60),
    }
