"""`serve --watch`: files dropped in a folder are ingested by the server process, and the overview
shows the progress and the failures. Uses the regex stand-in extractor, so no model is needed."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from dragoman.web.app import create_app

from ..ingest.fakes import FakeExtractor


def eventually(check: Callable[[], bool], seconds: float = 60) -> None:
    """Poll until ``check`` holds; fail if it never does (a bound, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the watcher did not get there")


def files_done(client: TestClient) -> int:
    return client.get("/api/v1/ingest").json()["status"]["files_done"]


def test_watch_ingests_new_files_and_the_overview_shows_it(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "watched.duckdb"
    app = create_app(db, watch=inbox, watch_interval=0.05, extractor=FakeExtractor())
    with TestClient(app) as client:
        assert client.get("/api/v1/ingest").json()["watching"] is True
        assert client.get("/api/v1/overview").json()["events"] == 0
        (inbox / "talks.txt").write_text("date 2023-10-20\nBlinken met Netanyahu in Tel Aviv "
                                         "on 2023-10-12.\n", encoding="utf-8")
        (inbox / "broken.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
        eventually(lambda: files_done(client) >= 2)

        overview = client.get("/api/v1/overview").json()
        assert overview["articles"] == 1 and overview["events"] == 1
        assert overview["failures"] == 1
        status = overview["ingest"]
        assert status["state"] in ("idle", "ingesting") and status["failures"] == 1
        assert {r["file"] for r in status["recent"]} == {"talks.txt", "broken.txt"}
        page = client.get("/").text
        assert 'id="ingest"' in page and "talks.txt" in page and "broken.txt" in page

        (inbox / "later.txt").write_text("Hamas met Qatar in Doha on 2023-11-01.",
                                         encoding="utf-8")
        eventually(lambda: files_done(client) >= 3)
        rows = client.get("/api/v1/events", params={"actor": "Hamas"}).json()
        assert rows["total"] == 1 and rows["items"][0]["location"]["name"] == "Doha"
        assert client.get("/api/v1/overview").json()["events"] == 2


def test_the_server_is_the_one_owner_of_the_file(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "owned.duckdb"
    app = create_app(db, watch=inbox, watch_interval=0.05, extractor=FakeExtractor())
    with TestClient(app):
        other = subprocess.run([sys.executable, "-m", "dragoman", "summary", "--db", str(db)],
                               capture_output=True, text=True, timeout=60)
    assert other.returncode == 1
    assert "in use by" in other.stderr and "Traceback" not in other.stderr
