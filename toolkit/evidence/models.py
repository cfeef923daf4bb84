"""Evidence from open data: the import ledger, charity register details, council grants
(360Giving) and contracts (OCDS), each linked to the area's organisations.

Organisations themselves stay in ``areas.Organisation`` (kind ``vcs``); everything that comes
from a register or a published file lives here, keeping the source identifiers exactly as
published (``GB-CHC-…``, ``360G-…``, OCDS ``ocid``) and pointing at the ledger row of the
import run that last changed it, so that every figure can name the files it came from.
"""

from django.conf import settings
from django.db import models

from toolkit.core.models import BaseModel


class ImportKind(models.TextChoices):
    CHARITIES = "charities", "Charities (Charity Commission register)"
    GRANTS = "grants", "Grants (360Giving Data Standard)"
    CONTRACTS = "contracts", "Contracts (Open Contracting Data Standard)"


class ImportRun(BaseModel):
    """The import ledger: one row per file per run, whatever the outcome."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        IMPORTED = "imported", "Imported"
        DRY_RUN = "dry_run", "Checked (dry run, nothing saved)"
        REJECTED = "rejected", "Rejected (nothing saved)"
        FAILED = "failed", "Failed (nothing saved)"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="import_runs")
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField("SHA-256 of the file", max_length=64)
    file_size = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(max_length=40, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    dry_run = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(max_length=20, default="command", help_text="command or upload")
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Rows outside the area (other funders, buyers or places)."
    )
    problems = models.JSONField(
        default=list, blank=True, help_text="Row-level problems: row, field, problem."
    )
    notes = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["area", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name} ({self.get_status_display()})"


class CharityRegistration(BaseModel):
    """Charity Commission register details of one VCS organisation of an area."""

    # No index of its own: the unique (area, charity number) serves every look-up by area,
    # and an index less is one less to keep up for each of a national register's rows.
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.OneToOneField(
        "areas.Organisation", on_delete=models.CASCADE, related_name="charity_registration"
    )
    charity_number = models.CharField(
        "registered charity number", max_length=8, help_text="As published, kept as text."
    )
    organisation_number = models.CharField(
        "Charity Commission organisation number", max_length=12, blank=True
    )
    register_name = models.CharField(max_length=255, help_text="The name on the register.")
    company_number = models.CharField(max_length=12, blank=True)
    charity_type = models.CharField(max_length=100, blank=True)
    registration_status = models.CharField(max_length=20, blank=True)
    date_registered = models.DateField(null=True, blank=True)
    date_removed = models.DateField(null=True, blank=True)
    latest_income = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    latest_expenditure = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    financial_year_end = models.DateField(null=True, blank=True)
    activities = models.TextField(blank=True)
    address = models.CharField(max_length=400, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=255, blank=True)
    web = models.CharField(max_length=255, blank=True)
    classifications = models.JSONField(
        default=list, blank=True, help_text="[{code, type, description}] from the register."
    )
    areas_of_operation = models.JSONField(default=list, blank=True)
    source_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
        help_text="The import that last changed this row.",
    )
    last_seen_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        ordering = ["register_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "charity_number"], name="evidence_charity_number_unique_in_area"
            )
        ]

    def __str__(self):
        return f"{self.register_name} ({self.charity_number})"


class Grant(BaseModel):
    """One grant from a 360Giving file, made by one of the area's councils."""

    # No index of its own: the unique (area, identifier) and the (area, …) indexes serve every
    # look-up by area, and an index less is one less to keep up for each of a million grants.
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    identifier = models.CharField(max_length=255, help_text="The 360Giving grant id.")
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount_awarded = models.DecimalField(max_digits=16, decimal_places=2)
    amount_disbursed = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    award_date = models.DateField()
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    duration_months = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    recipient_org_id = models.CharField(
        "recipient identifier", max_length=255, help_text="As published."
    )
    recipient_name = models.CharField(max_length=500, blank=True)
    recipient_charity_number = models.CharField(max_length=20, blank=True)
    recipient_company_number = models.CharField(max_length=20, blank=True)
    recipient = models.ForeignKey(
        "areas.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    funder_org_id = models.CharField(max_length=255)
    funder_name = models.CharField(max_length=500, blank=True)
    funder = models.ForeignKey(
        "areas.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    funder_department = models.CharField(max_length=255, blank=True)
    department = models.ForeignKey(
        "areas.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.CharField(max_length=255, blank=True)
    from_open_call = models.CharField(max_length=10, blank=True)
    last_modified = models.CharField(max_length=40, blank=True)
    source_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )
    last_seen_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        ordering = ["-award_date", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "identifier"], name="evidence_grant_identifier_unique_in_area"
            )
        ]
        indexes = [
            models.Index(fields=["area", "recipient_org_id"]),
            models.Index(fields=["area", "recipient"]),
        ]

    def __str__(self):
        return self.identifier


