"""Run a real ingest with the fake extractor, for the kill-and-rerun test: python run_fake_ingest.py DB SOURCE.

Prints "stored N" after every committed batch so the test knows when to kill it.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FakeExtractor  # noqa: E402

from dragoman.ingest.driver import ingest  # noqa: E402
from dragoman.store.db import Store  # noqa: E402


def main(db: str, source: str) -> None:
    with Store(db) as store:
        ingest(store, [source], extractor=FakeExtractor(), batch_size=4,
               on_progress=lambda p: print(f"stored {p.articles + p.failures}", flush=True))
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
