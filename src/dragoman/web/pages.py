"""The dashboard's pages: overview, actor, compare, events and one event.

Each page takes the same parameters as its API route, calls the same functions, and renders a
Jinja2 template with autoescaping on (article text is shown as text, whatever it contains).
Charts travel as JSON data blocks drawn by ``static/app.js``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..errors import ConfigError
from ..ontology.plover import EVENT_TYPES
from . import api, charts, views
from .database import WebDatabase
from .params import (MAX_DOWNLOAD_ROWS, MAX_TEXT, EventQuery, PageParams, WindowParams,
                     event_query, page_params, window_params)
from .queries import failures
from .suggest import UnknownActor

TEMPLATES = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined))
STATUSES = ("occurred", "planned", "hypothetical", "negated")
_REFS = re.compile(r"\[(E\d+(?:, E\d+)*)\]")

router = APIRouter(include_in_schema=False)
Db = Annotated[WebDatabase, Depends(api.get_db)]
ActorText = Annotated[str | None, Query(max_length=MAX_TEXT)]


def url(path: str, params: dict[str, Any] | None = None, **more: Any) -> str:
    """A root-relative link with query parameters (blanks left out)."""
    merged = {**(params or {}), **more}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def merge(params: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Query parameters with some added or replaced (Jinja has no ``{**a, **b}``)."""
    return {**params, **more}


TEMPLATES.env.globals.update(url=url, merge=merge, event_types=EVENT_TYPES, statuses=STATUSES,
                             max_download=MAX_DOWNLOAD_ROWS)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template."""
    watcher = request.app.state.watcher
    return TEMPLATES.TemplateResponse(request, template,
                                      {"watching": watcher is not None, "unknown": [],
                                       "refused": None, **context},
                                      status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The HTML error page (the API answers JSON instead)."""
    return render(request, "error.html.j2", status=status, status_code=status, message=message,
                  page="error")


def unknown_actor(db: WebDatabase, error: UnknownActor, path: str,
                  params: dict[str, Any]) -> dict[str, Any]:
    """What a page shows for an actor nobody knows: lookup's message, the very one the API and
    `dragoman standing` give, and its "did you mean" names as links with the name put in place
    of the unknown one, each with its events in this database."""
    message = error.detail  # without the parameter: the page's form shows which field it is
    options = [{"label": name, "events": api.events_of(db, name),
                "href": url(path, params, **{error.parameter: name})}
               for name in error.suggestions]
    return {"parameter": error.parameter, "text": error.text,
            "message": message[:1].upper() + message[1:], "options": options}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: Db) -> HTMLResponse:
    """Corpus size and dates, events by type over time, top actors, latest events, failures."""
    data = api.overview(db, request)
    with db.reader() as con:
        _, recent_failures = failures(con, 5, 0)
    return render(request, "overview.html.j2", page="overview", data=data,
                  chart=charts.events_by_type(data["by_type"]) if data["by_type"] else None,
                  recent_failures=recent_failures)


@router.get("/actor", response_class=HTMLResponse)
def actor(request: Request, db: Db, window: Annotated[WindowParams, Depends(window_params)],
          page: Annotated[PageParams, Depends(page_params)],
          name: ActorText = None, group: api.Group = None) -> Response:
    """One actor: engagement, counterparts, setbacks, network, places and evidence."""
    name = (name or "").strip()
    if not name:
        return render(request, "actor.html.j2", page="actor", name="", data=None,
                      window=window, top=api.overview(db, request)["top_actors"])
    try:
        query = api.actor_query(db, name, "name")
    except UnknownActor as exc:
        return render(request, "actor.html.j2", status=400, page="actor", name=name, data=None,
                      window=window, unknown=[unknown_actor(db, exc, "/actor",
                                                            {"name": name, **window.as_params()})])
    if query.name != name and api.names_the_same(db, query.name, query):
        # 'PA', 'PSE' and 'Palestinian Authority' are one actor: one page, one address
        return RedirectResponse(url("/actor", window.as_params(), name=query.name),
                                status_code=302)
    try:
        data = api.actor_data(db, query, window)
    except ConfigError as exc:  # a window with no events, a pivot outside the window
        return render(request, "actor.html.j2", status=400, page="actor", name=name, data=None,
                      window=window, refused=str(exc))
    evidence = api.evidence_list(db, query, None, window, group)
    return render(request, "actor.html.j2", page="actor", name=name, data=data, window=window,
                  charts=actor_charts(data), evidence=api.page_of(evidence, page), group=group,
                  groups=data["evidence_groups"], verdict=[cited(line) for line in data["verdict"]],
                  params={"name": name, **window.as_params()})


