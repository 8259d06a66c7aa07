"""Periods, article counts and rates: the time axis every measure shares.

A period is a calendar month (``"2023-10"``) or an ISO week (``"2023-W41"``). An event belongs to the
period of its first possible day. ``per_article`` divides a count by the number of distinct
articles that report an event of the actor in the same period, so a month the press wrote twice as
much about an actor does not look like a month of twice as much diplomacy. (Articles are counted by
the dates of the events they report, not by their publication dates, so an event reported a month
later is divided by the articles that covered its month.)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Literal

Period = Literal["month", "week"]
PERIODS: tuple[str, ...] = ("month", "week")


def period_of(day: date, period: Period = "month") -> str:
    """The period key of a day: '2023-10' for a month, '2023-W41' for an ISO week."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def period_start(key: str) -> date:
    """The first day of a period key."""
    if "-W" in key:
        year, week = key.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def next_period(key: str) -> str:
    """The period key after ``key``."""
    start = period_start(key)
    if "-W" in key:
        return period_of(start + timedelta(days=7), "week")
    return period_of(date(start.year + start.month // 12, start.month % 12 + 1, 1), "month")


def periods_between(first: date, last: date, period: Period = "month") -> list[str]:
    """Every period key from the one holding ``first`` to the one holding ``last``, gaps included."""
    keys, key, stop = [], period_of(first, period), period_of(last, period)
    while period_start(key) <= period_start(stop):
        keys.append(key)
        key = next_period(key)
    return keys


def articles_per_period(reports: Iterable[tuple[str, date | None]],
                        period: Period = "month") -> dict[str, int]:
    """Distinct articles per period from (article_id, event day) pairs; undated pairs are left out."""
    seen = {(article_id, period_of(day, period)) for article_id, day in reports if day is not None}
    return dict(Counter(key for _, key in seen))


def per_article(values: Mapping[str, float], articles: Mapping[str, int]) -> dict[str, float | None]:
    """Each period's value divided by its article count; None where no article was published."""
    return {key: (value / articles[key] if articles.get(key) else None)
            for key, value in values.items()}


def days_between(first: date, last: date) -> int:
    """Days in the closed interval [first, last], at least 1."""
    return max((last - first).days + 1, 1)


def rate_per_30_days(count: int, days: int) -> float:
    """A count as a rate per 30 days (0.0 for an empty interval)."""
    return 30.0 * count / days if days > 0 else 0.0
