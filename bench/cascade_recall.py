"""What the cascade costs in recall: gold events the full pipeline finds and the cascade loses.

Runs the extractor twice on the same texts, once parsing every paragraph (``cascade=False``) and
once through the cascade (``extract/cascade.py``), and scores both against the gold events of

- ``../shared/dev-real`` (texts, publication dates from ``index.jsonl``, gold in ``gold/``),
- the development article ``../shared/dev/seed-2023-12-20.txt`` (+ ``.gold.json``),
- the PLOVER gold-standard sentences (``../shared/external/plover-gsr``, as in ``plover_gsr.py``).

A gold event is *lost* when the full run matches it (loose rules of ``dragoman.evaluate``) and the
cascade run does not. Third-party texts are read from ``../shared``, never copied. Re-run it after
changing the rules or the lexicon: the lost count must stay 0.

    python bench/cascade_recall.py [--show] [--sets dev-real,dev,plover]

Exit code 1 when any set loses a gold event.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dragoman.evaluate import _match_doc, load_gold, loose_match, strict_match  # noqa: E402
from dragoman.types import Article  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV_ARTICLE = SHARED / "dev/seed-2023-12-20.txt"
SETS = ("dev-real", "dev", "plover")


@dataclass
class SetResult:
    """Both runs on one set of gold documents."""

    name: str
    texts: int
    gold: int
    found_full: int
    found_cascade: int
    lost: list[dict]
    gained: list[dict]
    strict_lost: list[dict]
    parsed_share: float
    events_full: int
    events_cascade: int
    differing: int  # predictions of one run that the other run does not make


def load_set(name: str) -> tuple[list[Article], dict[str, dict]] | None:
    """Articles and gold documents of one named set, or None when ../shared lacks it."""
    if name == "dev-real":
        from dev_real import CORPUS, load_corpus

        if not (CORPUS / "index.jsonl").exists():
            return None
        return load_corpus(), load_gold(CORPUS / "gold")
    if name == "dev":
        from dragoman.ingest.readers import read_path

        if not DEV_ARTICLE.exists():
            return None
        return [read_path(DEV_ARTICLE)], load_gold(DEV_ARTICLE.with_suffix(".gold.json"))
    if name == "plover":
        from plover_gsr import DATA, gold_doc

        if not DATA.exists():
            return None
        records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [Article(r["id"], r["text"]) for r in records], {r["id"]: gold_doc(r) for r in records}
    raise ValueError(f"unknown set {name!r}; choose from {', '.join(SETS)}")


def matched(golds: dict[str, dict], preds: list[dict], rule: Callable) -> list[dict]:
    """The non-optional gold events a run's predictions match, each tagged with its doc_id."""
    out = []
    for doc_id, gold in golds.items():
        mine = [p for p in preds if p.get("doc_id") == doc_id]
        events = gold["events"]
        _, misses, _, _ = _match_doc(events, mine, rule)
        missed = {id(m) for m in misses}
        out += [{**g, "doc_id": doc_id} for g in events if not g.get("optional") and id(g) not in missed]
    return out


def _key(gold: dict) -> str:
    return json.dumps(gold, sort_keys=True, default=str)


def run(extractor: Any, articles: list[Article], cascade: bool) -> list[dict]:
    """Every predicted event of a run, as output-contract records."""
    extractor.cascade = cascade
    out = []
    for found in extractor.extract_batch(articles):
        if isinstance(found, Exception):
            raise found
        out += [e.to_record() for e in found]
    return out


def compare(name: str, extractor: Any, articles: list[Article], golds: dict[str, dict]) -> SetResult:
    """Score the full and the cascade run of one set against its gold."""
    full = run(extractor, articles, cascade=False)
    cascaded = run(extractor, articles, cascade=True)
    results = {}
    for rule_name, rule in (("loose", loose_match), ("strict", strict_match)):
        got_full = {_key(g): g for g in matched(golds, full, rule)}
        got_cascade = {_key(g): g for g in matched(golds, cascaded, rule)}
        results[rule_name] = (got_full, got_cascade)
    got_full, got_cascade = results["loose"]
    strict_full, strict_cascade = results["strict"]
    n_gold = sum(1 for g in golds.values() for e in g["events"] if not e.get("optional"))
    return SetResult(name, len(articles), n_gold, len(got_full), len(got_cascade),
                     [g for k, g in got_full.items() if k not in got_cascade],
                     [g for k, g in got_cascade.items() if k not in got_full],
                     [g for k, g in strict_full.items() if k not in strict_cascade],
                     parsed_share(extractor, articles), len(full), len(cascaded),
                     len(set(map(_gist, full)) ^ set(map(_gist, cascaded))))


def _gist(record: dict) -> str:
    """A prediction without its id (which hashes the sentence offset)."""
    return json.dumps({k: v for k, v in record.items() if k != "event_id"}, sort_keys=True, default=str)


def parsed_share(extractor: Any, articles: list[Article]) -> float:
    """Share of the articles' sentences the cascade sends to the full pipeline."""
    from dragoman.extract.cascade import Cascade

    cascade = Cascade.for_pipeline(extractor.nlp, extractor.lexicon)
    was, extractor.cascade = extractor.cascade, False
    try:
        for article in articles:
            cascade.units(extractor.chunks(article))  # the paragraphs, as the full run parses them
    finally:
        extractor.cascade = was
    return cascade.stats.share


def print_result(r: SetResult, show: bool) -> None:
    print(f"== {r.name}: {r.texts} texts, {r.gold} gold events; parsed {r.parsed_share:.0%} of sentences")
    print(f"matched (loose): full {r.found_full}, cascade {r.found_cascade}; "
          f"predictions: full {r.events_full}, cascade {r.events_cascade}, {r.differing} not in both")
    print(f"lost {len(r.lost)} (loose), {len(r.strict_lost)} (strict); gained {len(r.gained)}")
    if show:
        for tag, items in (("LOST", r.lost), ("LOST strict", r.strict_lost), ("GAINED", r.gained)):
            for g in items:
                print(f"  {tag} {g['doc_id']}: {g['type']} {g.get('source')} -> {g.get('target')}"
                      f" | {(g.get('evidence') or '')[:100]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--show", action="store_true", help="list lost and gained gold events")
    opts = ap.parse_args()
    from dragoman.extract.events import make_rule_extractor

    extractor = make_rule_extractor()
    lost = 0
    for name in opts.sets.split(","):
        loaded = load_set(name)
        if loaded is None:
            print(f"== {name}: missing under {SHARED}, skipped")
            continue
        result = compare(name, extractor, *loaded)
        print_result(result, opts.show)
        lost += len(result.lost)
    print(f"total lost (loose): {lost}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
