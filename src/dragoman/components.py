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

``speed_up(nlp)`` swaps the wrapper in; ``nlp.make_nlp`` calls it. A model test checks that the
annotations are those of the stock pipeline.
"""
from __future__ import annotations

from typing import Any

from spacy.attrs import intify_attr
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

KB_RULER = "dragoman_entity_ruler"
CACHED_ATTRIBUTE_RULER = "dragoman_cached_attribute_ruler"


class KBEntityRuler(EntityRuler):
    """An EntityRuler whose one-word case-sensitive patterns go through a phrase matcher, and
    whose per-document "any patterns?" check does not count them all."""

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """spaCy's ``add_patterns``, then one-token ``ORTH`` patterns move to an ORTH phrase
        matcher: same keys, same matches, a dictionary lookup instead of a token-pattern scan."""
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


def speed_up(nlp: Any) -> Any:
    """Swap the cached attribute ruler in for the model's own, keeping its name and place."""
    from spacy.pipeline import AttributeRuler

    name = "attribute_ruler"
    if name not in nlp.pipe_names or type(nlp.get_pipe(name)) is not AttributeRuler:
        return nlp
    at = nlp.pipe_names.index(name)
    ruler = nlp.remove_pipe(name)[1]
    nlp.add_pipe(CACHED_ATTRIBUTE_RULER, name=name, before=at).wrap(ruler)
    return nlp
