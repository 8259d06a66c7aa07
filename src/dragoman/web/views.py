"""The actor page and the comparison as plain data, computed by the analysis modules.

Nothing is measured here: :func:`~dragoman.analysis.standing.compute_standing` gives the numbers,
the verdict and the evidence groups (the very ones ``dragoman standing`` prints), and
:mod:`~dragoman.analysis.network` the counterpart network and meeting places. This module only
turns them into JSON-ready dicts and bounds every list (``TOP``); the complete evidence is the
paginated :func:`evidence_rows`.

The window is the standing's: the one asked for, or, without ``since``, the actor's densest recent
period (:mod:`dragoman.analysis.window`); the network and the places cover the same days.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import networkx as nx

from ..analysis import network as net
from ..analysis.data import Corpus, EventRow, select_events
from ..analysis.indices import PeriodEngagement, Unit, high_level, meetings
from ..analysis.standing import ActorStanding, Standing, compute_standing
from ..analysis.window import GAP_DAYS
from ..kb.lookup import ActorQuery
from .params import WindowParams

TOP = 100  # rows of each list inside a view; counts are always complete
TOP_EDGES = 300


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def standing(corpus: Corpus, actor: ActorQuery, vs: ActorQuery | None, window: WindowParams,
             per_article: bool = False, kb: object = None) -> Standing:
    """The analysis' standing, exactly as `dragoman standing` computes it."""
    return compute_standing(corpus, actor, window.since, window.until, window.pivot, vs,
                            window.period, per_article, kb)  # type: ignore[arg-type]


def unit_dict(unit: Unit) -> dict[str, Any]:
    """One merged event with its reports."""
    return {"type": unit.type, "status": unit.status, "start": _day(unit.start),
            "end": _day(unit.end), "counterpart": unit.counterpart,
            "counterpart_name": unit.counterpart_name, "kind": unit.kind, "rank": unit.rank,
            "place": unit.place, "reports": [_report(row) for row in unit.events]}


def _report(row: EventRow) -> dict[str, Any]:
    """One report sentence behind a unit."""
    return {"event_id": row.event_id, "evidence": row.evidence, "outlet": row.outlet,
            "published": _day(row.published), "doc_id": row.doc_id}


def _units(units: tuple[Unit, ...] | list[Unit]) -> dict[str, Any]:
    """A bounded list of units with the full count."""
    return {"total": len(units), "items": [unit_dict(u) for u in units[:TOP]]}


def _period(p: PeriodEngagement, articles: dict[str, int]) -> dict[str, Any]:
    return {"period": p.period, "events": p.n_units, "index": p.weighted, "states": p.n_states,
            "organisations": p.n_organisations, "planned": p.n_planned,
            "planned_index": p.planned_weighted, "articles": articles.get(p.period, 0)}


def side_dict(side: ActorStanding) -> dict[str, Any]:
    """The measures of one actor."""
    met, iso, total = side.meetings, side.isolation, side.total
    return {
        "actor": {"label": side.actor.label, "codes": sorted(side.actor.codes),
                  "names": sorted(side.actor.names)},
        "totals": {"meetings": len(met), "high_level_meetings": len(high_level(met)),
                   "engagement_index": total.weighted, "cooperative_events": total.n_units,
                   "states": total.n_states, "organisations": total.n_organisations,
                   "planned": total.n_planned, "setbacks": len(iso.setbacks),
                   "setbacks_by_states": len(iso.by_states), "major_setbacks": len(iso.major),
                   "negated_setbacks": len(iso.negated), "threats": len(iso.threats),
                   "articles": side.n_articles, "reports": side.n_reports},
        "evidence": {"reports": side.n_reports, "needed": side.min_reports,
                     "enough": side.enough_evidence},
        "timeline": _trimmed([_period(p, side.articles) for p in side.timeline]),
        "pivot": _pivot(side),
    }


