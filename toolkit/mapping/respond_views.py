"""Respondent pages of the "Rate relationships" section: which relationships do you know, then
one page per relationship. Every Continue saves. Works without JavaScript and on a phone."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from toolkit.rounds.respondent import respondent_view

from . import selectors, services
from .forms import ChooseForm, RatingForm
from .models import AXES, MappingAnswer, Rating
from .respondent import axes_for


@respondent_view
@require_http_methods(["GET", "POST"])
def choose(request, response):
    relationships = list(selectors.round_relationships(response.round))
    ratings = {
        r.relationship_id
        for r in Rating.objects.filter(
            response=response, relationship__mapping_rounds__round_id=response.round_id
        )
    }
    answer = MappingAnswer.objects.filter(response=response).first()
    initial = {
        "relationships": [str(r.public_id) for r in relationships if r.pk in ratings],
        "none": bool(answer and answer.knows_none),
    }
    form = ChooseForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        relationships=relationships,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        services.relationships_known_set(
            response, chosen, knows_none=form.cleaned_data.get("none", False)
        )
        if not chosen:
            return redirect("respond:task-list", token=response.token)
        return _next(response, after=None)
    selected = set(form["relationships"].value() or [])
    return render(
        request,
        "mapping/respond/choose.html",
        {
            "form": form,
            "response": response,
            "round": response.round,
            "choices": [
                {
                    "id": f"id_relationships_{index}",
                    "value": str(r.public_id),
                    "title": r.title,
                    "parties": "; ".join(p.organisation.name for p in r.parties.all()),
                    "checked": str(r.public_id) in selected,
                }
                for index, r in enumerate(relationships)
            ],
            "none_checked": bool(form["none"].value()),
        },
    )


def _ordered_ratings(response):
    return list(
        Rating.objects.filter(
            response=response, relationship__mapping_rounds__round_id=response.round_id
        )
        .select_related("relationship")
        .order_by("relationship__title", "relationship_id")
    )


def _next(response, *, after):
    """The next relationship still to rate after ``after`` (or the first), else the task
    list."""
    ratings = _ordered_ratings(response)
    ids = [r.relationship_id for r in ratings]
    start = ids.index(after) + 1 if after in ids else 0
    for rating in ratings[start:] + ratings[:start]:
        if not rating.is_complete:
            return redirect(
                "respond:mapping:rate",
                token=response.token,
                relationship_id=rating.relationship.public_id,
            )
    return redirect("respond:task-list", token=response.token)


@respondent_view
@require_http_methods(["GET", "POST"])
def rate(request, response, relationship_id):
    ratings = _ordered_ratings(response)
    rating = next((r for r in ratings if r.relationship.public_id == relationship_id), None)
    if rating is None:
        raise Http404("You have not chosen this relationship.")
    relationship = (
        selectors.round_relationships(response.round).filter(pk=rating.relationship_id).first()
    )
    if relationship is None:
        raise Http404("This relationship is not part of the round.")
    axes = axes_for(response.round)
    initial = {
        name: (str(getattr(rating, name)) if getattr(rating, name) is not None else None)
        for name in AXES
    }
    initial |= {
        "scales": rating.scales,
        "comment": rating.comment,
        "share_comment": rating.share_comment,
    }
    form = RatingForm(
        request.POST if request.method == "POST" else None, initial=initial, axes=axes
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.rating_save(
            response,
            relationship,
            values={name: int(data[name]) for name in AXES},
            scales=data["scales"],
            comment=data["comment"],
            share=data["share_comment"],
        )
        return _next(response, after=relationship.pk)
    position = [r.relationship_id for r in ratings].index(relationship.pk) + 1
    return render(
        request,
        "mapping/respond/rate.html",
        {
            "form": form,
            "response": response,
            "round": response.round,
            "relationship": relationship,
            "position": position,
            "total": len(ratings),
            "axis_rows": form.axis_rows(),
            "previous": ratings[position - 2].relationship if position > 1 else None,
        },
    )
