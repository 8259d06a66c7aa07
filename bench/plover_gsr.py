"""Loose F1 of the extractor on the PLOVER gold-standard records (322 coded sentences).

Reads ../shared/external/plover-gsr/DERIVED_plover_gsr_flat.jsonl (third-party data, not shipped).
Each record is one sentence with its PLOVER type and source/target actors (ISO3 codes or
sector codes). Each record becomes one gold document: the first source x first target pair is
the event to find; other pairs are optional. Scored with dragoman.evaluate (loose rules).

    python bench/plover_gsr.py [--show 20]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dragoman.evaluate import evaluate_articles, format_report
from dragoman.pipeline import EventExtractor
from dragoman.types import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared/external/plover-gsr/DERIVED_plover_gsr_flat.jsonl"


def gold_doc(rec: dict) -> dict:
    """One gold document per record."""
    sources = [a for a in rec["source"] or [] if isinstance(a, dict)] or [{}]
    targets = [a for a in rec["target"] or [] if isinstance(a, dict)] or [{}]
    events = []
    for i, s in enumerate(sources):
        for j, t in enumerate(targets):
            events.append({"type": rec["event_plover2021"], "source": s.get("actorText"),
                           "source_actor": s.get("code"), "target": t.get("actorText"),
                           "target_actor": t.get("code"), "date": None, "status": "occurred",
                           "optional": bool(i or j)})
    return {"doc_id": rec["id"], "events": events}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=0, help="print N errors")
    opts = ap.parse_args()
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 1
    records = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    golds = {r["id"]: gold_doc(r) for r in records}
    stage = EventExtractor()
    stage.setup()
    start = time.perf_counter()
    preds = []
    for result in stage([Article(r["id"], r["text"]) for r in records]):
        preds += [e.to_record() for e in result.events]
    elapsed = time.perf_counter() - start
    report = evaluate_articles(golds, preds)
    print(f"PLOVER GSR: {len(records)} sentences, {len(preds)} predictions, {elapsed:.1f} s")
    print(format_report(report, show_errors=False))
    for miss in report.misses[:opts.show]:
        print("MISS", miss["type"], miss["source"], "->", miss["target"], "|", next(r["text"] for r in records if r["id"] == miss["doc_id"])[:120])
    for fp in report.false_positives[:opts.show]:
        src, tgt = fp.get("source") or {}, fp.get("target") or {}
        print("FP  ", fp["type"], src.get("name"), "->", tgt.get("name"), "|", fp["evidence"]["text"][:120])
    return 0


if __name__ == "__main__":
    sys.exit(main())
