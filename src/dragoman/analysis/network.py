"""Who meets whom: the counterpart network, its brokers, hosts and communities (networkx).

Nodes are actors (codes; names where no code is known; the alias table folds PA and PSE into one
node). Reports of one event are merged as in indices (one cluster, one pair = one interaction) and
only occurred events count. An edge u -> v carries ``weight`` (number of interactions),
``rank_weight`` (sum of the ranks of v's representatives, unknown = 1, as in the engagement index) and
``types``. Interactions of the symmetric types CONSULT, COOPERATE and AGREE add the edge both ways;
the others (SUPPORT, AID ... ) only from source to target.

Brokers: betweenness centrality on the unweighted directed graph (a weight would be read as a
distance, and a stronger tie is not a longer path). Communities: greedy modularity on the
undirected graph whose edge weight is the sum of both directions. Hosts: occurred meetings
(CONSULT) counted by place name and by the place's country. Worked example: Hamas meets IRN twice
and EGY once, and EGY meets USA once (all CONSULT): edge Hamas -> IRN has weight 2 (and so has
IRN -> Hamas); the graph is the path IRN - Hamas - EGY - USA, so Hamas lies on the shortest paths
of 4 of the 6 ordered pairs of other nodes (IRN<->EGY, IRN<->USA) and its betweenness is
4 / ((n-1)(n-2)) = 4/6 = 0.67, as is EGY's; IRN and USA have 0.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities

from ..ontology.plover import SYMMETRIC
from .data import ActorSpec, EventRow, is_state, load_equivalents, side_key
from .indices import ENGAGEMENT_TYPES, MEETING_TYPE


@dataclass(frozen=True, slots=True)
class Interaction:
    """One occurred event between two actors, merged from its reports."""

    source: str
    target: str
    type: str
    source_rank: int
    target_rank: int
    place: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    events: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class HostPlace:
    """A place where meetings took place."""

    place: str
    country: str | None
    lat: float | None
    lon: float | None
    meetings: tuple[Interaction, ...]


def node_id(code: str | None, name: str | None) -> str | None:
    """The node an event side belongs to, with alias-table actors folded into one label."""
    key = side_key(code, name)
    if key is None:
        return None
    for spec in load_equivalents():
        if spec.matches(code, name):
            return spec.label
    return key


def interactions(events: Iterable[EventRow], types: Sequence[str] = ENGAGEMENT_TYPES,
                 actor: ActorSpec | None = None) -> list[Interaction]:
    """Occurred events of the given types, one per (cluster, pair), optionally of one actor."""
    groups: dict[tuple[str, str, str], list[tuple[EventRow, bool]]] = defaultdict(list)
    for row in events:
        if row.type not in types or row.status != "occurred":
            continue
        if actor and not (actor.matches(row.source_actor, row.source_name)
                          or actor.matches(row.target_actor, row.target_name)):
            continue
        src = node_id(row.source_actor, row.source_name)
        dst = node_id(row.target_actor, row.target_name)
        if not src or not dst or src == dst:
            continue
        # "X met Y" and "Y met X" in one cluster are one meeting: order symmetric pairs
        flipped = row.type in SYMMETRIC and dst < src
        pair = (dst, src) if flipped else (src, dst)
        groups[(row.cluster_id or row.event_id, *pair)].append((row, flipped))
    return [_interaction(src, dst, rows) for (_, src, dst), rows in groups.items()]


def _interaction(src: str, dst: str, members: list[tuple[EventRow, bool]]) -> Interaction:
    """Merge the reports of one interaction; the place comes from the first report giving one."""
    rows = [row for row, _ in members]
    placed = next((r for r in rows if r.place_name), rows[0])
    oriented = [(r.target_rank, r.source_rank) if flipped else (r.source_rank, r.target_rank)
                for r, flipped in members]
    src_rank = max([s for s, _ in oriented if s] or [1])
    dst_rank = max([t for _, t in oriented if t] or [1])
    return Interaction(src, dst, rows[0].type, src_rank, dst_rank, placed.place_name,
                       placed.place_country, placed.lat, placed.lon, tuple(rows))


Labeller = Callable[[str | None, str | None], str]


def meeting_graph(items: Iterable[Interaction], names: Labeller | None = None) -> nx.DiGraph:
    """The weighted directed graph of interactions (symmetric types add both directions).

    Nodes are actor codes; each node's ``label`` is the actor's display name from ``names``
    (``dragoman.kb.lookup.actor_names``): "Iran" for IRN.
    """
    graph = nx.DiGraph()
    for item in items:
        _add(graph, item.source, item.target, item.target_rank, item.type)
        if item.type in SYMMETRIC:
            _add(graph, item.target, item.source, item.source_rank, item.type)
    for node in graph.nodes:
        graph.nodes[node]["label"] = names(node, node) if names else node
        graph.nodes[node]["kind"] = "state" if is_state(node) else "organisation"
    return graph


def _add(graph: nx.DiGraph, u: str, v: str, rank: int, event_type: str) -> None:
    """Add one interaction to the edge u -> v; ``rank`` is v's representative's."""
    if graph.has_edge(u, v):
        data = graph.edges[u, v]
        data["weight"] += 1
        data["rank_weight"] += rank
        data["types"] = ";".join(sorted(set(data["types"].split(";")) | {event_type}))
    else:
        graph.add_edge(u, v, weight=1, rank_weight=rank, types=event_type)


def ego(graph: nx.DiGraph, node: str) -> nx.DiGraph:
    """The actor, its counterparts, and the ties among them."""
    if node not in graph:
        return nx.DiGraph()
    return nx.ego_graph(graph, node, radius=1, undirected=True).copy()


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """The undirected graph whose edge weight sums both directions."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        old = out.edges[u, v]["weight"] if out.has_edge(u, v) else 0
        out.add_edge(u, v, weight=old + data["weight"])
    return out


