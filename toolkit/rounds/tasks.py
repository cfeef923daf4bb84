"""Background work for rounds."""

from django.tasks import task

from .models import Round
from .sections import sections_for_round


@task()
def round_figures_store(round_id: int) -> None:
    """Work out and store a closed round's figures, for each of its sections that keeps
    them (rounds.figures), so that its results pages never decide them again."""
    round_ = Round.objects.select_related("area", "content_version").get(pk=round_id)
    for section in sections_for_round(round_):
        if section.figures is not None:
            section.figures(round_)