class RecipientLink(BaseModel):
    """A person's confirmation that a published recipient or supplier identifier (such as a
    publisher-minted ``360G-trafford-…`` id) is one of the area's organisations. Imports use
    these links; names alone never link anything."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    published_id = models.CharField(max_length=255)
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "published_id"], name="evidence_recipient_link_unique"
            )
        ]


class ContractRelease(BaseModel):
    """One OCDS release as published, kept so that releases arriving in later files compile
    with the earlier ones (with ocdsmerge) into the contract."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    ocid = models.CharField(max_length=255)
    release_id = models.CharField(max_length=255)
    date = models.CharField(max_length=40, blank=True)
    data = models.JSONField()
    data_sha256 = models.CharField(max_length=64)
    source_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "ocid", "release_id"], name="evidence_release_unique"
            )
        ]
        indexes = [models.Index(fields=["area", "ocid"])]


class Contract(BaseModel):
    """A contracting process (one ``ocid``) of one of the area's councils, compiled from its
    releases."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    ocid = models.CharField(max_length=255)
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    buyer = models.ForeignKey(
        "areas.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    buyer_name = models.CharField(max_length=500, blank=True)
    buyer_party_id = models.CharField(max_length=255, blank=True)
    stage = models.CharField(max_length=40, blank=True, help_text="Latest release tag.")
    procurement_method = models.CharField(max_length=40, blank=True)
    tender_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    awarded_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    award_date = models.DateField(null=True, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    suitable_for_vcse = models.BooleanField(null=True)
    suitable_for_sme = models.BooleanField(null=True)
    compiled_sha256 = models.CharField(max_length=64)
    source_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )

    class Meta:
        ordering = ["-award_date", "ocid"]
        constraints = [
            models.UniqueConstraint(fields=["area", "ocid"], name="evidence_contract_ocid_unique")
        ]

    def __str__(self):
        return self.title or self.ocid

    @property
    def months(self):
        if self.contract_start and self.contract_end:
            days = (self.contract_end - self.contract_start).days
            return round(days / 30.44, 1)
        return None


class ContractSupplier(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="suppliers")
    party_id = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=500, blank=True)
    org_id = models.CharField(
        max_length=255, blank=True, help_text="Normalised org-id when the party gives one."
    )
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scale = models.CharField(max_length=20, blank=True)
    is_vcse = models.BooleanField(null=True)
    amount = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="This supplier's share of the awards it is named on (split equally).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name or self.party_id


class ValueCalculation(BaseModel):
    """A value calculator's result kept in the area (issue 14), optionally against one of its
    relationships: the three amounts and the assumptions, from which evidence.value works out
    the gross benefit, the net value and the ratio each time it is shown."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="value_calculations"
    )
    relationship = models.ForeignKey(
        "register.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_calculations",
    )
    title = models.CharField("what it is for", max_length=200)
    invested = models.DecimalField(max_digits=14, decimal_places=2)
    costs_avoided = models.DecimalField(max_digits=14, decimal_places=2)
    value_created = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    assumptions = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def result(self):
        from .value import value_calculate

        return value_calculate(
            self.invested, self.costs_avoided, self.value_created, self.assumptions
        )
