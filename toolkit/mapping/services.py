"""Writing mapping answers and a round's choice of relationships. Each function is one
transaction."""

from __future__ import annotations

from django.db import transaction

from toolkit.rounds.models import RoundStatus

from .models import AXES, MappingAnswer, Rating, RoundRelationship


class MappingError(Exception):
    pass


def round_relationships_set(round_, relationships) -> None:
    """The relationships the round covers. Only before the round closes; every relationship
    must belong to the round's area."""
    if round_.status == RoundStatus.CLOSED:
        raise MappingError("The round has closed, so its relationships cannot change.")
    if any(r.area_id != round_.area_id for r in relationships):
        raise MappingError("Choose relationships from this area.")
    wanted = {r.pk for r in relationships}
    with transaction.atomic():
        existing = set(
            RoundRelationship.objects.filter(round=round_).values_list("relationship_id", flat=True)
        )
        RoundRelationship.objects.filter(round=round_).exclude(relationship_id__in=wanted).delete()
        RoundRelationship.objects.bulk_create(
            RoundRelationship(round=round_, relationship_id=pk) for pk in wanted - existing
        )


def _check_in_progress(response) -> None:
    if response.is_submitted:
        raise MappingError("These answers have been sent and cannot change.")


def relationships_known_set(response, relationships, *, knows_none: bool = False) -> None:
    """Record which of the round's relationships the respondent knows. Ratings of ones they
    no longer pick are deleted; ratings they keep are left as they were."""
    _check_in_progress(response)
    wanted = {r.pk for r in relationships}
    with transaction.atomic():
        MappingAnswer.objects.update_or_create(
            response=response, defaults={"knows_none": knows_none and not wanted}
        )
        Rating.objects.filter(response=response).exclude(relationship_id__in=wanted).delete()
        existing = set(
            Rating.objects.filter(response=response).values_list("relationship_id", flat=True)
        )
        Rating.objects.bulk_create(
            Rating(response=response, relationship_id=pk) for pk in wanted - existing
        )


def rating_save(
    response, relationship, *, values: dict[str, int], scales, comment: str, share: bool = False
) -> Rating:
    """Save one relationship's answers (every Continue saves). A comment is shared only if
    the respondent said so; with no comment there is nothing to share."""
    _check_in_progress(response)
    fields = {axis: values[axis] for axis in AXES}
    fields["scales"] = sorted(set(scales))
    fields["comment"] = comment.strip()
    fields["share_comment"] = bool(share and fields["comment"])
    with transaction.atomic():
        rating, _ = Rating.objects.update_or_create(
            response=response, relationship=relationship, defaults=fields
        )
    return rating
