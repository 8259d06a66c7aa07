"""Dragoman: turn news into evidence-linked PLOVER event data.

    >>> import dragoman
    >>> dragoman.extract("On Monday, France condemned the strike by Iran.", published="2024-01-08")
    >>> corpus = dragoman.open("dragoman.duckdb")

See docs/python.md.
"""
# The subpackage dragoman.extract (the rules) shares its name with the function dragoman.extract:
# load the subpackage first, so that a later import of dragoman.extract.events, which Python
# would record as an attribute of this package, never replaces the function bound below.
from . import extract as _rules  # noqa: F401
from .api import extract, open  # noqa: A004  (dragoman.open opens a corpus, as sqlite3.connect does)
from .corpus import Corpus
from .types import ActorRef, Article, Event, Place, ResolvedDate, TextSpan

__version__ = "0.1.0"
__all__ = ["ActorRef", "Article", "Corpus", "Event", "Place", "ResolvedDate", "TextSpan",
           "__version__", "extract", "open"]
