"""Date expressions resolved against a publication date, with precision; never guessed."""
from datetime import date

import pytest

from dragoman.resolve.dates import resolve_date

PUB = date(2023, 12, 20)  # a Wednesday


@pytest.mark.parametrize("text, start, end, precision", [
    ("Wednesday", "2023-12-20", "2023-12-20", "day"),
    ("Monday", "2023-12-18", "2023-12-18", "day"),
    ("October 15", "2023-10-15", "2023-10-15", "day"),
    ("Dec. 20, 2023", "2023-12-20", "2023-12-20", "day"),
    ("July 21, 2014", "2014-07-21", "2014-07-21", "day"),
    ("late November", "2023-11-21", "2023-11-30", "range"),
    ("early October", "2023-10-01", "2023-10-10", "range"),
    ("yesterday", "2023-12-19", "2023-12-19", "day"),
    ("last week", "2023-12-11", "2023-12-17", "week"),
    ("the last two months", "2023-10-21", "2023-12-20", "range"),
    ("back in 2014", "2014-01-01", "2014-12-31", "year"),
    ("November", "2023-11-01", "2023-11-30", "month"),
    ("since October 7", "2023-10-07", "2023-12-20", "range"),
])
def test_resolves(text, start, end, precision):
    found = resolve_date(text, PUB)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_month_day_after_publication_is_last_year():
    assert resolve_date("December 28", PUB).start == date(2022, 12, 28)


def test_planned_weekday_looks_forward():
    assert resolve_date("Friday", PUB, future=True).start == date(2023, 12, 22)


def test_year_hint_fixes_a_month_day():
    assert resolve_date("July 21", PUB, year_hint=2014).start == date(2014, 7, 21)


def test_next_day_needs_an_anchor():
    assert resolve_date("the next day", PUB) is None
    assert resolve_date("the next day", PUB, anchor=date(2023, 10, 15)).start == date(2023, 10, 16)


@pytest.mark.parametrize("text", ["Wednesday", "last week", "yesterday"])
def test_relative_dates_stay_unresolved_without_publication_date(text):
    assert resolve_date(text, None) is None


def test_nonsense_is_none():
    assert resolve_date("many years", PUB) is None


def test_vague_plural_span_is_not_bounded():
    assert resolve_date("in past years", PUB) is None


def test_dateline_is_masked_and_dated():
    from dragoman.extract.events import dateline_date, mask_dateline

    text = "PARIS, Sept 25 (Reuters) - France will withdraw."
    masked = mask_dateline(text)
    assert len(masked) == len(text) and masked.strip().startswith("France")
    assert dateline_date(text, PUB) == date(2023, 9, 25)
    assert mask_dateline("The UN said - nothing") == "The UN said - nothing"


def test_seasons_are_ranges_of_the_publication_year():
    found = resolve_date("the autumn", date(2018, 4, 27), future=True)
    assert (found.start, found.end, found.precision) == (date(2018, 9, 1), date(2018, 11, 30), "range")
    assert resolve_date("last summer", date(2018, 4, 27)).start == date(2017, 6, 1)


def test_next_weekday_said_on_that_weekday_is_a_week_on():
    from dragoman.resolve.dates import resolve_date
    saturday = date(2025, 4, 12)
    assert resolve_date("next Saturday", saturday).start == date(2025, 4, 19)
    assert resolve_date("next Monday", saturday).start == date(2025, 4, 14)


def test_within_a_span_runs_from_publication_to_the_deadline():
    from dragoman.resolve.dates import resolve_date
    found = resolve_date("within 90 days", date(2025, 6, 27))
    assert (found.start, found.end) == (date(2025, 6, 27), date(2025, 9, 25))
