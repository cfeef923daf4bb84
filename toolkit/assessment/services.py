"""Saving a respondent's answers to the principles self-assessment (on every Continue), and
hiding a comment. Answers can change only while the response is in progress."""

from django.db import transaction

from toolkit.rounds.models import ResponseStatus

from .models import NONE, OTHER, BarrierAnswer, ElementAnswer, PressureAnswer
from .questions import Question


class AnswerError(Exception):
    pass


def _check_in_progress(response) -> None:
    if response.status != ResponseStatus.IN_PROGRESS:
        raise AnswerError("These answers have been sent and cannot be changed.")


def element_answer_save(
    response, question: Question, *, value: int | None, comment: str = "", share: bool = False
) -> ElementAnswer:
    _check_in_progress(response)
    if value is not None and value not in (1, 2, 3, 4, 5):
        raise AnswerError("An answer must be 1 to 5, or don't know.")
    comment = comment.strip()
    with transaction.atomic():
        answer, _ = ElementAnswer.objects.update_or_create(
            response=response,
            statement_id=question.statement_id,
            defaults={
                "element_slug": question.element_slug,
                "value": value,
                "comment": comment,
                "share_comment": bool(share and comment),
            },
        )
    return answer


def barriers_save(response, slugs: list[str], *, other_text: str = "", share: bool = False):
    """Replace the barriers ticked. `slugs` may include "other" (with `other_text`), or be
    just ["none"]."""
    _check_in_progress(response)
    other_text = other_text.strip()
    with transaction.atomic():
        BarrierAnswer.objects.filter(response=response).delete()
        BarrierAnswer.objects.bulk_create(
            BarrierAnswer(
                response=response,
                barrier_slug=slug,
                other_text=other_text if slug == OTHER else "",
                share_text=bool(share and other_text) if slug == OTHER else False,
            )
            for slug in dict.fromkeys(slugs)
        )


def pressures_save(response, slugs: list[str]):
    _check_in_progress(response)
    with transaction.atomic():
        PressureAnswer.objects.filter(response=response).delete()
        PressureAnswer.objects.bulk_create(
            PressureAnswer(response=response, pressure_slug=slug) for slug in dict.fromkeys(slugs)
        )


def comment_hide(round_, comment_id) -> bool:
    """Hide a shared comment (or a shared "other barrier" description) in this round, for
    example because it identifies someone. Returns False if there is no such comment."""
    with transaction.atomic():
        hidden = ElementAnswer.objects.filter(public_id=comment_id, response__round=round_).update(
            comment_hidden=True
        )
        if not hidden:
            hidden = BarrierAnswer.objects.filter(
                public_id=comment_id, response__round=round_, barrier_slug=OTHER
            ).update(text_hidden=True)
    return bool(hidden)


__all__ = [
    "NONE",
    "OTHER",
    "AnswerError",
    "barriers_save",
    "comment_hide",
    "element_answer_save",
    "pressures_save",
]
