"""Share of the NGEC actor-resolution cases whose country our resolver gets right.

Reads ../shared/external/ngec-actor-cases/DERIVED_ngec_actor_resolution_cases.jsonl (310 cases:
actor_text, date, expected.country as ISO3, "IGO"/"UNO"/"EUR" for international bodies, or "" for
"no country"). Prints the share right and the failures; never asserted in tests.

    .venv/bin/python bench/ngec_actor_cases.py [--failures]
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from dateutil import parser as dateparser

from dragoman.kb import KnowledgeBase, Resolution, load_kb

CASES = (Path(__file__).resolve().parents[2] / "shared" / "external" / "ngec-actor-cases"
         / "DERIVED_ngec_actor_resolution_cases.jsonl")
IGO_CODES = {"IGO", "UNO", "EUR"}


def case_date(text: str | None) -> date | None:
    """The case's date; "today" and empty mean unknown."""
    if not text or text.strip().lower() == "today":
        return None
    return dateparser.parse(text).date()


def country_of(kb: KnowledgeBase, res: Resolution | None) -> str | None:
    """The country a resolution stands for: ISO3, "IGO" for international bodies, or None."""
    if res is None or res.code is None or res.kind == "media":
        return None
    ref = res.code
    if res.kind == "person":
        person = kb.data.people[res.kb_id]
        role, _ = kb.affiliation(person, None)
        ref = role.of if role else ref
    org = kb.data.organisations.get(ref) or (kb.data.organisations.get(res.kb_id)
                                             if res.kind == "organisation" else None)
    if org is not None:
        if org.type == "igo":
            return "IGO"
        return org.country or (org.code if org.code in kb.data.states else None)
    return ref if ref in kb.data.states else None


def is_right(expected: dict, got: str | None) -> bool:
    """Compare with the case's expectation (Eq / NotEq; "" means no country)."""
    value = expected["value"] or None
    if expected["op"] == "NotEq":
        return got != value
    if value in IGO_CODES:
        return got == "IGO"
    return got == value


def main() -> None:
    """Run every case with a country expectation and print the share right."""
    if not CASES.exists():
        print(f"cases not found: {CASES}")
        return
    kb = load_kb()
    rows = [json.loads(line) for line in CASES.open(encoding="utf-8")]
    rows = [r for r in rows if "country" in r["expected"]]
    right, failures, clean_right, clean_total = 0, [], 0, 0
    for row in rows:
        on = case_date(row["date"])
        res = kb.resolve(row["actor_text"].strip(), on)
        ok = is_right(row["expected"]["country"], country_of(kb, res))
        right += ok
        if not row["marks"]:
            clean_total += 1
            clean_right += ok
        if not ok:
            failures.append((row["actor_text"], row["date"], row["expected"]["country"]["value"],
                             res and (res.kb_id, res.code, res.method)))
    print(f"ngec actor cases: {right}/{len(rows)} = {right / len(rows):.3f} country right "
          f"({clean_right}/{clean_total} = {clean_right / clean_total:.3f} without xfail/skip marks)")
    if "--failures" in sys.argv:
        for failure in failures:
            print("  FAIL", failure)


if __name__ == "__main__":
    main()
