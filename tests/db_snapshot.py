"""Load slow fixture data once per test process, then put it back cheaply for each test.

The reference data and the demo area take seconds to load through their loaders, and over a
hundred tests ask for them. `snapshot_take` runs a loader once, inside a transaction it rolls
back, and keeps every row the loader added; `snapshot_restore` inserts those same rows (one
INSERT per table) into the test's own database, so the test's rollback, or a transactional
test's flush, removes them as before and a test that does not ask still sees an empty database.

Only rows are kept: a loader whose effects go beyond its own new rows (changing or deleting a
row that was there before) is refused, since putting back its rows would not reproduce it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model


class SnapshotError(Exception):
    pass


@dataclass(frozen=True)
class Snapshot:
    rows: list[tuple[type[Model], list[Model]]]
    value: Any  # what the loader returned, read while its rows were in the database


def _tables() -> list[type[Model]]:
    """Every model with a table of its own: multi-table children keep only their own columns
    (`local_concrete_fields`), their parents are listed separately; auto-created many-to-many
    tables are included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _fields(model: type[Model]) -> list:
    return [field for field in model._meta.local_concrete_fields if not field.generated]


def _contents(model: type[Model]) -> dict[Any, tuple]:
    names = [field.attname for field in _fields(model)]
    return {row[0]: row[1:] for row in model._base_manager.values_list("pk", *names)}


def snapshot_take(load: Callable[[], Any], *, base: Snapshot | None = None) -> Snapshot:
    """Run `load` on top of `base` (restored first) and keep what it added. Must be called
    outside any test transaction (from a session fixture, with the database unblocked)."""
    tables = _tables()
    with transaction.atomic():
        if base is not None:
            snapshot_restore(base)
        before = {model: _contents(model) for model in tables}
        value = load()
        rows = []
        for model in tables:
            after = _contents(model)
            old = before[model]
            if any(after.get(pk) != values for pk, values in old.items()):
                raise SnapshotError(f"{model._meta.label}: the loader changed existing rows")
            added = [pk for pk in after if pk not in old]
            if added:
                rows.append((model, list(model._base_manager.filter(pk__in=added).order_by("pk"))))
        transaction.set_rollback(True)
    return Snapshot(rows=rows, value=value)


def snapshot_restore(snapshot: Snapshot) -> None:
    """Insert the snapshot's rows as they were (keys included), then move PostgreSQL's key
    sequences past them so rows a test creates afterwards get fresh keys."""
    with transaction.atomic():  # foreign keys are checked at commit, so table order is free
        for model, objs in snapshot.rows:
            fields = _fields(model)
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            for start in range(0, len(objs), size):
                model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
        models = [model for model, _objs in snapshot.rows]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
