from django.db.models import Count, Q

from .models import Membership, Organisation, OrganisationKind


def memberships_for_user(user):
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("area", "organisation")
        .order_by("area__name")
    )


def area_summary(area) -> dict:
    counts = Organisation.objects.filter(area=area).aggregate(
        councils=Count("id", filter=Q(kind=OrganisationKind.COUNCIL)),
        departments=Count("id", filter=Q(kind=OrganisationKind.DEPARTMENT)),
        vcs=Count("id", filter=Q(kind=OrganisationKind.VCS)),
    )
    counts["members"] = Membership.objects.active().filter(area=area).count()
    return counts


def members_for_area(area):
    return (
        Membership.objects.filter(area=area)
        .select_related("user", "organisation", "organisation__parent")
        .order_by("role", "user__full_name")
    )


def councils_for_area(area):
    return Organisation.objects.filter(area=area, kind=OrganisationKind.COUNCIL).order_by("name")


def organisations_for_area(area, kind: str | None = None, query: str = ""):
    organisations = Organisation.objects.filter(area=area).select_related("parent")
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(org_id__icontains=query))
    return organisations.order_by("kind", "name")
