import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from toolkit.accounts.tests.factories import UserFactory
from toolkit.security.models import TOTPDevice


@pytest.mark.django_db(transaction=True)
def test_security_migrations_reverse_to_0001_with_devices_in_the_table():
    """Review F2: migrating back to 0001 re-adds the plain `secret` column to a table with
    rows, then decrypts into it."""
    TOTPDevice.objects.create(user=UserFactory(), secret="JBSWY3DPEHPK3PXP")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("security", "0001_initial")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT secret FROM security_totpdevice")
            assert cursor.fetchall() == [("JBSWY3DPEHPK3PXP",)]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert TOTPDevice.objects.get().secret == "JBSWY3DPEHPK3PXP"