def _trimmed(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline without its empty first and last periods (an open window spans every event
    of the corpus, 1994 included); empty periods in between stay, they are news too."""
    def empty(p: dict[str, Any]) -> bool:
        return not (p["events"] or p["planned"] or p["articles"])

    kept = [i for i, p in enumerate(timeline) if not empty(p)]
    return timeline[kept[0]:kept[-1] + 1] if kept else []


def _pivot(side: ActorStanding) -> dict[str, Any] | None:
    eng, bad = side.engagement_pivot, side.setback_pivot
    if eng is None or bad is None:
        return None
    return {"pivot": eng.pivot.isoformat(),
            "cooperative": {"before": eng.before, "after": eng.after,
                            "before_rate": round(eng.before_rate, 2),
                            "after_rate": round(eng.after_rate, 2)},
            "setbacks": {"before": bad.before, "after": bad.after,
                         "before_rate": round(bad.before_rate, 2),
                         "after_rate": round(bad.after_rate, 2)},
            "before_days": eng.before_days, "after_days": eng.after_days}


def counterparts(side: ActorStanding) -> list[dict[str, Any]]:
    """Occurred meetings grouped by counterpart, most meetings first."""
    groups: dict[str, list[Unit]] = defaultdict(list)
    for unit in side.meetings:
        groups[unit.counterpart or "unnamed"].append(unit)
    rows = []
    for key, units in groups.items():
        days = sorted(u.start for u in units if u.start)
        rows.append({"counterpart": key, "name": units[0].counterpart_name, "kind": units[0].kind,
                     "meetings": len(units), "high_level": len(high_level(units)),
                     "top_rank": max(u.rank for u in units), "first": _day(days[0] if days else None),
                     "last": _day(days[-1] if days else None)})
    return sorted(rows, key=lambda r: (-r["meetings"], r["counterpart"]))[:TOP]


def actor_network(corpus: Corpus, result: Standing) -> nx.DiGraph:
    """The actor, its counterparts and the ties among them (occurred cooperative events)."""
    events = select_events(corpus.events, result.since, result.until)
    graph = net.meeting_graph(net.interactions(events))
    spec = result.actor.actor
    node = next((n for n in graph.nodes if spec.matches(n, n)), None)
    return net.ego(graph, node) if node else nx.DiGraph()


def network_dict(graph: nx.DiGraph) -> dict[str, Any]:
    """Nodes, the heaviest edges, brokers and communities."""
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    return {"nodes": [{"id": n, "kind": graph.nodes[n].get("kind"), "degree": graph.degree(n)}
                      for n in sorted(graph.nodes)][:TOP_EDGES],
            "edges": [{"source": u, "target": v, "weight": d["weight"],
                       "rank_weight": d["rank_weight"], "types": d["types"]}
                      for u, v, d in edges[:TOP_EDGES]],
            "n_edges": graph.number_of_edges(),
            "brokers": [{"actor": n, "betweenness": round(s, 3)} for n, s in net.brokers(graph)],
            "communities": net.communities(graph)[:TOP]}


def places(corpus: Corpus, result: Standing) -> dict[str, Any]:
    """Where the actor's meetings took place, and the host states."""
    events = select_events(corpus.events, result.since, result.until)
    found, states = net.hosts(net.interactions(events, actor=result.actor.actor))
    return {"places": [{"place": p.place, "country": p.country, "lat": p.lat, "lon": p.lon,
                        "meetings": len(p.meetings)} for p in found[:TOP]],
            "host_states": [{"country": c, "meetings": n} for c, n in states.most_common(TOP)]}


def actor_view(corpus: Corpus, result: Standing) -> dict[str, Any]:
    """Everything the actor page shows, except the paginated evidence: the standing of the actor
    alone (its verdict too), its counterparts, network and meeting places."""
    side = result.actor
    graph = actor_network(corpus, result)
    return {**side_dict(side), "window": _window(result),
            "verdict": list(result.verdict),
            "counterparts": counterparts(side),
            "setbacks": _units(side.isolation.setbacks),
            "negated_setbacks": _units(side.isolation.negated),
            "threats": _units(side.isolation.threats),
            "network": network_dict(graph), **places(corpus, result),
            "evidence_groups": _groups(result)}


def standing_view(result: Standing) -> dict[str, Any]:
    """The comparison: both actors' measures, the verdict, the groups it cites."""
    comparison = result.comparison
    return {"window": _window(result), "actor": side_dict(result.actor),
            "rival": side_dict(result.rival) if result.rival else None,
            "verdict": list(result.verdict), "evidence_groups": _groups(result),
            "comparison": None if comparison is None else {
                "periods": list(comparison.periods),
                "only_actor": _units(comparison.only_a),
                "only_rival": _units(comparison.only_b)}}


def _window(result: Standing) -> dict[str, Any]:
    """The days the numbers cover; ``default`` when no ``since`` was given and the window is the
    actor's densest recent period (the latest stretch of its reports with no gap over
    ``gap_days`` days holding at least ``min_reports`` of them), as `dragoman standing` says."""
    window = result.window
    return {"since": _day(result.since), "until": _day(result.until),
            "pivot": _day(result.pivot), "period": result.period, "default": window.default,
            "gap_days": GAP_DAYS, "min_reports": window.min_reports}


def _groups(result: Standing) -> list[dict[str, Any]]:
    """The evidence groups the verdict cites: reference, what they count, sizes."""
    return [{"ref": g.ref, "label": g.label, "units": len(g.units),
             "reports": sum(len(u.events) for u in g.units)} for g in result.evidence]


def evidence_rows(result: Standing, group: str | None = None) -> list[dict[str, Any]]:
    """Every report sentence behind every cited number, group by group (E1 first)."""
    rows = []
    for g in result.evidence:
        if group and g.ref != group:
            continue
        for unit in g.units:
            for row in unit.events:
                rows.append({"ref": g.ref, "measure": g.label, "start": _day(unit.start),
                             "end": _day(unit.end), "type": unit.type, "status": unit.status,
                             "counterpart": unit.counterpart,
                             "counterpart_name": unit.counterpart_name, "rank": unit.rank,
                             **_report(row)})
    return rows


def meetings_per_period(result: Standing) -> dict[str, dict[str, int]]:
    """Occurred meetings per period of each side (for the comparison chart)."""
    keys = result.comparison.periods if result.comparison else ()
    out = {}
    for side in [result.actor] + ([result.rival] if result.rival else []):
        per = {key: 0 for key in keys}
        for unit in meetings(side.units):
            key = unit.period(result.period)
            if key in per:
                per[key] += 1
        out[side.actor.label] = per
    return out
