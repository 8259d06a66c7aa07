"""Load the trigger lexicon and cue lists (YAML package data) into typed, indexed objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from .plover import SYMMETRIC, check_mode, is_event_type


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One lexicon entry: a word that evokes a PLOVER event, and where its target is."""

    lemma: str
    pos: str
    type: str
    mode: str | None = None
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    prep: str | None = None
    not_prep: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()
    needs_compound: frozenset[str] = frozenset()
    target: tuple[str, ...] = ()
    reverse: bool = False  # "X received Y": the visitor Y is the source
    place_target: bool = False  # "travelled to Cairo": the place's state is the target
    group: bool = False  # "X and Y attended": participants are the subjects
    needs_xcomp: bool = False  # "pushed X to do Y"
    symmetric: bool = False
    pairs: bool = True  # "X and Y <verb>" with no object makes X and Y the two sides
    needs_modal: frozenset[str] = frozenset()  # "said X must ...": a that-clause with a modal
    object_kind: str | None = None  # "actor" or "thing": what the direct object must be
    both_ways: bool = False  # "X and Y exchanged prisoners": each released the other's
    object_of: frozenset[str] = frozenset()  # "a message of condolence": what the object holds
    not_pobjects: frozenset[str] = frozenset()  # "agreed on the need for": not an act
    not_xcomp: frozenset[str] = frozenset()  # "agreed to continue contacts": not an act
    xcomp: frozenset[str] = frozenset()  # "ordered X to leave": the clause the trigger needs
    intransitive: bool = False  # "demonstrated their commitment" is no demonstration
    subject_of: frozenset[str] = frozenset()  # "those sanctioned include X": the subject's kind
    source: str | None = None  # "voice": the document's issuer is the source

    @property
    def specificity(self) -> int:
        """Entries that need more context win over plain ones."""
        return 2 * bool(self.objects) + bool(self.prep) + bool(self.needs_compound) + \
            bool(self.needs_xcomp) + 2 * bool(self.needs_modal) + bool(self.object_kind) + \
            bool(self.object_of) + 2 * bool(self.subject_of) + 2 * bool(self.xcomp)


@dataclass(frozen=True, slots=True)
class Cues:
    """Word lists that decide status, attribution and what counts as an actor."""

    planned_governors: frozenset[str]
    planned_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_governors: frozenset[str]
    negating_governors: frozenset[str]
    negators: frozenset[str]
    speech_verbs: frozenset[str]
    actor_nouns: frozenset[str]
    anaphors: dict[str, frozenset[str]]
    now_words: frozenset[str]
    recent_words: frozenset[str]
    default_org_titles: dict[str, str]
    planned_modifiers: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    governor_types: dict[str, str] = field(default_factory=dict)
    threat_marks: frozenset[str] = frozenset()
    authored_nouns: frozenset[str] = frozenset()
    judgements: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """Trigger specs indexed by (lemma, coarse POS)."""

    index: dict[tuple[str, str], tuple[TriggerSpec, ...]]

    def candidates(self, lemma: str, pos: str) -> tuple[TriggerSpec, ...]:
        """Specs for a lemma, most specific first."""
        return self.index.get((lemma, pos), ())

    def __len__(self) -> int:
        return sum(len(v) for v in self.index.values())


def _check_words(entry: dict[str, Any], where: str) -> None:
    """YAML reads bare on/no/yes as booleans: insist on strings so a rule cannot vanish."""
    for key, value in entry.items():
        values = value if isinstance(value, list) else [value]
        if key not in ("reverse", "place_target", "group", "needs_xcomp", "symmetric", "pairs", "both_ways",
                       "intransitive") and \
                any(isinstance(v, bool) for v in values):
            raise ConfigError(f"{where}.{key}: a yes/no value where a word is expected; quote it "
                              f'(e.g. "on")')


def _spec(entry: dict[str, Any], where: str) -> TriggerSpec:
    _check_words(entry, where)
    etype, mode = entry.get("type"), entry.get("mode")
    if not etype or not is_event_type(etype):
        raise ConfigError(f"{where}: unknown PLOVER type {etype!r}")
    if not check_mode(etype, mode):
        raise ConfigError(f"{where}: mode {mode!r} is not a PLOVER mode of {etype}")
    return TriggerSpec(
        lemma=str(entry["lemma"]).lower(), pos=entry.get("pos", "VERB"), type=etype, mode=mode,
        objects=frozenset(entry.get("objects", ())), not_objects=frozenset(entry.get("not_objects", ())),
        prep=entry.get("prep"), not_prep=frozenset(entry.get("not_prep", ())),
        needs_prep=frozenset(entry.get("needs_prep", ())),
        needs_compound=frozenset(entry.get("needs_compound", ())),
        target=tuple(entry.get("target", ())), reverse=bool(entry.get("reverse")),
        place_target=bool(entry.get("place_target")), group=bool(entry.get("group")),
        needs_xcomp=bool(entry.get("needs_xcomp")),
        symmetric=bool(entry.get("symmetric", etype in SYMMETRIC)),
        pairs=bool(entry.get("pairs", True)),
        needs_modal=frozenset(entry.get("needs_modal", ())),
        object_kind=entry.get("object_kind"), both_ways=bool(entry.get("both_ways")),
        object_of=frozenset(entry.get("object_of", ())),
        not_pobjects=frozenset(entry.get("not_pobjects", ())),
        not_xcomp=frozenset(entry.get("not_xcomp", ())),
        xcomp=frozenset(entry.get("xcomp", ())),
        intransitive=bool(entry.get("intransitive")),
        subject_of=frozenset(entry.get("subject_of", ())), source=entry.get("source"),
    )


def _data_file(name: str) -> Path:
    return Path(str(resources.files("dragoman.ontology") / "data" / name))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and index the trigger lexicon (the packaged one unless a path is given)."""
    file = Path(path) if path else _data_file("triggers.yml")
    entries = yaml.safe_load(file.read_text(encoding="utf-8"))["triggers"]
    index: dict[tuple[str, str], list[TriggerSpec]] = {}
    for i, entry in enumerate(entries):
        spec = _spec(entry, f"{file.name}: triggers[{i}]")
        index.setdefault((spec.lemma, spec.pos), []).append(spec)
    return Lexicon({k: tuple(sorted(v, key=lambda s: -s.specificity)) for k, v in index.items()})


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read the cue word lists."""
    raw = yaml.safe_load(_data_file("cues.yml").read_text(encoding="utf-8"))
    for key, value in raw.items():
        _check_words({key: value} if isinstance(value, list) else {}, f"cues.yml: {key}")
    sets = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    anaphors = {k: frozenset(v) for k, v in raw["anaphors"].items()}
    return Cues(anaphors=anaphors, default_org_titles=dict(raw.get("default_org_titles") or {}),
                governor_types=dict(raw.get("governor_types") or {}), **sets)
