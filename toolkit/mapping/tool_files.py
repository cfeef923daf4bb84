"""Maps other tools open (issue 18, item 6; ADR 22): the register's network, and a mapping
round's results on it, as GraphML and GEXF (Gephi, yEd, Polinode), as Kumu's elements and
connections (CSV, an Excel workbook, JSON) and as Polinode's nodes and edges (CSV, an Excel
workbook).

Elements are the area's organisations; a relationship is a connection from its first party
to each other party, carrying the register's own columns (``register.transfer``; the
connection columns are ``register.map_files``), so a connection file imports back into the
register. A round's figures are the shown means of ``MappingResults`` (decided once by
toolkit.disclosure) and the council–sector gap worked out from them by
``scoring.position_gap``: a figure that is not shown is absent from the file (an empty cell,
no attribute), never zero."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from toolkit.areas.models import Organisation, OrganisationKind
from toolkit.core.exports import Sheet, csv_bytes, is_number, xlsx_bytes
from toolkit.framework.selectors import current_version
from toolkit.register import map_files, transfer
from toolkit.register.vocabulary import vocabulary_for

from . import scoring
from .presenters import SIDE_NAMES

ELEMENT_TYPES = {
    OrganisationKind.COUNCIL: "Council",
    OrganisationKind.DEPARTMENT: "Council department",
    OrganisationKind.VCS: "VCS organisation",
}
ELEMENT_HEADER = ["Type", "Side", "Identifier", "Council", "Relationships"]
PERSPECTIVE_NAMES = {**SIDE_NAMES, scoring.TOGETHER: "Together"}
GAP = "Gap"

# file name: (what it is, content type)
FILES = {
    "kumu-elements.csv": ("Kumu: elements (CSV)", "text/csv"),
    "kumu-connections.csv": ("Kumu: connections (CSV)", "text/csv"),
    "kumu.xlsx": (
        "Kumu: elements and connections (Excel)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "kumu.json": ("Kumu: elements and connections (JSON)", "application/json"),
    "polinode-nodes.csv": ("Polinode: nodes (CSV)", "text/csv"),
    "polinode-edges.csv": ("Polinode: edges (CSV)", "text/csv"),
    "polinode.xlsx": (
        "Polinode: nodes and edges (Excel)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "network.graphml": ("GraphML (Gephi, yEd, Cytoscape)", "application/graphml+xml"),
    "network.gexf": ("GEXF (Gephi, Polinode)", "application/gexf+xml"),
}


@dataclass
class MapTable:
    """The map as rows: one element per organisation, one connection per relationship."""

    element_header: list[str]  # after the label
    elements: list[tuple[str, list]]  # (label, values)
    connection_header: list[str]  # after the endpoints
    connections: list[tuple[list[str], list]]  # (party labels, values)


def figure_header() -> list[str]:
    """The round's columns: each perspective's shown mean per axis, then the gap."""
    header = [f"{PERSPECTIVE_NAMES[p]}: {a}" for p in scoring.PERSPECTIVES for a in scoring.AXES]
    return header + [f"{GAP}: {a}" for a in scoring.AXES] + [f"{GAP}: distance on the map"]


def figure_values(item) -> list:
    """Shown figures only; None where a figure is not shown or nobody rated."""
    values = []
    for perspective in scoring.PERSPECTIVES:
        position = item.positions.get(perspective) if item else None
        values += [position.mean(a) if position else None for a in scoring.AXES]
    gap = (
        scoring.position_gap(item.positions.get(scoring.COUNCIL), item.positions.get(scoring.VCS))
        if item
        else None
    )
    values += [gap.differences[a] if gap else None for a in scoring.AXES]
    return values + [gap.distance if gap else None]


def map_table(area, results=None) -> MapTable:
    """The area's register as elements and connections; with a round's ``MappingResults``,
    each relationship's shown figures from it too."""
    vocab = vocabulary_for(current_version())
    cols = transfer.columns(vocab)
    keys = [c.key for c in transfer.export_columns(vocab)]
    kept = [c for c in cols if c.key not in map_files.PARTY_KEYS]
    header = [map_files.TOOL_NAMES.get(c.key, c.header) for c in kept]
    items = results.by_id if results is not None else {}
    if results is not None:
        header += figure_header()
    names = transfer.party_names(area)
    degree: dict[str, int] = {}
    connections = []
    rows = transfer.export_rows(area, vocab)
    references = {r.reference: r.pk for r in area.relationships.only("pk", "reference")}
    for row in rows:
        cells = dict(zip(keys, row, strict=True))
        parties = [
            name.strip()
            for key in map_files.PARTY_KEYS
            for name in cells[key].split(transfer.LIST_SEPARATOR)
            if name.strip()
        ]
        for party in parties:
            degree[party] = degree.get(party, 0) + 1
        values = [cells[c.key] for c in kept]
        if results is not None:
            values += figure_values(items.get(references[cells["reference"]]))
        connections.append((parties, values))
    elements = []
    for organisation in Organisation.objects.filter(area=area).select_related("parent"):
        label = names[organisation.pk]
        elements.append(
            (
                label,
                [
                    ELEMENT_TYPES[organisation.kind],
                    "VCS" if organisation.kind == OrganisationKind.VCS else "Council",
                    organisation.org_id or "",
                    organisation.parent.name if organisation.parent else "",
                    degree.get(label, 0),
                ],
            )
        )
    elements.sort(key=lambda e: (e[0].casefold(), e[0]))
    return MapTable(ELEMENT_HEADER, elements, header, connections)


