import pytest
from django.utils import timezone

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.models import ElementAnswer
from toolkit.assessment.questions import questions_for_round
from toolkit.framework.testing import framework_loaded, load_framework_for_tests  # noqa: F401
from toolkit.rounds.models import Response, ResponseStatus, RoundStatus
from toolkit.rounds.tests.factories import RoundFactory


def answer_round(round_, side, n, values, default=4):
    """`n` sent responses from `side`, each answering every statement of an element with
    values[element_slug] (or `default`)."""
    today = timezone.localdate()
    questions = questions_for_round(round_)
    responses = Response.objects.bulk_create(
        Response(
            round=round_,
            side=side,
            status=ResponseStatus.SUBMITTED,
            started_on=today,
            submitted_on=today,
        )
        for _ in range(n)
    )
    ElementAnswer.objects.bulk_create(
        ElementAnswer(
            response=r,
            element_slug=q.element_slug,
            statement_id=q.statement_id,
            value=values.get(q.element_slug, default),
        )
        for r in responses
        for q in questions
    )
    return responses


@pytest.fixture
def area(db):
    load_framework_for_tests()
    return AreaFactory(name="Plantshire")


@pytest.fixture
def results_round(area):
    """A closed round in which 'capacity' is clearly the weakest element."""
    round_ = RoundFactory(area=area, status=RoundStatus.CLOSED, closed_at=timezone.now())
    answer_round(round_, "council", 6, {"capacity": 2, "time": 3})
    answer_round(round_, "vcs", 6, {"capacity": 1, "time": 3})
    return round_


@pytest.fixture
def people(area):
    return {
        role: MembershipFactory(area=area, role=role)
        for role in (
            Role.FACILITATOR_COUNCIL,
            Role.FACILITATOR_VCS,
            Role.COUNCIL_PARTICIPANT,
            Role.VCS_PARTICIPANT,
        )
    }
