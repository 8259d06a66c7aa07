"""The faster pipeline components give exactly the stock pipeline's annotations (model test)."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from dragoman.extract.events import make_rule_extractor
from dragoman.nlp import load_model

from .conftest import SHARED

pytestmark = pytest.mark.model


def sample_texts() -> list[str]:
    """Our sample, and the shared real texts when they are there (more names, more ties)."""
    path = resources.files("dragoman") / "samples" / "gaza-diplomacy-2023.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((SHARED / "dev-real" / "texts").glob("*.txt"))]


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_,
             t.ent_iob_, t.ent_id_) for t in doc]


def test_faster_components_annotate_exactly_like_the_stock_pipeline():
    extractor = make_rule_extractor()
    stock = load_model()
    ruler = stock.add_pipe("entity_ruler", before="ner",
                           config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(extractor.kb.entity_patterns())
    assert type(stock.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert type(extractor.nlp.get_pipe("attribute_ruler")).__name__ == "CachedAttributeRuler"
    assert type(extractor.nlp.get_pipe("lemmatizer")).__name__ == "CachedLemmatizer"
    layers = [node for _, proc in extractor.nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
              for node in proc.model.walk()]
    assert layers and not any(getattr(node.ops, "use_blis", False) for node in layers)  # NumPy's BLAS
    texts = sample_texts()
    for ours, theirs in zip(extractor.nlp.pipe(texts), stock.pipe(texts)):
        assert annotations(ours) == annotations(theirs)
    ruler = extractor.nlp.get_pipe("entity_ruler")
    assert len(ruler.orth_matcher) > 100 and len(ruler.matcher) == 0  # "UAE", "PRC" ... moved
    assert {e.label_ for e in extractor.nlp("The UAE and the PRC signed.").ents} == {"GPE"}


def test_blas_stays_on_one_thread_inside_the_block_and_comes_back_after(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    from dragoman.components import single_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    if not blas_threads():
        pytest.skip("no BLAS library that threadpoolctl can see is loaded")
    with threadpool_limits(limits=2, user_api="blas"):
        with single_blas_thread():
            assert blas_threads() == {1}
        assert blas_threads() == {2}
