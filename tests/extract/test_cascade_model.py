"""The cascade and the faster components with the real model (marked ``model``).

The recall check runs ``bench/cascade_recall.py``: on the shared real texts and the development
article, the cascade must lose no gold event that the full pipeline finds (skipped without
``../shared``).
"""
from __future__ import annotations

import sys
from datetime import date

import pytest

from dragoman.extract.events import make_rule_extractor
from dragoman.types import Article

from ..conftest import REPO, SHARED

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor():
    return make_rule_extractor()


def test_cascade_parses_trigger_sentences_and_their_context_only(extractor):
    text = ("Storm season\n\nRain fell across the region on Monday. Farmers were pleased. "
            "Roads stayed open. Schools closed early. The foreign ministers of Egypt and Jordan "
            "met in Cairo on Tuesday. The weather improved.")
    article = Article("storm", text)
    extractor.cascade = True
    found = extractor.chunks(article)
    assert [t.strip() for _, t in found] == ["Storm season", "Rain fell across the region on Monday.",
                                             "Schools closed early. The foreign ministers of Egypt "
                                             "and Jordan met in Cairo on Tuesday."]
    for offset, unit in found:
        assert text[offset:offset + len(unit)] == unit
    full = extractor.extract(article)
    extractor.cascade = False
    assert [(e.type, e.evidence) for e in extractor.extract(article)] == \
        [(e.type, e.evidence) for e in full]
    extractor.cascade = True


@pytest.fixture(scope="module")
def recall():
    sys.path.insert(0, str(REPO / "bench"))
    import cascade_recall

    return cascade_recall


@pytest.mark.skipif(not (SHARED / "dev-real" / "index.jsonl").exists(), reason="no ../shared/dev-real")
def test_cascade_loses_no_gold_event_on_the_real_texts(extractor, recall):
    result = recall.compare("dev-real", extractor, *recall.load_set("dev-real"))
    assert result.found_full > 0
    assert result.lost == []


@pytest.mark.skipif(not (SHARED / "dev" / "seed-2023-12-20.txt").exists(), reason="no ../shared/dev")
def test_cascade_loses_no_gold_event_on_the_development_article(extractor, recall):
    result = recall.compare("dev", extractor, *recall.load_set("dev"))
    assert result.found_full > 0
    assert result.lost == []
    assert result.parsed_share < 1.0


def test_the_lead_is_found_by_paragraph_when_the_cascade_splits_the_first_one(extractor):
    # no headline; the cascade parses the first paragraph as two runs, so the second paragraph's
    # first sentence (where the document's voice is read) is the third chunk, not the second
    text = ("The weather was mild in Geneva on Monday. The sky was clear. The lake was calm. "
            "Later, the foreign minister of Norway urged Russia to withdraw its troops.\n\n"
            "The Norwegian Foreign Ministry said the talks had been useful.\n\n"
            "Russia must withdraw its forces from the border now.")
    article = Article("voice", text, published=date(2024, 3, 4))
    extractor.cascade = True
    assert len(extractor.chunks(article)) == 4
    with_cascade = [(e.type, e.source.name, e.evidence.text) for e in extractor.extract(article)]
    extractor.cascade = False
    full = [(e.type, e.source.name, e.evidence.text) for e in extractor.extract(article)]
    extractor.cascade = True
    assert with_cascade == full
    assert ("REQUEST", "Norway", "Russia must withdraw its forces from the border now.") in full
