"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.workshops.tests.factories import AgendaItemFactory, WorkshopFactory

AREA_KWARG_SAMPLES = {
    "workshop_id": lambda area: WorkshopFactory(round__area=area).public_id,
    # An item of a workshop of the area; guards pass workshop_id from its own sample, so the
    # item must be found through that workshop: the view 404s for another workshop's item.
    "item_id": lambda area: AgendaItemFactory(workshop__round__area=area).public_id,
}
# Joining by the code on the projector, without an account (rate-limited: join_views).
PUBLIC_URLS = {"join:enter", "join:code"}
