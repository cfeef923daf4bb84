from django.db import transaction

from toolkit.places.selectors import councils_for_area_code

from .identifiers import org_id_normalise
from .models import Area, Organisation, OrganisationKind


class AreaSetupError(Exception):
    pass


def area_create_for_council(gss_code: str) -> tuple[Area, bool]:
    """Set up the area of a real council from the reference data: the area and its councils
    (both tiers in two-tier areas). Idempotent: returns (area, created)."""
    councils = councils_for_area_code(gss_code)
    if not councils:
        raise AreaSetupError(
            f"No current English council has the GSS code {gss_code}. Run "
            "`manage.py load_reference_data` first, and check the code."
        )
    area_council = councils[-1]
    with transaction.atomic():
        area, created = Area.objects.get_or_create(
            gss_code=area_council.gss_code, defaults={"name": area_council.name}
        )
        for council in councils:
            Organisation.objects.get_or_create(
                area=area,
                kind=OrganisationKind.COUNCIL,
                local_authority=council,
                defaults={
                    "name": council.official_name or council.name,
                    "org_id": f"GB-LAE-{council.la_code}" if council.la_code else "",
                },
            )
    return area, created


def organisation_save(form, area) -> Organisation:
    organisation = form.save(commit=False)
    organisation.area = area
    organisation.org_id = org_id_normalise(organisation.org_id)
    if organisation.kind != OrganisationKind.DEPARTMENT:
        organisation.parent = None
    organisation.save()
    return organisation
