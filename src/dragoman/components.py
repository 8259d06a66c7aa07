"""spaCy components Dragoman puts in the model's pipeline: the same annotations, less Python.

- ``KBEntityRuler`` holds the knowledge base's ~7,500 name patterns. spaCy's ``EntityRuler``
  counts all its patterns (a sum over every pattern list) on every document before matching;
  here the check only asks whether any pattern exists. And its ~190 one-word case-sensitive
  patterns ("UAE", "PRC") went through the token ``Matcher``, which scanned every token against
  each of them: ninety times the cost of the phrase matcher holding the other 7,260. They now go
  through a phrase matcher on ``ORTH`` under the same keys, so the matches are the same;
  annotation is spaCy's own.
- ``CachedAttributeRuler`` wraps the model's ``attribute_ruler`` (its tag map and exceptions:
  ~180 token patterns that set POS, morphology and some lemmas). spaCy runs all patterns through
  its ``Matcher`` for every token, about a tenth of the pipeline's time. Which one-token patterns
  match a token depends only on the attributes the patterns read (lower form, tag, dependency,
  whitespace), so the wrapper looks each distinct combination up once and keeps the answer;
  patterns of two or more tokens still go through a ``Matcher``. The matches are then sorted and
  applied by the wrapped ruler itself, in its order, so later rules still win.

- ``CachedLemmatizer`` wraps the model's rule lemmatizer. spaCy's makes a ``Token`` object for
  every token and looks its (form, POS, morphology) up in a cache only after building the
  morphology's string; here the three ids are read for the whole Doc in one array, the lemma of
  each distinct triple is computed once by spaCy's own ``lemmatize``, and the lemmas go back
  in one array. A rule lemma depends on nothing else, so the lemmas are spaCy's.
- The model's layers multiply matrices through NumPy's BLAS (OpenBLAS in the NumPy wheels)
  instead of thinc's default, the BLIS kernels bundled with thinc: on the 2-core development
  machine those run the tok2vec and NER layers' matrix products three to four times slower, a
  quarter to a third of the whole pipeline's time. Same weights, same layers; only the order in
  which a dot product is summed can differ, in the last bits of a float. ``single_blas_thread``
  keeps NumPy's BLAS to one thread while a batch is parsed, so one worker uses one core, as it
  did with BLIS, and workers do not oversubscribe the machine.

``speed_up(nlp)`` swaps these in; ``nlp.make_nlp`` calls it. A model test checks that the
annotations are those of the stock pipeline.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS, intify_attr
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

KB_RULER = "dragoman_entity_ruler"
CACHED_ATTRIBUTE_RULER = "dragoman_cached_attribute_ruler"
CACHED_LEMMATIZER = "dragoman_cached_lemmatizer"
LEMMA_CACHE_SIZE = 200_000
# Token attributes a phrase matcher can read from a tokenised Doc alone (None is ORTH).
TOKENIZER_ATTRS = (None, "ORTH", "LOWER", "TEXT", "orth", "lower", "text")


class KBEntityRuler(EntityRuler):
    """An EntityRuler whose one-word case-sensitive patterns go through a phrase matcher, and
    whose per-document "any patterns?" check does not count them all."""

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """spaCy's ``add_patterns``, then one-token ``ORTH`` patterns move to an ORTH phrase
        matcher: same keys, same matches, a dictionary lookup instead of a token-pattern scan.

        spaCy makes each phrase pattern's Doc with every component before the ruler (tok2vec,
        tagger, parser, lemmatizer: most of a worker's start-up for ~7,300 names), though a
        phrase matcher on ``LOWER`` or ``ORTH`` reads only what the tokenizer sets; so then the
        components are switched off while the patterns are made."""
        if self.phrase_matcher_attr in TOKENIZER_ATTRS:
            with self.nlp.select_pipes(enable=[]):
                super().add_patterns(patterns)
        else:
            super().add_patterns(patterns)
        if not hasattr(self, "orth_matcher"):
            self.orth_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        strings = self.nlp.vocab.strings
        # the token Matcher lists matches of one token in the order their patterns were added
        self.orth_rank = {strings.add(key): i for i, key in enumerate(self.token_patterns)}
        for key, token_patterns in self.token_patterns.items():
            words = [p[0]["ORTH"] for p in token_patterns
                     if len(p) == 1 and set(p[0]) == {"ORTH"} and isinstance(p[0]["ORTH"], str)]
            if words and len(words) == len(token_patterns) and key in self.matcher:
                self.matcher.remove(key)
                self.orth_matcher.add(key, [Doc(self.nlp.vocab, words=[w], spaces=[False])
                                            for w in words])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """All matches, longest first then leftmost: as spaCy's ``EntityRuler.match``."""
        self._require_patterns()
        # listed in spaCy's order (token patterns, by position and pattern order, then phrases):
        # when two patterns match one span ("US" as GPE and as NORP) the tie is broken by the
        # set's iteration order, which only the same insertion order reproduces
        found = list(self.matcher(doc)) if len(self.matcher) else []
        found += sorted(self.orth_matcher(doc), key=lambda m: (m[1], self.orth_rank[m[0]]))
        found += list(self.phrase_matcher(doc))
        unique = set([(m_id, start, end) for m_id, start, end in found if start != end])
        return sorted(unique, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def _require_patterns(self) -> None:
        if not (self.token_patterns or self.phrase_patterns):
            super()._require_patterns()


@Language.factory(KB_RULER, default_config={"phrase_matcher_attr": None, "overwrite_ents": False})
def make_kb_ruler(nlp: Any, name: str, phrase_matcher_attr: str | None,
                  overwrite_ents: bool) -> KBEntityRuler:
    """Factory for ``nlp.add_pipe``."""
    return KBEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                         overwrite_ents=overwrite_ents)


