from decimal import Decimal

import pytest
from django.urls import reverse

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.benchmark import selectors
from toolkit.benchmark.models import BenchmarkParticipation
from toolkit.benchmark.selectors import AreaRecord, RoundScores, national_benchmark
from toolkit.framework.testing import load_framework_for_tests

pytestmark = pytest.mark.django_db


def record(i, kind="unitary", score="3.0", barrier=3, types=None):
    latest = RoundScores(2026, {("p", "shared-foundations", "council"): Decimal(score)})
    return AreaRecord(
        area_id=i,
        kind=kind,
        latest=latest,
        by_year={2026: latest},
        barriers={"local-history": barrier},
        types=types if types is not None else {"shaping": 2},
        scales={"neighbourhood": 1},
    )


@pytest.fixture
def framework(db):
    return load_framework_for_tests()


def test_nine_areas_show_nothing(framework):
    benchmark = national_benchmark("all", [record(i) for i in range(9)])
    assert benchmark.enough is False and benchmark.n_areas is None
    assert benchmark.principles == [] and benchmark.barriers == []


def test_ten_areas_show_rounded_suppressed_figures(framework):
    records = [record(i, score=f"{2 + i / 10:.1f}") for i in range(10)]
    benchmark = national_benchmark("all", records)
    assert benchmark.enough and benchmark.n_areas == 10
    row = next(r for r in benchmark.principles if r.slug == "shared-foundations")
    assert row.by_side["council"].median == Decimal("2.5")  # (2.4 + 2.5) / 2 = 2.45 -> 2.5
    assert row.by_side["vcs"] is None  # no area has a VCS figure
    barrier = next(r for r in benchmark.barriers if r.slug == "local-history")
    assert barrier.count == 30 and barrier.areas == 10
    shaping = next(r for r in benchmark.types if r.slug == "shaping")
    assert shaping.count == 20 and shaping.share == 100
    assert [t.year for t in benchmark.trends] == [2026]


def test_figure_from_nine_contributing_areas_is_suppressed(framework):
    records = [record(i, types={"shaping": 5} if i < 9 else {"delivery": 5}) for i in range(19)]
    benchmark = national_benchmark("all", records)
    types = {r.slug: r for r in benchmark.types}
    assert types["shaping"].count is None  # 45 relationships, but from only 9 areas
    assert types["delivery"].count == 50  # 10 areas


def test_breakdown_by_kind_needs_ten_of_that_kind(framework):
    records = [record(i, kind="district") for i in range(10)] + [
        record(10 + i, kind="county") for i in range(9)
    ]
    assert national_benchmark("district", records).enough is True
    assert national_benchmark("county", records).enough is False
    assert national_benchmark("all", records).n_areas == 20  # 19 rounded


def test_council_kind_from_gss_code(reference_data):
    from toolkit.places.models import LocalAuthority

    authority = LocalAuthority.objects.filter(authority_type="london_borough").first()
    area = AreaFactory(gss_code=authority.gss_code)
    assert selectors.council_kind(area) == "london_borough"
    assert selectors.council_kind(AreaFactory(gss_code="E99999999")) == ""


def test_national_page_is_for_analysts_only(client, framework):
    client.force_login(UserFactory())
    assert client.get(reverse("benchmark:national")).status_code == 403
    client.force_login(UserFactory(is_national_analyst=True))
    response = client.get(reverse("benchmark:national"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Fewer than 10 areas" in response.content


def test_national_page_names_no_area(client, framework):
    for i in range(10):
        area = AreaFactory(name=f"Secretshire {i}")
        BenchmarkParticipation.objects.create(area=area)
    client.force_login(UserFactory(is_national_analyst=True))
    for kind in ("all", "unitary"):
        response = client.get(reverse("benchmark:national") + f"?kind={kind}")
        assert response.status_code == 200
        assert b"Secretshire" not in response.content


def test_facilitator_opts_in_and_out(client, framework):
    membership = MembershipFactory(role=Role.FACILITATOR_VCS)
    area = membership.area
    client.force_login(membership.user)
    page = client.get(reverse("benchmark-area:index", args=[area.gss_code]))
    assert page.status_code == 200 and b"Not taking part" in page.content
    client.post(reverse("benchmark-area:opt-in", args=[area.gss_code]))
    assert BenchmarkParticipation.objects.filter(area=area).exists()
    page = client.get(reverse("benchmark-area:index", args=[area.gss_code]))
    assert b"Fewer than 10 areas take part" in page.content
    client.post(reverse("benchmark-area:opt-out", args=[area.gss_code]))
    assert not BenchmarkParticipation.objects.filter(area=area).exists()


def test_participant_cannot_opt_in(client, framework):
    membership = MembershipFactory(role=Role.COUNCIL_PARTICIPANT)
    client.force_login(membership.user)
    page = client.get(reverse("benchmark-area:index", args=[membership.area.gss_code]))
    assert page.status_code == 200
    response = client.post(reverse("benchmark-area:opt-in", args=[membership.area.gss_code]))
    assert response.status_code == 403
    assert not BenchmarkParticipation.objects.exists()


def test_area_position_against_enough_areas(framework):
    area = AreaFactory()
    own = record(area.pk, score="2.0")
    records = [record(100000 + i, score=f"{3 + i / 10:.1f}") for i in range(10)] + [own]
    result = selectors.area_position(area, records, own=own)
    assert result["enough"] is True
    row = next(r for r in result["rows"] if r.slug == "shared-foundations")
    assert row.own == Decimal("2.0") and row.position == "lowest quarter"
