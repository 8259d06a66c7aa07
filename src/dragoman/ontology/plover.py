"""The PLOVER event ontology: the 16 event types, their modes, and simple facts about them.

Types and modes follow the PLOVER codebook (2021 draft). ``INTERVIEW`` is not PLOVER: the
development gold uses it for an actor speaking to a media outlet, and we never emit it as an event.
"""
from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("arrest", "ban", "expel", "relations", "restrict", "rights", "territory",
                 "violence"),
    "PROTEST": ("demo", "riot", "hunger", "strike", "boycott", "obstruct"),
    "SANCTION": ("convict", "discontinue", "expel", "withdraw"),
    "MOBILIZE": ("troops", "police", "militia", "weapons"),
    "COERCE": ("arrest", "ban", "censor", "curfew", "cyber", "deport", "misinformation", "restrict",
               "seize", "withhold"),
    "ASSAULT": ("abduct", "aerial", "assassinate", "beat", "cleansing", "crowd-control", "destroy",
                "drone", "execute", "explosives", "firearms", "heavy-weapons", "massacre",
                "primitive", "sexual", "suicide-attack", "torture", "unconventional"),
}

# Types whose two sides are interchangeable ("X met Y" is "Y met X").
SYMMETRIC: frozenset[str] = frozenset({"CONSULT", "COOPERATE", "AGREE"})

# Coarse orientation used by the analysis: cooperative, hostile, or material conflict.
COOPERATIVE: frozenset[str] = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE",
                                         "AID", "RETREAT"})
HOSTILE_VERBAL: frozenset[str] = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"})
HOSTILE_MATERIAL: frozenset[str] = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


def is_event_type(name: str) -> bool:
    """True for one of the 16 PLOVER types."""
    return name in EVENT_TYPES


def check_mode(event_type: str, mode: str | None) -> bool:
    """True when ``mode`` is None or one PLOVER defines for ``event_type``."""
    return mode is None or mode in MODES.get(event_type, ())
