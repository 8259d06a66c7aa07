"""Fixture KBs: a small hand-written file, without the shipped data, so tests pin the rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.kb import KnowledgeBase
from dragoman.kb.loader import merge, read_file

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.fixture(scope="session")
def mini_kb() -> KnowledgeBase:
    """pycountry states plus tests/kb/fixtures/mini.yml."""
    return KnowledgeBase(merge([read_file(FIXTURES / "mini.yml")]))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/kb/fixtures."""
    return FIXTURES


@pytest.fixture(scope="session")
def petrarch_dir() -> Path:
    """../shared/external/petrarch-validation; skips the test when absent (never copied here)."""
    path = SHARED / "external" / "petrarch-validation"
    if not path.exists():
        pytest.skip("shared PETRARCH files absent")
    return path