def brokers(graph: nx.DiGraph, top: int = 10) -> list[tuple[str, float]]:
    """Actors by betweenness centrality, highest first, zeros left out."""
    if graph.number_of_nodes() < 3:
        return []
    scores = nx.betweenness_centrality(graph, normalized=True)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(node, score) for node, score in ranked if score > 0][:top]


def communities(graph: nx.DiGraph) -> list[list[str]]:
    """Greedy-modularity communities, largest first, members sorted."""
    simple = undirected(graph)
    if simple.number_of_edges() == 0:
        return []
    found = greedy_modularity_communities(simple, weight="weight")
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def hosts(items: Iterable[Interaction]) -> tuple[list[HostPlace], Counter[str]]:
    """Meeting places (most meetings first) and meetings counted by host state."""
    by_place: dict[str, list[Interaction]] = defaultdict(list)
    by_state: Counter[str] = Counter()
    for item in items:
        if item.type != MEETING_TYPE:
            continue
        if item.place:
            by_place[item.place].append(item)
        if item.place_country:
            by_state[item.place_country] += 1
    places = [_host_place(name, found) for name, found in by_place.items()]
    return sorted(places, key=lambda p: (-len(p.meetings), p.place)), by_state


def _host_place(name: str, found: list[Interaction]) -> HostPlace:
    """A place with the first coordinates any of its meetings carries."""
    located = next((i for i in found if i.lat is not None and i.lon is not None), found[0])
    return HostPlace(name, located.place_country, located.lat, located.lon, tuple(found))


def write_graphml(graph: nx.DiGraph, path: str | Path) -> None:
    """Write the graph as GraphML (readable by Gephi, yEd, networkx)."""
    nx.write_graphml(graph, str(path))


@dataclass(frozen=True)
class Network:
    """Who meets whom in a window: the graph and what is read off it, with display labels."""

    graph: nx.DiGraph
    interactions: tuple[Interaction, ...]
    brokers: tuple[tuple[str, float], ...]
    communities: tuple[tuple[str, ...], ...]
    places: tuple[HostPlace, ...]
    host_states: tuple[tuple[str, int], ...]
    names: Labeller | None = None

    def label(self, node: str) -> str:
        """A node's (or a host state's) display name."""
        if node in self.graph:
            return self.graph.nodes[node].get("label", node)
        return self.names(node, node) if self.names else node


def analyse(events: Sequence[EventRow], actor: ActorSpec | None = None,
            names: Labeller | None = None) -> Network:
    """The meeting network of windowed events, or the ego network of one actor."""
    items = interactions(events)
    graph = meeting_graph(items, names)
    if actor is not None:
        node = next((n for n in graph.nodes if actor.matches(n, n)), None)
        graph = ego(graph, node) if node else nx.DiGraph()
        items = interactions(events, actor=actor)
    places, states = hosts(items)
    return Network(graph, tuple(items), tuple(brokers(graph)),
                   tuple(tuple(c) for c in communities(graph)), tuple(places),
                   tuple(states.most_common()), names)
