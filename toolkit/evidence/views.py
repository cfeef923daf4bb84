import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from toolkit.areas.models import FACILITATOR_ROLES, Organisation, OrganisationKind
from toolkit.areas.permissions import area_view
from toolkit.areas.scopes import GrantScope
from toolkit.core.forms import ConfirmImportForm
from toolkit.core.imports import OUTCOME_KEYS, Outcome, staged_import_create
from toolkit.core.jobs import job_shown, with_refresh
from toolkit.core.models import Job, StagedImport

from . import equity, selectors, services, value
from .forms import UploadForm, ValueForm
from .models import ImportKind, ImportRun
from .tasks import KIND_PREFIX, apply_upload, check_upload


@area_view(scope=GrantScope.EVIDENCE)
def index(request, area):
    return render(request, "evidence/index.html", {"runs": selectors.import_runs(area, 5)})


@area_view(scope=GrantScope.EVIDENCE)
def directory(request, area):
    filters = selectors.directory_filters(area)
    query = request.GET.get("q", "").strip()[:100]
    band = request.GET.get("band", "")
    band = band if band in dict(filters["bands"]) else ""
    classification = request.GET.get("classification", "")
    classification = classification if classification in dict(filters["classifications"]) else ""
    place = request.GET.get("place", "")
    place = place if place in filters["places"] else ""
    marginalised = request.GET.get("marginalised") == "1"
    unlinked = request.GET.get("unlinked") == "1"
    entries = selectors.asset_directory(
        area,
        query=query,
        band=band,
        classification=classification,
        place=place,
        marginalised=marginalised,
        not_in_relationship=unlinked,
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "evidence/directory.html",
        {
            "page": page,
            "count": len(entries),
            "filters": filters,
            "query": query,
            "band": band,
            "classification": classification,
            "place": place,
            "marginalised": marginalised,
            "unlinked": unlinked,
            "register_installed": selectors.register_installed(),
            "files_without_income": selectors.charity_files_without_income(area),
            "querystring": params.urlencode(),
            "band_counts": selectors.size_band_counts(
                selectors.asset_directory(area)
                if (query or band or classification or place or marginalised or unlinked)
                else entries
            ),
        },
    )


@area_view(scope=GrantScope.EVIDENCE)
def organisation(request, area, organisation_id):
    org = get_object_or_404(
        Organisation, area=area, kind=OrganisationKind.VCS, public_id=organisation_id
    )
    return render(
        request,
        "evidence/organisation.html",
        {"organisation": org, **selectors.organisation_evidence(area, org)},
    )


@area_view(scope=GrantScope.EVIDENCE)
def funding(request, area):
    departments = selectors.funding_departments(area)
    department = None
    if request.GET.get("department"):
        department = next(
            (d for d in departments if str(d.public_id) == request.GET["department"]), None
        )
    items = selectors.funding_items(area, department=department)
    return render(
        request,
        "evidence/funding.html",
        {
            "summary": equity.equity_summary(items),
            "files_without_income": selectors.charity_files_without_income(area),
            "departments": departments,
            "department": department,
            "by_department": [
                (name, equity.total(found), len(found))
                for name, found in equity.by_department(
                    [i for i in items if i.kind == equity.GRANT]
                ).items()
            ],
        },
    )


