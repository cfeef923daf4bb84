"""Reports and data downloads for an area's members. What a report or a download holds
depends on the member's scopes (everything for the area's own members; exactly what was
granted for a peer reviewer), and every figure comes through the pages' own selectors."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from toolkit.areas.models import ALL_ROLES
from toolkit.areas.permissions import area_view, member_scopes
from toolkit.core import downloads, exports
from toolkit.core.jobs import job_shown, with_refresh

from . import datasets, services
from .content import report_data
from .models import CONTENT_TYPES, Report, ReportFormat, ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which report?", choices=ReportKind.choices, widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label="In which format?", choices=ReportFormat.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Select which report you want"
        self.fields["format"].error_messages["required"] = "Select the format you want"


def _reports_for(area, scopes):
    """Reports this reader may download: built from no more than they may read."""
    reports = Report.objects.filter(area=area).select_related("job", "requested_by", "area")
    return [r for r in reports if set(r.scopes) <= scopes]


@area_view(roles=ALL_ROLES)
def index(request, area):
    scopes = member_scopes(request.membership)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not scopes:
            raise PermissionDenied
        if form.is_valid():
            report = services.report_request(
                area,
                kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["format"],
                scopes=scopes,
                user=request.user,
            )
            return redirect("reports:report", area_code=area.gss_code, report_id=report.public_id)
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "scopes": scopes,
            "reports": _reports_for(area, scopes)[:20],
            "datasets": datasets.available(scopes),
        },
    )


def _report_or_404(request, area, report_id) -> Report:
    report = (
        Report.objects.filter(area=area, public_id=report_id).select_related("job", "area").first()
    )
    if report is None:
        raise Http404("No such report in this area.")
    if not set(report.scopes) <= member_scopes(request.membership):
        raise PermissionDenied
    return report


@area_view(roles=ALL_ROLES)
def report(request, area, report_id):
    """Progress while the report is made (the page refreshes itself), then the download."""
    report_ = _report_or_404(request, area, report_id)
    if report_.job:
        job_shown(report_.job)
    response = render(request, "reports/report.html", {"report": report_, "job": report_.job})
    return with_refresh(response, report_.job) if report_.job else response


@area_view(roles=ALL_ROLES)
def download(request, area, report_id, fmt):
    report_ = _report_or_404(request, area, report_id)
    if report_.format != fmt or not report_.is_ready:
        raise Http404("This report is not ready in that format.")
    response = HttpResponse(bytes(report_.content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report_.file_name}"'
    return response


@area_view(roles=ALL_ROLES)
def summary(request, area):
    """The one-page summary for lead members, as a page (also available as PDF and DOCX)."""
    scopes = member_scopes(request.membership)
    return render(
        request,
        "reports/summary.html",
        {"data": report_data(area, scopes, kind="summary"), "scopes": scopes},
    )


@area_view(roles=ALL_ROLES)
def data_csv(request, area, dataset):
    scopes = member_scopes(request.membership)
    allowed = dict(datasets.available(scopes))
    filename = f"{area.gss_code}-{dataset}.csv"
    if dataset == datasets.DICTIONARY:
        described = datasets.build(area, allowed, rows=False)
        return downloads.csv_download(
            datasets.DICTIONARY_HEADER, datasets.dictionary_rows(described), filename
        )
    if dataset not in datasets.BUILDERS:
        raise Http404("No such download.")
    if dataset not in allowed:
        raise PermissionDenied
    (built,) = datasets.build(area, [dataset])
    return downloads.csv_download(built.header, built.rows, filename)


@area_view(roles=ALL_ROLES)
def data_xlsx(request, area):
    scopes = member_scopes(request.membership)
    allowed = dict(datasets.available(scopes))
    if not allowed:
        raise PermissionDenied
    built = datasets.build(area, allowed)
    sheets = [exports.Sheet(d.title, d.header, d.rows) for d in built]
    sheets.append(
        exports.Sheet(
            "Data dictionary", datasets.DICTIONARY_HEADER, datasets.dictionary_rows(built)
        )
    )
    return downloads.xlsx_download(sheets, f"{area.gss_code}-data.xlsx")
