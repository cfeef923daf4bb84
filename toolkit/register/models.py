"""Step 1 of the research's strategic tool: the register of an area's relationships.

A relationship has two or more parties (rows, so VCS–VCS and multi-party relationships need no
special case), one or more types from the typology (rows, one marked main), and a row per
strategic quality saying whether it is present and why. Framework items are referred to by
slug, read against the relationship's ``content_version``. Every change made through the
services is logged in ``RelationshipChange`` with field-level before and after values.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from toolkit.areas.models import Side
from toolkit.core.models import BaseModel


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class Judgement(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    BECOMING = "becoming_strategic", "Becoming strategic"
    NOT_STRATEGIC = "not_strategic", "Not strategic"


class Scale(models.TextChoices):
    # Values are the framework's spatial scale ids.
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood (hyperlocal)"
    WHOLE_PLACE = "whole-place", "Whole place"
    REGION = "region", "Region"


class RegionKind(models.TextChoices):
    # Values are the framework's region kind ids.
    COMBINED_AUTHORITY = "combined-authority", "Combined authority"
    INTEGRATED_CARE_SYSTEM = "integrated-care-system", "Integrated care system"
    FUNDING_GEOGRAPHIES = "funding-geographies", "A funder's geography"


class Structure(models.TextChoices):
    BOARD = "board", "Board"
    FORUM = "forum", "Forum"
    COMPACT = "compact", "Compact or agreement"
    ALLIANCE = "alliance", "Alliance"
    CONTRACT = "contract", "Contract"
    GRANT = "grant", "Grant agreement"
    STEERING_GROUP = "steering_group", "Steering group"
    INFORMAL = "informal", "Informal"


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly or more often"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Every quarter"
    TWICE_YEARLY = "twice_yearly", "Twice a year"
    YEARLY = "yearly", "Once a year or less"
    AS_NEEDED = "as_needed", "Only when needed"


class Relationship(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="relationships")
    reference = models.CharField(
        max_length=40,
        help_text="A short reference that stays the same, used to match rows on import.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(blank=True)
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    judgement_reasoning = models.TextField(blank=True)
    scale = models.CharField(max_length=20, choices=Scale.choices, blank=True)
    neighbourhoods = models.CharField(max_length=300, blank=True)
    region_kind = models.CharField(max_length=30, choices=RegionKind.choices, blank=True)
    structures = models.JSONField(default=list, blank=True)
    meeting_frequency = models.CharField(
        max_length=20, choices=MeetingFrequency.choices, blank=True
    )
    content_version = models.ForeignKey(
        "framework.ContentVersion", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "reference"], name="relationship_reference_unique_in_area"
            )
        ]
        indexes = [
            models.Index(fields=["area", "title"]),
            models.Index(fields=["area", "judgement"]),
            models.Index(fields=["area", "scale"]),
        ]

    def __str__(self):
        return self.title

    def structure_labels(self) -> list[str]:
        labels = dict(Structure.choices)
        return [labels.get(s, s) for s in self.structures]


class RelationshipParty(models.Model):
    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="relationship_parties"
    )
    side = models.CharField(max_length=10, choices=Side.choices)

    class Meta:
        ordering = ["side", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "organisation"], name="party_once_per_relationship"
            )
        ]

    def __str__(self):
        return str(self.organisation)


class RelationshipTypeLink(models.Model):
    """A relationship's type from the typology (by slug); blends have several, one main."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="types")
    type_slug = models.SlugField(max_length=80)
    is_main = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main", "type_slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "type_slug"], name="type_once_per_relationship"
            ),
            models.UniqueConstraint(
                fields=["relationship"], condition=Q(is_main=True), name="one_main_type"
            ),
        ]
        indexes = [models.Index(fields=["type_slug", "relationship"])]

    def __str__(self):
        return self.type_slug


