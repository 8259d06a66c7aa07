"""Validate the trigger lexicon and the cue lists: an unknown key or slot is an error, not ignored.

The loader (:mod:`dragoman.ontology.lexicon`) reads only the keys it knows, so a misspelt key
(``objets:``) or a target slot the extractor does not read (``target: [subj]``) would silently
make a rule do less than it says. ``dragoman kb check`` runs these checks on the shipped files
and on any file with a top-level ``triggers`` key or cue lists.

Target slots the extractor reads (``extract/sides.py``): ``dobj``, ``iobj``, ``ccomp``, ``poss``
and ``prep:<word>``. Keep :data:`TARGET_SLOTS` in step with it.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from .lexicon import Cues, TriggerSpec
from .plover import EVENT_TYPES, check_mode

TARGET_SLOTS = frozenset({"dobj", "iobj", "ccomp", "poss"})
PREP_SLOT = "prep:"
TRIGGER_KEYS = frozenset(f.name for f in fields(TriggerSpec))
FLAGS = frozenset({"reverse", "place_target", "group", "needs_xcomp", "symmetric", "pairs",
                   "both_ways"})
WORD_LISTS = frozenset({"objects", "not_objects", "xcomp", "not_prep", "needs_prep", "needs_compound",
                        "needs_modal", "target"})
POS = frozenset({"VERB", "NOUN"})
OBJECT_KINDS = frozenset({"actor", "organisation", "thing"})
CUE_KEYS = frozenset(f.name for f in fields(Cues))
ANAPHOR_KINDS = frozenset({"organisation", "state", "person"})


def trigger_errors(name: str, raw: Any) -> list[str]:
    """Every problem of a trigger lexicon file, located ``file: triggers[i].key: message``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("triggers"), list):
        return [f"{name}: expected a mapping with a list under triggers"]
    errors = [f"{name}: {key}: unknown top-level key" for key in raw if key != "triggers"]
    for i, entry in enumerate(raw["triggers"]):
        where = f"{name}: triggers[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a mapping")
            continue
        errors += _entry_errors(where, entry)
    return errors


def _entry_errors(where: str, entry: dict[str, Any]) -> list[str]:
    """One trigger entry: known keys, values of the right kind, known type, mode and slots."""
    label = f" (lemma {entry.get('lemma')!r})" if entry.get("lemma") else ""
    errors = [f"{where}.{key}: unknown key{label}" for key in entry if key not in TRIGGER_KEYS]
    for key in ("lemma", "type"):
        if not isinstance(entry.get(key), str):
            errors.append(f"{where}.{key}: missing or not a word{label}")
    if entry.get("type") not in (None, *EVENT_TYPES) and isinstance(entry.get("type"), str):
        errors.append(f"{where}.type: unknown PLOVER type {entry['type']!r}{label}")
    elif isinstance(entry.get("type"), str) and not check_mode(entry["type"], entry.get("mode")):
        errors.append(f"{where}.mode: {entry.get('mode')!r} is not a PLOVER mode of "
                      f"{entry['type']}{label}")
    if entry.get("pos", "VERB") not in POS:
        errors.append(f"{where}.pos: {entry.get('pos')!r} is not one of {sorted(POS)}{label}")
    if entry.get("object_kind") not in (None, *OBJECT_KINDS):
        errors.append(f"{where}.object_kind: {entry['object_kind']!r} is not one of "
                      f"{sorted(OBJECT_KINDS)}{label}")
    errors += _value_errors(where, entry, label)
    for k, slot in enumerate(entry.get("target") or []):
        if not _known_slot(slot):
            errors.append(f"{where}.target[{k}]: unknown slot {slot!r}; the extractor reads "
                          f"dobj, iobj, ccomp and prep:<word>{label}")
    return errors


def _value_errors(where: str, entry: dict[str, Any], label: str) -> list[str]:
    """Flags are true/false; word lists are lists of words (a bare on/no is YAML's boolean)."""
    errors = []
    for key, value in entry.items():
        if key in FLAGS and not isinstance(value, bool):
            errors.append(f"{where}.{key}: expected true or false, got {value!r}{label}")
        elif key in WORD_LISTS:
            if not isinstance(value, list):
                errors.append(f"{where}.{key}: expected a list, got {value!r}{label}")
            elif any(not isinstance(v, str) for v in value):
                errors.append(f"{where}.{key}: a yes/no value where a word is expected; quote it "
                              f"(e.g. \"on\"){label}")
        elif key == "prep" and not isinstance(value, str):
            errors.append(f"{where}.prep: expected a word, got {value!r}{label}")
    return errors


def _known_slot(slot: object) -> bool:
    if not isinstance(slot, str):
        return False
    if slot.startswith(PREP_SLOT):
        return slot[len(PREP_SLOT):].isalpha()
    return slot in TARGET_SLOTS


def cue_errors(name: str, raw: Any) -> list[str]:
    """Every problem of a cue file: unknown keys, lists that are not word lists, bad types."""
    if not isinstance(raw, dict):
        return [f"{name}: expected a mapping of cue lists"]
    errors = [f"{name}: {key}: unknown key" for key in raw if key not in CUE_KEYS]
    for key, value in raw.items():
        if key in ("anaphors", "default_org_titles", "governor_types"):
            errors += _mapping_errors(name, key, value)
        elif isinstance(value, list):
            if any(not isinstance(v, str) for v in value):
                errors.append(f"{name}: {key}: a yes/no value where a word is expected; quote it")
        elif key in CUE_KEYS:
            errors.append(f"{name}: {key}: expected a list of words")
    return errors


def _mapping_errors(name: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f"{name}: {key}: expected a mapping"]
    if key == "anaphors":
        return [f"{name}: anaphors.{kind}: unknown kind; choose one of {sorted(ANAPHOR_KINDS)}"
                for kind in value if kind not in ANAPHOR_KINDS]
    if key == "governor_types":
        return [f"{name}: governor_types.{word}: unknown PLOVER type {kind!r}"
                for word, kind in value.items() if kind not in EVENT_TYPES]
    return []
