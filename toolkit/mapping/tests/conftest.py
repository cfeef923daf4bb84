import pytest

from toolkit.areas.models import OrganisationKind, Role, Side
from toolkit.areas.tests.factories import (
    AreaFactory,
    CouncilFactory,
    MembershipFactory,
    OrganisationFactory,
)
from toolkit.framework.testing import framework_loaded  # noqa: F401
from toolkit.mapping.models import MappingAnswer, Rating, RoundRelationship
from toolkit.register.services import RelationshipData, relationship_create
from toolkit.rounds.models import AssessmentKind, ResponseStatus, RoundStatus
from toolkit.rounds.tests.factories import ResponseFactory, RoundFactory


@pytest.fixture
def area(db):
    return AreaFactory(name="Mapshire")


@pytest.fixture
def relationships(area, framework_loaded):  # noqa: F811
    council = CouncilFactory(area=area, name="Mapshire Council")
    housing = OrganisationFactory(
        area=area, kind=OrganisationKind.DEPARTMENT, name="Housing", parent=council
    )
    cvs = OrganisationFactory(area=area, name="Mapshire CVS")
    trust = OrganisationFactory(area=area, name="Mapshire Housing Trust")
    made = []
    for title, parties, main, scale in [
        ("Alpha partnership board", [council, cvs], "shaping", "whole-place"),
        ("Bravo housing contract", [housing, trust], "delivery", "neighbourhood"),
        ("Charlie VCS forum", [cvs, trust], "ongoing", "region"),
    ]:
        made.append(
            relationship_create(
                area,
                RelationshipData(
                    title=title, parties=parties, main_type=main, types=[main], scale=scale
                ),
            )
        )
    return made


@pytest.fixture
def mapping_round(area, relationships):
    round_ = RoundFactory(
        area=area, includes_mapping=True, assessment=AssessmentKind.NONE, name="Mapping 2026"
    )
    RoundRelationship.objects.bulk_create(
        RoundRelationship(round=round_, relationship=r) for r in relationships
    )
    return round_


@pytest.fixture
def add_responses():
    """Sent responses with ratings: add_responses(round, side, [(relationship, (s, p, f, t))]…)."""

    def add(round_, side, per_respondent):
        for ratings in per_respondent:
            response = ResponseFactory(round=round_, side=side, status=ResponseStatus.SUBMITTED)
            MappingAnswer.objects.create(response=response)
            for relationship, (s, p, f, t) in ratings:
                Rating.objects.create(
                    response=response,
                    relationship=relationship,
                    strategic=s,
                    proactive=p,
                    financial=f,
                    time=t,
                )

    return add


def close(round_):
    from django.utils import timezone

    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save()


@pytest.fixture
def facilitator(area):
    return MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user


@pytest.fixture
def council_member(area):
    return MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT).user


SIDES = Side
