"""Throughput of bare spaCy, extraction and ingest on one varied real-text corpus, in one run.

    python bench/bench_throughput.py [--words 200000] [--batch-size 16] [--skip dask-2,...]

The corpus (``throughput_corpus.py``) is built from the real texts of ``../shared`` and our
sample, each copy varied so no cache flatters the numbers. Every measurement runs in a fresh
process, one after the other, on the same corpus file:

- ``spacy``: bare ``nlp.pipe`` of the model (no knowledge-base ruler) over whole texts, batch 64;
- ``extract-full`` / ``extract``: the extractor in this process without / with the cascade;
- ``ingest-1`` / ``ingest-2``: ``ingest`` into a fresh DuckDB with 1 (in-process) or 2 local
  worker processes;
- ``dask-2``: ``ingest`` on a 2-worker ``LocalCluster`` of processes.

In-process runs load the model before the clock starts, as bare spaCy does; runs with worker
processes include the workers' start-up (the model and knowledge base load in each worker), and
the ``load`` line says what that costs once. Peak RSS is per process (``ru_maxrss``): the driver,
and the largest worker. Prints numbers; nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MODES = ("spacy", "extract-full", "extract", "ingest-1", "ingest-2", "dask-2")
LABELS = {"spacy": "bare spaCy nlp.pipe", "extract-full": "extract, no cascade",
          "extract": "extract (cascade)", "ingest-1": "ingest, 1 local worker",
          "ingest-2": "ingest, 2 local workers", "dask-2": "ingest, Dask 2 workers"}


def peak_mib(who: int) -> float:
    """Peak resident set size in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (workers), user and system."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def load_records(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]


def articles(records: list[dict]) -> list:
    from datetime import date

    from dragoman.ingest.readers import article_from_text

    return [article_from_text(r["text"], r["doc_id"], published=date.fromisoformat(r["published"])
                              if r.get("published") else None) for r in records]


def run_spacy(corpus: Path, batch_size: int) -> dict:
    from dragoman.nlp import load_model

    texts = [r["text"] for r in load_records(corpus)]
    nlp = load_model()
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {"seconds": time.perf_counter() - start, "cpu_seconds": cpu_seconds() - cpu}


def run_extract(corpus: Path, batch_size: int, cascade: bool) -> dict:
    from dragoman.extract.cascade import Cascade
    from dragoman.pipeline import EventExtractor, extract_articles

    docs = articles(load_records(corpus))
    stage = EventExtractor(cascade=cascade)
    loading = time.perf_counter()
    stage.setup()
    start, cpu = time.perf_counter(), cpu_seconds()
    n_events = failed = 0
    for result in extract_articles(docs, stage, batch_size=batch_size):
        n_events += len(result.events)
        failed += result.failed
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "load_seconds": start - loading, "events": n_events, "failures": failed,
           "cpu_seconds": cpu_seconds() - cpu}
    if cascade:  # the share of sentences parsed, from the same first pass the extractor runs
        engine = stage.engine
        first_pass = Cascade.for_pipeline(engine.nlp, engine.lexicon)
        engine.cascade = False
        for doc in docs:
            first_pass.units(engine.chunks(doc))
        out["parsed_share"] = first_pass.stats.share
        out["parsed_char_share"] = first_pass.stats.parsed_chars / max(1, first_pass.stats.chars)
    return out


def run_ingest(corpus: Path, batch_size: int, executor: str, workers: int) -> dict:
    from dragoman.ingest.driver import ingest
    from dragoman.pipeline import EventExtractor
    from dragoman.registry import get
    from dragoman.store.db import Store

    stage = EventExtractor()
    if workers == 1 and executor == "local":
        stage.setup()  # in this process: load before the clock, like bare spaCy
    pool = get("executors", f"{executor}.v1")(workers=workers)
    stored: list[tuple[float, int]] = []  # (time, words) after each stored batch
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        start, cpu = time.perf_counter(), cpu_seconds()
        report = ingest(store, [corpus], extractor=stage, executor=pool, batch_size=batch_size,
                        on_progress=lambda p: stored.append((time.perf_counter(), p.words)))
        seconds = time.perf_counter() - start
        cpu = cpu_seconds() - cpu
        events = store.count("events")
    (t_first, w_first), (t_last, w_last) = stored[0], stored[-1]
    return {"seconds": seconds, "events": events, "failures": len(report.failures),
            "articles": report.written.articles, "first_batch_seconds": t_first - start, "cpu_seconds": cpu,
            "steady_words_per_s": (w_last - w_first) / (t_last - t_first)}


