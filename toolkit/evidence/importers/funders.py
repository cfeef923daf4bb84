"""The area's councils as funders and buyers, for the grants and contracts importers: a
file's funder (or buyer) is matched by org-id or name to one of the area's councils, and a
named department to one of its departments."""

from __future__ import annotations

from toolkit.areas.models import Organisation, OrganisationKind

from ..parsing import normalise_name, org_id_for_matching

REMEMBERED = 10_000  # funders and departments remembered per file, so memory stays flat


class Funders:
    """The area's councils, by org-id (GB-LAE-…) and by name, and their departments."""

    def __init__(self, area):
        councils = Organisation.objects.filter(
            area=area, kind=OrganisationKind.COUNCIL
        ).select_related("local_authority")
        self.by_id, self.by_name = {}, {}
        for council in councils:
            if council.org_id:
                self.by_id[org_id_for_matching(council.org_id)] = council.pk
            if council.local_authority_id:
                self.by_id[council.local_authority.giving_org_id] = council.pk
                self.by_name[normalise_name(council.local_authority.official_name)] = council.pk
            self.by_name[normalise_name(council.name)] = council.pk
        self.departments = {
            (d.parent_id, normalise_name(d.name)): d.pk
            for d in Organisation.objects.filter(area=area, kind=OrganisationKind.DEPARTMENT)
        }
        self.ids_text = ", ".join(sorted(self.by_id)) or "none recorded"
        # A file names the same few funders and departments on every row: each is worked out
        # once (up to REMEMBERED of them, so memory stays flat whatever the file).
        self._councils: dict[tuple[str, str], int | None] = {}
        self._departments: dict[tuple[int, str], int | None] = {}

    def council_for(self, org_id: str, name: str) -> int | None:
        key = (org_id, name)
        if key in self._councils:
            return self._councils[key]
        found = self.by_id.get(org_id_for_matching(org_id)) or self.by_name.get(
            normalise_name(name)
        )
        if len(self._councils) < REMEMBERED:
            self._councils[key] = found
        return found

    def department_for(self, council_pk, name: str) -> int | None:
        if not name:
            return None
        key = (council_pk, name)
        if key in self._departments:
            return self._departments[key]
        found = self.departments.get((council_pk, normalise_name(name)))
        if len(self._departments) < REMEMBERED:
            self._departments[key] = found
        return found
