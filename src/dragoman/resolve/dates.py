"""Resolve date expressions against the publication date, with a precision.

Pure functions of a string and dates. Never guesses: without a publication date, relative
expressions ("on Wednesday", "last week") stay unresolved, and an expression we do not
understand gives None rather than the publication date.

    >>> resolve_date("late November", published=date(2023, 12, 20))
    ResolvedDate(start=datetime.date(2023, 11, 21), end=datetime.date(2023, 11, 30), ...)
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..types import ResolvedDate

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365,
         "years": 365}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a": 1, "a few": 3, "several": 3, "few": 3}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b")
_PART_MONTH = re.compile(r"\b(?P<part>early|mid|late|end of|beginning of|the end of|the beginning of)[\s-]+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?")
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?\s*$")
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_SPAN = re.compile(r"\b(?:over|in|during|for)?\s*(?:the\s+)?(?:last|past|previous)\s+(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|few|several)?\s*(?P<unit>days?|weeks?|months?|years?)\b")
_SINCE = re.compile(r"\bsince\b")
_WITHIN = re.compile(r"\bwithin\s+(?:the\s+next\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>days?|weeks?|months?|years?)\b")


def _shift_year(day: date, published: date | None, future: bool) -> date:
    """A month-day without a year lies in the publication year, or the year before it."""
    if published and not future and day > published + timedelta(days=7):
        return day.replace(year=day.year - 1)
    if published and future and day < published - timedelta(days=7):
        return day.replace(year=day.year + 1)
    return day


def _month_range(year: int, month: int, first: int = 1, last: int | None = None) -> tuple[date, date]:
    end = calendar.monthrange(year, month)[1]
    return date(year, month, first), date(year, month, min(last or end, end))


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit_day(text: str, published: date | None, year_hint: int | None,
                  future: bool) -> ResolvedDate | None:
    for rx in (_MDY, _DMY):
        m = rx.search(text)
        if not m:
            continue
        month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
        year = int(m["year"]) if m["year"] else (year_hint or (published.year if published else None))
        if year is None:
            return None
        found = _safe_day(year, month, day)
        if found is None:
            return None
        if not m["year"] and not year_hint:
            found = _shift_year(found, published, future)
        return ResolvedDate(found, found, "day", text, "explicit")
    return None


def _month_year(m: re.Match, published: date | None, year_hint: int | None,
                future: bool) -> tuple[int, int] | None:
    """Month and year of a matched month name; the year from the text, a hint, or publication."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    year = int(m["year"]) if m["year"] else (year_hint or (published.year if published else None))
    if year is None:
        return None
    if not m["year"] and not year_hint:
        year = _shift_year(date(year, month, 1), published, future).year
    return month, year


def _part_of_month(text: str, published: date | None, year_hint: int | None,
                   future: bool) -> ResolvedDate | None:
    m = _PART_MONTH.search(text)
    found = _month_year(m, published, year_hint, future) if m else None
    if found is None:
        return None
    month, year = found
    part = m["part"].replace("the ", "")
    bounds = {"early": (1, 10), "beginning of": (1, 10), "mid": (11, 20), "late": (21, None),
              "end of": (21, None)}[part]
    start, end = _month_range(year, month, *bounds)
    return ResolvedDate(start, end, "range", text, "part-of-month")


def _month(text: str, published: date | None, year_hint: int | None,
           future: bool) -> ResolvedDate | None:
    m = _MONTH_YEAR.search(text.strip())
    if not m or m["month"].lower() == "may" and not m["year"] and text.strip().lower() == "may":
        return None
    found = _month_year(m, published, year_hint, future)
    if found is None:
        return None
    start, end = _month_range(found[1], found[0])
    return ResolvedDate(start, end, "month", text, "explicit")


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_SEASON = re.compile(r"\b(?P<which>this|next|last|the)?\s*(?P<season>spring|summer|autumn|fall)\b")


def _season(text: str, published: date, future: bool) -> ResolvedDate | None:
    """'in the autumn', 'next spring': northern-hemisphere seasons of the publication year."""
    m = _SEASON.search(text)
    if not m:
        return None
    first, last = SEASONS[m["season"]]
    year = published.year + (1 if m["which"] == "next" else -1 if m["which"] == "last" else 0)
    if m["which"] in (None, "the") and future and date(year, last, 28) < published:
        year += 1
    start = date(year, first, 1)
    end = date(year, last, calendar.monthrange(year, last)[1])
    return ResolvedDate(start, end, "range", text, "season")


