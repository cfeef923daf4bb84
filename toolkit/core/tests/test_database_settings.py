"""How DATABASE_URL becomes Django's database settings (config.settings.base), and that
PostgreSQL connections prepare the statements run again and again (ADR 35)."""

import pytest
from django.db import connection

from config.settings.base import POSTGRESQL_PREPARE_THRESHOLD, SQLITE_OPTIONS, database_from_url
from toolkit.areas.models import Area


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    database = database_from_url("postgres://postgres@127.0.0.1:5432/toolkit")
    assert database["OPTIONS"] == {
        "server_side_binding": True,
        "prepare_threshold": POSTGRESQL_PREPARE_THRESHOLD,
    }
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    database = database_from_url("postgres://postgres@127.0.0.1:5432/toolkit")
    assert "server_side_binding" not in database.get("OPTIONS", {})
    assert "prepare_threshold" not in database.get("OPTIONS", {})


def test_sqlite_keeps_its_own_options(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    database = database_from_url("sqlite:////tmp/toolkit.sqlite3")
    assert database["OPTIONS"] == SQLITE_OPTIONS


@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared_once_on_postgresql():
    area = Area.objects.create(name="Prepared", gss_code="E06000001")
    for _ in range(POSTGRESQL_PREPARE_THRESHOLD + 1):
        assert Area.objects.filter(gss_code="E06000001").get() == area
    if connection.vendor != "postgresql":
        return  # SQLite runs in the process: nothing to plan on a server
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%gss_code%"],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 1
