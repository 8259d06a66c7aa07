"""Analysis: engagement, isolation and rival standing, the counterpart network, and timelines."""
from __future__ import annotations

from .data import ActorSpec, Corpus, EventRow, load_corpus, resolve_actor
from .indices import Isolation, PeriodEngagement, RivalComparison, Unit
from .standing import Standing, compute_standing

__all__ = ["ActorSpec", "Corpus", "EventRow", "Isolation", "PeriodEngagement", "RivalComparison",
           "Standing", "Unit", "compute_standing", "load_corpus", "resolve_actor"]
