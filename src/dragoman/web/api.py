"""The JSON API under ``/api/v1``: the same data and filters as the pages, read-only.

Every route is a GET. Lists are paginated (``page``, ``page_size`` at most
:data:`~dragoman.web.params.MAX_PAGE_SIZE`) and downloads stop at
:data:`~dragoman.web.params.MAX_DOWNLOAD_ROWS` rows. Errors share one shape, built in ``app.py``:
``{"error": {"status": 400, "message": "page_size: ...", "parameter": "page_size"}}``.
The reference with examples is docs/api.md; the machine-readable one is ``/api/v1/openapi.json``.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..kb.lookup import ActorQuery, actor_names
from ..store.export import write_csv, write_jsonl
from ..store.queries import EventFilter
from . import queries, views
from .database import WebDatabase
from .params import (MAX_DOWNLOAD_ROWS, MAX_TEXT, EventQuery, Format, PageParams, WindowParams,
                     event_query, page_params, required_actor, window_params)
from .suggest import (ActorRow, Candidate, UnknownActor, candidates, resolve, shared_labels,
                      suggest_actors)


class ErrorDetail(BaseModel):
    """What went wrong, naming the parameter when one is to blame."""

    status: int
    message: str
    parameter: str | None = None


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


class Paged(BaseModel):
    """One page of a list."""

    items: list[dict[str, Any]]
    page: int
    page_size: int
    total: int = Field(description="Rows matching, over all pages.")
    pages: int


class SuggestionOut(BaseModel):
    """An actor of this database that the typed text may mean."""

    label: str
    events: int
    score: float
    matched: str


class Suggestions(BaseModel):
    """Suggestions for a typed actor name."""

    query: str
    items: list[SuggestionOut]


ActorName = Annotated[str | None, Query(max_length=MAX_TEXT, description=(
    "Actor code, name or alias ('Hamas', 'PA', 'IRN').")) ]
RivalName = Annotated[str | None, Query(max_length=MAX_TEXT, description="A rival to compare.")]
Group = Annotated[str | None, Query(pattern=r"^E\d{1,4}$", description=(
    "Only this evidence group (E1, E2, ... as cited by the verdict)."))]

router = APIRouter(prefix="/api/v1", tags=["api"])


def get_db(request: Request) -> WebDatabase:
    """The server's database (set by ``create_app``)."""
    return request.app.state.db


Db = Annotated[WebDatabase, Depends(get_db)]


