"""The national page reads each area's stored contribution (one query for all areas) and
queues a background refresh of contributions that are missing or older than
BENCHMARK_MAX_AGE."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.benchmark import selectors, services, tasks
from toolkit.benchmark.models import BenchmarkParticipation
from toolkit.framework.testing import load_framework_for_tests

from .test_benchmark import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    cache.delete(tasks.REFRESH_QUEUED_KEY)
    yield load_framework_for_tests()
    cache.delete(tasks.REFRESH_QUEUED_KEY)


def opted_in(n, *, score="3.0", computed_at=None):
    """n areas taking part, each with a stored record as if worked out at computed_at."""
    computed_at = computed_at or timezone.now()
    areas = []
    for i in range(n):
        area = AreaFactory()
        stored = selectors.record_to_json(record(area.pk, score=f"{score[:-1]}{i % 10}"))
        BenchmarkParticipation.objects.create(
            area=area, record=stored, record_computed_at=computed_at
        )
        areas.append(area)
    return areas


def test_record_survives_json_exactly(framework):
    original = record(7, score="3.14159")
    original.by_year[2025] = selectors.RoundScores(2025, {("e", "trust", "vcs"): Decimal("2.5")})
    restored = selectors.record_from_json(7, selectors.record_to_json(original))
    assert restored == original
    assert restored.latest.means[("p", "shared-foundations", "council")] == Decimal("3.14159")


def test_stored_records_leave_out_opted_out_and_flag_stale(framework):
    fresh = opted_in(2)
    old = opted_in(1, computed_at=timezone.now() - timedelta(days=3))
    never = AreaFactory()
    BenchmarkParticipation.objects.create(area=never)
    gone = opted_in(1)[0]
    services.benchmark_opt_out(gone)

    stored = selectors.stored_area_records(max_age=timedelta(days=1))

    assert sorted(r.area_id for r in stored.records) == sorted(a.pk for a in [*fresh, *old])
    assert sorted(stored.stale_area_ids) == sorted([old[0].pk, never.pk])
    assert stored.oldest < timezone.now() - timedelta(days=2)


def test_opting_in_works_out_the_area_at_once(framework):
    membership = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    participation = services.benchmark_opt_in(membership.area, user=membership.user)
    assert participation.record_computed_at is not None
    assert participation.record["latest"] is None  # no open results yet
    assert selectors.stored_area_records().stale_area_ids == []


def test_refresh_command_works_out_every_area(framework):
    areas = opted_in(3, computed_at=timezone.now() - timedelta(days=5))
    call_command("refresh_benchmark", verbosity=0)
    rows = BenchmarkParticipation.objects.filter(area__in=areas)
    assert all(p.record_computed_at > timezone.now() - timedelta(minutes=1) for p in rows)
    # Worked out from the areas' own (empty) results, replacing the invented stored scores.
    assert all(p.record["latest"] is None for p in rows)


def test_national_page_reads_stored_records_in_bounded_queries(
    client, framework, django_assert_max_num_queries
):
    opted_in(60)
    client.force_login(UserFactory(is_national_analyst=True))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("benchmark:national"))
    assert response.status_code == 200
    assert b"Areas taking part: about 60." in response.content
    assert b"being worked out" not in response.content


def test_national_page_queues_one_refresh_of_stale_records(client, framework, monkeypatch):
    areas = opted_in(10, computed_at=timezone.now() - timedelta(days=2))
    queued = []

    class QueueSpy:  # the task itself is frozen; stand in for it to see what is queued
        def enqueue(self, ids):
            queued.append(ids)

    monkeypatch.setattr(tasks, "benchmark_refresh", QueueSpy())
    client.force_login(UserFactory(is_national_analyst=True))

    first = client.get(reverse("benchmark:national"))
    client.get(reverse("benchmark:national"))

    assert queued == [sorted(a.pk for a in areas)]  # once, while the first is pending
    assert b"Newer figures are being worked out" in first.content
    assert b"Areas taking part: about 10." in first.content  # the stale figures still show


def test_queued_refresh_runs_in_the_background_task(client, framework):
    """With the test settings' immediate task backend the queued refresh runs at once: the
    stale records are worked out again from the areas' own results."""
    areas = opted_in(10, computed_at=timezone.now() - timedelta(days=2))
    client.force_login(UserFactory(is_national_analyst=True))
    client.get(reverse("benchmark:national"))
    assert selectors.stored_area_records().stale_area_ids == []
    assert cache.get(tasks.REFRESH_QUEUED_KEY) is None  # the task clears its marker
    recent = timezone.now() - timedelta(minutes=1)
    rows = BenchmarkParticipation.objects.filter(area__in=areas)
    assert [p.record_computed_at > recent for p in rows] == [True] * 10


def test_a_round_closed_empty_does_not_replace_the_areas_scores(framework):
    """Found by trying the journey: closing an empty round had wiped the area's scores and
    barriers from its contribution."""
    from toolkit.assessment.tests.helpers import sent_responses
    from toolkit.rounds.models import AssessmentKind, RoundStatus
    from toolkit.rounds.tests.factories import RoundFactory

    answered = RoundFactory(assessment=AssessmentKind.QUICK, status=RoundStatus.CLOSED)
    sent_responses(answered, "council", [4] * 6, barriers=["local-history"])
    sent_responses(answered, "vcs", [2] * 6, barriers=["local-history"])
    RoundFactory(area=answered.area, assessment=AssessmentKind.QUICK, status=RoundStatus.CLOSED)

    record = selectors.area_record(answered.area)

    assert record.latest is not None
    assert record.latest.means[("p", "shared-foundations", "council")] == Decimal("4.0")
    assert record.barriers == {"local-history": 12}


def test_an_areas_record_holds_only_figures_its_results_pages_show(framework):
    """Issue 13: three VCS respondents gave a power-sharing answer, so that figure is
    withheld on the area's own pages, and so are the VCS's figure for its principle (which,
    less the other elements, would give it away) and every "together" beside them. None of
    them reaches the stored record; the other elements' VCS figures do."""
    from toolkit.assessment.models import ElementAnswer
    from toolkit.assessment.tests.helpers import sent_responses
    from toolkit.rounds.models import AssessmentKind, RoundStatus
    from toolkit.rounds.tests.factories import RoundFactory

    round_ = RoundFactory(assessment=AssessmentKind.FULL, status=RoundStatus.CLOSED)
    sent_responses(round_, "council", [4] * 6, barriers=["local-history"])
    vcs = sent_responses(round_, "vcs", [2] * 6, barriers=["local-history"])
    ElementAnswer.objects.filter(response__in=vcs[:3], element_slug="rebalancing-power").update(
        value=None
    )

    record = selectors.area_record(round_.area)

    means = record.latest.means
    assert means[("p", "shared-foundations", "council")] == Decimal("4.0")
    assert means[("e", "recognition-of-value", "vcs")] == Decimal("2.0")
    assert means[("e", "recognition-of-value", "together")] == Decimal("3.0")
    for withheld in (
        ("e", "rebalancing-power", "vcs"),
        ("e", "rebalancing-power", "together"),
        ("p", "shared-foundations", "vcs"),
        ("p", "shared-foundations", "together"),
    ):
        assert withheld not in means, withheld
    assert record.barriers == {"local-history": 12}
    stored = selectors.record_to_json(record)["latest"]["means"]
    assert ["p", "shared-foundations", "vcs", "2.0"] not in stored
