from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from toolkit.core.models import BaseModel
from toolkit.disclosure.rules import MINIMUM_THRESHOLD

from .identifiers import org_id_validate

gss_code_validator = RegexValidator(
    r"^E\d{8}$", "Enter a GSS code for an English area: E followed by 8 digits, like E08000009"
)

MINIMUM_SUPPRESSION_THRESHOLD = MINIMUM_THRESHOLD  # the rule lives in toolkit/disclosure/rules.py


class Area(BaseModel):
    """One council area, identified by its ONS GSS code. In two-tier areas both the county
    and the district are councils of the area (organisations of kind council)."""

    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, validators=[gss_code_validator]
    )
    name = models.CharField(max_length=200)
    is_demo = models.BooleanField(
        default=False, help_text="Fictional demonstration data, labelled on every page."
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(MINIMUM_SUPPRESSION_THRESHOLD)],
        help_text="No figure built from fewer anonymous respondents than this is shown.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=MINIMUM_SUPPRESSION_THRESHOLD),
                name="area_suppression_threshold_minimum",
            )
        ]

    def __str__(self):
        return self.name


class Side(models.TextChoices):
    COUNCIL = "council", "Council"
    VCS = "vcs", "Voluntary and community sector"


class Role(models.TextChoices):
    FACILITATOR_COUNCIL = "facilitator_council", "Facilitator (council side)"
    FACILITATOR_VCS = "facilitator_vcs", "Facilitator (VCS side)"
    COUNCIL_PARTICIPANT = "council_participant", "Council participant"
    VCS_PARTICIPANT = "vcs_participant", "VCS participant"
    PEER_REVIEWER = "peer_reviewer", "Peer reviewer"


FACILITATOR_ROLES = frozenset({Role.FACILITATOR_COUNCIL, Role.FACILITATOR_VCS})
PARTICIPANT_ROLES = frozenset({Role.COUNCIL_PARTICIPANT, Role.VCS_PARTICIPANT})
CONTRIBUTOR_ROLES = FACILITATOR_ROLES | PARTICIPANT_ROLES
ALL_ROLES = frozenset(Role)

ROLE_SIDES = {
    Role.FACILITATOR_COUNCIL: Side.COUNCIL,
    Role.COUNCIL_PARTICIPANT: Side.COUNCIL,
    Role.FACILITATOR_VCS: Side.VCS,
    Role.VCS_PARTICIPANT: Side.VCS,
    Role.PEER_REVIEWER: None,
}

ROLE_DESCRIPTIONS = {
    Role.FACILITATOR_COUNCIL: "Runs the toolkit for the council: invites people, opens rounds, "
    "owns the action plan with the VCS facilitator.",
    Role.FACILITATOR_VCS: "Runs the toolkit for the voluntary and community sector, often the "
    "CVS chief officer, alongside the council facilitator.",
    Role.COUNCIL_PARTICIPANT: "An officer or councillor who records and rates relationships "
    "and answers the principles questions.",
    Role.VCS_PARTICIPANT: "Someone from a local charity or community group who rates "
    "relationships from the sector's side.",
    Role.PEER_REVIEWER: "Reads the area's results and evidence until an end date, and writes "
    "findings. Cannot change anything else.",
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), user__is_active=True)


class Membership(BaseModel):
    """A user's role in one area. Every area-scoped page is reached through one of these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="The council department or VCS organisation the person belongs to.",
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Access ends after this date (required for reviewers)."
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="membership_one_per_area"),
            models.CheckConstraint(
                condition=~Q(role="peer_reviewer") | Q(ends_on__isnull=False),
                name="membership_reviewer_has_end_date",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} in {self.area}"

    @property
    def side(self):
        return ROLE_SIDES[Role(self.role)]

    @property
    def is_facilitator(self) -> bool:
        return self.role in FACILITATOR_ROLES


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    DEPARTMENT = "department", "Council department or service area"
    VCS = "vcs", "Voluntary and community sector organisation"


class VcsType(models.TextChoices):
    CHARITY = "charity", "Registered charity"
    COMMUNITY_GROUP = "community_group", "Community group (unregistered)"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise or community business"
    FAITH_GROUP = "faith_group", "Faith group"
    INFRASTRUCTURE = "infrastructure", "Infrastructure organisation (such as a CVS)"
    NETWORK = "network", "Forum, alliance or network"
    NATIONAL_CHARITY = "national_charity", "National charity working locally"
    OTHER = "other", "Other"


class Organisation(BaseModel):
    """A party to relationships: a council, one of its departments or service areas, or a
    voluntary and community sector organisation."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="organisations")
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="departments",
        help_text="For a department: the council it belongs to.",
    )
    local_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True
    )
    org_id = models.CharField(
        "organisation identifier",
        max_length=100,
        blank=True,
        validators=[org_id_validate],
        help_text="In 360Giving org-id form, like GB-CHC-1234567 (charity) or GB-COH-01234567 "
        "(company). Leave blank if it has none.",
    )
    vcs_type = models.CharField(
        "type of organisation", max_length=32, choices=VcsType.choices, blank=True
    )
    description = models.TextField(blank=True)
    annual_income = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="Latest annual income, £."
    )
    is_marginalised_led = models.BooleanField(
        "led by a marginalised community",
        default=False,
        help_text="Self-declared: the organisation is led by the community it serves.",
    )
    website = models.URLField(blank=True)
    neighbourhoods = models.CharField(
        max_length=255, blank=True, help_text="Neighbourhoods or wards it works in."
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "org_id"],
                condition=~Q(org_id=""),
                name="organisation_org_id_unique_in_area",
            ),
        ]
        indexes = [models.Index(fields=["area", "kind", "name"])]

    def __str__(self):
        if self.kind == OrganisationKind.DEPARTMENT and self.parent_id:
            return f"{self.name} ({self.parent.name})"
        return self.name
