"""A closed round's figures are worked out once, when it closes, stored as its disclosure
decision shows them, and worked out again when what they depend on changes (rounds.figures):
the area's threshold, the round's content version, a deleted response."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.assessment import selectors as assessment_selectors
from toolkit.assessment.tests.helpers import sent_responses
from toolkit.framework.models import ContentVersion
from toolkit.mapping import scoring
from toolkit.mapping import selectors as mapping_selectors
from toolkit.mapping.tests.bulk import build_mapping_round
from toolkit.rounds import figures
from toolkit.rounds.models import AssessmentKind, Response, RoundStatus, StoredFigures
from toolkit.rounds.selectors import response_counts, round_threshold
from toolkit.rounds.services import round_close
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _small_mapping_round(**kwargs):
    return build_mapping_round(
        gss_code="E90000011",
        relationships=10,
        ratings=60,
        respondents_per_side=6,
        departments=3,
        vcs_organisations=8,
        **kwargs,
    )


def _fresh_scores(round_):
    """The round's figures decided from its ratings now, without storage."""
    counts = response_counts(round_)
    return scoring.round_scores(
        mapping_selectors.rating_rows(round_),
        responses={scoring.COUNCIL: counts.council, scoring.VCS: counts.vcs},
        threshold=round_threshold(round_),
    )


def _stored_scores(round_):
    round_.refresh_from_db()
    return mapping_selectors.round_scores(round_, response_counts(round_), round_threshold(round_))


def test_closing_a_round_stores_its_figures_as_decided(django_capture_on_commit_callbacks):
    round_ = _small_mapping_round(store_figures=False)
    round_.status, round_.closed_at = RoundStatus.OPEN, None
    round_.save()
    assert not StoredFigures.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        round_close(round_)

    stored = StoredFigures.objects.get(round=round_, kind="mapping")
    figures.memo_clear()
    assert _stored_scores(round_) == _fresh_scores(round_)
    # Only shown figures: a withheld mean has no value and no spread in storage.
    withheld = [
        mean
        for rows in stored.figures["positions"].values()
        for *_, means in rows
        for mean in means
        if mean[2] is not None
    ]
    assert withheld and all(m[0] is None and m[3] is None for m in withheld)


def test_a_closed_rounds_page_reads_its_stored_figures_not_its_ratings(client):
    round_ = _small_mapping_round()
    StoredFigures.objects.filter(round=round_).update(
        figures=_doctored(StoredFigures.objects.get(round=round_).figures)
    )
    figures.memo_clear()
    from toolkit.accounts.tests.factories import UserFactory
    from toolkit.areas.models import Membership, Role

    user = UserFactory()
    Membership.objects.create(user=user, area=round_.area, role=Role.FACILITATOR_COUNCIL)
    client.force_login(user)
    response = client.get(
        reverse(
            "mapping:map",
            kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id},
        )
    )
    assert response.status_code == 200
    assert "4.75" in response.content.decode()  # the stored figure, not one from the ratings


def _doctored(plain):
    """The stored figures with the first shown strategic mean changed to 4.75."""
    plain = json.loads(json.dumps(plain))
    for rows in plain["positions"].values():
        for row in rows:
            if row[4][0][0] is not None:
                row[4][0][0] = 4.75
                return plain
    raise AssertionError("no shown mean")


def test_a_threshold_change_decides_the_figures_again():
    round_ = _small_mapping_round()
    before = _stored_scores(round_)
    round_.area.suppression_threshold = 6
    round_.area.save()

    after = _stored_scores(round_)

    assert after != before
    assert after == _fresh_scores(round_)
    stored = StoredFigures.objects.get(round=round_, kind="mapping")
    assert stored.fingerprint == figures.fingerprint(round_, 6, 6, 6)


def test_a_content_version_change_decides_the_figures_again():
    round_ = _small_mapping_round()
    old = StoredFigures.objects.get(round=round_).fingerprint
    round_.content_version = ContentVersion.objects.create(version="test-2", checksum="x" * 64)
    round_.save()

    assert _stored_scores(round_) == _fresh_scores(round_)
    assert StoredFigures.objects.get(round=round_).fingerprint != old


def test_a_deleted_response_decides_the_figures_again():
    round_ = _small_mapping_round()
    before = _stored_scores(round_)
    Response.objects.filter(round=round_, side="vcs").first().delete()

    after = _stored_scores(round_)

    assert after.responses["vcs"].value == 5
    assert after != before
    assert after == _fresh_scores(round_)


def test_principles_results_of_a_closed_round_are_stored_and_follow_its_threshold(
    django_assert_num_queries,
):
    round_ = RoundFactory(assessment=AssessmentKind.QUICK, area__suppression_threshold=3)
    sent_responses(round_, "council", [5, 4, 4, 3, 2, 5], barriers=["local-history"])
    sent_responses(round_, "vcs", [1, 2, 2, 3], barriers=["local-history"])
    open_results = assessment_selectors.round_results(round_)
    assert not StoredFigures.objects.exists()  # an open round's are never stored
    round_.status, round_.closed_at = RoundStatus.CLOSED, timezone.now()
    round_.save()

    first = assessment_selectors.round_results(round_)
    assert first == open_results and first.comments_shown("vcs")
    assert StoredFigures.objects.filter(round=round_, kind="principles").count() == 1
    figures.memo_clear()
    counts = response_counts(round_)
    with django_assert_num_queries(2):  # the stored row's key, then its figures
        assert assessment_selectors.round_results(round_, counts) == first
    with django_assert_num_queries(1):  # this process has them already
        assert assessment_selectors.round_results(round_, counts) == first

    round_.area.suppression_threshold = 5
    round_.area.save()
    later = assessment_selectors.round_results(round_)
    assert later != first
    assert not later.comments_shown("vcs") and later.threshold == 5
