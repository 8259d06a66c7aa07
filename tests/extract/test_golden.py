"""The development article must stay above the quality bar (skipped when ../shared is absent)."""
from __future__ import annotations

import json

import pytest

from dragoman.evaluate import evaluate_articles, load_gold
from dragoman.ingest.readers import read_path
from dragoman.pipeline import EventExtractor

from ..conftest import SHARED

DEV = SHARED / "dev"
pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not (DEV / "seed-2023-12-20.txt").exists(), reason="no ../shared/dev")]


@pytest.fixture(scope="module")
def extractor():
    stage = EventExtractor()
    stage.setup()
    return stage


def test_dev_article_meets_the_bar(extractor):
    article = read_path(DEV / "seed-2023-12-20.txt")
    [result] = extractor([article])
    assert not result.failed
    report = evaluate_articles(load_gold(DEV / "seed-2023-12-20.gold.json"),
                               [e.to_record() for e in result.events])
    assert report.loose.f1 >= 0.85, report.loose
    assert report.strict.f1 >= 0.70, report.strict


def test_every_event_carries_evidence_offsets_into_the_text(extractor):
    article = read_path(DEV / "seed-2023-12-20.txt")
    [result] = extractor([article])
    assert result.events
    for event in result.events:
        assert article.text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert article.text[event.trigger.start:event.trigger.end] == event.trigger.text
        record = json.loads(json.dumps(event.to_record()))
        assert record["extractor"] == "deps.v1" and 0 < record["confidence"] <= 1


def test_publication_date_comes_from_the_header(extractor):
    article = read_path(DEV / "seed-2023-12-20.txt")
    assert article.published.isoformat() == "2023-12-20"
