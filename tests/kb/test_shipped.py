"""The shipped KB: every file validates (this is the CI check) and the key actors resolve."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import yaml

from dragoman.kb import check_files, load_kb
from dragoman.kb.loader import DATA_DIR, shipped_files

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def needs_data(*names: str) -> pytest.MarkDecorator:
    """Skip unless the named shipped KB files exist (other people write them)."""
    missing = [n for n in names if not (DATA_DIR / n).exists()]
    return pytest.mark.skipif(bool(missing), reason=f"shipped KB data missing: {missing}")


def test_every_shipped_file_validates():
    assert check_files(shipped_files()) == []


def test_no_id_shipped_twice():
    seen: Counter = Counter()
    for path in shipped_files():
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER) or {}
        for section in ("organisations", "people", "media"):
            seen.update((section, e["id"]) for e in raw.get(section) or [])
    assert [key for key, n in seen.items() if n > 1] == []


def test_load_kb_is_cached():
    assert load_kb() is load_kb()


@needs_data("people_world.yml", "people_mena_africa.yml", "states.yml", "organisations.yml")
@pytest.mark.parametrize(("text", "on", "kb_id", "code"), [
    ("Turkey's foreign minister", date(2023, 12, 21), "hakan-fidan", "TUR"),
    ("the head of Egyptian intelligence", date(2023, 12, 20), "abbas-kamel", "EGY"),
    ("Mikhail Bogdanov", date(2023, 12, 20), None, "RUS"),
    ("Hossein Amir Abdollahian", date(2023, 12, 20), None, "IRN"),
    ("Saleh al-Arouri", date(2023, 12, 20), None, "Hamas"),
    ("Arouri", date(2023, 12, 20), None, "Hamas"),
    ("Khaled Mashal", date(2023, 12, 20), None, "Hamas"),
    ("Hezbollah", date(2023, 12, 20), None, "Hezbollah"),
    ("IDF forces", date(2023, 12, 20), None, "ISR"),
    ("Turkey", None, "TUR", "TUR"),
])
def test_key_actors(text, on, kb_id, code):
    res = load_kb().resolve(text, on)
    assert res is not None and res.code == code
    if kb_id:
        assert res.kb_id == kb_id


@needs_data("media.yml")
def test_iran_international_is_media():
    assert load_kb().media("Iran International").kind == "media"
    assert load_kb().resolve("Iran International").kind == "media"
