import pytest
from django.core.cache import cache
from django.utils import timezone

from toolkit.actions.models import ActionUpdate
from toolkit.actions.tests.factories import ActionFactory
from toolkit.api.services import api_token_create
from toolkit.areas.models import OrganisationKind, Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory, OrganisationFactory
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.register.tests.factories import RelationshipFactory
from toolkit.rounds.models import RoundStatus
from toolkit.rounds.tests.factories import ResponseFactory, RoundFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


class World:
    """Two areas, each with a facilitator, organisations, relationships, a round, an import
    run and two actions (the first with a progress update); tokens of area A's facilitator."""


@pytest.fixture
def world(db):
    w = World()
    for key, name in (("a", "Area Alpha"), ("b", "Area Bravo Secret")):
        area = AreaFactory(name=name)
        membership = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
        council = OrganisationFactory(area=area, kind=OrganisationKind.COUNCIL, name=f"{name} C")
        relationships = [RelationshipFactory(area=area, title=f"{name} rel {i}") for i in range(3)]
        round_ = RoundFactory(area=area, status=RoundStatus.CLOSED)
        ResponseFactory(round=round_)
        from toolkit.evidence.models import ImportRun

        run = ImportRun.objects.create(
            area=area, kind="grants", file_name=f"{key}.json", file_sha256="0" * 64
        )
        setattr(w, key, area)
        setattr(w, f"{key}_member", membership)
        setattr(w, f"{key}_council", council)
        setattr(w, f"{key}_relationships", relationships)
        setattr(w, f"{key}_round", round_)
        setattr(w, f"{key}_run", run)
        actions = [ActionFactory(area=area, title=f"{name} action {i}") for i in range(2)]
        ActionUpdate.objects.create(
            area=area,
            action=actions[0],
            written_on=timezone.localdate(),
            note=f"{name} started",
            status="in_progress",
            progress=10,
        )
        setattr(w, f"{key}_actions", actions)
    w.read_token, w.read = api_token_create(w.a_member.user, name="read", scope="read")
    w.write_token, w.write = api_token_create(w.a_member.user, name="write", scope="write")
    return w


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
