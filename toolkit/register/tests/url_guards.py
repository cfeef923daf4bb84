"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.core.models import StagedImport
from toolkit.register.tests.factories import RelationshipFactory


def _staged(area):
    return StagedImport.objects.create(
        area=area, kind="register", file_name="secret.csv", sha256="0" * 64
    ).public_id


AREA_KWARG_SAMPLES = {
    "relationship_id": lambda area: RelationshipFactory(area=area).public_id,
    "staged_id": _staged,
    # A side judging step 1 on its own (register.judgements): not an object, but each side's
    # page must still be refused to non-members.
    "side": lambda area: "council",
}
