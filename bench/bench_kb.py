"""KB load time and microseconds per resolution, by kind of mention. Prints numbers only.

    .venv/bin/python bench/bench_kb.py
"""
from __future__ import annotations

import time
import timeit
from datetime import date

from dragoman.kb.loader import _cached_kb, _read_file_cached, load_kb

ON = date(2023, 12, 20)
MENTIONS = {
    "exact": ["Ismail Haniyeh", "Hossein Amir-Abdollahian", "Hamas", "Iran", "Hezbollah"],
    "phrase": ["Hamas leader Ismail Haniyeh", "Iranian Foreign Minister Hossein Amir-Abdollahian",
               "Iranian proxies in Syria and Iraq", "Israel-linked commercial ships"],
    "surname": ["Haniyeh", "Arouri", "Fidan", "Bogdanov"],
    "fuzzy": ["Khaled Meshaal", "Saleh al-Aruri", "Hossein Amirabdolahian", "Mashaal"],
    "role phrase": ["Turkey's foreign minister", "the top Iranian diplomat",
                    "the head of Egyptian intelligence", "the Qatari prime minister"],
    "miss": ["Many countries", "a group of tourists", "Zxqv Blorpington", "the governorate"],
}


def bench_load() -> None:
    """Cold load (files parsed, index built) and warm load (the cached object)."""
    _cached_kb.cache_clear()
    _read_file_cached.cache_clear()
    start = time.perf_counter()
    kb = load_kb()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    load_kb()
    warm = time.perf_counter() - start
    print(f"load: cold {cold:.3f} s, cached {warm * 1e6:.1f} µs; entries {kb.stats()}")


def bench_resolve(repeat: int = 2000) -> None:
    """Mean µs per resolve() call for each kind of mention."""
    kb = load_kb()
    for kind, texts in MENTIONS.items():
        seconds = timeit.timeit(lambda: [kb.resolve(t, ON) for t in texts], number=repeat)
        micros = seconds / (repeat * len(texts)) * 1e6
        sample = kb.resolve(texts[0], ON)
        print(f"resolve {kind:12s} {micros:7.1f} µs/mention   e.g. {texts[0]!r} -> "
              f"{sample.name + ' ' + str(sample.code) if sample else None}")


if __name__ == "__main__":
    bench_load()
    bench_resolve()
