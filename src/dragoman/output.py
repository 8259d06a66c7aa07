"""Render events for people and programs: JSON Lines, CSV (one row per dyad), a rich table."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .types import Event

CSV_COLUMNS = ("doc_id", "event_id", "type", "mode", "source_name", "source_actor", "source_role",
               "target_name", "target_actor", "target_role", "date_start", "date_end",
               "date_precision", "place", "place_country", "lat", "lon", "status",
               "attributed_to", "confidence", "evidence", "evidence_start", "evidence_end",
               "extractor")


def to_jsonl(events: Iterable[Event]) -> str:
    """One JSON object per event, per the output contract."""
    return "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in events)


def flat_row(event: Event) -> dict[str, Any]:
    """The event as one flat CSV row."""
    src, tgt, when, where = event.source, event.target, event.date, event.place
    return {
        "doc_id": event.doc_id, "event_id": event.event_id, "type": event.type, "mode": event.mode,
        "source_name": src.name if src else None, "source_actor": src.actor if src else None,
        "source_role": src.role if src else None,
        "target_name": tgt.name if tgt else None, "target_actor": tgt.actor if tgt else None,
        "target_role": tgt.role if tgt else None,
        "date_start": when.start.isoformat() if when else None,
        "date_end": when.end.isoformat() if when else None,
        "date_precision": when.precision if when else None,
        "place": where.name if where else None, "place_country": where.country if where else None,
        "lat": where.lat if where else None, "lon": where.lon if where else None,
        "status": event.status, "attributed_to": event.attributed_to,
        "confidence": round(event.confidence, 3), "evidence": event.evidence.text,
        "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "extractor": event.extractor,
    }


def to_csv(events: Iterable[Event], header: bool = True) -> str:
    """CSV with a header and proper quoting."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    if header:
        writer.writeheader()
    for event in events:
        writer.writerow(flat_row(event))
    return buf.getvalue()


def _side(ref) -> str:
    if ref is None:
        return "—"
    code = f" [{ref.actor}]" if ref.actor else ""
    return f"{ref.name}{code}"


def to_table(events: list[Event], title: str = "Events"):
    """A rich Table for the terminal."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in ("type", "source", "target", "date", "place", "status", "according to", "conf"):
        table.add_column(col)
    for e in events:
        when = e.date.to_record() if e.date else "—"
        if isinstance(when, dict):
            when = f"{when['start']}…{when['end']}"
        table.add_row(f"{e.type}" + (f"/{e.mode}" if e.mode else ""), _side(e.source),
                      _side(e.target), str(when), e.place.name if e.place else "—", e.status,
                      e.attributed_to or "—", f"{e.confidence:.2f}")
    return table
