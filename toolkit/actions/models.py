"""Step 3 of the research's strategic tool: the joint action plan, and peer review.

- ``Plan``: one per area, draft until a council facilitator and a VCS facilitator have both
  agreed it. Changes after agreement are kept in the history and shown as such.
- ``Action``: what will change, why (the findings it answers: an element, a barrier, a
  relationship, a gap between the sides), a council owner and a VCS owner, due date, status
  and progress. ``version`` is the optimistic-concurrency counter: every save checks the
  version the editor started from and adds one, so a second concurrent save is refused.
- ``ActionUpdate``: dated progress notes.
- ``PlanEvent``: the history (and audit trail) of the plan, its actions and review grants.
- ``ReviewGrant``: what a peer reviewer may read (results, register, evidence, plan) and until
  when. The reviewer's ``areas.Membership`` (role peer_reviewer, ``ends_on``) carries the
  date for every page of the service; the grant says which parts.
- ``Finding``: what a reviewer wrote (strength, area to consider, recommendation), which the
  area can accept into its plan as an action.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from toolkit.areas.scopes import GrantScope
from toolkit.core.models import BaseModel

from .history import change_words


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class Plan(BaseModel):
    area = models.OneToOneField("areas.Area", on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    council_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    council_agreed_at = models.DateTimeField(null=True, blank=True)
    vcs_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vcs_agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the second side agreed."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(council_agreed_at__isnull=False)
                    & Q(vcs_agreed_at__isnull=False)
                    & Q(agreed_at__isnull=False)
                ),
                name="plan_agreed_by_both_sides",
            )
        ]

    def __str__(self):
        return f"Joint action plan for {self.area}"

    @property
    def is_agreed(self) -> bool:
        return self.status == PlanStatus.AGREED


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STUCK = "stuck", "Stuck"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.STUCK)


class ActionSource(models.TextChoices):
    MANUAL = "manual", "Written by a facilitator"
    SUGGESTION = "suggestion", "From a suggestion in the practice library"
    FINDING = "finding", "From a peer review finding"
    WORKSHOP = "workshop", "Agreed at a workshop"


class Action(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    what_will_change = models.TextField(blank=True)
    why = models.TextField(blank=True, help_text="The findings this action answers.")
    # What it answers (framework items by slug, read against content_version).
    content_version = models.ForeignKey(
        "framework.ContentVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    element_slug = models.SlugField(max_length=80, blank=True)
    barrier_slug = models.SlugField(max_length=80, blank=True)
    practice_slug = models.SlugField(
        max_length=80, blank=True, help_text="The practice example the idea came from."
    )
    relationship = models.ForeignKey(
        "register.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answers_gap = models.BooleanField(
        "answers a gap between the sides",
        default=False,
        help_text="The council and the sector see this differently.",
    )
    council_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vcs_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    source = models.CharField(
        max_length=12, choices=ActionSource.choices, default=ActionSource.MANUAL
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Optimistic concurrency: goes up by one on every change."
    )
    workshop_item = models.ForeignKey(
        "workshops.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The workshop agenda item where it was agreed: its notes and figures.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_max_100")
        ]
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ActionUpdate(BaseModel):
    """A dated note on an action's progress, with the status and progress it reported."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-created_at", "-id"]

    def __str__(self):
        return f"Update on {self.action} ({self.written_on})"


class EventKind(models.TextChoices):
    ACTION_CREATED = "action_created", "Action added"
    ACTION_CHANGED = "action_changed", "Action changed"
    ACTION_UPDATE = "action_update", "Progress update"
    PLAN_AGREED_SIDE = "plan_agreed_side", "One side agreed the plan"
    PLAN_AGREED = "plan_agreed", "Plan agreed by both sides"
    FINDING_ADDED = "finding_added", "Peer review finding written"
    FINDING_ACCEPTED = "finding_accepted", "Finding accepted into the plan"
    GRANT_CREATED = "grant_created", "Peer reviewer given access"
    GRANT_CHANGED = "grant_changed", "Peer reviewer's access changed"
    GRANT_REVOKED = "grant_revoked", "Peer reviewer's access withdrawn"


PLAN_EVENT_KINDS = (
    EventKind.ACTION_CREATED,
    EventKind.ACTION_CHANGED,
    EventKind.ACTION_UPDATE,
    EventKind.PLAN_AGREED_SIDE,
    EventKind.PLAN_AGREED,
    EventKind.FINDING_ACCEPTED,
)
GRANT_EVENT_KINDS = (EventKind.GRANT_CREATED, EventKind.GRANT_CHANGED, EventKind.GRANT_REVOKED)


class PlanEvent(models.Model):
    """One entry in the plan's history (and the audit trail of review grants). Written only
    by the services, never changed."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    grant = models.ForeignKey(
        "ReviewGrant", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()
    summary = models.CharField(max_length=300)
    changes = models.JSONField(
        default=list, blank=True, help_text='[{"field": ..., "before": ..., "after": ...}]'
    )
    after_agreement = models.BooleanField(
        default=False, help_text="Made after both sides had agreed the plan."
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["area", "kind", "at"])]

    def __str__(self):
        return self.summary

    @property
    def change_lines(self) -> list[str]:
        return [change_words(change) for change in self.changes]


class ReviewGrant(BaseModel):
    """Read access for a peer reviewer to parts of the area, until an end date (inclusive).
    Found for a signed-in reviewer by area and email address; revoking it also ends their
    membership, so that no page of the area opens for them afterwards."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    scopes = models.JSONField(default=list)
    ends_on = models.DateField()
    invitation = models.ForeignKey(
        "accounts.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "email"],
                condition=Q(revoked_at__isnull=True),
                name="review_grant_one_live_per_reviewer",
            )
        ]

    def __str__(self):
        return f"Review access for {self.email} in {self.area}"

    def scope_labels(self) -> list[str]:
        labels = dict(GrantScope.choices)
        return [labels[s] for s in GrantScope.values if s in self.scopes]


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_TO_CONSIDER = "area_to_consider", "Area to consider"
    RECOMMENDATION = "recommendation", "Recommendation"


class Finding(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    grant = models.ForeignKey(
        ReviewGrant, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    element_slug = models.SlugField(max_length=80, blank=True)
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def can_accept(self) -> bool:
        return self.kind != FindingKind.STRENGTH and self.accepted_at is None
