"""The respondents' rows of an area bundle – every response and everything hanging off it
(answers, ratings, barriers, pressures, comments) – travel encrypted, so the bundle that both
facilitators can download holds none of them in readable form (docs/adr/0007, "Shared links,
the order of answers, and backups").

They are encrypted with Fernet (toolkit.security.crypto) under the service's bundle keys: the
keys that sign bundles (BACKUP_SIGNING_KEYS, or keys derived from SECRET_KEY and its
fallbacks; toolkit.portability.signing), through a label of their own. A restore on the same
service, or on one given the same BACKUP_SIGNING_KEYS, decrypts them; anywhere else the
restore is refused. Inside, each row's id is replaced by a random one and the rows are sorted
by it, so not even the service that decrypts them learns the order answers came in."""

from __future__ import annotations

import json
import secrets

from cryptography.fernet import InvalidToken

from toolkit.security.crypto import fernet_for

from . import graph
from .signing import signing_keys

LABEL = b"toolkit.portability.backup.respondent-rows"
PATH = "data/respondent-rows.fernet"


class SealedRowsUnreadable(Exception):
    """No key of this service decrypts the bundle's respondents' rows."""


def _fernet():
    return fernet_for(LABEL, tuple(signing_keys()))


def respondent_models(models) -> list:
    """Of the backed-up models (in restore order), `rounds.Response` and every model with a
    foreign key chain to it."""
    found = {graph.RESPONSE}
    ordered = []
    for model in models:
        name = graph.label(model)
        if name in found or any(
            graph.label(f.related_model) in found for f in graph.foreign_keys(model)
        ):
            found.add(name)
            ordered.append(model)
    return ordered


def rows_shuffled(tables: dict[str, tuple[type, list[dict]]]) -> dict[str, list[dict]]:
    """The rows with their ids, and the keys between them, replaced by random ids, each table
    sorted by its new ids. Keys to tables outside `tables` (the round, a relationship) are
    kept: a restore maps them as it maps every other key."""
    new_ids: dict[str, dict] = {}
    for name, (model, rows) in tables.items():
        pk = model._meta.pk.attname
        new_ids[name] = {row[pk]: secrets.token_hex(16) for row in rows}
    shuffled = {}
    for name, (model, rows) in tables.items():
        pk = model._meta.pk.attname
        inner = {
            f.attname: graph.label(f.related_model)
            for f in graph.foreign_keys(model)
            if graph.label(f.related_model) in tables
        }
        out = []
        for row in rows:
            row = dict(row, **{pk: new_ids[name][row[pk]]})
            for attname, target in inner.items():
                if row[attname] is not None:
                    row[attname] = new_ids[target][row[attname]]
            out.append(row)
        shuffled[name] = sorted(out, key=lambda r: r[pk])
    return shuffled


def seal(tables: dict[str, list[dict]]) -> bytes:
    plain = json.dumps(tables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _fernet().encrypt(plain.encode())


def unseal(token: bytes) -> dict[str, list[dict]]:
    try:
        plain = _fernet().decrypt(token)
    except InvalidToken:
        raise SealedRowsUnreadable(
            "The bundle's responses and answers are encrypted with a key this service does "
            "not hold, so they cannot be restored here. A bundle restores only on the service "
            "that made it, or on one given the same BACKUP_SIGNING_KEYS. Nothing was restored."
        ) from None
    return json.loads(plain)
