"""Writing many new rows of one model at the database's own speed, for the imports.

``bulk_create`` builds a model instance for every row and compiles a multi-row INSERT for each
batch; for a national file (a million grants) that is most of the time. ``RowWriter`` takes
plain tuples instead and hands them to the driver as they are: PostgreSQL's COPY through
psycopg 3, in COPY's binary format with each column's type declared (ADR 37), and
``executemany`` of one prepared INSERT on SQLite. The values go through the same conversions
Django makes for the model's fields (UUIDs, datetimes and JSON for the database), so the rows
read back exactly as if the ORM had written them; fields not given take their model default (a
fresh ``public_id`` for each row, ``created_at`` and ``updated_at`` now).

It writes inside the caller's transaction and returns nothing: rows are looked up afterwards
by their keys, never by the order they were written in."""

from __future__ import annotations

import functools
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connections, models
from django.utils import timezone
from psycopg.types.json import Jsonb

# Field types whose Python values the drivers take as they are (Django's own adapters cover
# dates and decimals on SQLite; psycopg dumps them natively).
AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DecimalField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
        "EmailField",
    }
)


class RandomIds:
    """Version 4 UUIDs, as uuid.uuid4 makes them (122 bits from os.urandom), as hex text,
    drawing the random bytes for many at a time."""

    def __init__(self, at_once: int = 1024):
        self.at_once, self.pool, self.used = at_once, b"", 0

    def _next(self) -> bytearray:
        if self.used >= len(self.pool):
            self.pool, self.used = os.urandom(16 * self.at_once), 0
        raw = bytearray(self.pool[self.used : self.used + 16])
        self.used += 16
        raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        return raw

    def next_hex(self) -> str:
        return self._next().hex()

    def next_uuid(self) -> uuid.UUID:
        """The next id as a ``uuid.UUID``, for a driver that sends its 16 bytes."""
        return uuid.UUID(bytes=bytes(self._next()))


class RowWriter:
    """Writes new rows of `model`: each row a tuple of the values of `fields` (attribute
    names, such as ``area_id``), in that order."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], using: str = "default"):
        self.model, self.using = model, using
        self.connection = connections[using]
        # PostgreSQL: binary COPY (ADR 37), for which the values below are made as the
        # columns store them; SQLite: executemany of one INSERT.
        self.copies = self.connection.vendor == "postgresql"
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        given = [by_attname[name] for name in fields]
        self.defaulted = [
            f for f in model._meta.concrete_fields if f.attname not in fields and not f.primary_key
        ]
        self.columns = [f.column for f in (*given, *self.defaulted)]
        self.converters = [self._converter(f) for f in given]
        table = self.connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(self.connection.ops.quote_name(c) for c in self.columns)
        if self.copies:
            # Binary: the server takes each value as it is stored rather than parsing text.
            # The driver needs each column's type, as its type name without size or scale.
            self.statement = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
            self.types = [
                f.db_type(self.connection).split("(")[0] for f in (*given, *self.defaulted)
            ]
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            # Names from the model's own metadata, quoted; the values are parameters.
            self.statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608

    def _converter(self, field):
        """How a value of `field` is handed to the driver (None: as it is). The usual kinds are
        converted as Django's field would, without its layers; any other kind by the field."""
        kind, connection = field.get_internal_type(), self.connection
        if kind in AS_IS:
            return None
        if kind == "UUIDField":
            if connection.features.has_native_uuid_field:
                return None
            return lambda value: None if value is None else value.hex
        if kind == "JSONField":
            dumps = functools.partial(json.dumps, cls=field.encoder)
            if self.copies:
                # Binary COPY sends jsonb as psycopg's Jsonb dumps it, with the field's encoder.
                return lambda value: None if value is None else Jsonb(value, dumps=dumps)
            # As text on SQLite, as Django writes it there. Most rows of an import hold an
            # empty list, made once.
            empty = {list: "[]", dict: "{}"}

            def as_json(value):
                if value is None:
                    return None
                if not value and type(value) in empty:
                    return empty[type(value)]
                return dumps(value)

            return as_json
        return lambda value: field.get_db_prep_save(value, connection)

    def _defaults(self):
        """The defaulted columns' values for a batch: constants once, a callable default
        (such as uuid4) for each row: [(index, default, converter)]."""
        now = timezone.now()
        fixed, per_row = [], []
        for index, field in enumerate(self.defaulted):
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                fixed.append(field.get_db_prep_save(now, self.connection))
            elif field.default is uuid.uuid4:
                # Public ids: random ids from one read of the system's random source per
                # batch: UUIDs for PostgreSQL's binary COPY, 32 hex digits (SQLite's form).
                fixed.append(None)
                ids = RandomIds()
                per_row.append((index, ids.next_uuid if self.copies else ids.next_hex, None))
            elif field.has_default() and callable(field.default):
                fixed.append(None)
                per_row.append((index, field.default, self._converter(field)))
            else:
                fixed.append(field.get_db_prep_save(field.get_default(), self.connection))
        return fixed, per_row

    def write(self, rows: Iterable[Sequence]) -> int:
        """Write `rows`; returns how many."""
        fixed, per_row = self._defaults()
        converters = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        connection = self.connection

        def prepared():
            tail = list(fixed)
            for row in rows:
                if converters:
                    row = list(row)  # noqa: PLW2901 (converted in place)
                    for index, convert in converters:
                        row[index] = convert(row[index])
                for index, default, convert in per_row:
                    tail[index] = default() if convert is None else convert(default())
                yield (*row, *tail)

        with connection.cursor() as cursor:
            if self.copies:
                count = 0
                # Django's errors (IntegrityError…) for the driver's, as its cursor gives them.
                with connection.wrap_database_errors, cursor.cursor.copy(self.statement) as copy:
                    copy.set_types(self.types)
                    for values in prepared():
                        copy.write_row(values)
                        count += 1
                return count
            batch = list(prepared())
            if batch:
                cursor.executemany(self.statement, batch)
            return len(batch)


# SQLite's page cache while an import writes: a million rows touch index pages all over the
# file (random public ids above all), and the default 2 MiB cache makes each a read.
SQLITE_IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_loading(using: str = "default"):
    """Around a large import: on SQLite, a larger page cache for this connection (put back
    afterwards), so memory stays bounded while the time per row stays flat as tables grow.
    PostgreSQL's server has its own shared buffers; nothing changes there."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(SQLITE_IMPORT_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
