"""Read-side queries on the places reference data."""

from __future__ import annotations

from .models import LocalAuthority


def _normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def authority_by_gss(code: str) -> LocalAuthority | None:
    """The council with this GSS code, or None."""
    return (
        LocalAuthority.objects.select_related("county", "combined_authority")
        .filter(gss_code=_normalise_code(code))
        .first()
    )


def councils_for_area_code(gss: str) -> list[LocalAuthority]:
    """The councils serving a council area, upper tier first.

    - district (two-tier area): [county, district]
    - county: [county] (the county area as a whole; its districts are ``county.districts``)
    - unitary, metropolitan borough, London borough, City of London: [itself]
    - unknown code, or a combined authority's code: []
    """
    authority = authority_by_gss(gss)
    if authority is None:
        return []
    if authority.county is not None:
        return [authority.county, authority]
    return [authority]
