"""Safe by default: hostile article text shown as text, no file outside static/, read-only, no
non-loopback bind without a token, a token that every request must carry, strict headers."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
from urllib.parse import urlsplit

import duckdb
import pytest

from dragoman.errors import ConfigError
from dragoman.web.app import check_bind, create_app

from .conftest import HOSTILE_IMG, HOSTILE_LINK, HOSTILE_SCRIPT, free_port

pytestmark = pytest.mark.model

RAW_ATTACKS = (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_LINK, "<script>alert(2)</script>",
               "<b>Wire</b>", "<svg onload=alert(3)>", "<img src=x onerror=alert(1)> Doha")
TOKEN = "s3cret-token-for-tests-0123456789"


def hostile_event_id(client) -> str:
    items = client.get("/api/v1/events", params={"q": "onerror"}).json()["items"]
    assert len(items) == 1
    return items[0]["event_id"]


def text_pages(client) -> list[str]:
    """Every page that shows article text, each showing the hostile article's."""
    return ["/", "/events", "/events?q=alert", f"/events/{hostile_event_id(client)}",
            "/actor?name=Hamas", "/actor?name=Qatar",
            "/compare?a=Hamas&b=Palestinian+Authority",
            "/compare?a=Qatar&b=Hamas&group=E1"]


def test_hostile_text_is_escaped_on_every_page(client):
    for path in text_pages(client):
        html = client.get(path).text
        for attack in RAW_ATTACKS:
            assert attack not in html, f"{path} renders {attack!r} as markup"
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, f"{path} lost the text"
        assert 'href="javascript:' not in html.lower()


def test_the_event_page_shows_the_whole_hostile_article_as_text(client):
    html = client.get(f"/events/{hostile_event_id(client)}").text
    assert "&lt;img src=x onerror=alert(1)&gt; Doha talks" in html  # the title
    assert "Evil &lt;b&gt;Wire&lt;/b&gt;" in html  # the outlet
    assert "javascript:alert(4)" in html and 'href="javascript:alert(4)"' not in html
    assert '<mark id="evidence">' in html


def test_json_data_blocks_cannot_close_their_script_tag(client):
    # chart data is JSON inside <script type="application/json">; '<' must be escaped there
    html = client.get("/actor?name=Hamas").text
    for block in html.split('type="application/json"')[1:]:
        body = block.split("</script>", 1)[0]
        assert "<" not in body.split(">", 1)[1]


def raw_get(base: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """GET a path exactly as written (no client-side '..' clean-up), optionally with another
    Host header."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=host is not None,
                              skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/../../pyproject.toml",
    "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%5capp.py",
    "/static//etc/passwd", "/static/../../../../../../etc/passwd", "/assets/../web/app.py",
    "/static/app.css/../../app.py",
])
def test_no_file_outside_static_can_be_read(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404)
    for secret in (b"[build-system]", b"root:", b"def create_app", b"import "):
        assert secret not in body


def test_static_files_are_served(server):
    status, body = raw_get(server, "/static/app.js")
    assert status == 200 and b"drawFigures" in body


def test_a_loopback_server_answers_only_to_loopback_names(server):
    port = urlsplit(server).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert raw_get(server, "/api/v1/ingest", host=host)[0] == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"10.0.0.1:{port}"):
        status, body = raw_get(server, "/api/v1/overview", host=host)
        assert status == 400 and b'"parameter":"host"' in body, host


def test_head_gives_the_headers_without_the_body(client):
    response = client.head("/api/v1/overview")
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) > 100


def test_security_headers_on_pages_api_errors_and_files(client):
    for path in ("/", "/api/v1/overview", "/api/v1/events?page=0", "/nowhere", "/static/app.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert script_src.strip() == "script-src 'self'", path
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_but_get(client, method):
    response = client.request(method, "/api/v1/events")
    assert response.status_code == 405
    assert response.json()["error"]["parameter"] == "method"


def test_request_size_is_bounded(client):
    with_body = client.request("GET", "/api/v1/events", content=b"x" * 1000)
    assert with_body.status_code == 413
    long_url = client.get("/api/v1/events", params={"q": "x" * 5000})
    assert long_url.status_code == 414


def test_values_never_become_sql(client):
    total = client.get("/api/v1/events").json()["total"]
    for value in ("' OR 1=1 --", "Hamas'; DROP TABLE events; --", "%", "_"):
        for name in ("q", "place", "outlet"):
            response = client.get("/api/v1/events", params={name: value})
            assert response.status_code == 200
            assert response.json()["total"] < total
        # an actor is first resolved (issue 11): a name nobody knows is refused, never a filter
        response = client.get("/api/v1/events", params={"actor": value})
        assert response.status_code == 400
        assert response.json()["error"]["message"].startswith(f"actor: no actor {value!r}")
    assert client.get("/api/v1/events").json()["total"] == total


def test_the_database_is_opened_read_only(client):
    with client.app.state.db.reader() as con, pytest.raises(duckdb.Error):
        con.execute("DELETE FROM events")


def test_non_loopback_bind_needs_a_token():
    for host in ("0.0.0.0", "192.0.2.10", "::", "example.org"):
        with pytest.raises(ConfigError, match="token"):
            check_bind(host, None)
    for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
        check_bind(host, None)
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(ConfigError, match="16 characters"):
        check_bind("0.0.0.0", "short")


def test_serve_refuses_to_start_on_all_interfaces_without_a_token(web_db):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DRAGOMAN_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "dragoman", "serve", "--db", str(web_db),
                           "--host", "0.0.0.0", "--port", str(port)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    assert "token" in done.stderr and "Traceback" not in done.stderr


def test_every_request_must_carry_the_token(web_db):
    from fastapi.testclient import TestClient

    with TestClient(create_app(web_db, token=TOKEN)) as guarded:
        refused = guarded.get("/api/v1/overview")
        assert refused.status_code == 401
        assert refused.json()["error"]["parameter"] == "token"
        assert guarded.get("/static/app.css").status_code == 401
        assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = guarded.get("/api/v1/overview", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert guarded.get(f"/api/v1/overview?token={TOKEN}").status_code == 200
        opened = guarded.get(f"/events?type=CONSULT&token={TOKEN}", follow_redirects=False)
        assert opened.status_code == 303
        assert opened.headers["location"] == "/events?type=CONSULT"  # token leaves the address
        cookie = opened.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert guarded.get("/events?type=CONSULT").status_code == 200  # now by the cookie


def test_serve_refuses_what_is_not_a_dragoman_database(tmp_path):
    with pytest.raises(ConfigError, match="no such database"):
        create_app(tmp_path / "missing.duckdb")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (i INTEGER)").close()
    with pytest.raises(ConfigError, match="not a Dragoman database"):
        create_app(other)
