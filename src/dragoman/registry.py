"""Registries for the pluggable parts: built-ins register exactly like plugins.

Names are versioned (``"deps.v1"``); change behaviour under a new version and keep the old one.
Third-party packages add entries through the ``dragoman_<registry>`` entry-point groups.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import catalogue

readers = catalogue.create("dragoman", "readers", entry_points=True)
extractors = catalogue.create("dragoman", "extractors", entry_points=True)
resolvers = catalogue.create("dragoman", "resolvers", entry_points=True)
exporters = catalogue.create("dragoman", "exporters", entry_points=True)
importers = catalogue.create("dragoman", "importers", entry_points=True)
executors = catalogue.create("dragoman", "executors", entry_points=True)

REGISTRIES: dict[str, Any] = {
    "readers": readers, "extractors": extractors, "resolvers": resolvers,
    "exporters": exporters, "importers": importers, "executors": executors,
}


def load_builtins() -> None:
    """Import the modules whose decorators fill the registries."""
    import importlib

    for module in ("dragoman.extract.events", "dragoman.ingest.readers", "dragoman.store.export",
                   "dragoman.kb.loader",
                   "dragoman.ingest.imports", "dragoman.executors.local", "dragoman.executors.dask"):
        try:
            importlib.import_module(module)
        except ImportError:  # an optional part (Dask) that is not installed
            continue


def catalogue_listing() -> dict[str, list[str]]:
    """Every registered name, by registry, for ``dragoman plugins``."""
    load_builtins()
    return {name: sorted(reg.get_all()) for name, reg in REGISTRIES.items()}


def get(registry: str, name: str) -> Callable[..., Any]:
    """Look one entry up, with an error that lists the valid names."""
    from .errors import ConfigError

    load_builtins()
    reg = REGISTRIES[registry]
    if name not in reg:
        raise ConfigError(f"unknown {registry} entry {name!r}; choose one of {sorted(reg.get_all())}")
    return reg.get(name)