@area_view(scope=GrantScope.EVIDENCE)
def value_calculator(request, area):
    """Work out a value; a facilitator can keep the result in the area, optionally against
    a relationship (issue 14), and every reader of the evidence sees those kept."""
    may_save = request.membership.is_facilitator
    relationships = value.relationships_of_area(area) if may_save else ()
    form = ValueForm(request.POST or None, relationships=relationships)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = value.value_calculate(
            data["invested"],
            data["costs_avoided"],
            data["value_created"] or 0,
            data["assumptions"],
        )
        if may_save and "save" in request.POST:
            saved = services.value_calculation_save(
                area,
                request.user,
                title=data["title"].strip(),
                result=result,
                relationship=data.get("relationship"),
            )
            messages.success(request, f"Saved “{saved.title}”.")
            return redirect(
                reverse("evidence:value", kwargs={"area_code": area.gss_code}) + "#saved"
            )
    return render(
        request,
        "evidence/value.html",
        {
            "form": form,
            "result": result,
            "may_save": may_save,
            "saved": selectors.value_calculations(area),
            "example": value.south_gloucestershire(),
        },
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
def imports(request, area):
    """Upload a file: it is stored and checked in the background, then previewed."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        staged = staged_import_create(
            area, request.user, f"{KIND_PREFIX}{kind}", form.cleaned_data["file"]
        )
        job = Job.objects.create(kind="Check", area=area, created_by=request.user)
        check_upload.enqueue(job.pk, staged.pk)
        return redirect("evidence:job", area_code=area.gss_code, job_id=job.public_id)
    return render(
        request, "evidence/imports.html", {"form": form, "runs": selectors.import_runs(area)}
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
def job(request, area, job_id):
    found = job_shown(get_object_or_404(Job, area=area, public_id=job_id))
    if found.kind == "Check" and found.status == Job.Status.SUCCEEDED:
        return redirect(
            "evidence:import-preview", area_code=area.gss_code, staged_id=found.result["staged"]
        )
    run = None
    if found.result.get("run"):
        run = ImportRun.objects.filter(area=area, public_id=found.result["run"]).first()
    staged = None
    if found.result.get("staged"):
        staged = _staged(area, request.user, found.result["staged"])
    response = render(request, "evidence/job.html", {"job": found, "run": run, "staged": staged})
    return with_refresh(response, found)


def _staged(area, user, staged_id):
    return StagedImport.objects.filter(
        area=area, created_by=user, kind__startswith=KIND_PREFIX, public_id=staged_id
    ).first()


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
def import_preview(request, area, staged_id):
    """What the checked file would change; confirming imports exactly that, in the
    background."""
    staged = _staged(area, request.user, staged_id)
    if staged is None:
        raise Http404("No such import.")
    outcome = Outcome.from_json({k: v for k, v in staged.preview.items() if k in OUTCOME_KEYS})
    if request.method == "POST" and staged.status == StagedImport.Status.READY:
        confirm = ConfirmImportForm(request.POST)
        if (
            confirm.is_valid()
            and confirm.cleaned_data["sha256"] == staged.sha256
            and confirm.cleaned_data["digest"] == outcome.digest
        ):
            staged.status = StagedImport.Status.APPLYING
            staged.save(update_fields=["status"])
            job = Job.objects.create(kind="Import", area=area, created_by=request.user)
            apply_upload.enqueue(job.pk, staged.pk, outcome.digest)
            return redirect("evidence:job", area_code=area.gss_code, job_id=job.public_id)
        messages.warning(request, "This preview is out of date: check it again.")
        return redirect("evidence:import-preview", area_code=area.gss_code, staged_id=staged_id)
    run = ImportRun.objects.filter(area=area, public_id=staged.preview.get("run")).first()
    return render(
        request,
        "evidence/import_preview.html",
        {
            "staged": staged,
            "outcome": outcome,
            "run": run,
            "kind": dict(ImportKind.choices).get(staged.kind.removeprefix(KIND_PREFIX), ""),
            "confirm": ConfirmImportForm(
                initial={"sha256": staged.sha256, "digest": outcome.digest}
            ),
        },
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
def import_run(request, area, run_id):
    run = get_object_or_404(ImportRun, area=area, public_id=run_id)
    return render(request, "evidence/import_run.html", {"run": run})


RECIPIENTS_PER_PAGE = 25


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
def recipients(request, area):
    page = Paginator(selectors.unmatched_recipients(area), RECIPIENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evidence/recipients.html",
        {
            "page": page,
            "recipients": selectors.unmatched_recipient_details(area, page.object_list),
        },
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
@require_POST
def recipient_confirm(request, area):
    published_id = request.POST.get("published_id", "")[:255]
    org = get_object_or_404(
        Organisation,
        area=area,
        kind=OrganisationKind.VCS,
        public_id=_uuid_or_404(request.POST.get("organisation")),
    )
    linked = services.recipient_confirm(area, published_id, org, request.user)
    messages.success(request, f"{published_id} is now {org.name}: {linked} rows linked.")
    return _back_to_recipients(request, area)


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.EVIDENCE)
@require_POST
def recipient_create(request, area):
    published_id = request.POST.get("published_id", "")[:255]
    try:
        org = services.recipient_create(area, published_id, request.user)
    except ValueError:
        return _back_to_recipients(request, area)
    messages.success(request, f"{org.name} added to the area's organisations.")
    return _back_to_recipients(request, area)


def _back_to_recipients(request, area):
    """The page of recipients the person was on (a number; the page itself copes with one
    past the end)."""
    url = reverse("evidence:recipients", kwargs={"area_code": area.gss_code})
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
