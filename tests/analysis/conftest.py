"""Fixtures for the analysis tests: hand-made events and a tiny DuckDB built with the store's schema."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus_fixture import build_db, hand_events  # noqa: E402


@pytest.fixture
def events():
    """The fourteen hand-made events of corpus_fixture."""
    return hand_events()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A DuckDB file holding the hand-made corpus."""
    return build_db(tmp_path / "dragoman.duckdb")
