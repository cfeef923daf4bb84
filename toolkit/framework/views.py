"""Public pages showing the framework content (no sign-in needed). Views only pick the
content version, call a selector and render."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .models import PracticeExample

KIND_PLURALS = {
    PracticeExample.Kind.CASE_STUDY: "Case studies",
    PracticeExample.Kind.EXAMPLE: "Shorter examples",
}


def _version():
    version = selectors.current_version()
    if version is None:
        raise Http404("The framework content has not been loaded yet.")
    return version


@login_not_required
@require_GET
def index(request):
    version = selectors.current_version()
    principles = list(selectors.principles_with_elements(version)) if version else []
    return render(request, "framework/index.html", {"version": version, "principles": principles})


@login_not_required
@require_GET
def relationship_types(request):
    version = _version()
    return render(
        request,
        "framework/types.html",
        {"version": version, "types": selectors.relationship_types(version)},
    )


@login_not_required
@require_GET
def qualities(request):
    version = _version()
    return render(
        request,
        "framework/qualities.html",
        {"version": version, "qualities": selectors.strategic_qualities(version)},
    )


@login_not_required
@require_GET
def steps(request):
    version = _version()
    return render(
        request,
        "framework/steps.html",
        {"version": version, "steps": selectors.tool_steps(version)},
    )


@login_not_required
@require_GET
def mapping(request):
    version = _version()
    return render(
        request,
        "framework/mapping.html",
        {
            "version": version,
            "axes": selectors.mapping_axes(version),
            "scales": selectors.spatial_scales(version),
        },
    )


@login_not_required
@require_GET
def principles(request):
    version = _version()
    return render(
        request,
        "framework/principles.html",
        {"version": version, "principles": selectors.principles_with_elements(version)},
    )


@login_not_required
@require_GET
def principle_detail(request, slug):
    version = _version()
    principle = selectors.principle_detail(version, slug)
    if principle is None:
        raise Http404("No such principle.")
    return render(
        request, "framework/principle_detail.html", {"version": version, "principle": principle}
    )


@login_not_required
@require_GET
def barriers(request):
    version = _version()
    all_barriers = list(selectors.barriers(version))
    return render(
        request,
        "framework/barriers.html",
        {
            "version": version,
            "common_barriers": [b for b in all_barriers if b.kind == b.Kind.COMMON],
            "policy_barriers": [b for b in all_barriers if b.kind == b.Kind.POLICY],
            "pressures": selectors.pressures(version),
        },
    )


@login_not_required
@require_GET
def practice(request):
    version = _version()
    theme_groups = selectors.theme_choices(version)
    theme_titles = {slug: title for group in theme_groups.values() for slug, title in group}
    kind = request.GET.get("kind", "")
    if kind not in PracticeExample.Kind.values:
        kind = ""
    theme = request.GET.get("theme", "")
    if theme not in theme_titles:
        theme = ""
    examples = list(selectors.practice_examples(version, kind=kind or None, theme=theme or None))
    return render(
        request,
        "framework/practice.html",
        {
            "version": version,
            "examples": examples,
            "kind": kind,
            "kind_choices": list(KIND_PLURALS.items()),
            "kind_label": KIND_PLURALS.get(kind, ""),
            "theme": theme,
            "theme_title": theme_titles.get(theme, ""),
            "theme_groups": theme_groups,
            "filtered": bool(kind or theme),
        },
    )


@login_not_required
@require_GET
def practice_detail(request, slug):
    version = _version()
    example = selectors.practice_example(version, slug)
    if example is None:
        raise Http404("No such practice example.")
    return render(
        request, "framework/practice_detail.html", {"version": version, "example": example}
    )
