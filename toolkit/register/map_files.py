"""The register as a map other tools open: the connection columns of Kumu's and Polinode's
imports, and reading their connection files back into the register's rows.

A relationship is one connection row in Kumu's file (From: its first party; To: the other
parties joined with ``|``, which Kumu draws as one connection to each) and one row per other
party in Polinode's (Source, Target). Its other cells are the register file's own columns
(``transfer.columns``), under Kumu's names where Kumu has one (Label for the name, Type for
the main type). Read back, the rows of one Reference are one relationship whose parties are
every organisation named in From/To or Source/Target; each party's side is its
organisation's kind. ``register.importing`` runs them through the same ``RowReader`` and the
same runner as the register's own file, so the preview, the rules and the round trip are
the register's. ADR 22."""

from __future__ import annotations

from collections.abc import Callable

from toolkit.areas.models import OrganisationKind

from .transfer import LIST_SEPARATOR

KUMU = "kumu"
POLINODE = "polinode"

# tool: (first endpoint header, second endpoint header)
ENDPOINTS = {KUMU: ("From", "To"), POLINODE: ("Source", "Target")}
KUMU_MANY = "|"  # Kumu: "several elements in the To cell, separated by |"

# The register's column (by key) written under the tools' own name.
TOOL_NAMES = {"title": "Label", "main_type": "Type"}
# Read back: the tools' names (header keys) for the register's columns, when the register's
# own header is not in the file. ``ID`` is Kumu's identifier column for a connection.
ALIASES = {"label": "title", "type": "main_type", "id": "reference"}
# The register's columns a connection file does not have: its endpoints name the parties.
PARTY_KEYS = ("council_parties", "vcs_parties")

COUNCIL_KINDS = {OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT}


def tool_of(header_keys: set[str]) -> str | None:
    """Which tool's connection file a header is, or None for the register's own file."""
    for tool, (first, second) in ENDPOINTS.items():
        if first.lower() in header_keys and second.lower() in header_keys:
            return tool
    return None


def endpoint_keys(tool: str) -> tuple[str, str]:
    first, second = ENDPOINTS[tool]
    return first.lower(), second.lower()


def endpoint_names(tool: str, cells: dict[str, str]) -> list[str]:
    first, second = endpoint_keys(tool)
    names = [cells.get(first, "")]
    names += cells.get(second, "").split(KUMU_MANY) if tool == KUMU else [cells.get(second, "")]
    return [n.strip() for n in names if n.strip()]


class ConnectionRows:
    """Rows of a connection file gathered into one register row per Reference: the cells of
    its first row, with the parties of all its rows in the council and VCS party columns.
    Rows of one Reference that disagree on anything but their endpoints are a problem."""

    def __init__(self, tool: str, find: Callable[[str], list]):
        self.tool, self.find = tool, find
        self.rows: dict[str, tuple[int, dict[str, str], list[str]]] = {}
        self.order: list[str] = []

    def add(self, number: int, cells: dict[str, str], problem: Callable) -> None:
        first, second = endpoint_keys(self.tool)
        for alias, key in ALIASES.items():
            if alias in cells and key not in cells:
                cells[key] = cells[alias]
            cells.pop(alias, None)
        names = endpoint_names(self.tool, cells)
        cells = {k: v for k, v in cells.items() if k not in (first, second)}
        reference = cells.get("reference", "").casefold()
        if not reference or reference not in self.rows:
            key = reference or f"row {number}"
            self.rows[key] = (number, cells, names)
            self.order.append(key)
            return
        earlier, kept, parties = self.rows[reference]
        differ = sorted(k for k in set(cells) | set(kept) if cells.get(k, "") != kept.get(k, ""))
        if differ:
            problem(
                number,
                ", ".join(differ),
                f"Row {earlier} has the same reference with different values",
                "Give the rows of one relationship the same values, apart from its parties",
            )
        parties.extend(n for n in names if n not in parties)

    def gathered(self) -> list[tuple[int, dict[str, str]]]:
        """(row number, the register's cells) for each relationship, in file order."""
        found = []
        for key in self.order:
            number, cells, names = self.rows[key]
            council, vcs = [], []
            for name in names:
                matches = self.find(name)
                side = council if len(matches) == 1 and matches[0].kind in COUNCIL_KINDS else vcs
                side.append(name)
            found.append(
                (
                    number,
                    {
                        **cells,
                        "council_parties": f"{LIST_SEPARATOR} ".join(council),
                        "vcs_parties": f"{LIST_SEPARATOR} ".join(vcs),
                    },
                )
            )
        return found
