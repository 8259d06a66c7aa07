"""Extraction speed in words per second, next to the bare spaCy pipeline on the same texts.

    python bench/bench_extract.py [--words 60000]

Builds a corpus by repeating the shipped sample articles (with a marker so each copy is a new
article) and times: loading (spaCy + knowledge base + gazetteer), raw ``nlp.pipe`` over the
paragraphs, and the full extractor. Prints numbers only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from importlib import resources

from dragoman.extract.events import paragraphs
from dragoman.pipeline import EventExtractor
from dragoman.types import Article


def corpus(words: int) -> list[Article]:
    """Sample articles repeated until the corpus has about ``words`` words."""
    path = resources.files("dragoman") / "samples" / "gaza-diplomacy-2023.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    out, total, copy = [], 0, 0
    while total < words:
        for r in rows:
            text = f"{r['text']}\n\n(copy {copy})"
            out.append(Article(f"{r['doc_id']}-{copy}", text, date.fromisoformat(r["published"])))
            total += len(text.split())
        copy += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=60_000)
    opts = ap.parse_args()
    articles = corpus(opts.words)
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    stage = EventExtractor()
    stage.setup()
    from dragoman.resolve.places import geocode
    geocode("Doha")  # build the gazetteer index now, not inside the timed run
    load = time.perf_counter() - t0
    nlp = stage._engine.nlp
    texts = [t for a in articles for _, t in paragraphs(a.text)]
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    raw = time.perf_counter() - t1
    t2 = time.perf_counter()
    n_events = sum(len(r.events) for r in stage(articles))
    full = time.perf_counter() - t2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(articles)}  words {words}  events {n_events}")
    print(f"load (spaCy + KB + gazetteer)  {load:6.1f} s")
    print(f"raw spaCy nlp.pipe             {words / raw:8.0f} words/s")
    print(f"dragoman extract (deps.v1)     {words / full:8.0f} words/s  ({len(articles) / full:.1f} articles/s)")
    print(f"peak memory                    {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
