"""The window a standing covers: refused when reversed or empty, chosen when not given.

A reversed window (since after until) is refused, and so is a window in which the database holds
no event at all. Without ``since`` the window is the actor's **densest recent period**
(:func:`default_window`): the actor's reports, ordered by date, are cut wherever two consecutive
ones lie more than GAP_DAYS (60) days apart; the window is the most recent such stretch holding at
least MIN_REPORTS (10) reports, or the stretch with the most reports when none holds that many
(the later one on a tie), from its first report's day to its last report's last day. So a 1994
treaty mentioned as background does not stretch a 2023 window back thirty years.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..errors import ConfigError
from ..kb.lookup import ActorQuery
from .data import EventRow, involving, select_events

MIN_REPORTS = 10  # reports of an actor in the window a verdict needs
GAP_DAYS = 60


def window_day(value: date | None) -> str:
    """A window bound as text ('open' when there is none)."""
    return value.isoformat() if value else "open"


@dataclass(frozen=True, slots=True)
class Window:
    """The days a standing covers, and whether the user chose them or the default rule did."""

    since: date | None
    until: date | None
    default: bool = False
    min_reports: int = MIN_REPORTS

    def describe(self, actor: str) -> str:
        """'2023-10-07 to 2023-12-20 (given)' or the default rule in words."""
        span = f"{window_day(self.since)} to {window_day(self.until)}"
        if not self.default:
            return f"{span} (as given)"
        return (f"{span}: the default window, {actor}'s densest recent period (the latest stretch "
                f"of its reports with no gap over {GAP_DAYS} days holding at least {self.min_reports} "
                f"of them); give --since and --until to choose another")


def choose_window(events: Sequence[EventRow], actor: ActorQuery, since: date | None,
                  until: date | None, min_reports: int = MIN_REPORTS) -> Window:
    """The window as given, or the default one; refuses a window holding no event at all."""
    if since is None:
        found = default_window(events, actor, until, min_reports)
        if found is not None:
            return Window(found[0], until or found[1], True, min_reports)
        return Window(None, until)
    if not select_events(events, since, until):
        dated = [d for e in events for d in (e.start, e.end) if d]
        held = (f"it holds events from {min(dated)} to {max(dated)}" if dated
                else "it holds no dated events")
        raise ConfigError(f"no events in the database between {window_day(since)} and "
                          f"{window_day(until)}; {held}")
    return Window(since, until)


def default_window(events: Sequence[EventRow], actor: ActorQuery, until: date | None = None,
                   min_reports: int = MIN_REPORTS) -> tuple[date, date] | None:
    """The actor's densest recent period (see the module docstring), or None without reports."""
    mine = sorted((row for row in involving(events, actor) if row.start
                   and (until is None or (row.end or row.start) <= until)),
                  key=lambda row: row.start)  # type: ignore[arg-type, return-value]
    if not mine:
        return None
    stretches: list[list[EventRow]] = [[mine[0]]]
    for row in mine[1:]:
        if (row.start - stretches[-1][-1].start).days > GAP_DAYS:  # type: ignore[operator]
            stretches.append([])
        stretches[-1].append(row)
    full = [s for s in stretches if len(s) >= min_reports]
    chosen = full[-1] if full else max(reversed(stretches), key=len)
    return chosen[0].start, max(row.end or row.start for row in chosen)  # type: ignore[return-value]


def inside(day: date, window: Window) -> bool:
    """True when a day lies in the window (an open bound holds every day on its side)."""
    return (window.since is None or window.since <= day) and (
        window.until is None or day <= window.until)


