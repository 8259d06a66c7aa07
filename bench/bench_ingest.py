"""Ingest throughput next to raw spaCy ``nlp.pipe`` on the same texts, in the same run.

    python bench/bench_ingest.py [--articles 200] [--workers 1] [--batch-size 16]

The corpus is the sample (src/dragoman/samples/gaza-diplomacy-2023.jsonl) repeated until it has
``--articles`` articles; each copy gets a distinct last line so its content hash differs and the
store does not skip it. Prints numbers only: articles/s, words/s, seconds, and peak resident memory
(this process; worker processes separately).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/dragoman/samples/gaza-diplomacy-2023.jsonl"


def build_corpus(target: Path, n_articles: int) -> list[str]:
    """Write a JSONL corpus of at least n_articles (the sample, repeated) and return its texts."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    out, texts = [], []
    for i in range(max(n_articles, len(records))):
        record = dict(records[i % len(records)])
        copy = i // len(records)
        if copy:
            record["text"] += f"\n\n(Copy {copy}.)"
            record["doc_id"] = f"{record.get('doc_id', i)}-copy{copy}"
            record.pop("url", None)  # the store also skips by URL
        out.append(json.dumps(record, ensure_ascii=False))
        texts.append(record["text"])
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return texts


def peak_mib(who: int) -> float:
    """Peak resident set size in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def bench_ingest(corpus: Path, db: Path, workers: int, batch_size: int, extractor: str) -> float:
    from dragoman.executors.local import LocalExecutor
    from dragoman.ingest.driver import ingest
    from dragoman.pipeline import EventExtractor
    from dragoman.store.db import Store

    start = time.perf_counter()
    with Store(db) as store:
        report = ingest(store, [corpus], extractor=EventExtractor(extractor=extractor),
                        executor=LocalExecutor(workers), batch_size=batch_size)
    if report.failures:
        sys.stderr.write(f"{len(report.failures)} failures\n")
    return time.perf_counter() - start


def bench_spacy(texts: list[str], batch_size: int) -> float:
    from dragoman.nlp import load_model

    nlp = load_model()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--extractor", default="deps.v1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        texts = build_corpus(corpus, args.articles)
        words = sum(len(t.split()) for t in texts)
        n = len(texts)
        t_ingest = bench_ingest(corpus, Path(tmp) / "bench.duckdb", args.workers,
                                args.batch_size, args.extractor)
        rss_ingest = peak_mib(resource.RUSAGE_SELF)
        t_spacy = bench_spacy(texts, args.batch_size)
    print(f"articles {n}")
    print(f"words {words}")
    print(f"workers {args.workers}")
    print(f"ingest_seconds {t_ingest:.2f}")
    print(f"ingest_articles_per_s {n / t_ingest:.1f}")
    print(f"ingest_words_per_s {words / t_ingest:.0f}")
    print(f"spacy_pipe_seconds {t_spacy:.2f}")
    print(f"spacy_pipe_articles_per_s {n / t_spacy:.1f}")
    print(f"spacy_pipe_words_per_s {words / t_spacy:.0f}")
    print(f"ingest_over_spacy_time {t_ingest / t_spacy:.2f}")
    print(f"peak_rss_mib_after_ingest {rss_ingest:.0f}")
    print(f"peak_rss_mib_total {peak_mib(resource.RUSAGE_SELF):.0f}")
    print(f"peak_rss_mib_workers {peak_mib(resource.RUSAGE_CHILDREN):.0f}")


if __name__ == "__main__":
    main()
