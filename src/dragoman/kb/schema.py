"""The KB file format as pydantic models (docs/kb-format.md); every model forbids unknown keys."""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

OFFICES: dict[str, int] = {
    "head_of_state": 5,
    "head_of_government": 5,
    "leader": 5,
    "foreign_minister": 4,
    "defence_minister": 4,
    "intelligence_chief": 3,
    "military_chief": 3,
    "deputy_leader": 3,
    "deputy_minister": 2,
    "envoy": 2,
    "minister": 2,
    "spokesperson": 1,
    "official": 1,
}
Office = Literal["head_of_state", "head_of_government", "leader", "foreign_minister",
                 "defence_minister", "intelligence_chief", "military_chief", "deputy_leader",
                 "deputy_minister", "envoy", "minister", "spokesperson", "official"]
OrgType = Literal["igo", "armed_group", "party", "government_body", "military", "ngo", "court",
                  "company", "movement", "media", "other"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
Precision = Literal["day", "month", "year"]
# Offices one person holds at a time (per state or organisation); `kb check` reports overlaps.
SINGLE_HOLDER_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister",
                                   "defence_minister"})


def date_precision(value: object) -> Precision:
    """How precisely a KB date is given: 'day' for YYYY-MM-DD, 'month' for YYYY-MM, else 'year'."""
    if value is None or isinstance(value, date):
        return "day"
    match = _PARTIAL_DATE.match(str(value).strip())
    if not match or match.group(3):
        return "day"
    return "month" if match.group(2) else "year"


def parse_partial_date(value: object, *, end: bool = False) -> date | None:
    """Parse an ISO day, year-month or year; a partial end date means the last day it covers."""
    if value is None or isinstance(value, date):
        return value
    match = _PARTIAL_DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"invalid date {str(value)!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"invalid date {str(value)!r}") from None


def _partial(day: date, precision: str) -> str:
    """A date cut back to the precision it was written with ("2024-07", "2024")."""
    return f"{day.year}-{day.month:02d}" if precision == "month" else str(day.year)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("aliases", "adjectives", "metonyms", mode="before", check_fields=False)
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        """YAML ``aliases:`` with nothing after it means an empty list."""
        return [] if value is None else value


class _Dated(_Entry):
    """An entry or role valid between ``start`` and ``end`` (inclusive; None is open).

    A partial date is read as the widest period it allows (a start of "2024-07" is 1 July, an end
    of "2024-07" is 31 July), and its precision is kept: ``start_precision`` and
    ``end_precision`` are "day", "month" or "year", so checks can tell a real overlap of two
    tenures from one that only the month-level dates create.
    """

    start: date | None = None
    end: date | None = None
    _start_precision: Precision = PrivateAttr(default="day")
    _end_precision: Precision = PrivateAttr(default="day")

    @model_validator(mode="wrap")
    @classmethod
    def _keep_precision(cls, data: object, handler):  # type: ignore[no-untyped-def]
        """Record how precisely start and end were written before they become dates."""
        model = handler(data)
        if isinstance(data, dict):
            model._start_precision = date_precision(data.get("start"))
            model._end_precision = date_precision(data.get("end"))
        return model

    @property
    def start_precision(self) -> Precision:
        """'day', 'month' or 'year': how precisely the start was given."""
        return self._start_precision

    @property
    def end_precision(self) -> Precision:
        """'day', 'month' or 'year': how precisely the end was given."""
        return self._end_precision

    def latest_start(self) -> date | None:
        """The last day the period may have started on (the end of a month-precision start)."""
        if self.start is None or self.start_precision == "day":
            return self.start
        return parse_partial_date(_partial(self.start, self.start_precision), end=True)

    def earliest_end(self) -> date | None:
        """The first day the period may have ended on (the first of a month-precision end)."""
        if self.end is None or self.end_precision == "day":
            return self.end
        return parse_partial_date(_partial(self.end, self.end_precision))

    @field_validator("start", mode="before")
    @classmethod
    def _parse_start(cls, value: object) -> date | None:
        """Accept YYYY, YYYY-MM or YYYY-MM-DD."""
        return parse_partial_date(value)

    @field_validator("end", mode="before")
    @classmethod
    def _parse_end(cls, value: object) -> date | None:
        """Accept YYYY, YYYY-MM or YYYY-MM-DD (a partial end is the last day it covers)."""
        return parse_partial_date(value, end=True)

    @model_validator(mode="after")
    def _start_before_end(self) -> _Dated:
        """A period that ends before it starts is a typo."""
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    def valid_on(self, on: date | None) -> bool:
        """True when ``on`` falls inside the period (None means "now": still open)."""
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


class StateEntry(_Entry):
    """What pycountry lacks for one state, keyed by ISO 3166 alpha-3 ``code``."""

    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str | None = None
    aliases: list[str] = []
    adjectives: list[str] = []
    metonyms: list[str] = []


class OrganisationEntry(_Dated):
    """A non-state actor, an IGO, or a state organ (then ``code`` is its state's ISO3)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str
    code: str | None = None
    type: OrgType = "other"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    aliases: list[str] = []
    adjectives: list[str] = []

    @property
    def actor_code(self) -> str:
        """The actor code: ``code`` when given, else the canonical name."""
        return self.code or self.name


class Role(_Dated):
    """A title a person held for a state (ISO3) or an organisation (its id).

    ``concurrent: true`` marks a tenure that overlaps another holder of a single-holder office on
    purpose: a member of a collective presidency, an acting holder while the holder is
    suspended, a rival government's head.
    """

    title: str
    office: Office = "official"
    of: str
    concurrent: bool = False


class PersonEntry(_Entry):
    """A person with the roles that give them an actor code on a date."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str
    aliases: list[str] = []
    died: date | None = None
    keep_affiliation: bool = False
    roles: list[Role] = []

    @field_validator("died", mode="before")
    @classmethod
    def _parse_died(cls, value: object) -> date | None:
        """Accept YYYY, YYYY-MM or YYYY-MM-DD."""
        return parse_partial_date(value, end=True)


class MediaEntry(_Entry):
    """A news outlet: recognised for attribution, never coded as a political actor."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    aliases: list[str] = []


class KBFile(BaseModel):
    """One KB YAML file: any of the four top-level lists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    states: list[StateEntry] = []
    organisations: list[OrganisationEntry] = []
    people: list[PersonEntry] = []
    media: list[MediaEntry] = []

    @field_validator("states", "organisations", "people", "media", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        """A top-level key with no entries is an empty list."""
        return [] if value is None else value
