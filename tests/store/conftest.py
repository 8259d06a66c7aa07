"""Hand-built articles and events for the Store tests (no model, no extractor)."""
from __future__ import annotations

from datetime import date

import pytest

from dragoman.pipeline import ArticleResult
from dragoman.types import ActorRef, Article, Event, Place, ResolvedDate, TextSpan, make_event_id

ACTORS = {"USA": ActorRef("Blinken", "Antony Blinken", "USA", "Secretary of State", "blinken"),
          "ISR": ActorRef("Netanyahu", "Benjamin Netanyahu", "ISR", "Prime Minister", "netanyahu"),
          "IRN": ActorRef("Iran", "Iran", "IRN", None, "iran", kind="state"),
          "QAT": ActorRef("Qatar", "Qatar", "QAT", None, "qatar", kind="state")}


def build_event(article: Article, kind: str, src: str, tgt: str, day: str | None,
                place: str | None = None, status: str = "occurred", n: int = 0,
                evidence: str | None = None) -> Event:
    d = date.fromisoformat(day) if day else None
    text = evidence or f"{src} {kind.lower()} {tgt}"
    return Event(make_event_id(article.article_id, n, n, kind, src, tgt), article.doc_id,
                 article.article_id, kind, "visit" if kind == "CONSULT" else None, ACTORS[src],
                 ACTORS[tgt], ResolvedDate(d, d, "day") if d else None,
                 Place(place, "ISR", 32.08, 34.78) if place else None, status, None,
                 TextSpan(text, 0, len(text)), TextSpan(kind.lower(), 0, 3), 0.8, "hand")


def corpus() -> list[ArticleResult]:
    """Three outlets on one meeting, an accusation, and a meeting a month later."""
    a1 = Article("ap-1", "Blinken met Netanyahu in Tel Aviv.", date(2023, 10, 12), "https://ap.example/1", "AP")
    a2 = Article("rt-1", "Netanyahu received Blinken.", date(2023, 10, 12), "https://rt.example/1", "Reuters")
    a3 = Article("bbc-1", "Blinken and Netanyahu met; Iran accused Israel.", date(2023, 10, 13),
                 None, "BBC")
    a4 = Article("ap-2", "Blinken met Netanyahu again.", date(2023, 11, 12), None, "AP")
    return [
        ArticleResult(a1, (build_event(a1, "CONSULT", "USA", "ISR", "2023-10-12", "Tel Aviv"),)),
        ArticleResult(a2, (build_event(a2, "CONSULT", "ISR", "USA", "2023-10-12"),)),
        ArticleResult(a3, (build_event(a3, "CONSULT", "USA", "ISR", "2023-10-12", n=1),
                           build_event(a3, "ACCUSE", "IRN", "ISR", "2023-10-13", n=2,
                                       evidence='Iran said, "Israel, and its allies,\nare guilty."'))),
        ArticleResult(a4, (build_event(a4, "CONSULT", "USA", "ISR", "2023-11-12", "Tel Aviv"),)),
    ]


@pytest.fixture
def results() -> list[ArticleResult]:
    return corpus()
