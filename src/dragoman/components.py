"""spaCy components Dragoman puts in the model's pipeline: the same annotations, less Python.

- ``KBEntityRuler`` holds the knowledge base's ~7,500 name patterns. spaCy's ``EntityRuler``
  counts all its patterns (a sum over every pattern list) on every document before matching;
  with this many patterns the count cost a good part of what the matching does. Here the check
  only asks whether any pattern exists; matching and annotation are spaCy's own.
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
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

KB_RULER = "dragoman_entity_ruler"
CACHED_ATTRIBUTE_RULER = "dragoman_cached_attribute_ruler"


class KBEntityRuler(EntityRuler):
    """An EntityRuler whose per-document "any patterns?" check does not count them all."""

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
