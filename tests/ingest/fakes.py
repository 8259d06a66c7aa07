"""A fast, deterministic stand-in for the "deps.v1" extraction engine, for tests only.

It registers as extractor ``"test.fake.v1"`` when imported. It reads sentences of the shape
``"<Actor> met|accused|attacked <Actor> [in <Place>] [on YYYY-MM-DD]."`` and nothing else, so tests
know exactly which events each article must give. ``DRAGOMAN_FAKE_DELAY`` (seconds per article)
slows it down so the kill-and-rerun test can stop a run midway.
"""
from __future__ import annotations

import os
import re
import time
from datetime import date
from pathlib import Path

from dragoman.pipeline import EventExtractor
from dragoman.registry import extractors
from dragoman.types import (ActorRef, Article, Event, Place, ResolvedDate, TextSpan,
                            make_event_id)

ACTORS = {"Blinken": ("Antony Blinken", "USA"), "Netanyahu": ("Benjamin Netanyahu", "ISR"),
          "Egypt": ("Egypt", "EGY"), "Qatar": ("Qatar", "QAT"), "Hamas": ("Hamas", "Hamas"),
          "Israel": ("Israel", "ISR"), "Iran": ("Iran", "IRN")}
VERBS = {"met": ("CONSULT", "visit"), "accused": ("ACCUSE", None), "attacked": ("ASSAULT", None)}
SENTENCE = re.compile(r"(?P<src>[A-Z]\w+) (?P<verb>met|accused|attacked) (?P<tgt>[A-Z]\w+)"
                      r"(?: in (?P<place>[A-Z][\w ]+?))?(?: on (?P<day>\d{4}-\d{2}-\d{2}))?\.")


class FakeEngine:
    """Regex "extraction" with the engine interface EventExtractor expects."""

    def __init__(self, model: str | None = None, kb_paths: tuple[Path, ...] = ()) -> None:
        self.delay = float(os.environ.get("DRAGOMAN_FAKE_DELAY", "0"))

    def extract(self, article: Article) -> list[Event]:
        if self.delay:
            time.sleep(self.delay)
        if "BOOM" in article.text:
            raise RuntimeError("fake engine exploded")
        return [fake_event(article, m) for m in SENTENCE.finditer(article.text)
                if m["src"] in ACTORS and m["tgt"] in ACTORS]


def fake_event(article: Article, m: re.Match) -> Event:
    event_type, mode = VERBS[m["verb"]]
    src, tgt = (ActorRef(m[k], *ACTORS[m[k]], kb_id=m[k].lower()) for k in ("src", "tgt"))
    day = date.fromisoformat(m["day"]) if m["day"] else None
    return Event(
        event_id=make_event_id(article.article_id, m.start(), m.start("verb"), event_type,
                               src.actor, tgt.actor),
        doc_id=article.doc_id, article_id=article.article_id, type=event_type, mode=mode,
        source=src, target=tgt, date=ResolvedDate(day, day, "day") if day else None,
        place=Place(m["place"]) if m["place"] else None, status="occurred", attributed_to=None,
        evidence=TextSpan(m[0], m.start(), m.end()),
        trigger=TextSpan(m["verb"], m.start("verb"), m.end("verb")), confidence=0.9,
        extractor="test.fake.v1")


@extractors.register("test.fake.v1")
def make_fake_engine(model: str | None = None, kb_paths: tuple[Path, ...] = ()) -> FakeEngine:
    """Factory with the same signature as the real engine's."""
    return FakeEngine(model, kb_paths)


class FakeExtractor(EventExtractor):
    """The EventExtractor stage with the fake engine built directly (no registry lookup)."""

    def __init__(self) -> None:
        super().__init__(extractor="test.fake.v1")

    def setup(self) -> None:
        if self._engine is None:
            self._engine = FakeEngine()
