"""Fault: two facilitators close the same round at the same moment. rounds.services.round_close
is a conditional update (open → closed), so exactly one wins; the other is told the round is
already closed; unsent answers are deleted once and sent ones are kept. Runs on SQLite and, in
CI, on PostgreSQL."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.rounds import services
from toolkit.rounds.models import Response, ResponseStatus, Round, RoundStatus
from toolkit.rounds.tests.factories import ResponseFactory, RoundFactory


def with_answers(round_):
    ResponseFactory.create_batch(3, round=round_)  # sent
    for n in range(2):  # in progress
        ResponseFactory(
            round=round_,
            status=ResponseStatus.IN_PROGRESS,
            resume_digest=f"{round_.public_id}-{n}",
        )


def assert_closed_once(round_):
    round_ = Round.objects.get(pk=round_.pk)
    assert round_.status == RoundStatus.CLOSED and round_.closed_at is not None
    assert Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).count() == 3
    assert not Response.objects.filter(round=round_, status=ResponseStatus.IN_PROGRESS).exists()


@pytest.mark.django_db
def test_second_close_on_a_stale_object_is_refused_cleanly(framework_loaded):
    round_ = RoundFactory()
    with_answers(round_)
    # Both facilitators loaded the round while it was open.
    first, second = Round.objects.get(pk=round_.pk), Round.objects.get(pk=round_.pk)
    assert services.round_close(first).status == RoundStatus.CLOSED
    closed_at = Round.objects.get(pk=round_.pk).closed_at
    with pytest.raises(services.RoundError) as refused:
        services.round_close(second)
    assert refused.value.reason == "not_open"
    assert Round.objects.get(pk=round_.pk).closed_at == closed_at  # the winner's close stands
    assert_closed_once(round_)


@pytest.mark.django_db
def test_two_facilitators_pressing_close_get_one_success_and_one_clear_message(framework_loaded):
    round_ = RoundFactory()
    with_answers(round_)
    url = reverse(
        "rounds:close", kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id}
    )
    council, vcs = Client(raise_request_exception=False), Client(raise_request_exception=False)
    council.force_login(MembershipFactory(area=round_.area, role=Role.FACILITATOR_COUNCIL).user)
    vcs.force_login(MembershipFactory(area=round_.area, role=Role.FACILITATOR_VCS).user)
    # Both open the confirmation page while the round is open, then both confirm.
    for client in (council, vcs):
        confirmation = client.get(url)
        assert confirmation.status_code == 200 and b"Close the round" in confirmation.content
    replies = [council.post(url), vcs.post(url)]
    assert [r.status_code for r in replies] == [302, 302]
    pages = [
        c.get(r["Location"]).content.decode() for c, r in zip((council, vcs), replies, strict=True)
    ]
    assert f"{round_.name} is closed" in pages[0]
    assert "This round is not open, so it cannot be closed." in pages[1]
    assert_closed_once(round_)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_closes_in_threads_one_wins(framework_loaded):
    round_ = RoundFactory()
    with_answers(round_)
    barrier = threading.Barrier(2)
    outcomes = []

    def close():
        stale = Round.objects.get(pk=round_.pk)
        barrier.wait(timeout=10)
        try:
            for attempt in range(5):
                try:
                    services.round_close(stale)
                    outcomes.append("closed")
                    return
                except OperationalError:
                    # SQLite ("database table is locked"): the person sees the 503 "try
                    # again" page and presses Try again.
                    if connection.vendor != "sqlite" or attempt == 4:
                        raise
                    connection.close()
                    time.sleep(0.1 * (attempt + 1))
        except services.RoundError as error:
            outcomes.append(error.reason)
        except Exception as error:  # noqa: BLE001 - recorded for the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert sorted(outcomes) == ["closed", "not_open"], outcomes
    assert_closed_once(round_)
