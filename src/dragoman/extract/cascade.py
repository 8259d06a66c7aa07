"""The cascade: parse only the sentences that can hold an event, plus the context they need.

Most sentences in news hold no event, and the neural pipeline (tagger, parser, NER) is nearly
all of the cost. So the article is first tokenised and split into sentences by rule (cheap:
no model), each sentence is tested for a possible trigger, and only these *units* go to the full
pipeline:

- every sentence with a word that may be a trigger of the lexicon (``TriggerWords``);
- the first sentence of the first two paragraphs (the headline and the lead: the dateline, and
  the actors the rest of the article refers back to);
- the sentence before each of those (a pronoun or "the group" usually points one sentence back).

Context is only parsed when a trigger sentence follows it: the extractor reads the article in
order, so a sentence after the last possible event cannot change any event, and an article with no
possible trigger needs no parse at all.

Selected sentences that touch inside one paragraph are merged into one unit, so a unit is a run
of whole sentences of one paragraph: the extractor parses it and walks ``doc.sents`` with the
unit's character offset, exactly as it does with whole paragraphs. What the extractor reads from
the whole document must therefore go by offsets, not by unit number (which paragraph a sentence
is in); and a statistic over every parsed sentence (the state most often the subject, used for a
readout that never names its issuer) sees only the parsed ones: ``bench/cascade_recall.py`` is the
check that this changes no event on the shared texts.

The trigger test errs toward recall. Without a tagger there are no lemmas, so each word form is
expanded into every lemma the model's own rule lemmatizer could give it (any part of speech, suffix
rules and the irregular-form tables), and the sentence is kept when any of them is a lexicon lemma.
An entry that needs another word (a light verb's object, a particle such as "call *on*", a compound
such as "*phone* call", a modal, a to-infinitive) also needs that word somewhere in the sentence, so
"have" or "make" alone do not keep a sentence. Everything is read from the lexicon, so new trigger
entries are picked up without touching this module.

``select_sentences`` and ``units`` are pure functions over word lists and offsets; ``Cascade``
binds them to a spaCy tokenizer and a lexicon.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ontology.lexicon import Lexicon

Chunk = tuple[int, str]  # (character offset in the article, text)
LEAD_PARAGRAPHS = 2  # the headline and the lead are always parsed
POS_TABLES = ("verb", "noun", "adj", "adv")


@dataclass(frozen=True)
class TriggerWords:
    """What the lexicon needs to see in a sentence before a trigger is possible.

    ``needs[lemma]`` lists, per lexicon entry of that lemma, the word sets of which one word each
    must also occur; an entry with no such condition makes the lemma alone enough (an empty tuple).
    """

    needs: dict[str, tuple[tuple[frozenset[str], ...], ...]]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon, cues: Iterable[str] = ()) -> TriggerWords:
        """The trigger lemmas of a lexicon and the extra words each entry requires, plus cue
        words that sentence-level rules read without a trigger (each enough alone)."""
        needs: dict[str, list[tuple[frozenset[str], ...]]] = {w: [()] for w in cues}
        for specs in lexicon.index.values():
            for spec in specs:
                wanted = (spec.objects, spec.needs_compound, spec.needs_prep, spec.needs_modal,
                          _word(spec.prep), _word(spec.needs_xcomp and "to"))
                conditions = [words for words in wanted if words]
                needs.setdefault(spec.lemma, []).append(tuple(conditions))
        return cls({lemma: tuple(alternatives) for lemma, alternatives in needs.items()})

    def hit(self, lemmas: set[str]) -> bool:
        """Can a sentence whose words may have these lemmas hold a trigger?"""
        for lemma in lemmas & self.needs.keys():
            if any(all(words & lemmas for words in conditions) for conditions in self.needs[lemma]):
                return True
        return False


def _word(word: str | bool | None) -> frozenset[str]:
    return frozenset([word]) if isinstance(word, str) else frozenset()


class LemmaGuesser:
    """Every lemma a word form may get from a rule lemmatizer's tables, whatever its POS.

    Built from spaCy's ``lemma_rules`` / ``lemma_exc`` tables (the model's own), so "met", "held"
    and "talks" give "meet", "hold" and "talk". The lower-cased form itself is always included,
    because the extractor also looks surface forms up in the lexicon.
    """

    def __init__(self, rules: dict[str, list[list[str]]], exceptions: dict[str, dict[str, list[str]]]):
        self.rules = rules
        self.exceptions = exceptions
        self._cache: dict[str, frozenset[str]] = {}

    @classmethod
    def from_nlp(cls, nlp: Any) -> LemmaGuesser:
        """Tables of the pipeline's lemmatizer, or none (surface forms only)."""
        if "lemmatizer" not in getattr(nlp, "pipe_names", ()):
            return cls({}, {})
        lookups = nlp.get_pipe("lemmatizer").lookups
        rules = lookups.get_table("lemma_rules", {}) if lookups.has_table("lemma_rules") else {}
        exc = lookups.get_table("lemma_exc", {}) if lookups.has_table("lemma_exc") else {}
        return cls({p: list(rules.get(p, [])) for p in POS_TABLES},
                   {p: dict(exc.get(p, {})) for p in POS_TABLES})

    def __call__(self, form: str) -> frozenset[str]:
        found = self._cache.get(form)
        if found is None:
            found = self._cache[form] = frozenset(self._guess(form))
        return found

    def _guess(self, form: str) -> Iterable[str]:
        yield form
        for pos, rules in self.rules.items():
            for old, new in rules:
                if form.endswith(old) and len(form) > len(old):
                    yield form[:len(form) - len(old)] + new
            yield from self.exceptions.get(pos, {}).get(form, ())


