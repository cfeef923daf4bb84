"""Rounds of questions put to both sides of an area, the links that invite people to answer,
and the responses. Shared by the principles self-assessment (toolkit.assessment) and the
relationship mapping (toolkit.mapping), which hang their answers off `Response`.

Privacy by construction (see docs/adr and rounds/privacy.py):
- `Response` has no timestamp at all: dates only, and no IP address anywhere.
- In anonymous rounds a response has no user; a member's "already answered" state is a separate
  `Participation` row (no reference to the response, no timestamp, random primary key).
- Invite tokens are stored only as SHA-256 digests; a personal link points at its in-progress
  response (`Response.link`) and that pointer, and the resume digest, are cut on submission.
- A shared link is made for a stated number of people and counts towards results only once a
  facilitator of the other side has confirmed it, and then no more responses than that number
  (docs/adr/0007, "Shared links"). Answers sent through it before then are *held*: kept, never
  counted or shown. A response keeps which shared link it came through (never a personal one)
  so that the cap can be counted and near-identical answer sets from one link flagged.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from toolkit.areas.models import Side
from toolkit.core.models import BaseModel
from toolkit.disclosure.rules import effective_threshold


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AssessmentKind(models.TextChoices):
    NONE = "none", "No principles questions"
    FULL = "full", "Full principles questionnaire"
    QUICK = "quick", "Quick check"


class Identity(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous"
    NAMED = "named", "Named"


class Round(BaseModel):
    """One round of questions in an area: relationship mapping, the principles assessment, or
    both. Keeps the framework content version it was asked with, so later rounds compare by
    stable element ids even when the wording has changed."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(
        null=True, blank=True, help_text="Responses are accepted until the end of this day."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    content_version = models.ForeignKey(
        "framework.ContentVersion", on_delete=models.PROTECT, related_name="+"
    )
    includes_mapping = models.BooleanField(
        "includes relationship mapping",
        default=False,
        help_text="Respondents rate the area's relationships on the four axes.",
    )
    assessment = models.CharField(
        "principles questions",
        max_length=10,
        choices=AssessmentKind.choices,
        default=AssessmentKind.NONE,
    )
    identity = models.CharField(
        max_length=10,
        choices=Identity.choices,
        default=Identity.ANONYMOUS,
        help_text="Told to respondents before they start.",
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An earlier round of the same area to compare with.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    group_questions = models.JSONField(
        default=list,
        blank=True,
        help_text="Keys of rounds.groups.QUESTIONS asked at the start (optional questions, "
        "for results by group).",
    )

    class Meta:
        ordering = ["area", "-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(includes_mapping=True) | ~Q(assessment="none"),
                name="round_asks_something",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="round_closed_has_closed_at",
            ),
        ]
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self):
        return self.name

    @property
    def is_anonymous(self) -> bool:
        return self.identity == Identity.ANONYMOUS

    @property
    def has_assessment(self) -> bool:
        return self.assessment != AssessmentKind.NONE

    @property
    def is_accepting(self) -> bool:
        """Open, and not past its closing date."""
        if self.status != RoundStatus.OPEN:
            return False
        return self.closes_on is None or timezone.localdate() <= self.closes_on

    @property
    def threshold(self) -> int:
        return effective_threshold(self.area.suppression_threshold)


class LinkKind(models.TextChoices):
    SIDE = "side", "Shared link for one side"
    PERSONAL = "personal", "Personal link (works once)"


SHARED_LINK_MIN_SIZE = 2
SHARED_LINK_MAX_SIZE = 1000


