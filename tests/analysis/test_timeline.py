"""Periods, article counts and rates."""
from __future__ import annotations

from datetime import date

import pytest

from dragoman.analysis.timeline import (articles_per_period, days_between, per_article,
                                        period_of, period_start, periods_between,
                                        rate_per_30_days)


def test_period_keys():
    assert period_of(date(2023, 10, 7)) == "2023-10"
    assert period_of(date(2023, 10, 7), "week") == "2023-W40"
    assert period_start("2023-W40") == date(2023, 10, 2)


def test_periods_between_fills_gaps_across_a_year_end():
    assert periods_between(date(2023, 11, 30), date(2024, 2, 1)) == [
        "2023-11", "2023-12", "2024-01", "2024-02"]
    assert periods_between(date(2023, 12, 25), date(2024, 1, 8), "week") == [
        "2023-W52", "2024-W01", "2024-W02"]


def test_articles_are_counted_once_per_period():
    reports = [("a1", date(2023, 10, 3)), ("a1", date(2023, 10, 9)), ("a2", date(2023, 10, 9)),
               ("a1", date(2023, 11, 1)), ("a3", None)]
    assert articles_per_period(reports) == {"2023-10": 2, "2023-11": 1}


def test_per_article_normalisation():
    # 6 weighted in October over 4 articles; nothing was reported in November
    assert per_article({"2023-10": 6, "2023-11": 0}, {"2023-10": 4}) == {
        "2023-10": 1.5, "2023-11": None}


def test_rates():
    assert days_between(date(2023, 10, 7), date(2023, 11, 30)) == 55
    assert rate_per_30_days(11, 55) == pytest.approx(6.0)
    assert rate_per_30_days(3, 0) == 0.0
