"""Reading many values out of each of a million rows cheaply."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from operator import itemgetter


def tuple_getter(keys: Iterable[Hashable]) -> Callable[[object], tuple]:
    """A function giving a row's values at `keys` (indexes or dict keys) as a tuple, in one C
    call for two keys or more: ``operator.itemgetter``, except that one key gives a tuple of
    one too (itemgetter's gives the bare value) and no keys give () (itemgetter needs one)."""
    keys = tuple(keys)
    if len(keys) > 1:
        return itemgetter(*keys)
    if keys:
        (only,) = keys
        return lambda row: (row[only],)
    return lambda row: ()
