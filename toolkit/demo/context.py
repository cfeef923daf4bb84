"""What the demo's section loaders share: the context they read and extend in load order, and
the one error a bad data file raises. Kept apart from ``services`` so that each loader can
import it without importing the module that runs them."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from toolkit.areas.models import Area, Organisation


class DemoDataError(ValueError):
    """The demo data file (or the chosen demo password) is not valid."""


@dataclass(frozen=True)
class DemoLogin:
    role_label: str
    email: str
    password: str


@dataclass
class DemoContext:
    """What the section loaders share, in load order."""

    password: str
    today: datetime.date
    stdout: TextIO | None = None
    area: Area | None = None
    council: Organisation | None = None
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)

    def note(self, section: str, made: int, total: int) -> None:
        if self.stdout is not None:
            self.stdout.write(f"{section}: {made} created, {total - made} already there\n")
