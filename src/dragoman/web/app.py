"""``create_app``: the dashboard and the JSON API over one Dragoman database, safe by default.

Safety, in the order a request meets it (:class:`Guard`, an ASGI middleware):

- only GET and HEAD are served (nothing can change stored data), with no request body, and the
  URL is at most ``MAX_URL`` bytes;
- served on loopback without a token, the Host header must name this machine (a page elsewhere
  cannot read the dashboard by pointing its own domain at 127.0.0.1: DNS rebinding);
- with a token (required off loopback, see :func:`check_bind`), every request carries it: an
  ``Authorization: Bearer`` header, the cookie set when a page was opened once with
  ``?token=...``, or ``?token=`` itself on an API call; compared in constant time;
- every response has a Content-Security-Policy that allows only this server's own scripts and
  styles, no inline script, no framing, and the usual nosniff and no-referrer headers.

Then the routes validate their parameters (``params.py``); a bad one is a 400 whose message names
it, in one JSON shape under ``/api/`` and as an HTML page elsewhere, never a traceback. An actor
nobody knows is such a 400 ("actor: no actor 'Hamaas'; did you mean Hamas?"), and so is any other
:class:`~dragoman.errors.ConfigError` the analysis raises for what was asked (a window holding no
event, a pivot outside the window). Templates
autoescape everything, static files come only from ``static/`` (Starlette refuses paths that
leave it), and plotly.js is served from the installed plotly package, so the pages work offline.
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Collection
from contextlib import asynccontextmanager
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError
from . import api, pages
from .database import WebDatabase
from .params import BadParameter

log = logging.getLogger("dragoman.web")

STATIC = Path(__file__).with_name("static")
MAX_URL = 4096
TOKEN_COOKIE = "dragoman_token"
TOKEN_ENV = "DRAGOMAN_TOKEN"
# plotly.js sets style attributes on the elements it draws (style-src-attr); no inline <style>
# element and no inline or foreign script is allowed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; "
       "style-src-attr 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback interface without a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"--host {host} makes the dashboard reachable from other machines: give "
                          f"a token with --token or the {TOKEN_ENV} environment variable, which "
                          "every request must then carry")
    if token is not None and len(token) < 16:
        raise ConfigError("the token must be at least 16 characters long")


def create_app(db: str | Path | WebDatabase, token: str | None = None,
               watch: str | Path | None = None, watch_glob: str | None = None,
               watch_interval: float = 2.0, extractor: Any | None = None,
               allowed_hosts: Collection[str] | None = None) -> FastAPI:
    """The ASGI app over a database path (opened read-only unless ``watch`` is given).

    ``allowed_hosts``: the names the Host header may carry (None: any; see :func:`local_hosts`).
    """
    database = db if isinstance(db, WebDatabase) else WebDatabase(db, writable=watch is not None)
    watcher = None
    if watch is not None:
        from .watch import FolderWatcher

        watcher = FolderWatcher(database, watch, watch_glob, watch_interval, extractor)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if watcher:
            watcher.start()
        yield
        if watcher:
            watcher.stop()
            if watcher.running:
                return  # still inside a file: the process exit releases the file; a cut batch
                # is rolled back and ingested again on the next start
        database.close()

    app = FastAPI(title="Dragoman API", version="1", lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
                  description="Read-only access to a Dragoman event database. See docs/api.md.")
    app.state.db = database
    app.state.watcher = watcher
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    app.add_api_route("/assets/plotly.min.js", plotly_js, include_in_schema=False)
    _add_error_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(Guard, token=token, allowed_hosts=allowed_hosts)
    return app


def local_hosts(host: str) -> set[str]:
    """Host header names that reach a loopback server: the bound name and loopback's names."""
    return {host.strip("[]").lower(), "localhost", "127.0.0.1", "::1"}


@lru_cache(maxsize=1)
def _plotly_source() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def plotly_js() -> Response:
    """plotly.js from the installed plotly package (no CDN: the pages work offline)."""
    return Response(_plotly_source(), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=86400"})


# -- errors -----------------------------------------------------------------------------------------

def error_body(status: int, message: str, parameter: str | None = None) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"error": {"status": status, "message": message, "parameter": parameter}}


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    """'page_size: Input should be less than or equal to 200 (got '1000')' and the name."""
    parts, first = [], None
    for err in exc.errors()[:3]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "header")]
        name = ".".join(loc) or "request"
        first = first or name
        got = err.get("input")
        shown = f" (got {str(got)[:60]!r})" if isinstance(got, (str, int, float)) else ""
        parts.append(f"{name}: {err.get('msg', 'invalid value')}{shown}")
    return "; ".join(parts) or "invalid request", first


