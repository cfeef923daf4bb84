from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .email import text_render
from .health import health_checks
from .links import absolute_url


@login_not_required
def home(request):
    if request.user.is_authenticated:
        return redirect("areas:home")
    return render(request, "core/home.html")


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def privacy(request):
    return render(request, "core/privacy.html")


@login_not_required
def cookies(request):
    return render(request, "core/cookies.html")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 503 only when the database does not answer (the
    service cannot work); a cache or worker problem is reported as degraded with 200, since
    pages still work without them."""
    checks = health_checks()
    if checks["database"] != "ok":
        status, code = "error", 503
    elif all(value == "ok" for key, value in checks.items() if key != "queue"):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


@login_not_required
@require_GET
def security_txt(request):
    body = text_render(
        "core/security.txt",
        {
            "canonical": absolute_url(reverse("core:security-txt"), request),
            "policy": absolute_url(reverse("core:accessibility"), request),
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Rendered without a request context: a broken context processor must not hide the page.
    return render(request, "500.html", status=500)


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
