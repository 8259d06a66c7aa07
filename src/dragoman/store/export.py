"""Export events: JSONL, CSV (one row per dyad), Parquet (pinned schema), GraphML network.

Each format is registered in ``registry.exporters`` under a versioned name. An exporter is called
as ``exporter(events, target)`` with a sequence of :class:`~dragoman.types.Event` and a target (a
path, or an open stream: text for JSONL and CSV, binary for Parquet and GraphML) and returns the
number of events written. JSONL is :meth:`Event.to_dict` a line; CSV and Parquet are
:data:`~dragoman.output.EVENT_COLUMNS`. A plugin's exporter registered under a new name is
chosen with ``--format NAME`` like the built-ins.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import duckdb
import pyarrow as pa

from ..errors import ConfigError
from ..ontology.plover import EVENT_TYPES
from ..output import EVENT_COLUMNS, csv_cell, flat_row
from ..registry import exporters
from ..types import Event
from .queries import EventFilter, events as stored_events

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


@exporters.register("jsonl.v1")
def write_jsonl(events: Sequence[Event], target: Target) -> int:
    """One JSON object a line: :meth:`Event.to_dict`, the shape ``dragoman extract`` prints."""
    with _text_out(target) as out:
        for event in events:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False))
            out.write("\n")
    return len(events)


@exporters.register("csv.v1")
def write_csv(events: Sequence[Event], target: Target, header: bool = True) -> int:
    """One row per dyad with a header; the csv module quotes commas, quotes and newlines."""
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS))
        if header:
            writer.writeheader()
        for event in events:
            writer.writerow({k: csv_cell(v) for k, v in flat_row(event).items()})
    return len(events)


@exporters.register("parquet.v1")
def write_parquet(events: Sequence[Event], target: Target) -> int:
    """A Parquet file with :data:`PARQUET_SCHEMA`."""
    import pyarrow.parquet as pq

    rows = [flat_row(event) for event in events]
    table = pa.Table.from_pylist([{k: row.get(k) for k in PARQUET_SCHEMA.names} for row in rows],
                                 schema=PARQUET_SCHEMA)
    pq.write_table(table, target if not isinstance(target, Path) else str(target))
    return len(events)


write_parquet.binary = True  # type: ignore[attr-defined]  # the CLI writes it to a file only
write_parquet.needs_file = True  # type: ignore[attr-defined]


Labeller = Callable[[str | None, str | None], str]


def actor_network(events: Sequence[Event], label: Labeller | None = None) -> Any:
    """The directed actor network: nodes are actors, edges count events by type.

    A node is an actor code (else a KB id, else a name) and its ``label`` is the actor's display
    name ("United States", not "American"); ``label`` defaults to the knowledge base's names.
    """
    import networkx as nx

    label = label or _kb_labels()
    graph = nx.DiGraph()
    edges: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for event in events:
        src, tgt = _node(event.source), _node(event.target)
        if src is None or tgt is None:
            continue
        for node, ref in ((src, event.source), (tgt, event.target)):
            if node not in graph:
                fallback = ref.name if ref.actor is None else None  # type: ignore[union-attr]
                graph.add_node(node, label=label(ref.actor, fallback or node),  # type: ignore[union-attr]
                               actor=ref.actor or "")  # type: ignore[union-attr]
        edges[(src, tgt)][event.type] += 1
    for (src, tgt), types in sorted(edges.items()):
        counts = {f"n_{t}": types.get(t, 0) for t in EVENT_TYPES}
        graph.add_edge(src, tgt, weight=sum(types.values()), **counts)
    return graph


def _kb_labels() -> Labeller:
    from ..kb import load_kb
    from ..kb.lookup import actor_names

    return actor_names(load_kb())


def _node(ref: Any) -> str | None:
    if ref is None:
        return None
    return ref.actor or ref.kb_id or ref.name


@exporters.register("graphml.v1")
def write_graphml(events: Sequence[Event], target: Target) -> int:
    """GraphML of :func:`actor_network`; returns the number of events on its edges."""
    import networkx as nx

    graph = actor_network(events)
    nx.write_graphml(graph, target if not isinstance(target, Path) else str(target))
    return sum(d["weight"] for _, _, d in graph.edges(data=True))


write_graphml.binary = True  # type: ignore[attr-defined]  # networkx writes bytes


def exporter(fmt: str) -> Callable[..., int]:
    """The registered exporter for a format name ("csv" or "csv.v1"), or a ConfigError."""
    from ..registry import load_builtins

    load_builtins()
    name = fmt if "." in fmt else f"{fmt}.v1"
    if name not in exporters.get_all():
        raise ConfigError(f"unknown export format {fmt!r}; choose one of "
                          f"{', '.join(export_formats())}")
    return exporters.get(name)


def export_formats() -> list[str]:
    """Registered export formats by short name (a plugin's included)."""
    from ..registry import load_builtins

    load_builtins()
    return sorted({n.rsplit(".v", 1)[0] if ".v" in n else n for n in exporters.get_all()})


def export_events(con: duckdb.DuckDBPyConnection, fmt: str, target: Target,
                  event_filter: EventFilter | None = None) -> int:
    """Select stored events by filter and write them with the registered exporter ``fmt``."""
    write = exporter(fmt)
    found = stored_events(con, event_filter)
    write(found, target)
    return len(found)
