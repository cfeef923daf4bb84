"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.actions.tests.factories import ActionFactory, FindingFactory, ReviewGrantFactory

AREA_KWARG_SAMPLES = {
    "action_id": lambda area: ActionFactory(area=area).public_id,
    "grant_id": lambda area: ReviewGrantFactory(area=area).public_id,
    "finding_id": lambda area: FindingFactory(area=area).public_id,
}
