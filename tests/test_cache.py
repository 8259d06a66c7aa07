"""Start-up caches: a cached object is the one a fresh build gives, and any change rebuilds it."""
from __future__ import annotations

import functools
import pickle

import pytest

from dragoman import cache


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(root))
    return root


def test_built_once_then_read_back(cache_root):
    calls = []

    def build():
        calls.append(1)
        return {"a": [1, 2]}

    assert cache.cached("thing", "k1", build) == {"a": [1, 2]}
    assert cache.cached("thing", "k1", build) == {"a": [1, 2]}
    assert len(calls) == 1
    assert [p.name for p in cache_root.iterdir()] == ["thing-k1.pickle"]


def test_another_key_builds_again_and_old_keys_are_pruned(cache_root):
    for i in range(cache.KEEP + 2):
        assert cache.cached("thing", f"k{i}", lambda i=i: i) == i
    assert len(list(cache_root.glob("thing-*.pickle"))) == cache.KEEP


def test_a_broken_file_is_rebuilt_and_replaced(cache_root):
    cache_root.mkdir()
    (cache_root / "thing-k.pickle").write_bytes(b"not a pickle")
    assert cache.cached("thing", "k", lambda: 42) == 42
    assert pickle.loads((cache_root / "thing-k.pickle").read_bytes()) == 42


def test_off_and_unwritable_directories_still_build(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, "off")
    assert cache.cache_dir() is None
    assert cache.cached("thing", "k", lambda: 1) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "below"))  # a file where a folder should be
    assert cache.cached("thing", "k", lambda: 2) == 2


def test_fingerprint_follows_file_contents(tmp_path):
    data = tmp_path / "data.yml"
    data.write_text("a: 1")
    first = cache.fingerprint([data], packages=("pyyaml",))
    assert cache.fingerprint([data], packages=("pyyaml",)) == first
    data.write_text("a: 2")
    assert cache.fingerprint([data], packages=("pyyaml",)) != first
    assert cache.fingerprint([tmp_path / "missing.yml"]) != cache.fingerprint([data])


def test_cached_knowledge_base_is_the_built_one(cache_root):
    from dragoman.kb.loader import _cached_kb, load_kb

    _cached_kb.cache_clear()
    built = load_kb()
    _cached_kb.cache_clear()
    read = load_kb()  # from the file the first call wrote
    _cached_kb.cache_clear()
    assert [p.name.split("-")[0] for p in cache_root.iterdir()] == ["kb"]
    assert read is not built
    assert read.stats() == built.stats()
    assert read.entity_patterns() == built.entity_patterns()
    for text in ("Ankara", "the Turkish foreign minister", "Hamas", "Antony Blinken"):
        assert read.explain(text) == built.explain(text)


def test_cached_gazetteer_is_the_built_one(cache_root, monkeypatch):
    from dragoman.resolve import places

    build = places._index.__wrapped__
    built = build()
    monkeypatch.setattr(places, "_index", functools.lru_cache(maxsize=1)(build))  # as shipped
    cache.preload_gazetteer()
    assert places._index._dragoman_cached
    assert places._index() == built  # built and written
    cache.preload_gazetteer()  # a second call changes nothing
    assert places._index() == built
    assert places.geocode("Antalya").country == "TUR"
    monkeypatch.setattr(places, "_index", functools.lru_cache(maxsize=1)(build))  # a new process
    cache.preload_gazetteer()
    assert places._index() == built  # read back from the file
    assert [p.name.split("-")[0] for p in cache_root.iterdir()] == ["gazetteer"]
