"""Remember a pure function's last few answers in this process, by its exact inputs.

For work whose answer depends on nothing but its arguments (drawing a chart, measuring a
network), so that a page asked again with the same inputs, as a closed round's pages are,
is not worked out again. The key is every argument, lists and dicts included (made into
tuples), never who asked: an answer is only ever given back for exactly the inputs it was
made from, so it cannot show anyone anything their own inputs would not. Callers must not
change what it returns."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps


def _frozen(value):
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(value))
    hash(value)  # anything else must be hashable as it is (frozen dataclasses, numbers, text)
    return value


def kept_by_inputs(size: int = 4) -> Callable:
    def decorator(function: Callable) -> Callable:
        kept: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @wraps(function)
        def remembered(*args, **kwargs):
            key = (_frozen(args), _frozen(dict(sorted(kwargs.items()))))
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]
            answer = function(*args, **kwargs)
            with lock:
                kept[key] = answer
                while len(kept) > size:
                    kept.popitem(last=False)
            return answer

        remembered.forget = kept.clear  # for tests
        return remembered

    return decorator
