"""Fixtures for the web tests: one database from the sample corpus plus a hostile article, built
once per session with the real extractor, an in-process client, and the real server."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[2] / "src" / "dragoman" / "samples" / "gaza-diplomacy-2023.jsonl"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SHOTS = Path("/tmp/web-shots")

# Every field an article brings is hostile; the evidence sentence carries all three attacks.
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = '<a href="javascript:alert(1)">details</a>'
HOSTILE = {
    "doc_id": "hostile-<svg onload=alert(3)>",
    "title": "<img src=x onerror=alert(1)> Doha talks",
    "outlet": "Evil <b>Wire</b> <script>alert(2)</script>",
    "url": "javascript:alert(4)",
    "published": "2023-12-27",  # the newest article: on the overview too
    "text": ("Qatar's Prime Minister Mohammed bin Abdulrahman Al Thani met Hamas political bureau "
             f"chief Ismail Haniyeh in Doha on Tuesday {HOSTILE_LINK} {HOSTILE_SCRIPT} "
             f"{HOSTILE_IMG}.\n\nThe two men discussed the truce, a source said."),
}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus and the hostile article, ingested with the real model (~15 s)."""
    from dragoman.ingest.driver import ingest
    from dragoman.store.db import Store

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = folder / "web.duckdb"
    with Store(path) as store:
        report = ingest(store, [SAMPLE, hostile])
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator:
    """An in-process client of the app over the session database (read-only)."""
    from fastapi.testclient import TestClient

    from dragoman.web.app import create_app

    with TestClient(create_app(web_db), raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Return when the server accepts connections; fail if it exits or never listens."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start listening")


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[str]:
    """`dragoman serve` on a free local port, as a user starts it; yields its base URL.

    Its log goes to a file (a pipe nobody reads could fill and stall it); the log is checked
    for tracebacks when the session ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DRAGOMAN_TOKEN"}
    log = web_db.with_name("server.log")
    with open(log, "w", encoding="utf-8") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "dragoman", "serve", "--db", str(web_db),
                                 "--port", str(port)], stdout=subprocess.DEVNULL,
                                stderr=stderr, text=True, env=env)
        try:
            wait_for_port(port, proc, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser) -> Iterator:
    """One context for the session, so plotly.js is fetched once and then cached."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(browser_context) -> Iterator:
    """A fresh page that records script dialogs (an alert() would mean an injection ran)."""
    tab = browser_context.new_page()
    tab.dialogs = []
    tab.page_errors = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    yield tab
    tab.close()


def shot(tab, name: str, part: int = 1300) -> Path:
    """A full-page screenshot in /tmp/web-shots for a person to look at; with
    DRAGOMAN_SHOT_PARTS=1 also the page in screen-high parts (name-1.png, ...) that an image
    viewer shows at full size."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    if os.environ.get("DRAGOMAN_SHOT_PARTS") != "1":
        return path
    height = tab.evaluate("document.documentElement.scrollHeight")
    for i, top in enumerate(range(0, height, part), 1):
        tab.screenshot(path=str(SHOTS / f"{name}-{i}.png"), full_page=True,
                       clip={"x": 0, "y": top, "width": 1280, "height": min(part, height - top)})
    return path
