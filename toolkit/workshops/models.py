"""Workshops: the council and the sector in one room, talking about a round's results.

- ``Workshop``: belongs to one round (mapping, principles or both, as the round asks) and has a
  facilitator and a date. While people join, it has a short join code (unique while the
  workshop takes place, cleared when it finishes) and a shared link per side made for the
  number of people stated (``rounds.RespondentLink``: joining by code starts answers through
  them, under ADR 7's shared-link rules). ``position`` is the agenda item on the wall (0: the
  join screen); ``revealed`` whether the room has been shown figures.
- ``AgendaItem``: one thing to talk about (a relationship, a key element, a barrier), in the
  facilitator's order, with what was said, what was agreed, and a target: where both sides want
  a relationship to be on the strategic map, or the band they want a key element to reach.
  An agreed point becomes an ``actions.Action`` that points back at its item
  (``Action.workshop_item``).

Figures are never stored here: the room reads them from the round's decided results."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from toolkit.core.models import BaseModel

# Join codes: six characters that cannot be mistaken for one another when read off a wall or
# typed on a phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
JOIN_CODE_LENGTH = 6
PEOPLE_MIN = 2  # the smallest shared link (rounds.models.SHARED_LINK_MIN_SIZE)
PEOPLE_MAX = 1000


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    LIVE = "live", "Taking place"
    FINISHED = "finished", "Finished"


class Workshop(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="workshops")
    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED
    )
    council_people = models.PositiveSmallIntegerField(
        "council-side people expected",
        default=10,
        validators=[MinValueValidator(PEOPLE_MIN), MaxValueValidator(PEOPLE_MAX)],
    )
    vcs_people = models.PositiveSmallIntegerField(
        "sector-side people expected",
        default=10,
        validators=[MinValueValidator(PEOPLE_MIN), MaxValueValidator(PEOPLE_MAX)],
    )
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, null=True, blank=True, unique=True)
    council_link = models.ForeignKey(
        "rounds.RespondentLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vcs_link = models.ForeignKey(
        "rounds.RespondentLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="The agenda item on the wall; 0 is the join screen."
    )
    revealed = models.BooleanField(
        default=False, help_text="Whether the room has been shown the round's figures."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="live") | Q(join_code__isnull=True),
                name="workshop_code_only_while_live",
            ),
            models.CheckConstraint(
                condition=Q(council_people__gte=PEOPLE_MIN, council_people__lte=PEOPLE_MAX)
                & Q(vcs_people__gte=PEOPLE_MIN, vcs_people__lte=PEOPLE_MAX),
                name="workshop_people_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_live(self) -> bool:
        return self.status == WorkshopStatus.LIVE

    @property
    def is_finished(self) -> bool:
        return self.status == WorkshopStatus.FINISHED

    @property
    def join_code_display(self) -> str:
        """The code as the wall shows it: two groups of three."""
        code = self.join_code or ""
        return f"{code[:3]} {code[3:]}" if code else ""


class ItemKind(models.TextChoices):
    RELATIONSHIP = "relationship", "A relationship"
    ELEMENT = "element", "A key element"
    BARRIER = "barrier", "A barrier"


class TargetBand(models.TextChoices):
    """Bands an element can be aimed at (assessment.scoring's bands above concern)."""

    STRENGTH = "strength", "Strength (4 or more)"
    BORDERLINE = "borderline", "Borderline (3 or more)"


def _target_field(label):
    return models.DecimalField(
        label,
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class AgendaItem(BaseModel):
    """One thing the room talks about, in the facilitator's order (``position`` from 1)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    relationship = models.ForeignKey(
        "register.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    element_slug = models.SlugField(max_length=80, blank=True)
    barrier_slug = models.SlugField(max_length=80, blank=True)
    title = models.CharField(
        max_length=200, help_text="What the item is about, as it was named when added."
    )
    reason = models.CharField(
        max_length=200, blank=True, help_text="Why it is on the agenda (words, no figures)."
    )
    said = models.TextField("what was said", blank=True)
    agreed = models.TextField("what was agreed", blank=True)
    target_strategic = _target_field("target: strategic (5) or transactional (1)")
    target_proactive = _target_field("target: proactive (5) or reactive (1)")
    target_band = models.CharField(
        "target band", max_length=12, choices=TargetBand.choices, blank=True
    )

    class Meta:
        ordering = ["workshop", "position", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_strategic__isnull=True) & Q(target_proactive__isnull=True))
                | (
                    Q(kind="relationship")
                    & Q(target_strategic__gte=1, target_strategic__lte=5)
                    & Q(target_proactive__gte=1, target_proactive__lte=5)
                ),
                name="agenda_item_map_target_for_relationships",
            ),
            models.CheckConstraint(
                condition=Q(target_band="") | Q(kind="element"),
                name="agenda_item_band_target_for_elements",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_target(self) -> bool:
        return self.target_strategic is not None or bool(self.target_band)

    @property
    def has_notes(self) -> bool:
        return bool(self.said.strip() or self.agreed.strip())
