"""Request parameters shared by the pages and the JSON API: declared once, validated at the edge.

Each group is a FastAPI dependency, so the pages and ``/api/v1`` accept exactly the same names and
values, and the OpenAPI description lists them. A value FastAPI cannot parse becomes a 400 naming
the parameter (see ``app.py``); checks that involve two parameters raise :class:`BadParameter`.
Every list is paginated and ``page_size`` has a hard maximum, so no request can ask for the
whole database at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from ..ontology.plover import EVENT_TYPES

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 100_000
MAX_DOWNLOAD_ROWS = 10_000
MAX_TEXT = 200  # characters of a free-text parameter

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Status = Literal["occurred", "planned", "hypothetical", "negated"]
PeriodName = Literal["month", "week"]
Order = Literal["newest", "oldest"]
Format = Literal["csv", "jsonl"]

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


class BadParameter(ValueError):
    """A parameter value that parses but makes no sense (a window that ends before it starts)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = f"{parameter}: {message}"


def _clean(text: str | None) -> str | None:
    """Blank text means 'no filter'."""
    text = (text or "").strip()
    return text or None


def _check_order(first: date | None, last: date | None, first_name: str, last_name: str) -> None:
    """Raise when the window ends before it starts."""
    if first and last and last < first:
        raise BadParameter(last_name, f"{last.isoformat()} is before {first_name} "
                                      f"{first.isoformat()}")


@dataclass(frozen=True, slots=True)
class PageParams:
    """Which page of a list, and how long a page is."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE,
                                    description=f"Rows per page (at most {MAX_PAGE_SIZE}).")]
    = DEFAULT_PAGE_SIZE,
) -> PageParams:
    """Pagination parameters."""
    return PageParams(page, page_size)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The events table's filters; None means no restriction."""

    type: str | None = None
    actor: str | None = None
    counterpart: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    outlet: str | None = None
    q: str | None = None
    order: str = "newest"

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for links and downloads)."""
        values = {"type": self.type, "actor": self.actor, "counterpart": self.counterpart,
                  "status": self.status, "since": self.since, "until": self.until,
                  "place": self.place, "outlet": self.outlet, "q": self.q}
        out = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v}
        if self.order != "newest":
            out["order"] = self.order
        return out


def event_query(
    type: Annotated[EventType | None, Query(description="PLOVER event type.")] = None,  # noqa: A002
    actor: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Actor on either side: a code, name or alias ('Hamas', 'PA', 'IRN'), resolved as "
        "`dragoman standing` resolves it."))] = None,
    counterpart: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "The other side: with `actor`, events between the two; alone, like `actor`."))] = None,
    status: Annotated[Status | None, Query(description="Event status.")] = None,
    since: Annotated[date | None, Query(description=(
        "Events whose date (or, undated, their article's publication date) reaches this day "
        "or later (YYYY-MM-DD)."))] = None,
    until: Annotated[date | None, Query(description="... and begins on this day or earlier.")]
    = None,
    place: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Place name contains this text, or the place's country code is it."))] = None,
    outlet: Annotated[str | None, Query(max_length=MAX_TEXT,
                                        description="Outlet name contains this text.")] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT,
                                   description="Evidence sentence contains this text.")] = None,
    order: Annotated[Order, Query(description="Newest or oldest event first.")] = "newest",
) -> EventQuery:
    """The events filters, blanks dropped and the window checked."""
    _check_order(since, until, "since", "until")
    return EventQuery(type, _clean(actor), _clean(counterpart), status, since, until,
                      _clean(place), _clean(outlet), _clean(q), order)


@dataclass(frozen=True, slots=True)
class WindowParams:
    """The analysis window: first and last day, an optional pivot, and the period length."""

    since: date | None = None
    until: date | None = None
    pivot: date | None = None
    period: str = "month"

    def as_params(self) -> dict[str, str]:
        """The window as query parameters."""
        out = {k: v.isoformat() for k, v in (("since", self.since), ("until", self.until),
                                             ("pivot", self.pivot)) if v}
        if self.period != "month":
            out["period"] = self.period
        return out


def window_params(
    since: Annotated[date | None, Query(description="First day of the window (YYYY-MM-DD).")]
    = None,
    until: Annotated[date | None, Query(description="Last day of the window (YYYY-MM-DD).")]
    = None,
    pivot: Annotated[date | None, Query(description=(
        "Compare rates before and after this day (inside the window)."))] = None,
    period: Annotated[PeriodName, Query(description="Timeline periods.")] = "month",
) -> WindowParams:
    """The window parameters, checked for order."""
    _check_order(since, until, "since", "until")
    _check_order(since, pivot, "since", "pivot")
    _check_order(pivot, until, "pivot", "until")
    return WindowParams(since, until, pivot, period)


def required_actor(value: str | None, parameter: str) -> str:
    """An actor parameter that must be given and not blank."""
    text = _clean(value)
    if text is None:
        raise BadParameter(parameter, "give an actor name, code or alias (e.g. 'Hamas')")
    return text