class RespondentLink(BaseModel):
    """An invitation to answer a round without an account. A side link is shared (one per
    side is usual; many responses). A personal link gives one response. Only the SHA-256 digest
    of the token is stored. There is no reference from a link to any response, and no date of
    use: only whether a personal link has been used."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    side = models.CharField(max_length=10, choices=Side.choices)
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text="Only you and other facilitators see this, for example where you sent it.",
    )
    token_digest = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    used = models.BooleanField(
        default=False,
        help_text="A personal link that has been used. Never shown: see docs/adr/0007.",
    )
    size = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Shared links: how many people it was made for. No more responses than "
        "this through the link count towards results.",
    )
    made_by_side = models.CharField(
        max_length=10,
        choices=Side.choices,
        blank=True,
        help_text="The side of the facilitator who made it: a facilitator of the other side "
        "confirms a shared link. Blank when made outside an area (a command).",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "side", "kind", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal") | Q(used=False), name="link_only_personal_used"
            ),
            models.CheckConstraint(
                condition=(Q(kind="personal") & Q(size__isnull=True))
                | (
                    Q(kind="side")
                    & Q(size__gte=SHARED_LINK_MIN_SIZE)
                    & Q(size__lte=SHARED_LINK_MAX_SIZE)
                ),
                name="link_shared_has_size",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_side_display()})"

    @property
    def status(self) -> str:
        """For the link's own checks only: whether a personal link was used is never shown
        to anyone (it would say who has answered, and when)."""
        if self.revoked_at:
            return "withdrawn"
        if self.used:
            return "used"
        return "active"

    @property
    def is_shared(self) -> bool:
        return self.kind == LinkKind.SIDE

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Sent"
    # Sent through a shared link not (yet) confirmed by the other side's facilitator, or past
    # the number of people it was made for: kept, but never counted or shown.
    HELD = "held", "Sent, not counted"


SENT_STATUSES = (ResponseStatus.SUBMITTED, ResponseStatus.HELD)


class Response(models.Model):
    """One person's answers to one round, for one side. Deliberately not a BaseModel: no
    created/updated timestamps, dates only. `user`, `respondent_name` and `organisation` are
    set only in named rounds. `resume_digest` (the hash of the resume token) and `link` exist
    only while in progress and are cleared on submission."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    side = models.CharField(max_length=10, choices=Side.choices)
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Named rounds only.",
    )
    respondent_name = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    resume_digest = models.CharField(max_length=64, blank=True, default="")
    link = models.ForeignKey(
        RespondentLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The personal link this in-progress response came from; cut on submission.",
    )
    groups = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the round's group questions (rounds.groups), by question key. "
        "Read only through the disclosure rule, never shown one by one.",
    )
    shared_link = models.ForeignKey(
        RespondentLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_responses",
        help_text="The shared link it came through (kept: for the link's cap and for flagging "
        "near-identical answer sets). Never shown in any output.",
    )
    on_paper = models.BooleanField(
        default=False,
        help_text="Written on a paper form at a workshop and typed in by a facilitator "
        "(toolkit.paper), through a pile's own shared link.",
    )

    class Meta:
        ordering = ["round", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["resume_digest"],
                condition=~Q(resume_digest=""),
                name="response_resume_digest_unique",
            ),
            models.UniqueConstraint(
                fields=["link"], condition=Q(link__isnull=False), name="response_one_per_link"
            ),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="response_one_per_named_user",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress")
                | (Q(resume_digest="") & Q(link__isnull=True) & Q(submitted_on__isnull=False)),
                name="response_submitted_is_cut_loose",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(shared_link__isnull=False),
                name="response_held_only_from_shared_link",
            ),
        ]
        indexes = [models.Index(fields=["round", "status", "side"])]

    def __str__(self):
        return f"{self.get_side_display()} response to {self.round}"

    @property
    def is_submitted(self) -> bool:
        """Sent (counted or held): the respondent's part is done."""
        return self.status in SENT_STATUSES


class Participation(models.Model):
    """That a member has sent a response to a round (a row exists only once they have), so
    they cannot answer twice. It has no reference to the response, no timestamp, and a random
    primary key, so that nothing stored orders or dates it against the responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="participation_once")]

    def __str__(self):
        return f"{self.user} answered {self.round}"


class StoredFigures(models.Model):
    """A closed round's figures of one kind (the principles results, the mapping results) as
    its disclosure decision shows them, worked out once (rounds.figures): only shown figures
    and the words for withheld ones, never an answer. Replaced when `fingerprint` (what the
    figures depend on besides the answers) no longer matches the round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stored_figures")
    kind = models.CharField(max_length=20)
    fingerprint = models.CharField(max_length=200)
    figures = models.JSONField()
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="stored_figures_once")
        ]

    def __str__(self):
        return f"{self.kind} figures of {self.round}"