def child(mode: str, corpus: Path, batch_size: int) -> None:
    """Run one measurement and print it as one JSON line."""
    if mode == "spacy":
        out = run_spacy(corpus, batch_size)
    elif mode.startswith("extract"):
        out = run_extract(corpus, batch_size, cascade=mode == "extract")
    elif mode == "dask-2":
        out = run_ingest(corpus, batch_size, "dask", 2)
    else:
        out = run_ingest(corpus, batch_size, "local", int(mode.split("-")[1]))
    out["load_average"] = os.getloadavg()[0]  # other users' work on the machine shows here
    out["rss_mib"] = peak_mib(resource.RUSAGE_SELF)
    out["rss_children_mib"] = peak_mib(resource.RUSAGE_CHILDREN)
    print(json.dumps(out))


def measure(mode: str, corpus: Path, batch_size: int) -> dict:
    """One measurement in a fresh process."""
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
           "--batch-size", str(batch_size)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict], words: int, n_articles: int) -> None:
    base = words / results["spacy"]["seconds"] if "spacy" in results else None
    print(f"{'run':<26} {'seconds':>7} {'words/s':>7} {'x spaCy':>7} {'steady':>7} {'x spaCy':>7} "
          f"{'1st batch':>9} {'CPU s':>6} {'cores':>5} {'load':>5} {'RSS MiB':>7} {'worker':>7}")
    for mode, r in results.items():
        rate = words / r["seconds"]
        steady = r.get("steady_words_per_s")
        worker = f"{r['rss_children_mib']:.0f}" if mode in ("ingest-2", "dask-2") else "-"
        print(f"{LABELS[mode]:<26} {r['seconds']:>7.1f} {rate:>7.0f} {_ratio(rate, base):>7} "
              f"{_num(steady):>7} {_ratio(steady, base):>7} {_num(r.get('first_batch_seconds'), '.1f'):>9} "
              f"{r['cpu_seconds']:>6.0f} {r['cpu_seconds'] / r['seconds']:>5.2f} {r['load_average']:>5.1f} "
              f"{r['rss_mib']:>7.0f} {worker:>7}")
    print("words/s: all words over the whole run (worker start-up, writes and re-clustering included);"
          " steady: words stored between the first and the last batch, over that time; CPU s: this"
          " process and its workers (model loads included); cores: CPU s / seconds; load: the"
          " machine's 1-minute load average at the end (2 cores: above ~2 others compete)")
    if "extract" in results:
        r = results["extract"]
        print(f"cascade: parsed {r['parsed_share']:.1%} of sentences ({r['parsed_char_share']:.1%} of "
              f"characters); model + knowledge base load {r['load_seconds']:.1f} s per process")
    for mode in ("ingest-2", "dask-2"):
        if mode in results and "ingest-1" in results:
            one, two = results["ingest-1"], results[mode]
            print(f"{LABELS[mode]} / 1 local worker: {one['seconds'] / two['seconds']:.2f} whole run, "
                  f"{two['steady_words_per_s'] / one['steady_words_per_s']:.2f} steady")
    events = {m: r["events"] for m, r in results.items() if "events" in r}
    print("events: " + ", ".join(f"{m} {n}" for m, n in events.items()) +
          f"; failures: {sum(r.get('failures', 0) for r in results.values())}")


def _ratio(rate: float | None, base: float | None) -> str:
    return f"{rate / base:.2f}" if rate and base else "-"


def _num(value: float | None, fmt: str = ".0f") -> str:
    return format(value, fmt) if value is not None else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000, help="corpus size (whole copies)")
    ap.add_argument("--batch-size", type=int, default=16, help="articles per ingest batch")
    ap.add_argument("--skip", default="", help="comma-separated runs to leave out: " + ",".join(MODES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.child:
        child(opts.child, opts.corpus, opts.batch_size)
        return 0
    import throughput_corpus

    records = throughput_corpus.build(opts.words)
    words = sum(len(r["text"].split()) for r in records)
    by_source: dict[str, int] = {}
    for r in records:
        by_source[r["source"]] = by_source.get(r["source"], 0) + len(r["text"].split())
    distinct = len({r["text"] for r in records})
    print(f"corpus: {len(records)} articles ({distinct} distinct), {words} words (" +
          ", ".join(f"{k} {v / words:.0%}" for k, v in by_source.items()) + f"); cores {os.cpu_count()}")
    skip = set(filter(None, opts.skip.split(",")))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        throughput_corpus.write_jsonl(records, corpus)
        for mode in MODES:
            if mode not in skip:
                results[mode] = measure(mode, corpus, opts.batch_size)
    report(results, words, len(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
