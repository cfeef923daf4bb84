"""Lists in pages: the `page` and `page_size` query parameters and the page envelope."""

import math
from collections.abc import Callable

from ninja import Query

PAGE = Query(1, ge=1, le=100000, description="Page number, from 1.")
PAGE_SIZE = Query(50, ge=1, le=200, description="Items per page (at most 200).")


def page_of(items, page: int, page_size: int, represent: Callable[[list], list]) -> dict:
    """One page of `items` (a queryset or a list), its rows given to `represent` together
    (so that it can read what they refer to in one query), in the page envelope."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, math.ceil(count / page_size)),
        "results": represent(list(items[start : start + page_size])),
    }
