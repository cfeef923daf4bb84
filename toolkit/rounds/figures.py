"""A closed round's figures, decided once and kept (issue 16).

A closed round's answers never change, so neither do the figures its one disclosure decision
shows. Each results app (the principles assessment, the mapping) works them out once, when
the round closes (`round_figures_store`, queued by `services.round_close`), and stores the
decided, shown figures as plain JSON in `StoredFigures`: never the answers, never a withheld
figure. Its pages, downloads, reports and API answers then read that row instead of every
answer of the round.

A stored row is used only while its *fingerprint* still matches the round: what the figures
depend on besides the answers (the area's suppression threshold, the round's content version
and its counted responses per side, which change when a response is deleted) and the storage
format. Anything else and the figures are worked out again and the row replaced, so a change
of disclosure setting or content version, or a deleted response, takes effect at once.

Only the figures' own dataclasses, registered here by their app, are made from the JSON.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction

from .models import RoundStatus, StoredFigures

FORMAT = 1  # raise when the stored shape of any app's figures changes

_classes: dict[str, type] = {}
# The figures this process last read, by stored row (id, when stored): a large round's take a
# while to make from JSON, and a row is never changed without changing when it was stored.
_memo: OrderedDict = OrderedDict()
MEMO_SIZE = 4


def register_figures(*classes: type) -> None:
    """Name the dataclasses a stored row may be made into."""
    for cls in classes:
        _classes[cls.__name__] = cls


def to_plain(value):
    """A decided figure (dataclasses of plain values) as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _classes.get(name) is not type(value):
            raise TypeError(f"{name} is not registered with register_figures")
        return {"@": name, **{f.name: to_plain(getattr(value, f.name)) for f in _fields(value)}}
    if isinstance(value, Decimal):
        return {"@d": str(value)}
    if isinstance(value, tuple):
        return {"@t": [to_plain(v) for v in value]}
    if isinstance(value, frozenset):
        return {"@f": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {"@m": [[to_plain(k), to_plain(v)] for k, v in value.items()]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store {type(value).__name__}")


def from_plain(value):
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "@" in value:
        cls = _classes[value["@"]]
        return cls(**{k: from_plain(v) for k, v in value.items() if k != "@"})
    if "@d" in value:
        return Decimal(value["@d"])
    if "@t" in value:
        return tuple(from_plain(v) for v in value["@t"])
    if "@f" in value:
        return frozenset(from_plain(v) for v in value["@f"])
    return {from_plain(k): from_plain(v) for k, v in value["@m"]}


def _fields(value):
    return [f for f in dataclasses.fields(value) if f.init]


def fingerprint(round_, *parts) -> str:
    return ":".join(str(p) for p in (FORMAT, round_.content_version_id, *parts))


def closed_round_figures(
    round_,
    kind: str,
    key: str,
    compute: Callable[[], object],
    *,
    encode: Callable[[object], object] = to_plain,
    decode: Callable[[object], object] = from_plain,
):
    """The figures of `kind` for `round_`: for a closed round, read from storage when the
    stored row's fingerprint is `key` (one query; a second to read the figures themselves,
    unless this process has them from that same row), otherwise `compute()`d and stored.
    An open round's are always computed."""
    if round_.status != RoundStatus.CLOSED:
        return compute()
    found = (
        StoredFigures.objects.filter(round=round_, kind=kind, fingerprint=key)
        .values_list("pk", "stored_at")
        .first()
    )
    if found is not None:
        if found in _memo:
            _memo.move_to_end(found)
            return _memo[found]
        figures = decode(StoredFigures.objects.values_list("figures", flat=True).get(pk=found[0]))
    else:
        figures = compute()
        found = _store(round_, kind, key, encode(figures))
    if found is not None:
        _memo[found] = figures
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return figures


def _store(round_, kind: str, key: str, plain) -> tuple | None:
    try:
        with transaction.atomic():
            row, _ = StoredFigures.objects.update_or_create(
                round=round_, kind=kind, defaults={"fingerprint": key, "figures": plain}
            )
    except IntegrityError:  # another process stored the same round's figures first
        return None
    return row.pk, row.stored_at


def memo_clear() -> None:
    _memo.clear()
