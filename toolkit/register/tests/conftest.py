import pytest

from toolkit.areas.models import OrganisationKind, Role
from toolkit.areas.tests.factories import (
    AreaFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
)
from toolkit.core.testing import cells_read  # noqa: F401
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.register.services import QualityAnswer, RelationshipData


@pytest.fixture
def area(db):
    return AreaFactory(name="Testshire")


@pytest.fixture
def orgs(area, framework_loaded):  # noqa: F811
    council = CouncilFactory(area=area, name="Testshire Council")
    make = OrganisationFactory
    return {
        "council": council,
        "housing": make(
            area=area, kind=OrganisationKind.DEPARTMENT, name="Housing", parent=council
        ),
        "health": make(
            area=area, kind=OrganisationKind.DEPARTMENT, name="Public health", parent=council
        ),
        "cvs": make(area=area, name="Testshire CVS", org_id="GB-CHC-1234567"),
        "foodbank": make(area=area, name="Café Food Bank"),
        "youth": make(area=area, name="Youth Club"),
    }


@pytest.fixture
def make_data(orgs):
    def make(**overrides):
        values = {
            "title": "VCS partnership board",
            "parties": [orgs["council"], orgs["cvs"]],
            "main_type": "shaping",
            "types": ["shaping"],
            "qualities": {"common-goals": QualityAnswer(True, "Shared plan for 2030")},
        }
        values.update(overrides)
        return RelationshipData(**values)

    return make


@pytest.fixture
def facilitator(area):
    return MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
