"""Score predicted events against gold annotations: precision, recall, F1, loose and strict.

The matching rules are those of the project's shared scorer, so numbers agree with it:

- Per document, each gold event is matched to at most one prediction, non-optional gold first.
- **Loose**: same type, and each side matches by name (shared content words, ignoring titles
  such as "minister" or "foreign") or by actor code; CONSULT, COOPERATE and AGREE also match
  with the sides swapped. A gold side with neither name nor code matches anything.
- **Strict**: loose, plus the same status, plus a predicted date inside the gold date or range
  (a prediction that overlaps the gold range and stays within it on one side also counts); a
  gold date of null accepts any date.
- Predictions matched to optional gold events are neither true nor false positives; unmatched
  optional gold events are not misses.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ontology.plover import SYMMETRIC

_TITLE_WORDS = frozenset("""the of al el a an and s mr mrs ms dr president minister foreign prime
secretary leader official officials top head chief deputy state general former his her their
its""".split())


def _norm(text: Any) -> str:
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", " ", ascii_text.replace("'s", " ")).strip()


def _words(text: Any) -> set[str]:
    return {w for w in _norm(text).split() if w not in _TITLE_WORDS and len(w) > 1}


def _codes_equal(a: Any, b: Any) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a == b or a.replace(" ", "") == b.replace(" ", ""))


def _pred_side(side: Any) -> tuple[Any, Any]:
    if side is None:
        return None, None
    if isinstance(side, str):
        return side, None
    return side.get("name") or side.get("text"), side.get("actor") or side.get("code")


def side_matches(pred: Any, gold_name: Any, gold_code: Any) -> bool:
    """Does a predicted side fit a gold side, by name words or by actor code?"""
    if gold_name is None and gold_code is None:
        return True
    name, code = _pred_side(pred)
    gw, pw = _words(gold_name), _words(name)
    shared = gw & pw
    if shared and (len(shared) >= min(len(gw), len(pw), 2) or len(gw) == 1 or len(pw) == 1):
        return True
    return _codes_equal(code, gold_code) or _codes_equal(name, gold_code) or _codes_equal(code, gold_name)


def loose_match(pred: dict, gold: dict) -> bool:
    """Same type and both sides fit (either order for symmetric types)."""
    if pred.get("type") != gold["type"]:
        return False
    src, tgt = pred.get("source"), pred.get("target")
    if side_matches(src, gold["source"], gold.get("source_actor")) and \
            side_matches(tgt, gold.get("target"), gold.get("target_actor")):
        return True
    return gold["type"] in SYMMETRIC and \
        side_matches(tgt, gold["source"], gold.get("source_actor")) and \
        side_matches(src, gold.get("target"), gold.get("target_actor"))


def _as_range(value: Any) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("start") or "0000", value.get("end") or "9999"
    text = str(value)
    if len(text) == 7:
        return text + "-01", text + "-31"
    if len(text) == 4:
        return text + "-01-01", text + "-12-31"
    return text[:10], text[:10]


def date_fits(pred: Any, gold: Any) -> bool:
    """A predicted date inside the gold date or range; any date fits a null gold date."""
    g, p = _as_range(gold), _as_range(pred)
    if g is None:
        return True
    if p is None:
        return False
    inside = g[0] <= p[0] and p[1] <= g[1]
    overlap_one_side = p[0] <= g[1] and p[1] >= g[0] and (p[1] <= g[1] or p[0] >= g[0])
    return inside or overlap_one_side


def strict_match(pred: dict, gold: dict) -> bool:
    """Loose, plus the same status and a fitting date."""
    return loose_match(pred, gold) and (pred.get("status") or "occurred") == \
        gold.get("status", "occurred") and date_fits(pred.get("date"), gold.get("date"))


@dataclass
class Tally:
    """True positives, false positives and misses, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores overall and by type, with the errors behind them."""

    loose: Tally = field(default_factory=Tally)
    strict: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)


def _match_doc(golds: list[dict], preds: list[dict], rule) -> tuple[Tally, list[dict], set[int], dict]:
    used: set[int] = set()
    tally, misses, per_type = Tally(), [], {}
    for gold in sorted(golds, key=lambda g: g.get("optional", False)):
        hit = next((i for i, p in enumerate(preds) if i not in used and rule(p, gold)), None)
        t = per_type.setdefault(gold["type"], Tally())
        if hit is not None:
            used.add(hit)
            if not gold.get("optional"):
                tally.tp += 1
                t.tp += 1
        elif not gold.get("optional"):
            tally.fn += 1
            t.fn += 1
            misses.append(gold)
    tally.fp = len(preds) - len(used)
    for i, p in enumerate(preds):
        if i not in used:
            per_type.setdefault(p.get("type", "?"), Tally()).fp += 1
    return tally, misses, used, per_type


def evaluate_articles(golds: dict[str, dict], preds: list[dict]) -> Report:
    """Score predictions (output-contract dicts) against gold documents keyed by doc_id."""
    report = Report()
    for doc_id, gold in golds.items():
        mine = [p for p in preds if p.get("doc_id") == doc_id]
        loose, misses, used, per_type = _match_doc(gold["events"], mine, loose_match)
        strict, _, _, _ = _match_doc(gold["events"], mine, strict_match)
        report.loose.add(loose)
        report.strict.add(strict)
        for etype, tally in per_type.items():
            report.by_type.setdefault(etype, Tally()).add(tally)
        report.misses += [{**m, "doc_id": doc_id} for m in misses]
        report.false_positives += [p for i, p in enumerate(mine) if i not in used]
    return report


def load_gold(path: Path) -> dict[str, dict]:
    """Gold documents from a .json file or every *.json / *.gold.json in a folder.

    A file that is not a gold document raises InputError naming the file and the problem.
    """
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(str(path), "no gold .json files in this folder")
    out: dict[str, dict] = {}
    for file in files:
        doc = read_gold(file)
        if doc["doc_id"] in out:
            raise InputError(str(file), f"doc_id {doc['doc_id']!r} is also in another gold file")
        out[doc["doc_id"]] = doc
    return out


def read_gold(file: Path) -> dict:
    """One gold document, checked: doc_id, and events that each have a type and a source."""
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(file), f"cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(file), f"not a JSON gold file ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("doc_id"), str):
        raise InputError(str(file), 'not a gold document: expected an object with "doc_id" and '
                                    '"events" (docs/evaluation.md)')
    events = doc.get("events")
    if not isinstance(events, list):
        raise InputError(str(file), '"events" must be a list of gold events')
    for i, event in enumerate(events):
        missing = [k for k in ("type", "source") if not isinstance(event, dict) or k not in event]
        if missing:
            raise InputError(str(file), f"events[{i}] has no {' or '.join(missing)}")
    return doc


def unmatched_articles(golds: dict[str, dict], articles: Iterable[Any]) -> list[Any]:
    """The articles no gold document describes (matched on doc_id, the file's stem)."""
    return [a for a in articles if a.doc_id not in golds]


def format_report(report: Report, show_errors: bool = False) -> str:
    """A plain-text report: overall scores, per-type table, optionally the errors."""
    lines = [f"loose  P={report.loose.precision:.2f} R={report.loose.recall:.2f} F1={report.loose.f1:.2f}"
             f"  (tp={report.loose.tp} fp={report.loose.fp} fn={report.loose.fn})",
             f"strict P={report.strict.precision:.2f} R={report.strict.recall:.2f} F1={report.strict.f1:.2f}"
             f"  (tp={report.strict.tp} fp={report.strict.fp} fn={report.strict.fn})",
             "", f"{'type':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'F1':>5}"]
    for etype, t in sorted(report.by_type.items()):
        if t.tp + t.fp + t.fn == 0:
            continue
        lines.append(f"{etype:<10} {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.f1:>5.2f}")
    if show_errors:
        lines += ["", "missed:"] + [f"  {m['doc_id']}: {m['type']} {m['source']} -> {m.get('target')} | "
                                    f"{(m.get('evidence') or '')[:90]}" for m in report.misses]
        lines += ["", "false positives:"] + [
            f"  {p.get('doc_id')}: {p['type']} {_pred_side(p.get('source'))[0]} -> "
            f"{_pred_side(p.get('target'))[0]} | {p['evidence']['text'][:90]}"
            for p in report.false_positives]
    counts = Counter(p.get("type") for p in report.false_positives)
    if counts and not show_errors:
        lines += ["", "false positives by type: " + ", ".join(f"{k} {v}" for k, v in counts.most_common())]
    return "\n".join(lines)
