from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
    """For load balancers: 200 when the database answers, 503 when it does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


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
