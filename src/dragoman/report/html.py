"""The self-contained HTML report: one file with plotly.js inlined, readable without a network.

The meeting-place map is a plain longitude/latitude scatter, not plotly's ``scattergeo``: a geo
chart fetches its base map (topojson) from a CDN when it is drawn, so it would be blank offline.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from ..analysis import network as net
from ..analysis.data import Corpus, select_events
from ..analysis.indices import Unit, meetings
from ..analysis.standing import ActorArg, ActorStanding, Standing, compute_standing
from ..analysis.timeline import Period
from ..kb.lookup import actor_names

COLOURS = ("#1f5f99", "#c2571a", "#7a9cc6", "#e3a77d", "#4d8f5b", "#8a5a9e", "#b8860b")
_REF = re.compile(r"\[(E\d+(?:, E\d+)*)\]")
_CONFIG = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One line of the evidence table: a report sentence behind a number."""

    ref: str
    measure: str
    when: str
    type: str
    status: str
    counterpart: str
    rank: int
    sentence: str
    sources: str  # "outlet, published, doc id" of every report of the sentence


def default_actor(corpus: Corpus, since: date | None = None,
                  until: date | None = None) -> str | None:
    """The actor code with the most cooperative events in the window (the report's default)."""
    counts: dict[str, int] = {}
    for row in select_events(corpus.events, since, until):
        for code in (row.source_actor, row.target_actor):
            if code:
                counts[code] = counts.get(code, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else None


def render_report(corpus: Corpus, actor: ActorArg | None = None, vs: ActorArg | None = None,
                  since: date | None = None, until: date | None = None,
                  pivot: date | None = None, period: Period = "month", kb: Any = None) -> str:
    """The report as one HTML string."""
    from ..kb import load_kb

    kb = kb if kb is not None else load_kb()
    chosen = actor or default_actor(corpus, since, until)
    if chosen is None:
        return _template().render(empty=True, plotlyjs="", since=since, until=until)
    result = compute_standing(corpus, chosen, since, until, pivot, vs, period, per_article=True,
                              kb=kb)
    events = select_events(corpus.events, result.since, result.until)
    found = net.analyse(events, result.actor.actor, actor_names(kb))
    evidence = _evidence_rows(result)
    return _template().render(
        empty=False, plotlyjs=Markup(get_plotlyjs()), s=result, actor_given=actor is not None,
        n_articles=len(corpus.articles), verdict=[_linked(line) for line in result.verdict],
        window=result.window.describe(result.actor.actor.label),
        timeline=_div(_timeline_figure(result), "chart-timeline"),
        rival=_div(_rival_figure(result), "chart-rival") if result.comparison else None,
        network=(_div(_network_figure(found.graph), "chart-network")
                 if found.graph.number_of_edges() else None),
        brokers=[(found.label(n), score) for n, score in found.brokers],
        communities=[[found.label(n) for n in c] for c in found.communities],
        places_map=_div(_map_figure(found.places), "chart-map") if _located(found.places) else None,
        places=found.places, label=result.names,
        host_states=[(result.names(code, code), n) for code, n in found.host_states],
        evidence=evidence, evidence_json=_evidence_json(corpus, result),
        since=result.since, until=result.until, pivot=pivot)


def write_report(corpus: Corpus, out: Path, **options) -> Path:
    """Render the report and write it to ``out`` (UTF-8)."""
    out.write_text(render_report(corpus, **options), encoding="utf-8")
    return out


def _template():
    """The Jinja2 template, autoescaped."""
    env = Environment(loader=PackageLoader("dragoman.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    return env.get_template("report.html.j2")


def _linked(line: str) -> Markup:
    """A verdict line with each [E3] turned into a link to the evidence table."""
    def link(match: re.Match[str]) -> str:
        refs = match.group(1).split(", ")
        return "[" + ", ".join(f'<a href="#{r}">{r}</a>' for r in refs) + "]"
    return Markup(_REF.sub(link, str(escape(line))))


def _div(figure: go.Figure, div_id: str) -> Markup:
    """A figure as a <div> plus its drawing script (plotly.js is inlined once, in the head)."""
    figure.update_layout(template="plotly_white", margin={"l": 50, "r": 20, "t": 40, "b": 40},
                         font={"family": "system-ui, sans-serif", "size": 13})
    return Markup(pio.to_html(figure, full_html=False, include_plotlyjs=False, div_id=div_id,
                              config=_CONFIG))


def _timeline_figure(result: Standing) -> go.Figure:
    """Weighted engagement per period, occurred and planned, for the actor and the rival."""
    fig = go.Figure()
    for i, side in enumerate(_sides(result)):
        periods = [p.period for p in side.timeline]
        fig.add_bar(x=periods, y=[p.weighted for p in side.timeline], name=side.actor.label,
                    marker_color=COLOURS[2 * i],
                    customdata=[[p.n_units, p.n_states] for p in side.timeline],
                    hovertemplate="%{x}: index %{y} from %{customdata[0]} events, "
                                  "%{customdata[1]} states<extra></extra>")
        fig.add_bar(x=periods, y=[p.planned_weighted for p in side.timeline],
                    name=f"{side.actor.label} (planned, not counted)",
                    marker_color=COLOURS[2 * i + 1], opacity=0.55)
    fig.update_layout(barmode="group", height=360, yaxis_title="engagement index (rank-weighted)",
                      xaxis={"type": "category"},
                      legend={"orientation": "h", "y": -0.2})
    return fig


def _sides(result: Standing) -> list[ActorStanding]:
    """The actor, and the rival when there is one."""
    return [result.actor] + ([result.rival] if result.rival else [])


def _rival_figure(result: Standing) -> go.Figure:
    """Meetings per period of the two actors side by side."""
    fig = go.Figure()
    keys = result.comparison.periods if result.comparison else ()
    for i, side in enumerate(_sides(result)):
        per = {key: 0 for key in keys}
        for unit in meetings(side.units):
            key = unit.period(result.period)
            if key in per:
                per[key] += 1
        fig.add_bar(x=list(per), y=list(per.values()), name=side.actor.label,
                    marker_color=COLOURS[2 * i])
    fig.update_layout(barmode="group", height=320, yaxis={"title": "meetings (CONSULT)", "dtick": 1},
                      xaxis={"type": "category"},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def _network_figure(graph: nx.DiGraph) -> go.Figure:
    """A spring layout (fixed seed, so the picture is the same every run) of the ego network."""
    pos = nx.spring_layout(nx.Graph(graph), seed=7, weight="weight")
    groups = net.communities(graph)
    colour = {n: COLOURS[i % len(COLOURS)] for i, members in enumerate(groups) for n in members}
    fig = go.Figure()
    for u, v, data in graph.edges(data=True):
        fig.add_scatter(x=[pos[u][0], pos[v][0]], y=[pos[u][1], pos[v][1]], mode="lines",
                        line={"width": 1 + data["weight"], "color": "#b0b7c3"},
                        hoverinfo="skip", showlegend=False)
    nodes = list(graph.nodes)
    labels = [graph.nodes[n].get("label", n) for n in nodes]
    fig.add_scatter(x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
                    mode="markers+text", text=labels, textposition="top center",
                    marker={"size": [14 + 4 * graph.degree(n) for n in nodes],
                            "color": [colour.get(n, COLOURS[0]) for n in nodes],
                            "line": {"width": 1, "color": "white"}},
                    hovertext=[f"{label}: {graph.degree(n, weight='weight')} ties"
                               for n, label in zip(nodes, labels)],
                    hoverinfo="text", showlegend=False)
    fig.update_layout(height=440, xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def _located(places: Sequence[net.HostPlace]) -> list[net.HostPlace]:
    """Places that carry coordinates."""
    return [p for p in places if p.lat is not None and p.lon is not None]


def _map_figure(places: Sequence[net.HostPlace]) -> go.Figure:
    """Meeting places on longitude/latitude axes, sized by the number of meetings."""
    located = _located(places)
    fig = go.Figure()
    fig.add_scatter(x=[p.lon for p in located], y=[p.lat for p in located], mode="markers+text",
                    text=[f"{p.place} ({p.country or '?'}): {len(p.meetings)}" for p in located],
                    textposition="top center",
                    marker={"size": [12 + 6 * len(p.meetings) for p in located],
                            "color": COLOURS[0], "opacity": 0.8}, showlegend=False,
                    hoverinfo="text")
    lons, lats = [p.lon for p in located], [p.lat for p in located]
    fig.update_layout(height=420, xaxis={"title": "longitude", "range": _pad(lons, 8)},
                      yaxis={"title": "latitude", "range": _pad(lats, 5), "scaleanchor": "x"})
    return fig


def _pad(values: Sequence[float], margin: float) -> list[float]:
    """An axis range around the values with a margin, so a single point is not on the edge."""
    return [min(values) - margin, max(values) + margin]


def _evidence_rows(result: Standing) -> list[EvidenceRow]:
    """Every report sentence behind every cited number; a sentence is shown once per event."""
    return [_evidence_row(group.ref, group.label, unit, rows, result)
            for group in result.evidence for unit in group.units
            for rows in distinct_sentences(unit)]


def distinct_sentences(unit: Unit) -> list[list[Any]]:
    """A unit's reports grouped by sentence: the same sentence reported twice is one row."""
    groups: dict[str, list[Any]] = {}
    for row in unit.events:
        groups.setdefault(" ".join((row.evidence or "").split()), []).append(row)
    return list(groups.values())


def _evidence_row(ref: str, measure: str, unit: Unit, rows: list[Any],
                  result: Standing) -> EvidenceRow:
    """One evidence line: a sentence and every source that reports it."""
    when = unit.start.isoformat() if unit.start else "undated"
    if unit.start and unit.end and unit.end != unit.start:
        when += f" to {unit.end.isoformat()}"
    sources = "; ".join(dict.fromkeys(
        f"{row.outlet or 'unknown outlet'}, "
        f"{row.published.isoformat() if row.published else 'undated'}, doc {row.doc_id or ''}"
        for row in rows))
    first = rows[0]
    return EvidenceRow(ref, measure, when, unit.type, unit.status, result.counterpart(unit),
                       unit.rank, first.evidence or "", sources)


def _evidence_json(corpus: Corpus, result: Standing) -> Markup:
    """The evidence events in the one event shape (Event.to_dict), for download from the page."""
    ids = dict.fromkeys(row.event_id for group in result.evidence for unit in group.units
                        for row in unit.events)
    records = [corpus.records[i].to_dict() for i in ids if i in corpus.records]
    text = json.dumps(records, ensure_ascii=False).replace("<", "\\u003c")  # never ends <script>
    return Markup(text)


__all__ = ["default_actor", "render_report", "write_report"]
