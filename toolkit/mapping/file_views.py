"""Maps other tools open (``tool_files``): the page listing them and their downloads. The
register's network needs the register's part; a round's figures on it need the results'
part too, and only once the round's results may be seen."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from toolkit.areas.models import ALL_ROLES
from toolkit.areas.permissions import area_view, member_scopes
from toolkit.areas.scopes import GrantScope
from toolkit.register.services import can_edit_register
from toolkit.rounds.selectors import round_results_visible

from . import selectors, tool_files
from .views import _mapping_round


def _file_response(content: bytes, file_name: str, prefix: str) -> HttpResponse:
    if file_name not in tool_files.FILES:
        raise Http404("No such file.")
    _what, content_type = tool_files.FILES[file_name]
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def map_files(request, area):
    scopes = member_scopes(request.membership)
    rounds = []
    if GrantScope.RESULTS in scopes:
        rounds = [r for r in selectors.mapping_rounds_for_area(area) if round_results_visible(r)]
    return render(
        request,
        "mapping/files.html",
        {
            "files": list(tool_files.FILES.items()),
            "rounds": rounds,
            "can_import": can_edit_register(request.membership),
        },
    )


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def map_file(request, area, file_name):
    if file_name not in tool_files.FILES:
        raise Http404("No such file.")
    content = tool_files.map_file(area, file_name)
    return _file_response(content, file_name, f"register-{area.gss_code}")


@area_view(roles=ALL_ROLES, scope=GrantScope.RESULTS)
def round_map_file(request, area, round_id, file_name):
    if GrantScope.REGISTER not in member_scopes(request.membership):
        raise PermissionDenied
    if file_name not in tool_files.FILES:
        raise Http404("No such file.")
    round_ = _mapping_round(area, round_id)
    results = selectors.mapping_results(round_)
    if not results.visible:
        raise Http404("This round's results are sealed.")
    content = tool_files.map_file(area, file_name, results)
    return _file_response(content, file_name, f"mapping-{area.gss_code}-{round_.public_id}")
