"""Render the report in headless Chromium: every section present and non-empty after plotly runs."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dragoman.analysis.data import load_corpus
from dragoman.report.html import write_report

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,5200"]
SECTIONS = ("summary", "timeline", "rival", "setbacks", "network", "places", "evidence")
CHARTS = ("chart-timeline", "chart-rival", "chart-network", "chart-map")


@pytest.fixture
def report_file(db_path: Path, tmp_path: Path) -> Path:
    return write_report(load_corpus(db_path), tmp_path / "report.html", actor="Hamas",
                        vs="Palestinian Authority", since=date(2023, 10, 7),
                        pivot=date(2023, 11, 1))


def _chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def _section(dom: str, name: str) -> str:
    match = re.search(rf'<section id="{name}">(.*?)</section>', dom, re.S)
    assert match, f"section {name} missing"
    return match.group(1)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_sections_render_with_charts(report_file: Path, tmp_path: Path):
    dom = _chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom",
                    report_file.as_uri())
    for name in SECTIONS:
        text = re.sub(r"<[^>]+>", " ", _section(dom, name))
        assert len(text.split()) > 5, f"section {name} is empty"
    for chart in CHARTS:
        match = re.search(rf'<div id="{chart}"[^>]*>(.*?)</script>', dom, re.S)
        assert match and "<svg" in match.group(1), f"{chart} was not drawn"
    assert 'class="empty"' not in dom  # this corpus fills every section


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_screenshot(report_file: Path, tmp_path: Path):
    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--virtual-time-budget=10000", f"--screenshot={shot}",
              report_file.as_uri())
    assert shot.exists() and shot.stat().st_size > 50_000
