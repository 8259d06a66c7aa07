"""Turn bytes from a file, standard input or a fetched page into an :class:`Article`.

Pure functions over bytes and strings; the only file access is :func:`read_path`. Every problem
raises an :class:`~dragoman.errors.InputError` that names the input and the reason.

Readers are looked up in ``registry.readers`` when they run, so a plugin that registers a reader
is the one that runs: a reader with a ``suffixes`` attribute (``(".pdf",)``) reads files with those
suffixes from their bytes, called as ``reader(raw, doc_id, origin=..., published=..., url=...)``;
other files go to whatever is registered as ``html.v1`` or ``text.v1``.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..errors import BinaryInputError, DecodeError, EmptyInputError, InputError, TooLargeError
from ..registry import readers
from ..types import Article

MAX_BYTES = 5_000_000  # a news article is far smaller; bigger inputs are almost always mistakes
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_DATE_HEADER = re.compile(r"\A\s*(?:date|published)\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_HTML_START = re.compile(rb"\A\s*(?:<!doctype html|<html|<head|<body|<article)", re.IGNORECASE)


def decode_bytes(raw: bytes, origin: str, max_bytes: int = MAX_BYTES) -> str:
    """Decode article bytes as UTF-8 (or BOM-marked UTF-16), refusing binary and huge inputs."""
    if len(raw) > max_bytes:
        raise TooLargeError(origin, f"{len(raw):,} bytes is over the {max_bytes:,}-byte limit "
                                    "for one article")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(origin, f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in raw[:8192]:
        raise BinaryInputError(origin, "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(origin, f"not UTF-8 text (undecodable byte 0x{raw[exc.start]:02x} "
                                  f"at offset {exc.start})") from exc


def check_date_header(text: str, origin: str) -> None:
    """Refuse a ``date`` header whose date is not a real day: it would be dropped silently."""
    match = _DATE_HEADER.match(text)
    if match and split_date_header(text)[0] is None:
        raise InputError(origin, f"invalid date header {match.group(1)!r} (expected a real "
                                 "YYYY-MM-DD day)")


def split_date_header(text: str) -> tuple[date | None, int]:
    """Find a leading ``date YYYY-MM-DD`` header; return the date and where the body starts."""
    match = _DATE_HEADER.match(text)
    if not match:
        return None, 0
    try:
        return date.fromisoformat(match.group(1)), match.end()
    except ValueError:
        return None, 0


def looks_like_html(raw: bytes, suffix: str = "") -> bool:
    """True for .html files and for bytes that open like an HTML document."""
    return suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(raw[:512]))


@readers.register("text.v1")
def article_from_text(text: str, doc_id: str, origin: str | None = None,
                      published: date | None = None, **meta: str | None) -> Article:
    """Build an Article from plain text; a leading date header sets the publication date.

    The header stays in ``Article.text`` so evidence offsets point into the text as given;
    extraction skips it.
    """
    if not text.strip():
        raise EmptyInputError(origin or doc_id, "empty: no text to read")
    check_date_header(text, origin or doc_id)
    header_date, _ = split_date_header(text)
    return Article(doc_id=doc_id, text=text, published=published or header_date, origin=origin,
                   url=meta.get("url"), outlet=meta.get("outlet"), title=meta.get("title"))


@readers.register("html.v1")
def article_from_html(html: str | bytes, doc_id: str, origin: str | None = None,
                      published: date | None = None, url: str | None = None) -> Article:
    """Reduce an HTML page to its article text and metadata with trafilatura."""
    import trafilatura

    where = origin or url or doc_id
    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        doc = found.as_dict() if hasattr(found, "as_dict") else found
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(where, f"unparseable HTML ({type(exc).__name__})") from exc
    if not doc or not (doc.get("text") or "").strip():
        raise EmptyInputError(where, "HTML page with no article text")
    page_date = _iso_date(doc.get("date"))
    # trafilatura puts one block (headline, paragraph) per line: make each a paragraph, so a
    # headline never runs into the first sentence
    text = "\n\n".join(line.strip() for line in doc["text"].splitlines() if line.strip())
    return Article(doc_id=doc_id, text=text, published=published or page_date,
                   url=url or doc.get("url"), outlet=doc.get("sitename"), title=doc.get("title"),
                   origin=origin)


def article_from_bytes(raw: bytes, doc_id: str, origin: str, published: date | None = None,
                       suffix: str = "", url: str | None = None) -> Article:
    """Route bytes to the registered reader: a plugin's for its suffixes, else HTML or text."""
    from ..registry import get

    plugin = reader_for(suffix)
    if plugin is not None:
        return plugin(raw, doc_id, origin=origin, published=published, url=url)
    text = decode_bytes(raw, origin)
    if looks_like_html(raw, suffix):
        return get("readers", "html.v1")(text, doc_id, origin=origin, published=published, url=url)
    return get("readers", "text.v1")(text, doc_id, origin=origin, published=published, url=url)


def reader_for(suffix: str):
    """The registered reader that declares this file suffix, or None (then text or HTML)."""
    if not suffix:
        return None
    from ..registry import load_builtins

    load_builtins()
    for _, reader in sorted(readers.get_all().items()):
        if suffix.lower() in getattr(reader, "suffixes", ()):
            return reader
    return None


def reader_suffixes() -> tuple[str, ...]:
    """File suffixes that registered readers declare (a plugin's ``.pdf``, say)."""
    from ..registry import load_builtins

    load_builtins()
    return tuple(sorted({s for r in readers.get_all().values() for s in getattr(r, "suffixes", ())}))


def read_path(path: str | Path, published: date | None = None) -> Article:
    """Read one file into an Article; ``doc_id`` is the file's stem."""
    path = Path(path)
    origin = str(path)
    if not path.exists():
        raise InputError(origin, "no such file")
    if path.is_dir():
        raise InputError(origin, "is a folder, not a file (ingest reads folders)")
    size = path.stat().st_size
    if size > MAX_BYTES and reader_for(path.suffix) is None:
        raise TooLargeError(origin, f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit for one "
                                    "article")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror}") from exc
    return article_from_bytes(raw, path.stem, origin, published=published, suffix=path.suffix)


def _iso_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
