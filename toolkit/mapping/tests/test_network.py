"""Exact-value tests of the network measures."""

from toolkit.mapping.network import network


def test_network_measures():
    organisations = {
        1: "council",
        2: "department",
        3: "department",  # no relationships
        10: "vcs",
        11: "vcs",
        12: "vcs",
        13: "vcs",  # no relationships
    }
    parties = {
        100: [1, 2, 10],
        101: [2, 10],
        102: [2, 10, 11],
        103: [10, 11],  # VCS–VCS
        104: [2, 12],
    }
    summary = network(organisations, parties)
    assert summary.nodes == 7
    # edges: 1-2, 1-10, 2-10, 2-11, 10-11, 2-12
    assert summary.edges == 6
    assert summary.vcs_vcs_edges == 1
    assert summary.components == 1
    assert summary.unconnected_vcs == [13]
    assert summary.departments_without == [3]
    # 5 relationships have a VCS party; org 10 is in 4 of them: it alone covers half
    assert summary.relationships_with_vcs == 5
    assert summary.usual_suspects == [10]
    assert summary.covered_by_usual_suspects == 4
    assert summary.degree == {1: 1, 2: 4, 10: 4, 11: 2, 12: 1}
    assert summary.brokers[0][0] == 2  # the department links the council, 12 and the rest
