"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.accounts.tests.factories import InvitationFactory
from toolkit.areas.tests.factories import OrganisationFactory

AREA_KWARG_SAMPLES = {
    "organisation_id": lambda area: OrganisationFactory(area=area).public_id,
    "invitation_id": lambda area: InvitationFactory(area=area).public_id,
}
ACCOUNT_LEVEL_URLS = {"areas:home"}
