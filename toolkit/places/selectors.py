"""Read-side queries on the places reference data."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import CombinedAuthority, LocalAuthority


def _normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def authority_by_gss(code: str) -> LocalAuthority | None:
    """The council with this GSS code, or None."""
    return (
        LocalAuthority.objects.select_related("county", "combined_authority")
        .filter(gss_code=_normalise_code(code))
        .first()
    )


def combined_authority_by_gss(code: str) -> CombinedAuthority | None:
    """The combined authority (or the GLA) with this GSS code, or None."""
    return CombinedAuthority.objects.filter(gss_code=_normalise_code(code)).first()


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


def authorities_search(q: str) -> QuerySet[LocalAuthority]:
    """Councils matching a search string: by GSS code, register code, or name (any part)."""
    q = (q or "").strip()
    queryset = LocalAuthority.objects.select_related("county", "combined_authority")
    if not q:
        return queryset.none()
    code = q.upper()
    return queryset.filter(
        Q(gss_code=code) | Q(la_code=code) | Q(name__icontains=q) | Q(official_name__icontains=q)
    ).order_by("name")
