"""The report tests reuse the analysis tests' hand-made corpus."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))

from corpus_fixture import build_db  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A DuckDB file holding the hand-made corpus."""
    return build_db(tmp_path / "dragoman.duckdb")
