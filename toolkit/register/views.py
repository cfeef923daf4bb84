from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst

from toolkit.areas.models import ALL_ROLES, CONTRIBUTOR_ROLES, FACILITATOR_ROLES
from toolkit.areas.permissions import area_view, member_scopes
from toolkit.areas.scopes import GrantScope
from toolkit.core import downloads
from toolkit.core.forms import ConfirmImportForm
from toolkit.core.imports import Outcome
from toolkit.evidence.selectors import relationship_funding
from toolkit.framework.selectors import current_version

from . import importing, judgements, selectors, services, transfer
from .forms import ImportForm, RelationshipForm, SettingsForm, SideJudgementForm
from .leads import leads_of
from .models import Judgement, RegisterSettings, Scale
from .vocabulary import vocabulary_for

PAGE_SIZE = 50


def _require_editor(request):
    if not services.can_edit_register(request.membership):
        raise PermissionDenied


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def relationship_list(request, area):
    filters = selectors.RegisterFilters.from_query(request.GET)
    version = current_version()
    vocab = vocabulary_for(version) if version else None
    paginator = Paginator(selectors.relationships_for_area(area, filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for relationship in page:
        types = list(relationship.types.all())
        main = next((t.type_slug for t in types if t.is_main), "")
        relationship.main_type_title = vocab.type_title(main) if vocab and main else ""
        relationship.blend_count = len(types) - 1 if main else len(types)
    query = request.GET.copy()
    query.pop("page", None)
    options = selectors.filter_options(area)
    return render(
        request,
        "register/list.html",
        {
            "page": page,
            "filters": filters,
            "vocab": vocab,
            "types": list(vocab.types.values()) if vocab else [],
            "scales": Scale.choices,
            "judgements": Judgement.choices,
            "sorts": [(k, v[0]) for k, v in selectors.SORTS.items()],
            "departments": options["departments"],
            "organisations": options["organisations"],
            "counts": selectors.register_counts(area),
            "query_string": query.urlencode(),
            "can_edit": services.can_edit_register(request.membership),
            "quality_total": len(vocab.qualities) if vocab else 7,
        },
    )


def _relationship_or_404(area, relationship_id):
    relationship = selectors.relationship_for_area(area, relationship_id)
    if relationship is None:
        raise Http404("No such relationship in this area.")
    return relationship


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def relationship_detail(request, area, relationship_id):
    relationship = _relationship_or_404(area, relationship_id)
    vocab = vocabulary_for(relationship.content_version)
    data = services.relationship_data(relationship)
    qualities = [
        (quality, data.qualities.get(slug) or services.QualityAnswer())
        for slug, quality in vocab.qualities.items()
    ]
    return render(
        request,
        "register/detail.html",
        {
            "relationship": relationship,
            "data": data,
            "vocab": vocab,
            "main_type": vocab.type_title(data.main_type),
            "other_types": [
                vocab.type_title(t) for t in vocab.ordered_types(data.types) if t != data.main_type
            ],
            "qualities": qualities,
            "present_count": sum(1 for _q, a in qualities if a.present),
            "history": selectors.relationship_history(relationship),
            "leads": leads_of(relationship),
            "comparison": selectors.judgement_comparison_of(relationship),
            "can_edit": services.can_edit_register(request.membership),
            # Money between the parties, from imported grants and contracts: a suggestion for
            # the financial-investment axis, never a respondent's rating.
            "funding": (
                relationship_funding(area, relationship)
                if GrantScope.EVIDENCE in member_scopes(request.membership)
                else None
            ),
        },
    )


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def relationship_create(request, area):
    _require_editor(request)
    version = current_version()
    vocab = vocabulary_for(version)
    form = RelationshipForm(
        request.POST if request.method == "POST" else None, area=area, vocab=vocab
    )
    if request.method == "POST" and form.is_valid():
        relationship = services.relationship_create(
            area, form.to_data(), user=request.user, version=version
        )
        messages.success(request, f"{relationship.title} added to the register.")
        return redirect(
            "register:detail", area_code=area.gss_code, relationship_id=relationship.public_id
        )
    return render(request, "register/form.html", {"form": form, "relationship": None})


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def relationship_edit(request, area, relationship_id):
    _require_editor(request)
    relationship = _relationship_or_404(area, relationship_id)
    vocab = vocabulary_for(relationship.content_version)
    initial = RelationshipForm.initial_from(services.relationship_data(relationship))
    initial["version"] = services.relationship_version(relationship)
    form = RelationshipForm(
        request.POST if request.method == "POST" else None, initial=initial, area=area, vocab=vocab
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.relationship_update(
                relationship,
                form.to_data(),
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.RelationshipChanged as changed:
            return _edit_conflict(request, relationship, changed, area=area, vocab=vocab)
        if changes:
            messages.success(request, f"{relationship.title} saved.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(
            "register:detail", area_code=area.gss_code, relationship_id=relationship.public_id
        )
    return render(request, "register/form.html", {"form": form, "relationship": relationship})


def _edit_conflict(request, relationship, changed, *, area, vocab):
    """The form again, with what this person typed and a clear message; sending it again
    saves their version over the other (its version is now the current one)."""
    data = request.POST.copy()
    data["version"] = services.relationship_version(changed.relationship)
    form = RelationshipForm(data, area=area, vocab=vocab)
    form.is_valid()
    at = timezone.localtime(changed.relationship.updated_at)
    saved_at = f"{at:%-I:%M}{at:%p}".lower()  # GOV.UK style: 2:35pm
    who = (changed.changed_by.full_name if changed.changed_by else "") or "Someone else"
    form.add_error(
        None,
        f"{who} saved changes to this relationship at {saved_at}, after you opened this page. "
        "Your changes are below and have not been saved. Check the relationship's history, "
        "then save again to replace their changes with yours.",
    )
    return render(
        request, "register/form.html", {"form": form, "relationship": relationship}, status=409
    )


def _download(area, fmt: str, filename: str, *, template: bool = False):
    """The register (or the blank template) as a streamed CSV or an XLSX file."""
    tables = transfer.register_tables(area, template=template)
    if fmt == "csv":
        return downloads.csv_download(tables[0].header, tables[0].rows, f"{filename}.csv")
    return downloads.xlsx_download(tables, f"{filename}.xlsx")


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def export_csv(request, area):
    return _download(area, "csv", f"register-{area.gss_code}")


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def export_xlsx(request, area):
    return _download(area, "xlsx", f"register-{area.gss_code}")


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def template_csv(request, area):
    return _download(area, "csv", "register-template", template=True)


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def template_xlsx(request, area):
    return _download(area, "xlsx", "register-template", template=True)


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def register_import(request, area):
    """Upload a file: it is stored and checked, and the person is sent to its preview."""
    _require_editor(request)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        staged = importing.register_stage(area, request.user, form.cleaned_data["file"])
        return redirect(
            "register:import-preview", area_code=area.gss_code, staged_id=staged.public_id
        )
    return render(request, "register/import.html", _import_context(form))


def _import_context(form) -> dict:
    return {"form": form, "columns": transfer.columns(vocabulary_for(current_version()))}


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def register_import_preview(request, area, staged_id):
    """What the checked file would add and change; confirming applies exactly that."""
    _require_editor(request)
    staged = importing.staged_for(area, request.user, staged_id)
    if staged is None:
        raise Http404("No such import.")
    if staged.status == staged.Status.APPLIED:
        messages.info(request, "This file has already been imported.")
        return redirect("register:list", area_code=area.gss_code)
    if request.method == "POST":
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            outcome = importing.register_confirm(staged, request.user, **confirm.cleaned_data)
            if outcome.saved:
                messages.success(request, importing.saved_message(outcome))
                return redirect("register:list", area_code=area.gss_code)
            if outcome.stale:
                messages.warning(
                    request,
                    "The register changed after this file was checked, so nothing was saved. "
                    "Check the changes below again before you confirm.",
                )
            return redirect(
                "register:import-preview", area_code=area.gss_code, staged_id=staged.public_id
            )
    outcome = Outcome.from_json(staged.preview)
    return render(
        request,
        "register/import_preview.html",
        {
            "staged": staged,
            "outcome": outcome,
            "confirm": ConfirmImportForm(
                initial={"sha256": staged.sha256, "digest": outcome.digest}
            ),
            **_import_context(ImportForm()),
        },
    )


@area_view(roles=FACILITATOR_ROLES, scope=GrantScope.REGISTER)
def register_settings(request, area):
    current = RegisterSettings.objects.filter(area=area).first()
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"participants_may_edit": bool(current and current.participants_may_edit)},
    )
    if request.method == "POST" and form.is_valid():
        services.register_settings_save(
            area, participants_may_edit=form.cleaned_data["participants_may_edit"]
        )
        messages.success(request, "Register settings saved.")
        return redirect("register:list", area_code=area.gss_code)
    return render(request, "register/settings.html", {"form": form})


# --- step 1 by each side ------------------------------------------------------------------


def _comparison_or_404(area, relationship_id) -> judgements.Comparison:
    comparison = selectors.judgement_comparison(area, relationship_id)
    if comparison is None:
        raise Http404("No such relationship in this area.")
    return comparison


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def relationship_sides(request, area, relationship_id):
    """The joint judgement, the council side's and the VCS side's, side by side, with what
    the two sides judged differently."""
    comparison = _comparison_or_404(area, relationship_id)
    return render(
        request,
        "register/sides.html",
        {
            "comparison": comparison,
            "relationship": comparison.relationship,
            "views": [
                (judgements.SIDE_NAMES[key], comparison.view(key))
                for key in (judgements.JOINT, *judgements.SIDES)
            ],
            "may_judge": [
                (side, judgements.SIDE_PHRASES[side])
                for side in judgements.SIDES
                if judgements.can_judge_for_side(request.membership, side)
            ],
        },
    )


@area_view(roles=CONTRIBUTOR_ROLES, scope=GrantScope.REGISTER)
def side_judgement_edit(request, area, relationship_id, side):
    """One side records its own judgement; only that side's members may."""
    if side not in judgements.SIDES:
        raise Http404("No such side.")
    if not judgements.can_judge_for_side(request.membership, side):
        raise PermissionDenied
    comparison = _comparison_or_404(area, relationship_id)
    relationship = comparison.relationship
    form = SideJudgementForm(
        request.POST if request.method == "POST" else None,
        initial=SideJudgementForm.initial_from(comparison.view(side)),
        vocab=vocabulary_for(relationship.content_version),
    )
    if request.method == "POST" and form.is_valid():
        changes = judgements.side_judgement_save(
            relationship, side, form.to_data(), user=request.user
        )
        if changes:
            phrase = capfirst(judgements.SIDE_PHRASES[side])
            messages.success(request, f"{phrase}'s judgement is saved.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(
            "register:sides", area_code=area.gss_code, relationship_id=relationship.public_id
        )
    return render(
        request,
        "register/side_form.html",
        {"form": form, "relationship": relationship, "side": judgements.SIDE_PHRASES[side]},
    )


@area_view(roles=ALL_ROLES, scope=GrantScope.REGISTER)
def judgement_disagreements(request, area):
    """Every relationship both sides have judged on their own where they differ: what to
    talk through, for example at a workshop."""
    comparisons = selectors.judgement_comparisons(area)
    return render(
        request,
        "register/disagreements.html",
        {
            "judged_by_both": sum(1 for c in comparisons if c.both_sides_judged),
            "judged_by_one": sum(
                1 for c in comparisons if not c.both_sides_judged and (c.council or c.vcs)
            ),
            "disagreements": [d for c in comparisons for d in c.disagreements],
        },
    )