def actor_charts(data: dict[str, Any]) -> dict[str, Any]:
    """The actor page's figures; None for a section with nothing to draw."""
    located = any(p["lat"] is not None for p in data["places"])
    return {"engagement": charts.engagement([data]),
            "counterparts": charts.counterparts(data["counterparts"])
            if data["counterparts"] else None,
            "network": charts.network(data["network"]) if data["network"]["edges"] else None,
            "map": charts.places_map(data["places"]) if located else None}


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, db: Db, window: Annotated[WindowParams, Depends(window_params)],
            page: Annotated[PageParams, Depends(page_params)], a: ActorText = None,
            b: ActorText = None, group: api.Group = None) -> HTMLResponse:
    """Two actors side by side: the verdict of `dragoman standing A --vs B` and its evidence."""
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return render(request, "compare.html.j2", page="compare", a=a, b=b, data=None,
                      window=window)
    queries, unknown = {}, []
    for parameter, text in (("a", a), ("b", b)):
        try:
            queries[parameter] = api.actor_query(db, text, parameter)
        except UnknownActor as exc:
            unknown.append(unknown_actor(db, exc, "/compare",
                                         {"a": a, "b": b, **window.as_params()}))
    if unknown:
        return render(request, "compare.html.j2", status=400, page="compare", a=a, b=b,
                      data=None, window=window, unknown=unknown)
    try:
        result = api.standing_result(db, queries["a"], queries["b"], window)
    except ConfigError as exc:  # a window with no events, a pivot outside the window
        return render(request, "compare.html.j2", status=400, page="compare", a=a, b=b,
                      data=None, window=window, refused=str(exc))
    data = views.standing_view(result)
    evidence = views.evidence_rows(result, group)
    sides = [data["actor"], data["rival"]]
    return render(request, "compare.html.j2", page="compare", a=a, b=b, data=data, window=window,
                  charts={"engagement": charts.engagement(sides),
                          "meetings": charts.meetings_compare(views.meetings_per_period(result))},
                  evidence=api.page_of(evidence, page), group=group,
                  verdict=[cited(line) for line in data["verdict"]],
                  params={"a": a, "b": b, **window.as_params()})


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, db: Db, query: Annotated[EventQuery, Depends(event_query)],
           page: Annotated[PageParams, Depends(page_params)]) -> HTMLResponse:
    """The filterable, paginated events table."""
    try:
        result = api.event_page(db, query, page)
    except UnknownActor as exc:
        return render(request, "events.html.j2", status=400, page="events", query=query,
                      result=None, params=query.as_params(), page_size=page.page_size,
                      unknown=[unknown_actor(db, exc, "/events", query.as_params())])
    return render(request, "events.html.j2", page="events", query=query, result=result,
                  params=query.as_params(), page_size=page.page_size)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, db: Db, event_id: api.EventId) -> HTMLResponse:
    """One event: the evidence inside the article text, and every report of its cluster."""
    found = api.event(db, event_id)
    return render(request, "event.html.j2", page="events", data=found,
                  parts=article_parts(found))


def cited(line: str) -> list[tuple[str, str | None]]:
    """A verdict line cut into text and evidence references: [("... index 10 ", None),
    ("E1", "E1"), ...], so the template links each [E1] without building HTML in Python."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in _REFS.finditer(line):
        parts.append((line[last:match.start()], None))
        for i, ref in enumerate(match.group(1).split(", ")):
            parts.append(("[" if i == 0 else ", ", None))
            parts.append((ref, ref))
        parts.append(("]", None))
        last = match.end()
    parts.append((line[last:], None))
    return [p for p in parts if p[0]]


def article_parts(found: dict[str, Any]) -> tuple[str, str, str] | None:
    """The article text split around the evidence (before, evidence, after), when it is there."""
    article, evidence = found["article"], found["event"]["evidence"]
    if not found["evidence_in_text"] or article is None:
        return None
    text, start, end = article["text"], evidence["start"], evidence["end"]
    return text[:start], text[start:end], text[end:]
