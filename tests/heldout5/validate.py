#!/usr/bin/env python3
"""Validate the heldout5 set (stdlib only). Usage: python3 validate.py [DIR]"""
import json, os, re, sys, datetime, collections

DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
KEYS = ["type", "mode", "source", "source_actor", "target", "target_actor", "date",
        "location", "status", "attributed_to", "evidence", "optional"]
TOP = ["doc_id", "published", "outlet", "url", "events"]
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
         "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
         "COERCE", "ASSAULT", "INTERVIEW"}
STATUSES = {"occurred", "planned", "hypothetical", "negated"}
CONSULT_MODES = {None, "phone", "meet", "visit", "host", "third-party"}
ORGS = {"United Nations", "European Union", "NATO", "African Union", "ECOWAS", "ASEAN", "Hamas",
        "Hezbollah", "Houthis", "al-Shabaab", "Islamic State", "Wagner Group", "ELN",
        "Rapid Support Forces", "Arakan Army", "TPLF",
        # other organisations by standard acronym / English name (policy section 2)
        "M23", "SADC", "PKK", "TTP", "Relief International"}
DAY = r"\d{4}-\d{2}-\d{2}"
EXPECTED_DOCS = 16
errors = []

def err(doc, msg):
    errors.append(f"{doc}: {msg}")

def parse_day(s):
    return datetime.date.fromisoformat(s)

def check_date(doc, i, v):
    if v is None:
        return
    if isinstance(v, dict) and set(v) == {"start", "end"}:
        v = f"{v['start']}..{v['end']}"  # the dev-real form of a range
    if not isinstance(v, str):
        return err(doc, f"event {i}: date not a string or a start/end range")
    if re.fullmatch(DAY, v):
        try: parse_day(v)
        except ValueError: err(doc, f"event {i}: invalid date {v}")
    elif re.fullmatch(DAY + r"\.\." + DAY, v):
        a, b = v.split("..")
        try:
            if parse_day(a) > parse_day(b): err(doc, f"event {i}: range reversed {v}")
        except ValueError: err(doc, f"event {i}: invalid range {v}")
    else:
        err(doc, f"event {i}: bad date form {v!r}")

def check_code(doc, i, field, v):
    if v is None:
        return
    if not (re.fullmatch(r"[A-Z]{3}", v) or v in ORGS):
        err(doc, f"event {i}: {field} {v!r} is neither ISO3 nor a known organisation")

def main():
    golds = sorted(f for f in os.listdir(DIR) if f.endswith(".gold.json"))
    txts = sorted(f for f in os.listdir(DIR) if f.endswith(".txt"))
    if len(golds) != EXPECTED_DOCS or len(txts) != EXPECTED_DOCS:
        errors.append(f"expected {EXPECTED_DOCS} texts and golds, found {len(txts)} / {len(golds)}")
    by_type, n_opt, total = collections.Counter(), 0, 0
    for g in golds:
        name = g[:-len(".gold.json")]
        tpath = os.path.join(DIR, name + ".txt")
        if not os.path.exists(tpath):
            err(name, "missing .txt"); continue
        raw = open(tpath, encoding="utf-8").read()
        lines = raw.split("\n")
        m = re.fullmatch(r"date (" + DAY + r")", lines[0])
        if not m: err(name, "line 1 must be 'date YYYY-MM-DD'")
        if len(lines) < 5 or lines[1] != "" or not lines[2].strip() or lines[3] != "":
            err(name, "expected: date line, blank, headline, blank, paragraphs")
        body = "\n".join(lines[2:])
        if "\n\n\n" in body.strip("\n"): err(name, "triple newline in body")
        wc = len(body.split())
        if not 120 <= wc <= 300: err(name, f"word count {wc} outside 120-300")
        try:
            d = json.load(open(os.path.join(DIR, g), encoding="utf-8"))
        except Exception as e:
            err(name, f"bad JSON: {e}"); continue
        if list(d.keys()) != TOP: err(name, f"top-level keys {list(d.keys())}")
        if d.get("doc_id") != name: err(name, "doc_id differs from file name")
        if m and d.get("published") != m.group(1): err(name, "published differs from date line")
        if not isinstance(d.get("outlet"), str) or not d["outlet"]: err(name, "outlet missing")
        evs = d.get("events", [])
        if not evs: err(name, "no events")
        seen = collections.Counter()
        for i, e in enumerate(evs):
            if list(e.keys()) != KEYS: err(name, f"event {i}: keys {list(e.keys())}")
            t = e.get("type")
            if t not in TYPES: err(name, f"event {i}: bad type {t}")
            if e.get("status") not in STATUSES: err(name, f"event {i}: bad status {e.get('status')}")
            if not isinstance(e.get("optional"), bool): err(name, f"event {i}: optional must be true/false")
            if t == "INTERVIEW" and e.get("optional") is not True: err(name, f"event {i}: INTERVIEW must be optional")
            if t == "CONSULT" and e.get("mode") not in CONSULT_MODES: err(name, f"event {i}: bad CONSULT mode")
            ev = e.get("evidence")
            if not isinstance(ev, str) or not ev or ev not in body:
                err(name, f"event {i}: evidence not a verbatim substring: {ev!r}")
            check_date(name, i, e.get("date"))
            check_code(name, i, "source_actor", e.get("source_actor"))
            check_code(name, i, "target_actor", e.get("target_actor"))
            if e.get("target") is None and e.get("target_actor") is not None:
                err(name, f"event {i}: target_actor without target")
            for f in ("source", "target", "location", "attributed_to", "mode"):
                if e.get(f) is not None and not isinstance(e.get(f), str): err(name, f"event {i}: {f} not string/null")
            key = (t, e.get("source_actor"), e.get("target_actor"), json.dumps(e.get("date"), sort_keys=True), e.get("source"), e.get("target"))
            seen[key] += 1
            by_type[t] += 1; total += 1; n_opt += bool(e.get("optional"))
        for k, c in seen.items():
            if c > 1: err(name, f"duplicate record {k}")
    for e in errors: print("ERROR", e)
    print(f"{len(golds)} documents, {total} events ({n_opt} optional)")
    print("by type:", dict(sorted(by_type.items())))
    print("FAIL" if errors else "OK")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
