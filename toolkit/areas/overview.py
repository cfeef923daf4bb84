"""Parts of an area's overview page that belong to apps above `areas`, which may not import
them: each app registers its part from its AppConfig.ready() (rounds: the rounds waiting for
the member's answers).

    from toolkit.areas.overview import register_overview_part

    register_overview_part(
        template="rounds/_waiting_for_you.html",
        context=waiting_context,  # (area, membership) -> dict, or None to show nothing
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OverviewPart:
    template: str
    context: Callable[[object, object], dict | None]


_PARTS: list[OverviewPart] = []


def register_overview_part(*, template: str, context) -> None:
    if all(part.template != template for part in _PARTS):
        _PARTS.append(OverviewPart(template, context))


def overview_parts(area, membership) -> list[tuple[str, dict]]:
    """(template, context) for each registered part with something to show this member; the
    page includes each template with its context as `part`."""
    found = []
    for part in _PARTS:
        context = part.context(area, membership)
        if context is not None:
            found.append((part.template, context))
    return found
