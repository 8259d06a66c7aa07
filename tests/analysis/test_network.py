"""Network measures on hand-made interactions."""
from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from corpus_fixture import HANIYEH, ev

from dragoman.analysis import network as net
from dragoman.analysis.data import resolve_actor

D = date(2023, 10, 9)


def _worked_example():
    return [ev("w1", "a1", "CONSULT", HANIYEH, ("FM", "IRN", 4), D, cluster="k"),
            ev("w2", "a2", "CONSULT", ("FM", "IRN", 4), HANIYEH, D, cluster="k"),  # same meeting
            ev("w3", "a1", "CONSULT", HANIYEH, ("FM", "IRN", 4), date(2023, 11, 2)),
            ev("w4", "a1", "CONSULT", HANIYEH, ("Kamel", "EGY", 3), D),
            ev("w5", "a1", "CONSULT", ("Sisi", "EGY", 5), ("Blinken", "USA", 4), D)]


def test_symmetric_reports_of_one_meeting_merge_and_weigh():
    graph = net.meeting_graph(net.interactions(_worked_example()))
    assert graph.edges["Hamas", "IRN"]["weight"] == 2
    assert graph.edges["IRN", "Hamas"]["weight"] == 2
    assert graph.edges["Hamas", "IRN"]["rank_weight"] == 8  # the FM (rank 4) twice
    assert graph.edges["IRN", "Hamas"]["rank_weight"] == 10  # Haniyeh (rank 5) twice


def test_betweenness_worked_example():
    graph = net.meeting_graph(net.interactions(_worked_example()))
    scores = dict(net.brokers(graph))
    assert scores == pytest.approx({"Hamas": 4 / 6, "EGY": 4 / 6})


def test_directed_types_point_one_way():
    rows = [ev("s1", "a1", "SUPPORT", ("Qatar", "QAT", None), ("Hamas", "Hamas", None), D)]
    graph = net.meeting_graph(net.interactions(rows))
    assert graph.has_edge("QAT", "Hamas") and not graph.has_edge("Hamas", "QAT")


def test_pa_and_pse_fold_into_one_node(events):
    graph = net.meeting_graph(net.interactions(events))
    assert "Palestinian Authority" in graph and "PSE" not in graph


def test_hosts_and_communities(events):
    items = net.interactions(events)
    places, states = net.hosts(items)
    assert [(p.place, len(p.meetings)) for p in places] == [("Cairo", 2), ("Amman", 1),
                                                             ("Doha", 1)]
    assert states == {"EGY": 2, "JOR": 1, "QAT": 1}
    found = net.communities(net.meeting_graph(items))
    assert sorted(map(sorted, found)) == [["EGY", "JOR", "Palestinian Authority"],
                                          ["Hamas", "IRN", "QAT", "RUS"]]


def test_ego_network_and_actor_filter(events):
    graph = net.meeting_graph(net.interactions(events))
    assert set(net.ego(graph, "Hamas").nodes) == {"Hamas", "IRN", "EGY", "RUS", "QAT"}
    assert net.ego(graph, "nobody").number_of_nodes() == 0
    mine = net.interactions(events, actor=resolve_actor("PA"))
    # symmetric pairs are stored in name order
    assert {(i.source, i.target) for i in mine} == {("JOR", "Palestinian Authority"),
                                                    ("EGY", "Palestinian Authority")}


def test_graphml_round_trip(tmp_path, events):
    graph = net.meeting_graph(net.interactions(events))
    net.write_graphml(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.edges["Hamas", "IRN"]["types"] == "CONSULT"
