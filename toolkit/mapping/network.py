"""Who works with whom: measures of the network the register's relationships make (two
organisations are linked when they are parties to a relationship together). Built from the
register's parties, not from anyone's answers, so nothing here needs disclosure control.
Tested with exact numbers in tests/test_network.py."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from toolkit.core.memo import kept_by_inputs


@dataclass(frozen=True)
class NetworkSummary:
    nodes: int
    edges: int
    vcs_vcs_edges: int
    components: int  # groups of organisations connected to each other (ignoring loners)
    unconnected_vcs: list[int]  # VCS organisations with no relationships
    departments_without: list[int]  # departments with no relationships
    usual_suspects: list[int]  # fewest VCS organisations covering half the VCS relationships
    relationships_with_vcs: int
    covered_by_usual_suspects: int
    degree: dict[int, int]  # organisation -> number of relationships it is party to
    brokers: list[tuple[int, float]]  # highest betweenness first (top 5, above 0)


@kept_by_inputs()
def network(
    organisations: dict[int, str],
    parties: dict[int, list[int]],
) -> NetworkSummary:
    """``organisations``: id -> kind ("council", "department", "vcs") for every organisation
    of the area; ``parties``: relationship id -> organisation ids. Two organisations are
    linked when they are parties to a relationship together (weight: how many)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(organisations)
    degree: dict[int, int] = defaultdict(int)
    vcs_relationships: dict[int, set[int]] = defaultdict(set)
    relationships_with_vcs = set()
    for rid, members in parties.items():
        members = sorted(set(members))
        for org in members:
            degree[org] += 1
            if organisations.get(org) == "vcs":
                vcs_relationships[org].add(rid)
                relationships_with_vcs.add(rid)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                weight = graph.get_edge_data(a, b, {}).get("weight", 0)
                graph.add_edge(a, b, weight=weight + 1)

    vcs_vcs = sum(
        1 for a, b in graph.edges if organisations.get(a) == "vcs" and organisations.get(b) == "vcs"
    )
    connected = [c for c in nx.connected_components(graph) if len(c) > 1]

    ranked = sorted(vcs_relationships, key=lambda o: (-len(vcs_relationships[o]), o))
    half = math.ceil(len(relationships_with_vcs) / 2)
    suspects, covered = [], set()
    for org in ranked:
        if len(covered) >= half:
            break
        suspects.append(org)
        covered |= vcs_relationships[org]

    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph.edges else {}
    brokers = sorted(
        ((o, round(b, 3)) for o, b in betweenness.items() if b > 0),
        key=lambda item: (-item[1], item[0]),
    )[:5]

    return NetworkSummary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        vcs_vcs_edges=vcs_vcs,
        components=len(connected),
        unconnected_vcs=sorted(
            o for o, kind in organisations.items() if kind == "vcs" and not degree.get(o)
        ),
        departments_without=sorted(
            o for o, kind in organisations.items() if kind == "department" and not degree.get(o)
        ),
        usual_suspects=suspects,
        relationships_with_vcs=len(relationships_with_vcs),
        covered_by_usual_suspects=len(covered),
        degree=dict(degree),
        brokers=brokers,
    )