def paged(items: list[dict[str, Any]], total: int, page: PageParams) -> dict[str, Any]:
    """The page wrapper every list shares."""
    pages = max(1, -(-total // page.page_size))
    return {"items": items, "page": page.page, "page_size": page.page_size, "total": total,
            "pages": pages}


def page_of(rows: list[dict[str, Any]], page: PageParams) -> dict[str, Any]:
    """One page of rows already in memory."""
    return paged(rows[page.offset:page.offset + page.page_size], len(rows), page)


# -- events ---------------------------------------------------------------------------------------

def actor_query(db: WebDatabase, text: str, parameter: str) -> ActorQuery:
    """The actor a parameter names, resolved as every command resolves it (kb/lookup.py); an
    unknown name is a 400 naming the parameter: "actor: no actor 'Hamaas'; did you mean Hamas?"."""
    return resolve(db.kb, text, parameter, db.known_names())


def names_the_same(db: WebDatabase, name: str, query: ActorQuery) -> bool:
    """True when ``name`` resolves to the actor ``query`` is (an actor's label names it)."""
    try:
        return _key(actor_query(db, name, "name")) == _key(query)
    except UnknownActor:
        return False


def events_of(db: WebDatabase, name: str) -> int:
    """How many events of this database the actor ``name`` names has (0 for an unknown name)."""
    try:
        query = actor_query(db, name, "name")
    except UnknownActor:
        return 0
    where, params = EventFilter(actor=query).where()
    with db.reader() as con:
        return queries.count_events(con, where, params)


def event_filter_sql(db: WebDatabase, query: EventQuery) -> tuple[str, list[Any]]:
    """The events table's WHERE clause, with the actors resolved."""
    actor = actor_query(db, query.actor, "actor") if query.actor else None
    counterpart = (actor_query(db, query.counterpart, "counterpart") if query.counterpart
                   else None)
    return queries.event_where(query, actor, counterpart)


def event_page(db: WebDatabase, query: EventQuery, page: PageParams) -> dict[str, Any]:
    """One page of the filtered events table."""
    where, params = event_filter_sql(db, query)
    with db.reader() as con:
        total = queries.count_events(con, where, params)
        items = queries.list_events(con, where, params, query.order, page.page_size, page.offset)
    return paged(items, total, page)


@router.get("/overview", summary="Corpus size, dates, events by type, top actors, latest events")
def overview(db: Db, request: Request) -> dict[str, Any]:
    """The overview page's numbers."""
    with db.reader() as con:
        data = queries.overview(con)
    label = actor_names(db.kb)
    for row in data["top_actors"]:
        row["label"] = label(row["actor"])
    data["ingest"] = ingest_status(request)
    return data


@router.get("/events", response_model=Paged, summary="Events, filtered and paginated")
def events(db: Db, query: Annotated[EventQuery, Depends(event_query)],
           page: Annotated[PageParams, Depends(page_params)]) -> dict[str, Any]:
    """Stored events (one per dyad) in the JSON shape of `dragoman export --format jsonl`."""
    return event_page(db, query, page)


@router.get("/events/download", summary="The filtered events as a CSV or JSONL file",
            response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def events_download(db: Db, query: Annotated[EventQuery, Depends(event_query)],
                    format: Format = "csv") -> Response:  # noqa: A002
    """All events matching the filters (at most MAX_DOWNLOAD_ROWS), as `dragoman export` writes
    them."""
    where, params = event_filter_sql(db, query)
    with db.reader() as con:
        rows = list(queries.iter_events(con, where, params, query.order, MAX_DOWNLOAD_ROWS + 1))
    truncated = len(rows) > MAX_DOWNLOAD_ROWS
    out = io.StringIO()
    (write_csv if format == "csv" else write_jsonl)(rows[:MAX_DOWNLOAD_ROWS], out)
    return download(out.getvalue(), "dragoman-events", format, truncated)


def download(body: str, stem: str, fmt: str, truncated: bool) -> Response:
    """A file download with a name and the row cap in a header."""
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"',
        "X-Dragoman-Truncated": "true" if truncated else "false",
        "X-Dragoman-Max-Rows": str(MAX_DOWNLOAD_ROWS)})


EventId = Annotated[str, Path(max_length=64, description="The event's id.")]


@router.get("/events/{event_id}", summary="One event, its article and its cluster",
            responses={404: {"model": ErrorBody}})
def event(db: Db, event_id: EventId) -> dict[str, Any]:
    """The event, the article text with the evidence's offsets, and every report of the same
    real-world event (its cluster) with outlets."""
    with db.reader() as con:
        found = queries.event_detail(con, event_id, max_reports=200)
    if found is None:
        raise HTTPException(404, f"event_id: no event {event_id!r} in this database")
    return found


# -- actors and standing ------------------------------------------------------------------------

def suggestion_pool(db: WebDatabase) -> list[Candidate]:
    """The actors with events here, computed once per generation."""
    def build() -> list[Candidate]:
        label = actor_names(db.kb)
        with db.reader() as con:
            rows = [ActorRow(who, tuple(names), tuple(kb_ids), n)
                    for who, names, kb_ids, n in queries.actor_event_counts(con)]
            distinct = {key: queries.events_of_any(con, whos)
                        for key, whos in shared_labels(rows, label).items()}
        return candidates(rows, label, distinct)
    return db.cached("suggestion-pool", build)


def suggestions(db: WebDatabase, text: str, limit: int = 8) -> list[dict[str, Any]]:
    """Suggestions as dicts."""
    found = suggest_actors(text, suggestion_pool(db), db.kb, db.known_names(), limit)
    return [{"label": s.label, "events": s.events, "score": s.score, "matched": s.matched}
            for s in found]


@router.get("/actors/suggest", response_model=Suggestions, summary="Actor name suggestions")
def actors_suggest(db: Db, q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT,
                                                   description="What the user typed.")],
                   limit: Annotated[int, Query(ge=1, le=20)] = 8) -> dict[str, Any]:
    """Actors with events in this database that the text may mean (aliases, representatives,
    typos, and names being typed)."""
    return {"query": q, "items": suggestions(db, q, limit)}


def _key(query: ActorQuery | None) -> Any:
    """What makes two queries one actor ('PA' and 'PSE' share a cache entry)."""
    if query is None:
        return None
    return (query.name, query.codes, query.names, query.kb_ids)


def standing_result(db: WebDatabase, actor: ActorQuery, vs: ActorQuery | None,
                    window: WindowParams, per_article: bool = False):
    """compute_standing over the cached corpus, cached per data generation."""
    key = ("standing", _key(actor), _key(vs), window, per_article)
    return db.cached(key, lambda: views.standing(db.corpus(), actor, vs, window, per_article,
                                                 db.kb))