def _respond_error(request: Request, status: int, message: str,
                   parameter: str | None = None) -> Response:
    """JSON under /api/, an HTML page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(error_body(status, message, parameter), status_code=status)
    return pages.error_page(request, status, message)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, parameter = _validation_message(exc)
        return _respond_error(request, 400, message, parameter)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _respond_error(request, 400, exc.message, exc.parameter)

    @app.exception_handler(ConfigError)
    async def refused(request: Request, exc: ConfigError) -> Response:
        # a user error the analysis found (a window with no events, a pivot outside it)
        return _respond_error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path[:200]}"
        elif exc.status_code == 405:
            message = "method: only GET and HEAD are served"
        return _respond_error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return _respond_error(request, 500, "internal error (the server log has the details)")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with our 400 error shape in place of its 422."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = api.ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}")
    components.update(components["ErrorBody"].pop("$defs", {}))
    error_ref = {"description": "Bad parameter (the message names it)",
                 "content": {"application/json": {"schema": {"$ref":
                                                             "#/components/schemas/ErrorBody"}}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses["400"] = error_ref
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema


# -- the guard ------------------------------------------------------------------------------------

class Guard:
    """ASGI middleware: methods, sizes, the token, and security headers on every response."""

    def __init__(self, app: Any, token: str | None = None,
                 allowed_hosts: Collection[str] | None = None) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        head = scope["method"] == "HEAD"

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                if not scope["path"].startswith(("/static/", "/assets/")):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}  # HEAD: the GET's headers, no body
            await send(message)

        refusal = self.refuse(scope)
        if refusal is None:
            scope = _drop_blank_page_params(scope)
            refusal = self.check_token(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        if head:
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send_with_headers)

    def refuse(self, scope: dict) -> Response | None:
        """A response for requests the server never serves, or None."""
        headers = Headers(scope=scope)
        if scope["method"] not in ("GET", "HEAD"):
            return _plain(scope, 405, "method: only GET and HEAD are served (the server is "
                                      "read-only)", {"Allow": "GET, HEAD"})
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > MAX_URL:
            return _plain(scope, 414, f"url: longer than {MAX_URL} bytes")
        if headers.get("content-length", "0").strip() not in ("", "0") or \
                "transfer-encoding" in headers:
            return _plain(scope, 413, "body: requests must not carry a body")
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in \
                self.allowed_hosts:
            return _plain(scope, 400, "host: this server answers only to its own address "
                                      "(serve on another interface with --host and a token)")
        return None

    def check_token(self, scope: dict) -> Response | None:
        """None when no token is needed or the request carries it; else a 401 or a redirect."""
        if self.token is None:
            return None
        headers = Headers(scope=scope)
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and self._same(bearer[7:].strip()):
            return None
        if self._same(_cookie(headers.get("cookie", ""), TOKEN_COOKIE)):
            return None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True)
        given = next((v for k, v in query if k == "token"), None)
        if given is not None and self._same(given):
            if scope["path"].startswith("/api/"):
                return None
            return _token_redirect(scope, query)
        return _plain(scope, 401, "token: this server needs its access token (open the page once "
                                  "with ?token=..., or send 'Authorization: Bearer ...')")

    def _same(self, given: str | None) -> bool:
        return given is not None and self.token is not None and hmac.compare_digest(
            given.encode("utf-8"), self.token)


def _host_name(header: str) -> str:
    """'127.0.0.1' from '127.0.0.1:8000', '::1' from '[::1]:8000'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _cookie(header: str, name: str) -> str | None:
    """One cookie's value from a Cookie header."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _token_redirect(scope: dict, query: list[tuple[str, str]]) -> Response:
    """Keep the token in an HttpOnly cookie and reload the page without it in the address."""
    rest = urlencode([(k, v) for k, v in query if k != "token"])
    location = scope["path"] + (f"?{rest}" if rest else "")
    response = Response(status_code=303, headers={"Location": location})
    response.set_cookie(TOKEN_COOKIE, next(v for k, v in query if k == "token"), httponly=True,
                        samesite="strict", path="/")
    return response


def _drop_blank_page_params(scope: dict) -> dict:
    """Forms send 'type=' for 'any type'; on pages a blank parameter means no filter."""
    if scope["path"].startswith("/api/") or not scope.get("query_string"):
        return scope
    query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    kept = [(k, v) for k, v in query if v.strip()]
    if len(kept) == len(query):
        return scope
    return {**scope, "query_string": urlencode(kept).encode("latin-1")}


def _plain(scope: dict, status: int, message: str,
           headers: dict[str, str] | None = None) -> Response:
    """An error from the guard: JSON under /api/, a minimal page elsewhere."""
    if scope["path"].startswith("/api/"):
        return JSONResponse(error_body(status, message, message.split(":")[0]),
                            status_code=status, headers=headers)
    body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status}"
            f"</title></head><body><h1>{status}</h1><p>{escape(message)}</p></body></html>")
    return Response(body, status_code=status, media_type="text/html; charset=utf-8",
                    headers=headers)