def select_sentences(sentences: Sequence[set[str]], first_of_paragraph: Sequence[int],
                     words: TriggerWords, before: int = 1) -> list[int]:
    """Indices of the sentences to parse, in order.

    ``sentences`` holds each sentence's possible lemmas, in article order; ``first_of_paragraph``
    the index of each paragraph's first sentence. Kept: trigger sentences, the first sentence of
    the first ``LEAD_PARAGRAPHS`` paragraphs, and ``before`` sentences before each of these.
    Context after the last trigger sentence is left out: the extractor reads an article in
    order, so nothing after its last event can change it.
    """
    triggers = [i for i, lemmas in enumerate(sentences) if words.hit(lemmas)]
    if not triggers:
        return []  # nothing can hold an event, so nothing needs a parse
    keep = set(triggers) | {i for i in first_of_paragraph[:LEAD_PARAGRAPHS] if i <= triggers[-1]}
    for i in list(keep):
        keep.update(range(max(0, i - before), i))
    return sorted(keep)


def units(chunks: Sequence[Chunk], spans: Sequence[Sequence[tuple[int, int]]],
          keep: Iterable[int]) -> list[Chunk]:
    """Runs of kept sentences, one per stretch of touching sentences within a paragraph.

    ``spans[p]`` are the (start, end) character offsets of paragraph ``p``'s sentences in its
    text; sentence indices in ``keep`` count across paragraphs in order.
    """
    kept = set(keep)
    out: list[Chunk] = []
    i = 0
    for (offset, text), sents in zip(chunks, spans):
        run: tuple[int, int] | None = None
        for start, end in sents:
            if i in kept:
                run = (run[0], end) if run is not None else (start, end)
            elif run is not None:
                out.append(_unit(offset, text, *run))
                run = None
            i += 1
        if run is not None:
            out.append(_unit(offset, text, *run))
    return out


def _unit(offset: int, text: str, start: int, end: int) -> Chunk:
    """A run with the whitespace after it: the parser gives a trailing newline to the sentence
    before it, so the evidence of a parsed run ends where that of its paragraph would."""
    while end < len(text) and text[end].isspace():
        end += 1
    return offset + start, text[start:end]


@dataclass
class CascadeStats:
    """How much of the text the cascade sent to the full pipeline."""

    sentences: int = 0
    parsed_sentences: int = 0
    chars: int = 0
    parsed_chars: int = 0

    @property
    def share(self) -> float:
        """Share of sentences parsed."""
        return self.parsed_sentences / self.sentences if self.sentences else 1.0


@dataclass
class Cascade:
    """Cheap first pass: rule tokenisation and sentence splitting, then trigger selection."""

    split: Callable[[str], list[tuple[int, int, list[str]]]]
    words: TriggerWords
    lemmas: Callable[[str], frozenset[str]]
    before: int = 1
    stats: CascadeStats = field(default_factory=CascadeStats)

    @classmethod
    def for_pipeline(cls, nlp: Any, lexicon: Lexicon, before: int = 1,
                     cues: Iterable[str] = ()) -> Cascade:
        """A cascade using a pipeline's tokenizer and lemmatizer tables and spaCy's rule
        sentencizer's rule."""
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, ORTH
        from spacy.pipeline import Sentencizer

        tokenizer = nlp.tokenizer
        strings = nlp.vocab.strings
        # spaCy's rule sentencizer, read from arrays: its own predict() makes a Token object for
        # every token. A sentence starts at the first token, and at the first token that is
        # neither punctuation nor a sentence-final character after a sentence-final character.
        enders = frozenset(strings.add(c) for c in Sentencizer.default_punct_chars)

        def split(text: str) -> list[tuple[int, int, list[str]]]:
            """(start, end, lower-case words) of each sentence, read from arrays: no Token objects."""
            doc = tokenizer(text)
            out: list[tuple[int, int, list[str]]] = []
            seen_end = False
            for orth, punct, lower, idx, length in doc.to_array([ORTH, IS_PUNCT, LOWER, IDX, LENGTH]).tolist():
                ender = orth in enders
                if out and seen_end and not punct and not ender:
                    out.append((idx, idx + length, []))
                    seen_end = False
                elif ender:
                    seen_end = True
                if not out:
                    out.append((idx, idx + length, []))
                out[-1] = (out[-1][0], idx + length, out[-1][2])
                out[-1][2].append(strings[lower])
            return out

        return cls(split, TriggerWords.from_lexicon(lexicon, cues), LemmaGuesser.from_nlp(nlp), before)

    def units(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        """The runs of an article's paragraphs that the full pipeline must parse."""
        spans: list[list[tuple[int, int]]] = []
        sentences: list[set[str]] = []
        firsts: list[int] = []
        for _, text in chunks:
            split = self.split(text)
            firsts.append(len(sentences))
            spans.append([(start, end) for start, end, _ in split])
            sentences += [set().union(*map(self.lemmas, forms)) for _, _, forms in split]
        keep = select_sentences(sentences, firsts, self.words, self.before)
        chosen = units(chunks, spans, keep)
        self._count(chunks, sentences, keep, chosen)
        return chosen

    def _count(self, chunks: Sequence[Chunk], sentences: list[set[str]], keep: list[int],
               chosen: list[Chunk]) -> None:
        self.stats.sentences += len(sentences)
        self.stats.parsed_sentences += len(keep)
        self.stats.chars += sum(len(t) for _, t in chunks)
        self.stats.parsed_chars += sum(len(t) for _, t in chosen)
