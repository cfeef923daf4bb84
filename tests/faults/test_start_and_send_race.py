"""Fault: respondents start and send through the same shared link at the same moment (the load
benchmark's 50 respondents did, bench/README.md). A send locks its response with its round and
then the shared link; a start used to lock the link and then wait for the round, so the two
could wait for each other until PostgreSQL ended the start ("deadlock detected", a 503). Every
transaction that locks a round and one of its links now takes the round first: a start waiting
for its round holds nothing a send needs. Row locks are PostgreSQL's (SQLite takes one lock on
the whole database for every write, so it has no such cycle)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from toolkit.rounds import services
from toolkit.rounds.models import RespondentLink, Response, Round
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link


def wait_for_a_lock_wait(seconds: float = 10) -> None:
    """Until another connection to this database is waiting for a row lock."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the start never waited for the round")


def reads_of(statements: list[str], table: str) -> list[int]:
    return [i for i, sql in enumerate(statements) if f'FROM "{table}"' in sql]


@pytest.mark.django_db(transaction=True)
def test_a_start_waiting_for_its_round_leaves_the_link_to_a_send(framework_loaded):
    round_ = RoundFactory()
    created = confirmed_shared_link(round_, "vcs")
    # On both databases: after finding the link by its token, a start reads the round before
    # reading the link again; on PostgreSQL both of those reads take the row lock.
    with CaptureQueriesContext(connection) as started:
        services.response_start_from_link(created.token)
    statements = [q["sql"] for q in started.captured_queries]
    round_read = reads_of(statements, Round._meta.db_table)[0]
    _by_token, link_locked, *_ = reads_of(statements, RespondentLink._meta.db_table)
    assert round_read < link_locked, statements
    if connection.vendor != "postgresql":
        return  # SQLite locks the whole database for every write: no cycle of row locks
    assert "FOR UPDATE" in statements[round_read] and "FOR UPDATE" in statements[link_locked]
    Response.objects.filter(round=round_).delete()
    round_held, release = threading.Event(), threading.Event()
    outcomes = []

    def send_holding_the_round():
        # What response_submit holds while it asks for the shared link.
        try:
            with transaction.atomic():
                Round.objects.select_for_update().get(pk=round_.pk)
                round_held.set()
                release.wait(timeout=15)
        finally:
            connection.close()

    def start():
        try:
            outcomes.append(services.response_start_from_link(created.token))
        except Exception as error:  # noqa: BLE001 - recorded for the assertion
            outcomes.append(error)
        finally:
            connection.close()

    sender = threading.Thread(target=send_holding_the_round)
    sender.start()
    assert round_held.wait(timeout=10)
    starter = threading.Thread(target=start)
    starter.start()
    try:
        wait_for_a_lock_wait()
        # The send's next step: the link is free (NOWAIT fails at once if the start holds it).
        with transaction.atomic():
            link = RespondentLink.objects.select_for_update(nowait=True).get(pk=created.link.pk)
        assert link.pk == created.link.pk
    finally:
        release.set()
        sender.join(timeout=15)
        starter.join(timeout=15)
    assert len(outcomes) == 1 and isinstance(outcomes[0], services.StartedResponse), outcomes
    assert Response.objects.filter(round=round_, shared_link=created.link).count() == 1