class CachedAttributeRuler:
    """The model's attribute ruler, with one-token pattern matches cached per token signature."""

    def __init__(self) -> None:
        self.ruler: Any = None

    def wrap(self, ruler: Any) -> CachedAttributeRuler:
        """Take over a spaCy ``AttributeRuler`` and split its patterns."""
        self.ruler = ruler
        self.single = Matcher(ruler.vocab)
        self.multi = Matcher(ruler.vocab)
        keys: set[str] = set()
        for i, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                alone = len(pattern) == 1 and "OP" not in pattern[0]
                (self.single if alone else self.multi).add(str(i), [pattern])
                keys.update(pattern[0] if alone else ())
        self.signature = [intify_attr(k) for k in sorted(keys)]
        self.cache: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        return self

    def __call__(self, doc: Doc) -> Doc:
        matches = [(attr_id, match_id, i, i + 1)
                   for i, row in enumerate(doc.to_array(self.signature).tolist())
                   for attr_id, match_id in self._single(doc, i, tuple(row))]
        strings = self.ruler.vocab.strings
        matches += [(int(strings[m_id]), m_id, s, e)
                    for m_id, s, e in self.multi(doc, allow_missing=True, as_spans=False)]
        matches.sort()
        self.ruler.set_annotations(doc, matches)
        return doc

    def _single(self, doc: Doc, i: int, key: tuple[int, ...]) -> list[tuple[int, int]]:
        found = self.cache.get(key)
        if found is None:
            strings = self.ruler.vocab.strings
            found = sorted({(int(strings[m_id]), m_id)
                            for m_id, _, _ in self.single(doc[i:i + 1], allow_missing=True, as_spans=False)})
            self.cache[key] = found
        return found

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(CACHED_ATTRIBUTE_RULER)
def make_cached_attribute_ruler(nlp: Any, name: str) -> CachedAttributeRuler:
    """Factory for ``nlp.add_pipe``; ``speed_up`` hands it the ruler to wrap."""
    return CachedAttributeRuler()


class CachedLemmatizer:
    """The model's rule lemmatizer, with lemmas cached per (form, POS, morphology) id triple."""

    def __init__(self) -> None:
        self.lemmatizer: Any = None

    def wrap(self, lemmatizer: Any) -> CachedLemmatizer:
        """Take over a spaCy ``Lemmatizer`` in ``rule`` mode."""
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        return self

    def __getattr__(self, name: str) -> Any:  # lookups, mode ... as the wrapped lemmatizer has them
        if name == "lemmatizer":
            raise AttributeError(name)
        return getattr(self.lemmatizer, name)

    def __call__(self, doc: Doc) -> Doc:
        inner = self.lemmatizer
        if not inner._validated:
            inner._validate_tables(Errors.E1004)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite, cache, strings = inner.overwrite, self.cache, doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            found = cache.get((orth, pos, morph))
            if found is None:
                if len(cache) >= LEMMA_CACHE_SIZE:  # new names keep coming: stay bounded
                    cache.clear()
                found = cache[(orth, pos, morph)] = strings.add(inner.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory(CACHED_LEMMATIZER)
def make_cached_lemmatizer(nlp: Any, name: str) -> CachedLemmatizer:
    """Factory for ``nlp.add_pipe``; ``speed_up`` hands it the lemmatizer to wrap."""
    return CachedLemmatizer()


def numpy_gemm(nlp: Any) -> Any:
    """Have every layer of the pipeline's models multiply matrices with NumPy's BLAS: thinc's own
    ``NumpyOps(use_blis=False)``, which sends ``gemm`` to ``numpy.dot``. Only layers on the
    default CPU ops are switched (never a GPU's)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
                node.ops = ops
    return nlp


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    """threadpoolctl's view of the BLAS libraries loaded in this process (NumPy's OpenBLAS)."""
    import numpy  # noqa: F401  (NumPy's BLAS must be loaded before threadpoolctl looks)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def single_blas_thread() -> Iterator[None]:
    """Keep NumPy's BLAS to one thread inside the block, unless the user chose a number
    (``OPENBLAS_NUM_THREADS``); the previous number comes back after it (threadpoolctl)."""
    if "OPENBLAS_NUM_THREADS" in os.environ:
        yield
        return
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def speed_up(nlp: Any) -> Any:
    """Swap the cached attribute ruler in for the model's own, keeping its name and place, and
    send the models' matrix products to NumPy's BLAS."""
    from spacy.pipeline import AttributeRuler

    numpy_gemm(nlp)
    _wrap_lemmatizer(nlp)
    name = "attribute_ruler"
    if name not in nlp.pipe_names or type(nlp.get_pipe(name)) is not AttributeRuler:
        return nlp
    at = nlp.pipe_names.index(name)
    ruler = nlp.remove_pipe(name)[1]
    nlp.add_pipe(CACHED_ATTRIBUTE_RULER, name=name, before=at).wrap(ruler)
    return nlp


def _wrap_lemmatizer(nlp: Any) -> None:
    """Swap the cached lemmatizer in for a stock rule lemmatizer, keeping its name and place."""
    from spacy.pipeline import Lemmatizer

    name = "lemmatizer"
    if name not in nlp.pipe_names:
        return
    inner = nlp.get_pipe(name)
    if type(inner) not in (Lemmatizer, _english_lemmatizer()) or inner.mode != "rule":
        return
    at = nlp.pipe_names.index(name)
    nlp.remove_pipe(name)
    nlp.add_pipe(CACHED_LEMMATIZER, name=name, before=at).wrap(inner)


def _english_lemmatizer() -> type:
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return EnglishLemmatizer
