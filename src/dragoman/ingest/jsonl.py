"""Read a JSON Lines file of articles: one object a line with ``text`` and optional metadata.

Keys: ``text`` (required), ``url``, ``published`` (ISO date or datetime), ``outlet``, ``title``,
``doc_id`` (default ``<file stem>-<line number>``). Other keys are ignored. A bad line becomes a
failure of that line; the rest of the file is still read.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import DragomanError, InputError
from ..pipeline import ArticleResult
from ..types import Article
from .readers import MAX_BYTES, article_from_text, decode_bytes


def read_jsonl(path: str | Path, published: date | None = None) -> Iterator[Article | ArticleResult]:
    """Every article of a JSONL file, and a failed result for every line that is not one."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield line_failure(str(path), path.stem, InputError(str(path), f"cannot read: {exc.strerror}"))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield record_article(raw, path, number, published)


def record_article(raw: bytes, path: Path, number: int,
                   published: date | None) -> Article | ArticleResult:
    """One JSONL line as an Article, or as a failed result naming the line and the reason."""
    origin = f"{path}:{number}"
    fallback_id = f"{path.stem}-{number}"
    try:
        record = _parse_line(raw, origin)
        doc_id = str(record.get("doc_id") or fallback_id)
        text = record.get("text")
        if not isinstance(text, str):
            raise InputError(origin, "no \"text\" string in this record")
        return article_from_text(text, doc_id, origin=origin,
                                 published=published or record_date(record, origin),
                                 url=_str(record.get("url")), outlet=_str(record.get("outlet")),
                                 title=_str(record.get("title")))
    except DragomanError as exc:
        return line_failure(origin, fallback_id, exc)


def record_date(record: dict[str, Any], origin: str) -> date | None:
    """The record's ``published`` date; a value that is not a date is an error, not dropped."""
    value = record.get("published")
    found = parse_date(value)
    if value not in (None, "") and found is None:
        raise InputError(origin, f"invalid published date {value!r} (expected YYYY-MM-DD)")
    return found


def _parse_line(raw: bytes, origin: str) -> dict[str, Any]:
    text = decode_bytes(raw, origin, max_bytes=MAX_BYTES)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(origin, f"a JSON {type(record).__name__}, not an object")
    return record


def parse_date(value: object) -> date | None:
    """An ISO date or datetime string's day; anything else is no date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def line_failure(origin: str, doc_id: str, exc: Exception) -> ArticleResult:
    """A failed read as an ArticleResult the Store records."""
    return ArticleResult(Article(doc_id, "", origin=origin), stage="read",
                         error_type=type(exc).__name__, message=str(exc))
