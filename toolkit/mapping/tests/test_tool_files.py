"""Maps other tools open (tool_files, register.map_files): the files' contents, the round's
figures only as decided (a withheld figure is absent, never zero), and the round trip:
a connection file exported, then imported into the area emptied of relationships, gives the
same register."""

import csv
import io
import json

import networkx as nx
import pytest
from openpyxl import load_workbook

from toolkit.register.importing import register_import
from toolkit.register.models import Relationship
from toolkit.register.transfer import register_file

from ..selectors import mapping_results
from ..tool_files import FILES, figure_header, map_file
from .conftest import close
from .test_results import known_answers

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_kumu_files_have_elements_and_one_connection_per_relationship(area, relationships):
    elements = {r["Label"]: r for r in _rows(map_file(area, "kumu-elements.csv"))}
    assert elements["Housing"]["Type"] == "Council department"
    assert elements["Housing"]["Side"] == "Council"
    assert elements["Housing"]["Council"] == "Mapshire Council"
    assert elements["Mapshire CVS"]["Side"] == "VCS"
    assert elements["Mapshire CVS"]["Relationships"] == "2"
    connections = _rows(map_file(area, "kumu-connections.csv"))
    assert [(c["From"], c["To"], c["Label"], c["Scale"]) for c in connections] == [
        (
            r.parties.order_by("side", "id").first().organisation.name,
            "Mapshire CVS" if r.title.startswith("Alpha") else "Mapshire Housing Trust",
            r.title,
            c["Scale"],
        )
        for r, c in zip(relationships, connections, strict=True)
    ]
    register = _rows(register_file(area, "csv"))
    assert [c["Type"] for c in connections] == [r["Main type"] for r in register]
    assert all(c["Type"] for c in connections)
    data = json.loads(map_file(area, "kumu.json"))
    assert {e["label"] for e in data["elements"]} == set(elements)
    assert len(data["connections"]) == 3
    assert all({"from", "to", "label", "type", "Reference"} <= set(c) for c in data["connections"])


def test_polinode_edges_are_one_row_per_pair(area, relationships):
    edges = _rows(map_file(area, "polinode-edges.csv"))
    assert [(e["Source"], e["Target"]) for e in edges] == [
        ("Mapshire Council", "Mapshire CVS"),
        ("Housing", "Mapshire Housing Trust"),
        ("Mapshire CVS", "Mapshire Housing Trust"),
    ]
    nodes = _rows(map_file(area, "polinode-nodes.csv"))
    assert sorted(n["Name"] for n in nodes) == [
        "Housing",
        "Mapshire CVS",
        "Mapshire Council",
        "Mapshire Housing Trust",
    ]
    book = load_workbook(io.BytesIO(map_file(area, "polinode.xlsx")))
    assert book.sheetnames == ["Nodes", "Edges"]
    assert [c.value for c in book["Edges"][1]][:2] == ["Source", "Target"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_open_in_networkx(area, relationships, fmt):
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(map_file(area, f"network.{fmt}")))
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 3
    labels = {d.get("label") for _n, d in graph.nodes(data=True)}
    assert "Mapshire Housing Trust" in labels