def _weekday(text: str, published: date, future: bool) -> ResolvedDate | None:
    words = text.lower().split()
    found = next((w for w in words if w in WEEKDAYS), None)
    if found is None:
        return None
    delta = (published.weekday() - WEEKDAYS[found]) % 7
    if "next" in words:  # "next Saturday" said on a Saturday is a week on, never today
        day = published + timedelta(days=(WEEKDAYS[found] - published.weekday() - 1) % 7 + 1)
    elif future and "last" not in words:
        day = published + timedelta(days=(WEEKDAYS[found] - published.weekday()) % 7)
    else:
        day = published - timedelta(days=delta + (7 if "last" in words and delta == 0 else 0))
    return ResolvedDate(day, day, "day", text, "weekday")


def _relative(text: str, published: date, anchor: date | None) -> ResolvedDate | None:
    low = text.lower().strip()
    one_day = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
               "this evening": 0, "yesterday": -1, "tomorrow": 1, "the day before": None,
               "the next day": None, "the following day": None, "the previous day": None}
    for phrase, offset in one_day.items():
        if phrase in low:
            if offset is not None:
                day = published + timedelta(days=offset)
            elif anchor is None:
                return None
            else:
                day = anchor + timedelta(days=1 if ("next" in phrase or "following" in phrase) else -1)
            return ResolvedDate(day, day, "day", text, "relative")
    monday = published - timedelta(days=published.weekday())
    weeks = {"last week": -7, "this week": 0, "next week": 7, "earlier this week": 0}
    for phrase, offset in weeks.items():
        if phrase in low:
            start = monday + timedelta(days=offset)
            end = min(start + timedelta(days=6), published) if offset <= 0 else start + timedelta(days=6)
            return ResolvedDate(start, end, "week", text, "relative")
    first = published.replace(day=1)
    if "last month" in low:
        prev = first - timedelta(days=1)
        start, end = _month_range(prev.year, prev.month)
        return ResolvedDate(start, end, "month", text, "relative")
    if "this month" in low:
        return ResolvedDate(first, published, "range", text, "relative")
    if "last year" in low:
        return ResolvedDate(date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), "year", text, "relative")
    if "this year" in low:
        return ResolvedDate(date(published.year, 1, 1), published, "range", text, "relative")
    m = _SPAN.search(low)
    if m and not m["n"] and m["unit"].endswith("s"):
        return None  # "in past years" names no span we could bound honestly
    if m:
        n = NUMBERS.get(m["n"], None) if m["n"] and not m["n"].isdigit() else int(m["n"] or 1)
        days = (n or 1) * UNITS[m["unit"]]
        return ResolvedDate(published - timedelta(days=days), published, "range", text, "relative")
    return None


def resolve_date(text: str, published: date | None = None, anchor: date | None = None,
                 year_hint: int | None = None, future: bool = False) -> ResolvedDate | None:
    """Resolve one date expression; None when it cannot be fixed without guessing.

    ``anchor`` is the date of the event told just before ("the next day"), ``year_hint`` a year
    named in the same sentence ("In 2014 ... on July 21"), ``future`` is True for planned events.
    """
    low = text.lower().strip()
    m = _ISO.search(low)
    if m:
        day = _safe_day(int(m["year"]), int(m["month"]), int(m["day"]))
        return ResolvedDate(day, day, "day", text, "explicit") if day else None
    m = _WITHIN.search(low)
    if m and published is not None:  # "within 90 days": from publication to the deadline
        n = int(m["n"]) if m["n"].isdigit() else NUMBERS.get(m["n"], 1)
        return ResolvedDate(published, published + timedelta(days=n * UNITS[m["unit"]]), "range", text, "within")
    if _SINCE.search(low):
        start = resolve_date(_SINCE.split(low, 1)[1], published, anchor, year_hint, future)
        if start and published and start.start <= published:
            return ResolvedDate(start.start, published, "range", text, "since")
        return None
    for resolver in (_part_of_month, _explicit_day):
        found = resolver(low, published, year_hint, future)
        if found:
            return found
    if published is not None:
        found = _weekday(low, published, future) or _relative(low, published, anchor) \
            or _season(low, published, future)
        if found:
            return found
    found = _month(low, published, year_hint, future)
    if found:
        return found
    m = _YEAR.search(low)
    if m and re.fullmatch(r"(?:back\s+)?(?:in\s+)?(?:the\s+year\s+)?\d{4}", low):
        year = int(m["year"])
        return ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year", text, "explicit")
    return None


def now_date(published: date | None) -> ResolvedDate | None:
    """'now', 'today', 'currently': the publication day."""
    return ResolvedDate(published, published, "day", "now", "now") if published else None


def recent_date(published: date | None, days: int = 30) -> ResolvedDate | None:
    """'recently': the month before publication, as a range."""
    if published is None:
        return None
    return ResolvedDate(published - timedelta(days=days), published, "range", "recently", "recent")


def year_in(text: str) -> int | None:
    """A four-digit year named in a sentence, used for month-days without a year."""
    m = _YEAR.search(text)
    return int(m["year"]) if m else None
