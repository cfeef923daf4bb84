"""Typing in paper forms. Each form becomes a response of the round through its pile's own
shared link (rounds.services), saved by the same services as answers given online (mapping,
assessment) and sent the same way (rounds.services.response_submit), so it is held until a
facilitator of the other side confirms the pile, then counted up to the pile's size: ADR 7's
rule for shared links, with no rule of its own."""

from __future__ import annotations

from django.db import transaction

from toolkit.areas.models import Side
from toolkit.assessment import services as assessment_services
from toolkit.mapping import services as mapping_services
from toolkit.rounds import services as round_services
from toolkit.rounds import shared_links
from toolkit.rounds.models import (
    SHARED_LINK_MIN_SIZE,
    LinkKind,
    RespondentLink,
    Response,
    ResponseStatus,
)

from .models import PaperPile


class PaperError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pile_create(workshop, *, side: str, count: int, membership) -> PaperPile:
    """A pile of one side's paper forms. Any facilitator of the area may type in either side's
    forms (one person often types up the whole room); the pile's link records the typist's
    side, so only a facilitator of the other side can make it count."""
    if not membership.is_facilitator or membership.side is None:
        raise PaperError("Only a facilitator can type in paper forms.")
    if side not in Side.values:
        raise PaperError("Select whose forms they are.")
    if not workshop.round.is_accepting:
        raise PaperError("The round is not taking answers, so paper forms cannot be typed in.")
    with transaction.atomic():
        try:
            created = round_services.respondent_link_create(
                round_=workshop.round,
                side=side,
                kind=LinkKind.SIDE,
                label=f"Paper forms, {workshop.title}"[:100],
                size=max(count, SHARED_LINK_MIN_SIZE),
                created_by=membership.user,
                made_by_side=membership.side,
            )
        except round_services.RoundError as error:
            raise PaperError(error.message) from error
        # The token is dropped here: nobody can answer through a pile's link but its typist.
        return PaperPile.objects.create(
            workshop=workshop, side=side, link=created.link, forms=count, created_by=membership.user
        )


def pile_typed(pile: PaperPile) -> int:
    """How many of the pile's forms have been typed in (counted or not yet)."""
    return Response.objects.filter(
        shared_link=pile.link,
        status__in=(ResponseStatus.SUBMITTED, ResponseStatus.HELD),
        on_paper=True,
    ).count()


def entry_problem(pile: PaperPile) -> str:
    """Why no more forms can be typed into this pile, or ''."""
    link = pile.link
    if link.revoked_at is not None:
        return "This pile’s link has been withdrawn."
    if link.is_confirmed:
        return (
            "This pile has been confirmed and its forms are counted. Start a new pile for "
            "forms found later: it needs confirming too."
        )
    if not pile.workshop.round.is_accepting:
        return "The round is not taking answers."
    if pile_typed(pile) >= pile.forms:
        return f"All {pile.forms} forms of this pile have been typed in."
    return ""


def paper_form_enter(pile: PaperPile, answers: dict, *, membership) -> Response:
    """Type in one paper form, whole, in one transaction: started through the pile's link,
    marked as paper, answered through the online answers' own services, and sent."""
    if not membership.is_facilitator:
        raise PaperError("Only a facilitator can type in paper forms.")
    with transaction.atomic():
        locked = (
            PaperPile.objects.select_for_update().select_related("workshop__round").get(pk=pile.pk)
        )
        locked.link = RespondentLink.objects.select_related("round").get(pk=locked.link_id)
        problem = entry_problem(locked)
        if problem:
            raise PaperError(problem)
        try:
            started = round_services.response_start_through_shared_link(
                locked.link,
                respondent_name=answers.get("respondent_name", ""),
                organisation=answers.get("organisation", ""),
            )
        except round_services.RoundError as error:
            raise PaperError(error.message) from error
        response = started.response
        Response.objects.filter(pk=response.pk).update(on_paper=True)
        if response.round.includes_mapping:
            rated = [relationship for relationship, _values, _scales in answers["ratings"]]
            mapping_services.relationships_known_set(response, rated, knows_none=not rated)
            for relationship, values, scales in answers["ratings"]:
                mapping_services.rating_save(
                    response, relationship, values=values, scales=scales, comment=""
                )
        if response.round.has_assessment:
            for question, value in answers["statements"]:
                assessment_services.element_answer_save(response, question, value=value)
            assessment_services.barriers_save(
                response, answers["barriers"], other_text=answers["other_text"]
            )
            assessment_services.pressures_save(response, answers["pressures"])
        try:
            return round_services.response_submit(response)
        except round_services.RoundError as error:
            raise PaperError(error.message) from error


def pile_confirm(pile: PaperPile, *, membership) -> int:
    """A facilitator of the other side vouches for the pile: rounds.shared_links' own
    confirmation. Returns how many forms now count."""
    try:
        return shared_links.respondent_link_confirm(pile.link, membership=membership)
    except round_services.RoundError as error:
        raise PaperError(error.message) from error
