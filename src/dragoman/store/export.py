"""Export stored events: JSONL, CSV (one row per dyad), Parquet (pinned schema), GraphML network.

Each format is registered in ``registry.exporters`` under a versioned name and takes the event rows
of :func:`dragoman.store.queries.select_events` and a target (a path, or an open stream: text for
JSONL and CSV, binary for Parquet and GraphML).
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Iterator

import duckdb
import pyarrow as pa

from ..errors import ConfigError
from ..ontology.plover import EVENT_TYPES
from ..registry import exporters
from .queries import EVENT_COLUMNS, EventFilter, event_record, select_events

Target = str | Path | IO[Any]

_S, _D, _F = pa.string(), pa.date32(), pa.float64()
# The Parquet schema is part of the output contract: change it only with a new exporter version.
PARQUET_SCHEMA = pa.schema(
    [(name, _S) for name in EVENT_COLUMNS[:14]]
    + [("date_start", _D), ("date_end", _D), ("date_precision", _S), ("place_name", _S),
       ("place_country", _S), ("lat", _F), ("lon", _F)]
    + [(name, _S) for name in ("status", "attributed_to", "evidence")]
    + [("evidence_start", pa.int32()), ("evidence_end", pa.int32()), ("trigger", _S),
       ("confidence", _F), ("extractor", _S), ("imported", pa.bool_()), ("origin", _S),
       ("outlet", _S), ("url", _S), ("published", _D), ("title", _S)],
    metadata={"dragoman.exporter": "parquet.v1"})


@contextmanager
def _text_out(target: Target) -> Iterator[IO[str]]:
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield target


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@exporters.register("jsonl.v1")
def write_jsonl(rows: Sequence[dict[str, Any]], target: Target) -> int:
    """One JSON object a line, in the shape of ``dragoman extract`` plus corpus fields."""
    with _text_out(target) as out:
        for row in rows:
            out.write(json.dumps(event_record(row), ensure_ascii=False, default=_json_default))
            out.write("\n")
    return len(rows)


@exporters.register("csv.v1")
def write_csv(rows: Sequence[dict[str, Any]], target: Target) -> int:
    """One row per dyad with a header; the csv module quotes commas, quotes and newlines."""
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(row.get(k)) for k in EVENT_COLUMNS})
    return len(rows)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@exporters.register("parquet.v1")
def write_parquet(rows: Sequence[dict[str, Any]], target: Target) -> int:
    """A Parquet file with :data:`PARQUET_SCHEMA`."""
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{k: row.get(k) for k in PARQUET_SCHEMA.names} for row in rows],
                                 schema=PARQUET_SCHEMA)
    pq.write_table(table, target if not isinstance(target, Path) else str(target))
    return len(rows)


def actor_network(rows: Sequence[dict[str, Any]]) -> Any:
    """The directed actor network: nodes are actors, edges count events by type."""
    import networkx as nx

    graph = nx.DiGraph()
    edges: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        src, tgt = _node(row, "source"), _node(row, "target")
        if src is None or tgt is None:
            continue
        for node, prefix in ((src, "source"), (tgt, "target")):
            if node not in graph:
                graph.add_node(node, label=row[f"{prefix}_name"] or node,
                               actor=row[f"{prefix}_actor"] or "")
        edges[(src, tgt)][row["type"]] += 1
    for (src, tgt), types in sorted(edges.items()):
        counts = {f"n_{t}": types.get(t, 0) for t in EVENT_TYPES}
        graph.add_edge(src, tgt, weight=sum(types.values()), **counts)
    return graph


def _node(row: dict[str, Any], side: str) -> str | None:
    return row[f"{side}_actor"] or row[f"{side}_kb_id"] or row[f"{side}_name"]


@exporters.register("graphml.v1")
def write_graphml(rows: Sequence[dict[str, Any]], target: Target) -> int:
    """GraphML of :func:`actor_network`; returns the number of events on its edges."""
    import networkx as nx

    graph = actor_network(rows)
    nx.write_graphml(graph, target if not isinstance(target, Path) else str(target))
    return sum(d["weight"] for _, _, d in graph.edges(data=True))


def export_events(con: duckdb.DuckDBPyConnection, fmt: str, target: Target,
                  event_filter: EventFilter | None = None) -> int:
    """Select events by filter and write them in a format (jsonl, csv, parquet, graphml)."""
    name = fmt if "." in fmt else f"{fmt}.v1"
    if not exporters.get_all().get(name):
        raise ConfigError(f"unknown export format {fmt!r}; choose one of "
                          f"{sorted(n.split('.')[0] for n in exporters.get_all())}")
    rows = select_events(con, event_filter)
    exporters.get(name)(rows, target)
    return len(rows)
