from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.areas.permissions import area_view

from . import services
from .backup import area_backup, backup_file_name
from .forms import DeleteAreaForm
from .models import AreaDeletion


@area_view(roles=FACILITATOR_ROLES)
def index(request, area):
    return render(
        request,
        "portability/index.html",
        {
            "deletion": AreaDeletion.objects.filter(area=area).first(),
            "grace_days": services.grace_days(),
        },
    )


@area_view(roles=FACILITATOR_ROLES)
@never_cache
def download(request, area):
    response = HttpResponse(area_backup(area), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{backup_file_name(area)}"'
    return response


@area_view(roles=FACILITATOR_ROLES)
@require_http_methods(["GET", "POST"])
def delete(request, area):
    if AreaDeletion.objects.filter(area=area).exists():
        return redirect("portability:index", area_code=area.gss_code)
    form = DeleteAreaForm(request.POST if request.method == "POST" else None, area=area)
    if request.method == "POST" and form.is_valid():
        deletion = services.area_deletion_request(area, user=request.user)
        messages.success(
            request,
            f"{area.name} will be deleted permanently after "
            f"{deletion.purge_after:%-d %B %Y}. You can cancel until then.",
        )
        return redirect("portability:index", area_code=area.gss_code)
    return render(
        request, "portability/delete.html", {"form": form, "grace_days": services.grace_days()}
    )


@area_view(roles=FACILITATOR_ROLES)
@require_POST
def cancel(request, area):
    if services.area_deletion_cancel(area):
        messages.success(request, f"{area.name} will not be deleted. Everyone's access is back.")
    return redirect("portability:index", area_code=area.gss_code)
