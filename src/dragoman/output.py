"""Render events for people and programs: JSON Lines, CSV (one row per dyad), a rich table.

The JSON shape is :meth:`Event.to_dict`; the flat shape (CSV, Parquet) is :data:`EVENT_COLUMNS`.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from .types import Event

# The one flat schema of an event (CSV, Parquet): one row per dyad. ``dragoman extract --format
# csv`` and ``dragoman export --format csv`` write exactly these columns; corpus columns
# (cluster_id, published, ...) are empty for events that were never stored.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "cluster_id", "doc_id", "article_id", "type", "mode",
    "source_name", "source_actor", "source_role", "source_kb_id",
    "target_name", "target_actor", "target_role", "target_kb_id",
    "date_start", "date_end", "date_precision", "place_name", "place_country", "lat", "lon",
    "status", "attributed_to", "evidence", "evidence_start", "evidence_end", "trigger",
    "confidence", "extractor", "imported", "origin", "outlet", "url", "published", "title",
)
CSV_COLUMNS = EVENT_COLUMNS


def to_jsonl(events: Iterable[Event]) -> str:
    """One JSON object per event, in the shape of :meth:`Event.to_dict`."""
    return "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events)


def flat_row(event: Event) -> dict[str, Any]:
    """The event as one flat row of :data:`EVENT_COLUMNS` (dates as ``date`` objects)."""
    record = event.to_dict()
    src, tgt, when, where = event.source, event.target, event.date, event.place
    row: dict[str, Any] = {key: record[key] for key in (
        "event_id", "cluster_id", "doc_id", "article_id", "type", "mode", "status",
        "attributed_to", "extractor", "imported", "origin", "outlet", "url", "title")}
    for prefix, ref in (("source", src), ("target", tgt)):
        for key in ("name", "actor", "role", "kb_id"):
            row[f"{prefix}_{key}"] = getattr(ref, key) if ref else None
    row.update({
        "date_start": when.start if when else None, "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "place_name": where.name if where else None,
        "place_country": where.country if where else None,
        "lat": where.lat if where else None, "lon": where.lon if where else None,
        "evidence": event.evidence.text, "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end, "trigger": event.trigger.text,
        "confidence": round(event.confidence, 3), "published": event.published,
    })
    return {key: row[key] for key in EVENT_COLUMNS}


def csv_cell(value: Any) -> Any:
    """A CSV cell: empty for None, ISO for dates, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(events: Iterable[Event], header: bool = True) -> str:
    """CSV with a header and proper quoting."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EVENT_COLUMNS)
    if header:
        writer.writeheader()
    for event in events:
        writer.writerow({k: csv_cell(v) for k, v in flat_row(event).items()})
    return buf.getvalue()


def _side(ref) -> str:
    if ref is None:
        return "—"
    code = f" [{ref.actor}]" if ref.actor else ""
    return f"{ref.name}{code}"


def _when(event: Event) -> str:
    """A day, or a range on two lines, so the date column stays narrow and is never cut."""
    if event.date is None:
        return "—"
    start, end = event.date.start.isoformat(), event.date.end.isoformat()
    return start if start == end else f"{start}\n..{end}"


# Columns in the order they are dropped when the terminal is narrow: what is left always fits.
_OPTIONAL = (("conf", 100), ("according to", 100), ("place", 72))


def to_table(events: list[Event], title: str = "Events", width: int = 80):
    """A rich Table that fits ``width`` columns: long names wrap, dates never do.

    Below 100 columns the confidence and attribution columns are left out, below 72 the place
    (``--format jsonl`` always has everything).
    """
    from rich.table import Table

    dropped = {name for name, needs in _OPTIONAL if width < needs}
    columns = [c for c in ("type", "source", "target", "date", "place", "status", "according to",
                           "conf") if c not in dropped]
    table = Table(title=title, show_lines=False)
    for column in columns:
        if column == "date":
            table.add_column(column, no_wrap=True, min_width=12)
        elif column in ("status", "conf"):
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, overflow="fold")
    for e in events:
        cells = {"type": e.type + (f"\n{e.mode}" if e.mode else ""), "source": _side(e.source),
                 "target": _side(e.target), "date": _when(e),
                 "place": e.place.name if e.place else "—", "status": e.status,
                 "according to": e.attributed_to or "—", "conf": f"{e.confidence:.2f}"}
        table.add_row(*(cells[c] for c in columns))
    return table
