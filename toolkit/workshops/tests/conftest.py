"""A small area with a round of both kinds (mapping and principles), facilitators on both
sides and members to own actions, for the workshop tests."""

import pytest

from toolkit.areas.models import OrganisationKind, Role, Side
from toolkit.areas.tests.factories import (
    AreaFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
)
from toolkit.assessment.models import BarrierAnswer, ElementAnswer
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.services import RelationshipData, relationship_create
from toolkit.rounds.models import AssessmentKind, ResponseStatus
from toolkit.rounds.tests.factories import ResponseFactory, RoundFactory


@pytest.fixture
def area(db):
    return AreaFactory(name="Workshire", suppression_threshold=3)


@pytest.fixture
def relationships(area, framework_loaded):  # noqa: F811
    council = CouncilFactory(area=area, name="Workshire Council")
    housing = OrganisationFactory(
        area=area, kind=OrganisationKind.DEPARTMENT, name="Housing", parent=council
    )
    cvs = OrganisationFactory(area=area, name="Workshire CVS")
    trust = OrganisationFactory(area=area, name="Workshire Housing Trust")
    made = []
    for title, parties, main in [
        ("Alpha partnership board", [council, cvs], "shaping"),
        ("Bravo housing contract", [housing, trust], "delivery"),
        ("Charlie VCS forum", [cvs, trust], "ongoing"),
    ]:
        made.append(
            relationship_create(
                area,
                RelationshipData(title=title, parties=parties, main_type=main, types=[main]),
            )
        )
    return made


@pytest.fixture
def both_round(area, relationships):
    """An open round asking both the mapping and the full principles questions."""
    round_ = RoundFactory(
        area=area, includes_mapping=True, assessment=AssessmentKind.FULL, name="Both 2026"
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in relationships
    )
    return round_


@pytest.fixture
def answer():
    """answer(round, side, ratings={relationship: (s, p, f, t)}, elements={slug: value},
    barriers=[slug]): one sent response."""

    def add(round_, side, *, ratings=None, elements=None, barriers=()):
        response = ResponseFactory(round=round_, side=side, status=ResponseStatus.SUBMITTED)
        if ratings is not None:
            MappingAnswer.objects.create(response=response)
            for relationship, (s, p, f, t) in ratings.items():
                Rating.objects.create(
                    response=response,
                    relationship=relationship,
                    strategic=s,
                    proactive=p,
                    financial=f,
                    time=t,
                )
        for slug, value in (elements or {}).items():
            ElementAnswer.objects.create(
                response=response, element_slug=slug, statement_id=f"{slug}-1", value=value
            )
        for slug in barriers:
            BarrierAnswer.objects.create(response=response, barrier_slug=slug)
        return response

    return add


@pytest.fixture
def council_facilitator(area):
    return MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)


@pytest.fixture
def vcs_facilitator(area):
    return MembershipFactory(area=area, role=Role.FACILITATOR_VCS)


@pytest.fixture
def participant(area):
    return MembershipFactory(area=area, role=Role.VCS_PARTICIPANT)


SIDES = (Side.COUNCIL, Side.VCS)
