"""Reference data: current English local authorities, identified by ONS GSS code.

Two models keep councils and the strategic bodies above them apart:

- ``LocalAuthority``: a council (county, district, unitary, metropolitan borough, London
  borough, or the City of London Corporation). A district points to its county.
- ``CombinedAuthority``: a combined (county) authority, or the Greater London Authority.
  Councils point to the one they are members of.

Loaded from ``data/english_local_authorities.csv`` by ``services.authorities_load``.
"""

from django.db import models
from django.db.models import Q


class LocalAuthority(models.Model):
    class AuthorityType(models.TextChoices):
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
        LONDON_BOROUGH = "london_borough", "London borough"
        # The City of London Corporation (E09000001) has the powers of a London borough
        # but is not one; mySociety types it "CC". Kept distinct so that counts and
        # labels stay true, while selectors treat it as single tier like the boroughs.
        CITY_CORPORATION = "city_corporation", "City of London Corporation"

    SINGLE_TIER_TYPES = frozenset(
        {
            AuthorityType.UNITARY,
            AuthorityType.METROPOLITAN_BOROUGH,
            AuthorityType.LONDON_BOROUGH,
            AuthorityType.CITY_CORPORATION,
        }
    )

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    la_code = models.CharField(
        "local authority code",
        max_length=8,
        db_index=True,
        help_text="Three-letter register code, as used in 360Giving org-ids (GB-LAE-…).",
    )
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=200)
    authority_type = models.CharField(max_length=32, choices=AuthorityType.choices)
    region = models.CharField(max_length=100, blank=True)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        limit_choices_to={"authority_type": AuthorityType.COUNTY},
    )
    combined_authority = models.ForeignKey(
        "CombinedAuthority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(county__isnull=True) | Q(authority_type="district"),
                name="places_only_districts_have_a_county",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_single_tier(self) -> bool:
        return self.authority_type in self.SINGLE_TIER_TYPES

    @property
    def giving_org_id(self) -> str:
        """The 360Giving / org-id.guide identifier, e.g. GB-LAE-TRF."""
        return f"GB-LAE-{self.la_code}"


class CombinedAuthority(models.Model):
    class AuthorityType(models.TextChoices):
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"
        STRATEGIC_AUTHORITY = "strategic_authority", "Strategic authority"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    la_code = models.CharField("local authority code", max_length=8, db_index=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=200)
    authority_type = models.CharField(
        max_length=32,
        choices=AuthorityType.choices,
        default=AuthorityType.COMBINED_AUTHORITY,
    )
    region = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "combined authority"
        verbose_name_plural = "combined authorities"

    def __str__(self) -> str:
        return self.name
