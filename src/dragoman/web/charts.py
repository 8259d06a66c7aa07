"""Plotly figures for the pages, as JSON-ready dicts that ``static/app.js`` draws.

Figures travel to the browser inside ``<script type="application/json">`` blocks (no inline
script, so the Content-Security-Policy can forbid them). plotly.js reads a few HTML-like tags in
chart text (``<b>``, ``<a href>``), so every label that comes from the data is escaped first.
The map is a longitude/latitude scatter: plotly's geo charts fetch their base map from a CDN,
which would break the pages offline (see docs/analysis.md).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from html import escape
from typing import Any

import networkx as nx
import plotly.graph_objects as go


COLOURS = ("#1f5f99", "#c2571a", "#4d8f5b", "#8a5a9e", "#b8860b", "#7a9cc6", "#e3a77d",
           "#5b6472", "#2a9d8f", "#d1495b", "#6d597a", "#8ab17d", "#e9c46a", "#264653",
           "#f4a261", "#9aa5b1")
PERIOD_AXIS = {"type": "category", "categoryorder": "category ascending"}  # "2023-10" < "2023-11"
CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def _t(text: Any) -> str:
    """Data text made safe for plotly's pseudo-HTML."""
    return escape(str(text), quote=True)


def _done(fig: go.Figure, height: int) -> dict[str, Any]:
    """Shared layout, then the figure as plain JSON data."""
    fig.update_layout(template="plotly_white", height=height,
                      margin={"l": 50, "r": 20, "t": 20, "b": 40},
                      font={"family": "system-ui, sans-serif", "size": 13},
                      legend={"orientation": "h", "y": -0.18})
    return {"figure": json.loads(fig.to_json()), "config": CONFIG}


def events_by_type(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars: events per month, one colour per PLOVER type."""
    periods = sorted({r["period"] for r in rows})
    per_type: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        per_type[r["type"]][r["period"]] = r["events"]
    fig = go.Figure()
    ranked = sorted(per_type, key=lambda t: -sum(per_type[t].values()))
    for i, kind in enumerate(ranked):
        fig.add_bar(x=periods, y=[per_type[kind].get(p, 0) for p in periods], name=_t(kind),
                    marker_color=COLOURS[i % len(COLOURS)])
    fig.update_layout(barmode="stack", xaxis=PERIOD_AXIS,
                      yaxis={"title": "events (reports)"})
    return _done(fig, 360)


def engagement(sides: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Rank-weighted engagement per period, occurred and planned, for one or two actors."""
    fig = go.Figure()
    for i, side in enumerate(sides):
        label = _t(side["actor"]["label"])
        periods = [p["period"] for p in side["timeline"]]
        fig.add_bar(x=periods, y=[p["index"] for p in side["timeline"]], name=label,
                    marker_color=COLOURS[2 * i],
                    customdata=[[p["events"], p["states"]] for p in side["timeline"]],
                    hovertemplate="%{x}: index %{y} from %{customdata[0]} events with "
                                  "%{customdata[1]} states<extra></extra>")
        fig.add_bar(x=periods, y=[p["planned_index"] for p in side["timeline"]],
                    name=f"{label} (planned, not counted)", marker_color=COLOURS[2 * i + 1],
                    opacity=0.55)
    fig.update_layout(barmode="group", xaxis=PERIOD_AXIS,
                      yaxis={"title": "engagement index"})
    return _done(fig, 340)


def counterparts(rows: Sequence[dict[str, Any]], top: int = 15) -> dict[str, Any]:
    """Horizontal bars: meetings by counterpart, high-level ones apart."""
    shown = list(reversed(rows[:top]))
    labels = [_t(r["counterpart"]) for r in shown]
    fig = go.Figure()
    fig.add_bar(y=labels, x=[r["high_level"] for r in shown], orientation="h",
                name="high-level (rank 3+)", marker_color=COLOURS[0])
    fig.add_bar(y=labels, x=[r["meetings"] - r["high_level"] for r in shown], orientation="h",
                name="other", marker_color=COLOURS[5])
    fig.update_layout(barmode="stack", xaxis={"title": "meetings", "dtick": 1},
                      yaxis={"type": "category"})
    return _done(fig, 120 + 28 * max(len(shown), 3))


def network(data: dict[str, Any]) -> dict[str, Any]:
    """The counterpart network of ``views.network_dict`` (spring layout with a fixed seed, so the
    picture is the same every time; colours are communities)."""
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in data["nodes"])
    for edge in data["edges"]:
        old = graph.edges[edge["source"], edge["target"]]["weight"] if graph.has_edge(
            edge["source"], edge["target"]) else 0
        graph.add_edge(edge["source"], edge["target"], weight=old + edge["weight"])
    pos = nx.spring_layout(graph, seed=7, weight="weight")
    colour = {n: COLOURS[i % len(COLOURS)]
              for i, members in enumerate(data["communities"]) for n in members}
    fig = go.Figure()
    for u, v, weight in graph.edges(data="weight"):
        fig.add_scatter(x=[pos[u][0], pos[v][0]], y=[pos[u][1], pos[v][1]], mode="lines",
                        line={"width": min(1 + weight / 2, 8), "color": "#b0b7c3"},
                        hoverinfo="skip", showlegend=False)
    nodes = sorted(graph.nodes)
    fig.add_scatter(x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
                    mode="markers+text", text=[_t(n) for n in nodes], textposition="top center",
                    marker={"size": [14 + 3 * min(graph.degree(n), 10) for n in nodes],
                            "color": [colour.get(n, COLOURS[0]) for n in nodes],
                            "line": {"width": 1, "color": "white"}},
                    hovertext=[_t(f"{n}: {graph.degree(n, weight='weight')} ties") for n in nodes],
                    hoverinfo="text", showlegend=False)
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    return _done(fig, 440)


def places_map(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Meeting places on longitude/latitude axes, sized by their number of meetings."""
    located = [r for r in rows if r["lat"] is not None and r["lon"] is not None]
    fig = go.Figure()
    fig.add_scatter(x=[r["lon"] for r in located], y=[r["lat"] for r in located],
                    mode="markers+text", textposition="top center",
                    text=[_t(f"{r['place']} ({r['country'] or '?'}): {r['meetings']}")
                          for r in located],
                    marker={"size": [12 + 6 * min(r["meetings"], 8) for r in located],
                            "color": COLOURS[0], "opacity": 0.8},
                    hoverinfo="text", showlegend=False)
    lons = [r["lon"] for r in located] or [0.0]
    lats = [r["lat"] for r in located] or [0.0]
    fig.update_layout(xaxis={"title": "longitude", "range": [min(lons) - 8, max(lons) + 8]},
                      yaxis={"title": "latitude", "range": [min(lats) - 5, max(lats) + 5],
                             "scaleanchor": "x"})
    return _done(fig, 420)


def meetings_compare(per_side: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Occurred meetings per period of the two actors side by side."""
    fig = go.Figure()
    for i, (label, per) in enumerate(per_side.items()):
        fig.add_bar(x=list(per), y=list(per.values()), name=_t(label), marker_color=COLOURS[2 * i])
    fig.update_layout(barmode="group", xaxis=PERIOD_AXIS,
                      yaxis={"title": "meetings (CONSULT)", "dtick": 1})
    return _done(fig, 320)
