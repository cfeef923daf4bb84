"""Answers to the principles self-assessment. They hang off `rounds.Response` and refer to the
framework by stable slugs (element, statement, barrier, pressure) of the round's content
version. No timestamps on any answer."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

OTHER = "other"
NONE = "none"


class ElementAnswer(models.Model):
    """How far one respondent agrees with one statement (1–5), or "don't know" (null)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.ForeignKey(
        "rounds.Response", on_delete=models.CASCADE, related_name="element_answers"
    )
    element_slug = models.SlugField(max_length=80)
    statement_id = models.SlugField(max_length=120)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 strongly disagree … 5 strongly agree; empty for don't know.",
    )
    comment = models.TextField(blank=True, max_length=2000)
    share_comment = models.BooleanField(default=False)
    comment_hidden = models.BooleanField(
        default=False, help_text="Hidden by a facilitator (for example, it identifies someone)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement_id"], name="element_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="element_answer_value_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["element_slug"])]

    def __str__(self):
        return f"{self.statement_id}: {self.value or 'don’t know'}"


class BarrierAnswer(models.Model):
    """A barrier a respondent sees (a framework barrier slug, "other" with a description, or
    the marker "none" when they see none of them)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.ForeignKey(
        "rounds.Response", on_delete=models.CASCADE, related_name="barrier_answers"
    )
    barrier_slug = models.SlugField(max_length=80)
    other_text = models.TextField(blank=True, max_length=1000)
    share_text = models.BooleanField(default=False)
    text_hidden = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "barrier_slug"], name="barrier_once"),
            models.CheckConstraint(
                condition=Q(barrier_slug="other") | Q(other_text=""),
                name="barrier_text_only_for_other",
            ),
        ]

    def __str__(self):
        return self.barrier_slug


class PressureAnswer(models.Model):
    """A pressure of the moment a respondent says affects the relationship (or "none")."""

    response = models.ForeignKey(
        "rounds.Response", on_delete=models.CASCADE, related_name="pressure_answers"
    )
    pressure_slug = models.SlugField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "pressure_slug"], name="pressure_once")
        ]

    def __str__(self):
        return self.pressure_slug