def actor_data(db: WebDatabase, actor: ActorQuery, window: WindowParams) -> dict[str, Any]:
    """The actor page's data."""
    return db.cached(("actor", _key(actor), window),
                     lambda: views.actor_view(db.corpus(), standing_result(db, actor, None,
                                                                           window)))


def actors(db: WebDatabase, actor: str | None, vs: str | None, actor_parameter: str = "actor",
           vs_parameter: str = "vs") -> tuple[ActorQuery, ActorQuery | None]:
    """The actor (required) and the rival (optional) of a standing, resolved."""
    rival = _blank(vs)
    return (actor_query(db, required_actor(actor, actor_parameter), actor_parameter),
            actor_query(db, rival, vs_parameter) if rival else None)


@router.get("/actor", summary="An actor's engagement, counterparts, setbacks, network, places")
def actor(db: Db, window: Annotated[WindowParams, Depends(window_params)],
          name: ActorName = None) -> dict[str, Any]:
    """What the actor page shows; the evidence list is `/api/v1/evidence?actor=...`."""
    query, _ = actors(db, name, None, "name")
    return actor_data(db, query, window)


@router.get("/standing", summary="The analyst's verdict: an actor, optionally against a rival")
def standing(db: Db, window: Annotated[WindowParams, Depends(window_params)],
             actor: ActorName = None, vs: RivalName = None,
             per_article: bool = False) -> dict[str, Any]:
    """The same verdict and evidence groups as `dragoman standing ACTOR --vs RIVAL`."""
    return views.standing_view(standing_result(db, *actors(db, actor, vs), window, per_article))


def _blank(text: str | None) -> str | None:
    return (text or "").strip() or None


def evidence_list(db: WebDatabase, actor: ActorQuery, vs: ActorQuery | None,
                  window: WindowParams, group: str | None) -> list[dict[str, Any]]:
    """Every evidence row of a standing (one group, or all)."""
    return views.evidence_rows(standing_result(db, actor, vs, window), group)


@router.get("/evidence", response_model=Paged, summary="The sentences behind a verdict")
def evidence(db: Db, window: Annotated[WindowParams, Depends(window_params)],
             page: Annotated[PageParams, Depends(page_params)], actor: ActorName = None,
             vs: RivalName = None, group: Group = None) -> dict[str, Any]:
    """Each report sentence behind each number of the verdict, with its group (E1, ...)."""
    return page_of(evidence_list(db, *actors(db, actor, vs), window, group), page)


EVIDENCE_COLUMNS = ("ref", "measure", "start", "end", "type", "status", "counterpart",
                    "counterpart_name", "rank", "event_id", "evidence", "outlet", "published",
                    "doc_id")


@router.get("/evidence/download", summary="The evidence list as a CSV or JSONL file",
            response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def evidence_download(db: Db, window: Annotated[WindowParams, Depends(window_params)],
                      actor: ActorName = None, vs: RivalName = None, group: Group = None,
                      format: Format = "csv") -> Response:  # noqa: A002
    """The evidence list (at most MAX_DOWNLOAD_ROWS rows)."""
    rows = evidence_list(db, *actors(db, actor, vs), window, group)
    kept = rows[:MAX_DOWNLOAD_ROWS]
    out = io.StringIO()
    if format == "csv":
        writer = csv.DictWriter(out, fieldnames=EVIDENCE_COLUMNS)
        writer.writeheader()
        writer.writerows(kept)
    else:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in kept)
    return download(out.getvalue(), "dragoman-evidence", format, len(rows) > len(kept))


# -- failures and ingest -------------------------------------------------------------------------

@router.get("/failures", response_model=Paged, summary="Articles that could not be ingested")
def failures(db: Db, page: Annotated[PageParams, Depends(page_params)]) -> dict[str, Any]:
    """Recorded failures (input, stage, error type, message), newest first."""
    with db.reader() as con:
        total, items = queries.failures(con, page.page_size, page.offset)
    return paged(items, total, page)


def ingest_status(request: Request) -> dict[str, Any] | None:
    """The folder watcher's progress, or None when the server does not watch a folder."""
    watcher = request.app.state.watcher
    return watcher.snapshot() if watcher else None


@router.get("/ingest", summary="Progress of `--watch` ingest")
def ingest(request: Request) -> dict[str, Any]:
    """The watcher's state, files done, articles, events and failures since the server started."""
    return {"watching": request.app.state.watcher is not None,
            "status": ingest_status(request)}
