"""docs/python.md stays true: its ```pycon examples run, in order, in a fresh folder."""
from __future__ import annotations

import doctest
import re

import pytest

from .conftest import REPO

DOC = REPO / "docs" / "python.md"
pytestmark = pytest.mark.model


def pycon_blocks(text: str) -> list[str]:
    """The ```pycon code blocks of a Markdown text."""
    return re.findall(r"```pycon\n(.*?)```", text, flags=re.S)


def test_python_docs_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = pycon_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    namespace: dict = {}
    for number, block in enumerate(blocks, 1):
        test = parser.get_doctest(block, namespace, f"python.md block {number}", str(DOC), 0)
        runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # a DocTest copies its globals: carry names forward
    results = runner.summarize(verbose=False)
    assert results.attempted > 30
    assert results.failed == 0, f"{results.failed} example(s) in docs/python.md failed (see above)"
