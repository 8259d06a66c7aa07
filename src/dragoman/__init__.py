"""Dragoman: turn news into evidence-linked PLOVER event data."""
from .types import ActorRef, Article, Event, Place, ResolvedDate, TextSpan

__version__ = "0.1.0"
__all__ = ["ActorRef", "Article", "Event", "Place", "ResolvedDate", "TextSpan", "__version__"]
