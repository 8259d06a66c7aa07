"""Dragoman's exceptions, one tree so callers can catch at the depth they need.

    DragomanError                  base; the CLI turns it into a one-line message
    ├── InputError                 an input cannot be read or is not an article
    │   ├── EmptyInputError        nothing but whitespace
    │   ├── BinaryInputError       looks like a binary file
    │   ├── DecodeError            bytes that are not text in any encoding we accept
    │   └── TooLargeError          over the size limit
    ├── FetchError                 a URL or feed could not be fetched
    ├── ConfigError                a bad setting or option
    │   └── UnknownActorError      an actor name nobody knows ("did you mean ...?")
    ├── KBError                    a knowledge-base file is invalid (names file, entry and field)
    ├── ModelError                 the spaCy pipeline is missing or not the pinned one
    ├── PipelineError              stages do not fit together (a missing requirement)
    ├── ExtractionError            extraction failed on one article (dragoman.extract)
    ├── StoreError                 the database cannot be opened or written
    │   └── StoreLockedError       another process holds the DuckDB file
    └── ImportFormatError          a GDELT/ICEWS/CAMEO file is not in the expected layout
"""
from __future__ import annotations


class DragomanError(Exception):
    """Base of every error Dragoman raises on purpose."""


class InputError(DragomanError):
    """An input cannot be read or is not an article."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input looks like a binary file."""


class DecodeError(InputError):
    """The input's bytes are not text in any accepted encoding."""


class TooLargeError(InputError):
    """The input is over the size limit."""


class FetchError(DragomanError):
    """A URL or feed could not be fetched."""


class ConfigError(DragomanError):
    """A setting or option is invalid."""


class UnknownActorError(ConfigError):
    """An actor name that neither the knowledge base nor the database knows."""

    def __init__(self, text: str, suggestions: list[str], reason: str | None = None) -> None:
        self.text = text
        self.suggestions = list(suggestions)
        hint = f" ({reason})" if reason else ""
        if self.suggestions:
            names = self.suggestions
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            hint = f"; did you mean {listed}?"
        super().__init__(f"no actor {text!r}{hint}" if text else "no actor given")


class KBError(DragomanError):
    """A knowledge-base file is invalid."""


class ModelError(DragomanError):
    """The spaCy pipeline is missing or not the expected one."""


class PipelineError(DragomanError):
    """Pipeline stages do not fit together."""


class ExtractionError(DragomanError):
    """Extraction failed on an article (the message names it and the reason)."""


class StoreError(DragomanError):
    """The database cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the database file."""


class ImportFormatError(DragomanError):
    """A file to import is not in the expected layout."""
