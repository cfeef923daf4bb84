"""What the URL guard tests (tests/guards) need to know about this app's URLs."""


def _pile(area):
    from toolkit.areas.models import Role
    from toolkit.areas.tests.factories import MembershipFactory
    from toolkit.paper.services import pile_create
    from toolkit.rounds.models import RoundStatus
    from toolkit.workshops.tests.factories import WorkshopFactory

    workshop = WorkshopFactory(round__area=area, round__status=RoundStatus.OPEN)
    typist = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    return pile_create(workshop, side="vcs", count=3, membership=typist).public_id


# A pile of a workshop of the area; guards pass workshop_id from its own sample, so the pile
# must be found through that workshop: the views 404 for another workshop's pile.
AREA_KWARG_SAMPLES = {"pile_id": _pile}