# --- the files ----------------------------------------------------------------------------


def _cell(value):
    """Empty for a figure not shown; a number stays a number (a spreadsheet sorts it, and
    core.exports never mistakes it for a formula); anything else as text."""
    if value is None:
        return ""
    return value if is_number(value) else str(value)


def _element_sheet(table: MapTable, tool: str) -> Sheet:
    label = "Label" if tool == map_files.KUMU else "Name"
    rows = [[name, *map(_cell, values)] for name, values in table.elements]
    return Sheet(
        "Elements" if tool == map_files.KUMU else "Nodes", [label, *table.element_header], rows
    )


def _connection_sheet(table: MapTable, tool: str) -> Sheet:
    first, second = map_files.ENDPOINTS[tool]
    rows = []
    for parties, values in table.connections:
        cells = list(map(_cell, values))
        if tool == map_files.KUMU:
            rows.append([parties[0], map_files.KUMU_MANY.join(parties[1:]), *cells])
        else:
            rows += [[parties[0], other, *cells] for other in parties[1:]]
    title = "Connections" if tool == map_files.KUMU else "Edges"
    return Sheet(title, [first, second, *table.connection_header], rows)


def _attributes(header, values) -> dict:
    """A connection's or element's attributes for JSON and graph files: absent when empty."""
    return {h: v for h, v in zip(header, values, strict=True) if v not in (None, "")}


def _kumu_json(table: MapTable) -> bytes:
    elements = [
        {"label": name, **_attributes(table.element_header, values)}
        for name, values in table.elements
    ]
    connections = []
    for parties, values in table.connections:
        attributes = _attributes(table.connection_header, values)
        for other in parties[1:]:
            connections.append({"from": parties[0], "to": other, **attributes})
    for connection in connections:
        for field in ("Label", "Type"):
            if field in connection:
                connection[field.lower()] = connection.pop(field)
    return json.dumps(
        {"elements": elements, "connections": connections}, ensure_ascii=False, indent=2
    ).encode()


def network_graph(table: MapTable):
    """A networkx multigraph: a node per organisation, an edge per relationship and other
    party, keyed by the relationship's reference."""
    import networkx as nx

    graph = nx.MultiGraph()
    for name, values in table.elements:
        graph.add_node(name, label=name, **_attributes(table.element_header, values))
    reference = table.connection_header.index("Reference")
    for parties, values in table.connections:
        attributes = _attributes(table.connection_header, values)
        for other in parties[1:]:
            graph.add_edge(parties[0], other, key=values[reference], **attributes)
    return graph


def _graph_bytes(table: MapTable, fmt: str) -> bytes:
    import networkx as nx

    graph = network_graph(table)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    else:
        nx.write_gexf(graph, buffer)
    return buffer.getvalue()


def map_file(area, file_name: str, results=None) -> bytes:
    """One of ``FILES``, of the area's register and, with ``results``, a round's figures."""
    table = map_table(area, results)
    tool = map_files.KUMU if file_name.startswith("kumu") else map_files.POLINODE
    if file_name.endswith(".csv"):
        sheet = (
            _element_sheet(table, tool)
            if file_name.endswith(("elements.csv", "nodes.csv"))
            else _connection_sheet(table, tool)
        )
        return csv_bytes(sheet.header, sheet.rows)
    if file_name.endswith(".xlsx"):
        return xlsx_bytes([_element_sheet(table, tool), _connection_sheet(table, tool)])
    if file_name == "kumu.json":
        return _kumu_json(table)
    return _graph_bytes(table, file_name.rsplit(".", 1)[1])
