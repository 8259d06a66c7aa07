"""The terminal table fits its width without cutting dates (hand-made events, no model)."""
from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from dragoman.output import to_table
from dragoman.types import ActorRef, Event, Place, ResolvedDate, TextSpan


def _event(n: int, start: date, end: date) -> Event:
    long = ActorRef("x", "Mohammed bin Abdulrahman bin Jassim Al Thani", "QAT", "prime minister")
    other = ActorRef("y", "Hossein Amir-Abdollahian", "IRN", "foreign minister")
    return Event(f"e{n}", "d", "a", "CONSULT", "third-party", long, other,
                 ResolvedDate(start, end, "day" if start == end else "range"),
                 Place("Doha"), "occurred", "Iran International", TextSpan("s", 0, 1),
                 TextSpan("met", 0, 3), 0.85, "deps.v1")


EVENTS = [_event(1, date(2023, 12, 20), date(2023, 12, 20)),
          _event(2, date(2023, 11, 1), date(2023, 11, 30))]


def _render(width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(to_table(EVENTS, title="article", width=width))
    return console.export_text()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_table_fits_and_dates_are_whole(width):
    text = _render(width)
    assert max(len(line) for line in text.splitlines()) <= width
    for day in ("2023-12-20", "2023-11-01", "..2023-11-30"):
        assert day in text


def test_narrow_tables_drop_the_least_needed_columns():
    narrow, wide = _render(80), _render(120)
    assert "according to" not in narrow and "conf" not in narrow and "place" in narrow
    assert "according to" in wide and "0.85" in wide
    assert "place" not in _render(60)
