"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.register.tests.factories import RelationshipFactory

AREA_KWARG_SAMPLES = {
    "relationship_id": lambda area: RelationshipFactory(area=area).public_id,
}
