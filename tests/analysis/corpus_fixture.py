"""A small hand-made corpus (Hamas, the PA and their counterparts) and a DuckDB builder for it.

Right answers for ``standing Hamas --since 2023-10-07 --vs "Palestinian Authority"``, by hand:

Hamas, occurred cooperative units: c1 = e1+e2 (one meeting with Iran's FM, rank 4, two reports),
e3 (Egypt's intelligence chief, rank 3), e4 (Russia's deputy FM, rank 2, 20 Oct - 5 Nov),
e14 (Qatar SUPPORT, no rank: 1) -> 4 units, weighted 4+3+2+1 = 10, 4 states (IRN EGY RUS QAT);
meetings 3 (c1, e3, e4), high-level (rank >= 3) 2, meeting weight 9. Planned: e5 (EGY, 3).
e12 (Hamas meets Hamas) is internal; e10 (US sanction, 1 Sep) lies before the window; e13 is an
ASSAULT. Setbacks: e11 (Israel condemns) = 1 by a state; negated: e6 (China), e7 (many countries)
= 2. No major setback. By month: 2023-10 weighted 6 (c1 4, e4 2), 2023-11 3, 2023-12 1.
PA (PSE via the alias table): e8 (Jordan's king, 5), e9 (Egypt's president, 5): 2 meetings,
weighted 10. Meetings Hamas got and the PA did not: IRN in Oct, RUS in Oct (EGY in Nov is shared);
the PA alone: JOR in Oct. Articles reporting Hamas: a1..a4 = 4 -> 10/4 = 2.50 per article;
the PA: a3 -> 10.00.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dragoman.analysis.data import EventRow
from dragoman.store.schema import MIGRATIONS

ARTICLES = [
    # article_id, doc_id, outlet, published
    ("a1", "d1", "Outlet A", date(2023, 10, 16)),
    ("a2", "d2", "Outlet B", date(2023, 10, 16)),
    ("a3", "d3", "Outlet A", date(2023, 11, 5)),
    ("a4", "d4", "Outlet C", date(2023, 12, 20)),
]

HANIYEH = ("Ismail Haniyeh", "Hamas", 5)
ABBAS = ("Mahmoud Abbas", "PSE", 5)
DOHA = ("Doha", "QAT", 25.29, 51.53)
CAIRO = ("Cairo", "EGY", 30.04, 31.24)
AMMAN = ("Amman", "JOR", 31.95, 35.93)


def ev(event_id: str, article: str, type_: str, source: tuple, target: tuple,
       start: date | None = None, end: date | None = None, place: tuple | None = None,
       status: str = "occurred", cluster: str | None = None, evidence: str = "") -> EventRow:
    """An EventRow with the article's outlet and publication date filled in."""
    art = next(a for a in ARTICLES if a[0] == article)
    place = place or (None, None, None, None)
    return EventRow(event_id, art[1], article, type_, None, *source, *target, start, end or start,
                    *place, status, None, evidence or f"sentence of {event_id}", cluster,
                    False, "extract", art[2], art[3])


def hand_events() -> list[EventRow]:
    """The fourteen events described in the module docstring."""
    d = date
    return [
        ev("e1", "a1", "CONSULT", HANIYEH, ("Hossein Amir-Abdollahian", "IRN", 4), d(2023, 10, 15),
           place=DOHA, cluster="c1", evidence="Haniyeh met Iran's foreign minister in Doha."),
        ev("e2", "a2", "CONSULT", ("Hossein Amir-Abdollahian", "IRN", 4), HANIYEH, d(2023, 10, 15),
           place=DOHA, cluster="c1", evidence="Amir-Abdollahian received Haniyeh in Doha."),
        ev("e3", "a3", "CONSULT", HANIYEH, ("Abbas Kamel", "EGY", 3), d(2023, 11, 4), place=CAIRO,
           evidence="Haniyeh met Egypt's intelligence chief Abbas Kamel in Cairo."),
        ev("e4", "a3", "CONSULT", ("Hamas", "Hamas", None), ("Mikhail Bogdanov", "RUS", 2),
           d(2023, 10, 20), d(2023, 11, 5), evidence="Hamas spoke to Bogdanov."),
        ev("e5", "a4", "CONSULT", HANIYEH, ("Abbas Kamel", "EGY", 3), d(2023, 12, 20),
           place=CAIRO, status="planned", evidence="Haniyeh is scheduled to meet Abbas Kamel."),
        ev("e6", "a4", "ACCUSE", ("China", "CHN", None), ("Hamas", "Hamas", None),
           status="negated", evidence="China does not condemn Hamas."),
        ev("e7", "a4", "ACCUSE", ("Many countries", None, None), ("Hamas", "Hamas", None),
           status="negated", evidence="Many countries did not condemn the Hamas crimes."),
        ev("e8", "a3", "CONSULT", ABBAS, ("Abdullah II", "JOR", 5), d(2023, 10, 25), place=AMMAN,
           evidence="Abbas met King Abdullah in Amman."),
        ev("e9", "a3", "CONSULT", ABBAS, ("Abdel Fattah el-Sisi", "EGY", 5), d(2023, 11, 10),
           place=CAIRO, evidence="Abbas met Sisi in Cairo."),
        ev("e10", "a1", "SANCTION", ("United States", "USA", None), ("Hamas", "Hamas", None),
           d(2023, 9, 1), evidence="The US sanctioned Hamas financiers."),
        ev("e11", "a2", "ACCUSE", ("Israel", "ISR", None), ("Hamas", "Hamas", None),
           d(2023, 10, 16), evidence="Israel condemned Hamas."),
        ev("e12", "a4", "CONSULT", ("Saleh al-Arouri", "Hamas", 3), ("Khaled Mashal", "Hamas", 1),
           d(2023, 10, 20), d(2023, 12, 20), place=("Turkey", "TUR", 39.0, 35.0),
           evidence="Hamas leaders held a meeting in Turkey."),
        ev("e13", "a1", "ASSAULT", ("Hamas", "Hamas", None), ("Israel", "ISR", None),
           d(2023, 10, 7), evidence="Hamas attacked Israel."),
        ev("e14", "a4", "SUPPORT", ("Qatar", "QAT", None), ("Hamas leadership", "Hamas", None),
           evidence="Hamas leadership has been hosted by Qatar."),
    ]


_EVENT_COLUMNS = ("event_id", "doc_id", "article_id", "type", "mode", "source_name",
                  "source_actor", "source_rank", "target_name", "target_actor", "target_rank",
                  "date_start", "date_end", "place_name", "place_country", "lat", "lon",
                  "status", "attributed_to", "evidence", "cluster_id", "imported", "origin")


def build_db(path: Path, events: list[EventRow] | None = None) -> Path:
    """Create a DuckDB file with the store's schema holding the articles and events."""
    con = duckdb.connect(str(path))
    for _, _, sql in MIGRATIONS:
        con.execute(sql)
    for article_id, doc_id, outlet, published in ARTICLES:
        con.execute("INSERT INTO articles (article_id, doc_id, outlet, published, text) "
                    "VALUES (?, ?, ?, ?, ?)", [article_id, doc_id, outlet, published, "text"])
    marks = ", ".join("?" for _ in _EVENT_COLUMNS)
    for row in events if events is not None else hand_events():
        values = [getattr(row, name) for name in _EVENT_COLUMNS]
        con.execute(f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({marks})", values)
    con.close()
    return path
