"""Paper in the room: the answers people wrote on paper at a workshop, typed in by a
facilitator one form at a time.

A ``PaperPile`` is one side's forms from one workshop, as a facilitator gathered them: how
many forms it holds, who typed them in, and its own shared link of the round
(``rounds.RespondentLink``, made for that many people and never given to anyone: it has no
usable token). Each form becomes a ``rounds.Response`` through that link, marked
``on_paper``, so it is held, confirmed, capped and counted under exactly the rules of ADR 7
for shared links: it counts once a facilitator of the side other than the typist's has
confirmed the pile, and no more forms than the pile was made for. Nothing joins a response
to the order it was typed in: a pile knows only how many it holds."""

from django.conf import settings
from django.db import models

from toolkit.areas.models import Side
from toolkit.core.models import BaseModel


class PaperPile(BaseModel):
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="paper_piles"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    link = models.OneToOneField(
        "rounds.RespondentLink", on_delete=models.CASCADE, related_name="paper_pile"
    )
    forms = models.PositiveSmallIntegerField(help_text="How many paper forms the pile holds.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["workshop", "side", "created_at"]

    def __str__(self):
        return f"{self.get_side_display()} paper forms, {self.workshop}"
