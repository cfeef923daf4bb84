"""Sample values for URL keyword arguments, made inside a given area. A new area-scoped URL
with a new keyword argument makes the isolation test fail until a sample is added here: that
is deliberate, so that no URL escapes it."""

from toolkit.accounts.tests.factories import InvitationFactory
from toolkit.areas.tests.factories import OrganisationFactory


def _organisation(area):
    return OrganisationFactory(area=area).public_id


def _invitation(area):
    return InvitationFactory(area=area).public_id


AREA_KWARG_SAMPLES = {
    "organisation_id": _organisation,
    "invitation_id": _invitation,
}

# Kwargs of URLs that are not area-scoped, with a value that reaches the view.
GLOBAL_KWARG_SAMPLES = {
    "slug": "shaping",
    "token": "not-a-real-token",
    "uidb64": "MQ",
}


def path_kwargs_for(route, area) -> dict:
    values = {}
    for name in route.kwargs:
        if name == "area_code":
            values[name] = area.gss_code
        elif name in AREA_KWARG_SAMPLES:
            values[name] = AREA_KWARG_SAMPLES[name](area)
        else:
            raise LookupError(
                f"URL {route.name} ({route.pattern}) takes '{name}': add a sample that creates "
                "one in the given area to tests/guards/samples.py AREA_KWARG_SAMPLES."
            )
    return values