class RelationshipQuality(models.Model):
    """Whether one of the seven strategic qualities is present, and the evidence why."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="qualities"
    )
    quality_slug = models.SlugField(max_length=80)
    present = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "quality_slug"], name="quality_once_per_relationship"
            )
        ]

    def __str__(self):
        return f"{self.quality_slug}: {'present' if self.present else 'absent'}"


class SideJudgement(models.Model):
    """Step 1 judged by one side alone: whether the council side, or the VCS side, thinks the
    relationship strategic and why, and which of the seven qualities it sees (``qualities``).
    The joint judgement stays where it always was (``Relationship.judgement`` and
    ``RelationshipQuality``); these rows sit beside it so the two sides can be compared and
    their disagreements talked through (``register.judgements``)."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="side_judgements"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    judgement_reasoning = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["relationship", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "side"], name="side_judgement_once_per_side"
            )
        ]

    def __str__(self):
        return f"{self.get_side_display()} judgement of {self.relationship}"


class SideQuality(models.Model):
    """Whether one side sees one of the seven qualities in the relationship, and why."""

    side_judgement = models.ForeignKey(
        SideJudgement, on_delete=models.CASCADE, related_name="qualities"
    )
    quality_slug = models.SlugField(max_length=80)
    present = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["side_judgement", "quality_slug"], name="side_quality_once"
            )
        ]

    def __str__(self):
        return f"{self.quality_slug}: {'present' if self.present else 'absent'}"


class RelationshipChange(models.Model):
    """One save of a relationship: who, when, how (form, import or API) and what changed, as
    ``[{"field": label, "before": text, "after": text}, …]``."""

    class Source(models.TextChoices):
        FORM = "form", "Form"
        IMPORT = "import", "Import"
        DEMO = "demo", "Demo data"
        API = "api", "API"
        HANDOVER = "handover", "Handover"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    created = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.relationship} changed at {self.changed_at:%Y-%m-%d %H:%M}"


class Lead(BaseModel):
    """Who to talk to: the council's or the sector's named person for one relationship or
    one organisation (docs/adr/0017). A lead is an area member (``member``) or someone
    without an account, known by name and job title only. ``name`` is always kept (for a
    member, their name when made lead), so a lead still reads right in a backup or an export
    that carries no accounts."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, null=True, blank=True, related_name="leads"
    )
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="leads"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    member = models.ForeignKey(
        "areas.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["side", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(relationship__isnull=False) & Q(organisation__isnull=True))
                | (Q(relationship__isnull=True) & Q(organisation__isnull=False)),
                name="lead_of_one_relationship_or_organisation",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="lead_has_a_name"),
            models.UniqueConstraint(
                fields=["relationship", "side"],
                condition=Q(relationship__isnull=False),
                name="lead_one_per_relationship_side",
            ),
            models.UniqueConstraint(
                fields=["organisation", "side"],
                condition=Q(organisation__isnull=False),
                name="lead_one_per_organisation_side",
            ),
        ]
        indexes = [models.Index(fields=["area", "name"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return lead_display_name(self.name, self.member.user.full_name if self.member_id else None)


def lead_display_name(name: str, member_full_name: str | None) -> str:
    """How a lead reads: a member by their account's name now (``member_full_name``, None for
    someone without an account), anyone else by the name kept."""
    return name if member_full_name is None else member_full_name


class Handover(models.Model):
    """One handover: every lead role of a person who is leaving moved to named successors
    in one step. ``moves`` lists each role as ``{"what", "side", "to"}`` in words; each
    relationship's own history records its part too."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    leaving = models.CharField(max_length=150)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    moves = models.JSONField(default=list)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self):
        return f"Handover from {self.leaving} ({self.made_at:%Y-%m-%d})"


class RegisterSettings(models.Model):
    """Per-area choices about the register that facilitators make."""

    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="register_settings"
    )
    participants_may_edit = models.BooleanField(
        "Council and VCS participants may add and change relationships", default=False
    )

    def __str__(self):
        return f"Register settings for {self.area}"