def test_round_figures_are_the_decided_ones_and_withheld_ones_are_absent(
    area, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    results = mapping_results(mapping_round)
    by_label = {c["Label"]: c for c in _rows(map_file(area, "kumu-connections.csv", results))}
    alpha = by_label["Alpha partnership board"]
    assert alpha["Council: strategic"] == "4.6"
    assert alpha["Sector: strategic"] == "2.0"
    assert alpha["Gap: strategic"] == "2.6"
    # Withheld (fewer than the threshold) is an empty cell, not 0.
    assert alpha["Council: financial"] == ""
    assert alpha["Together: financial"] == "2.0"
    bravo = by_label["Bravo housing contract"]
    assert bravo["Sector: time"] == ""
    assert bravo["Together: time"] == ""
    assert bravo["Gap: time"] == ""
    assert all(by_label["Charlie VCS forum"][h] == "" for h in figure_header())
    # The same cells the mapping download decides: every shown figure is one it shows.
    shown = {
        (item.relationship.title, p, a): item.positions[p].mean(a)
        for item in results.items
        for p in item.positions
        if item.positions[p]
        for a in ("strategic", "proactive", "financial", "time")
    }
    assert shown["Alpha partnership board", "council", "financial"] is None
    graph = nx.read_graphml(io.BytesIO(map_file(area, "network.graphml", results)))
    edge = next(d for _a, _b, d in graph.edges(data=True) if d["Label"].startswith("Alpha"))
    assert edge["Council: strategic"] == 4.6
    assert "Council: financial" not in edge
    connection = next(
        c
        for c in json.loads(map_file(area, "kumu.json", results))["connections"]
        if c["label"].startswith("Bravo")
    )
    assert "Sector: time" not in connection


def _snapshot(area):
    return sorted(
        (
            r.reference,
            r.title,
            r.description,
            r.scale,
            r.status,
            r.judgement,
            tuple(sorted((p.organisation_id, p.side) for p in r.parties.all())),
            tuple(sorted((t.type_slug, t.is_main) for t in r.types.all())),
        )
        for r in Relationship.objects.filter(area=area).prefetch_related("parties", "types")
    )


@pytest.mark.parametrize(
    "file_name",
    ["kumu-connections.csv", "kumu.xlsx", "polinode-edges.csv", "polinode.xlsx"],
)
def test_export_then_import_into_an_empty_area_gives_the_same_register(
    area, relationships, file_name
):
    before = _snapshot(area)
    register_before = register_file(area, "csv")
    content = map_file(area, file_name)
    again = register_import(area, file_name, content)
    assert again.ok, again.problems
    assert again.unchanged == 3
    Relationship.objects.filter(area=area).delete()
    result = register_import(area, file_name, content)
    assert result.ok, result.problems
    assert result.created == 3
    assert _snapshot(area) == before
    assert register_file(area, "csv") == register_before


def test_a_kumu_file_from_elsewhere_is_checked_and_every_problem_reported(area, relationships):
    content = (
        b"From,To,Label,Type,ID\r\n"
        b"Mapshire Council,Mapshire CVS|Nowhere Trust,Board,Shaping,K-1\r\n"
        b"Mapshire CVS,Mapshire Housing Trust,Forum,Not a type,K-2\r\n"
        b"Mapshire Council,Housing,Board again,Shaping,K-1\r\n"
    )
    result = register_import(area, "map.csv", content)
    assert not result.ok
    said = {(p.row, p.problem) for p in result.problems}
    assert (2, "No organisation in this area is called ‘Nowhere Trust’") in said
    assert (3, "‘Not a type’ is not a relationship type") in said
    assert (4, "Row 2 has the same reference with different values") in said
    assert not Relationship.objects.filter(reference__startswith="K-").exists()


def test_a_kumu_file_adds_relationships_across_rows_of_one_reference(area, relationships):
    content = (
        b"From,To,Label,Type,ID\r\n"
        b"Mapshire Council,Mapshire CVS,Board,Shaping,K-1\r\n"
        b"Mapshire Council,Mapshire Housing Trust,Board,Shaping,K-1\r\n"
    )
    result = register_import(area, "map.csv", content)
    assert result.ok, result.problems
    made = Relationship.objects.get(reference="K-1")
    assert sorted(p.organisation.name for p in made.parties.all()) == [
        "Mapshire CVS",
        "Mapshire Council",
        "Mapshire Housing Trust",
    ]
    assert register_import(area, "map.csv", content).unchanged == 1


def test_csv_map_files_neutralise_formulas(area, relationships):
    relationships[0].title = '=HYPERLINK("http://evil")'
    relationships[0].save()
    for name in ("kumu-connections.csv", "polinode-edges.csv"):
        text = map_file(area, name).decode("utf-8-sig")
        assert "'=HYPERLINK" in text


def test_every_file_is_offered(client, area, relationships, facilitator, mapping_round):
    client.force_login(facilitator)
    page = client.get(f"/areas/{area.gss_code}/mapping/files/")
    assert page.status_code == 200
    for name in FILES:
        response = client.get(f"/areas/{area.gss_code}/mapping/files/{name}")
        assert response.status_code == 200, name
        assert response["Content-Disposition"].endswith(f'{name}"')
    sealed = client.get(
        f"/areas/{area.gss_code}/mapping/rounds/{mapping_round.public_id}/files/kumu.json"
    )
    assert sealed.status_code == 404
    assert client.get(f"/areas/{area.gss_code}/mapping/files/secrets.txt").status_code == 404
