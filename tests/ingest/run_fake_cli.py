"""Run ``dragoman ingest`` with the fake extractor, for the Ctrl-C test: python run_fake_cli.py ARGS...

Prints "stored N" on stdout after every committed batch so the test knows when to interrupt it.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FakeExtractor  # noqa: E402

import dragoman.cli.corpus as corpus  # noqa: E402
import dragoman.pipeline  # noqa: E402
from dragoman.cli import main  # noqa: E402

dragoman.pipeline.EventExtractor = lambda **_: FakeExtractor()  # the CLI imports it at call time
_shown = corpus.IngestProgressView.update


def update(self, p) -> None:
    print(f"stored {p.done}", flush=True)
    _shown(self, p)


corpus.IngestProgressView.update = update

if __name__ == "__main__":
    main(sys.argv[1:])
