"""The public Python API on a small hand-made corpus whose right answers are worked out below.

The corpus, written through the Store's one write path:

    a1 (Outlet A, published 2023-11-05)  e1 CONSULT  USA (Blinken)  -> PSE (Abbas)   2023-11-05
    a2 (Outlet B, published 2023-11-06)  e2 ACCUSE   PSE (Abbas)    -> ISR           2023-11-06
    a3 (Outlet C, published 2023-11-20)  e3 CONSULT  Hamas (Haniyeh) -> TUR (Fidan)  2023-11-20
                                          e4 CONSULT  USA (Blinken)  -> PSE (Abbas)   2023-12-01 planned
    a4 (Outlet A, published 2023-11-04)  e5 CONSULT  Hamas          -> RUS  2023-10-25..2023-11-03

So the Palestinian Authority (PSE) has e1, e2, e4; Hamas e3, e5; CONSULT is e1, e3, e4, e5; the
window since 2023-11-01 holds e1-e4 (e5 starts before it); until 2023-10-31 holds nothing (e5
ends after it).
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import catalogue
import pytest
from click.testing import CliRunner

import dragoman
from dragoman.cli import main
from dragoman.errors import ConfigError, ImportFormatError, UnknownActorError
from dragoman.pipeline import ArticleResult, EventExtractor
from dragoman.registry import exporters, extractors, importers, readers, resolvers
from dragoman.types import ActorRef, Article, Event, ResolvedDate, TextSpan, make_event_id

BLINKEN = ActorRef("Blinken", "Antony Blinken", "USA", "secretary of state", "antony-blinken",
                   rank=4)
ABBAS = ActorRef("Abbas", "Mahmoud Abbas", "PSE", "president", "mahmoud-abbas", rank=5)
HANIYEH = ActorRef("Haniyeh", "Ismail Haniyeh", "Hamas", "leader", "ismail-haniyeh", rank=5)
FIDAN = ActorRef("Fidan", "Hakan Fidan", "TUR", "foreign minister", "hakan-fidan", rank=4)
HAMAS = ActorRef("Hamas", "Hamas", "Hamas", None, "hamas", kind="organisation")
ISRAEL = ActorRef("Israel", "Israel", "ISR", None, "ISR", kind="state")
RUSSIA = ActorRef("Russia", "Russia", "RUS", None, "RUS", kind="state")


def _event(article: Article, n: int, kind: str, src: ActorRef, tgt: ActorRef, start: date,
           end: date | None = None, status: str = "occurred") -> Event:
    text = f"Sentence {n} of {article.doc_id}."
    return Event(make_event_id(article.article_id, n, n, kind, src.actor, tgt.actor),
                 article.doc_id, article.article_id, kind, None, src, tgt,
                 ResolvedDate(start, end or start, "day" if end is None else "range"), None,
                 status, None, TextSpan(text, 0, len(text)), TextSpan("met", 0, 3), 0.9, "hand")


def hand_results() -> list[ArticleResult]:
    """The five events of the module docstring, in their four articles."""
    a1 = Article("a1", "one", date(2023, 11, 5), outlet="Outlet A")
    a2 = Article("a2", "two", date(2023, 11, 6), outlet="Outlet B")
    a3 = Article("a3", "three", date(2023, 11, 20), outlet="Outlet C")
    a4 = Article("a4", "four", date(2023, 11, 4), outlet="Outlet A")
    return [
        ArticleResult(a1, (_event(a1, 1, "CONSULT", BLINKEN, ABBAS, date(2023, 11, 5)),)),
        ArticleResult(a2, (_event(a2, 2, "ACCUSE", ABBAS, ISRAEL, date(2023, 11, 6)),)),
        ArticleResult(a3, (_event(a3, 3, "CONSULT", HANIYEH, FIDAN, date(2023, 11, 20)),
                           _event(a3, 4, "CONSULT", BLINKEN, ABBAS, date(2023, 12, 1),
                                  status="planned"))),
        ArticleResult(a4, (_event(a4, 5, "CONSULT", HAMAS, RUSSIA, date(2023, 10, 25),
                                  date(2023, 11, 3)),)),
    ]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "hand.duckdb"
    with dragoman.open(path) as corpus:
        corpus.store.write_results(hand_results(), "r1")
        corpus.store.recluster()
    return path


def _docs(events) -> list[str]:
    return sorted(f"{e.doc_id}:{e.evidence.text.split()[1]}" for e in events)


@pytest.mark.parametrize("typed", ["Palestinian Authority", "PA", "PSE", "Palestine"])
def test_every_name_of_the_pa_finds_its_events(db, typed):
    with dragoman.open(db, read_only=True) as corpus:
        assert _docs(corpus.events(actor=typed)) == ["a1:1", "a2:2", "a3:4"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": ["PA", "Hamas"]}, ["a1:1", "a2:2", "a3:3", "a3:4", "a4:5"]),
    ({"actor": "PA", "status": "planned"}, ["a3:4"]),
    ({"type": ["consult"]}, ["a1:1", "a3:3", "a3:4", "a4:5"]),
    ({"type": ["ACCUSE", "CONSULT"], "actor": "Israel"}, ["a2:2"]),
    ({"since": "2023-11-01"}, ["a1:1", "a2:2", "a3:3", "a3:4"]),
    ({"until": date(2023, 10, 31)}, []),
    ({"since": "2023-10-25", "until": "2023-11-05"}, ["a1:1", "a4:5"]),
])
def test_filters_are_unions_and_the_window_means_inside(db, filters, expected):
    with dragoman.open(db, read_only=True) as corpus:
        assert _docs(corpus.events(**filters)) == expected


@pytest.mark.parametrize(("filters", "error", "message"), [
    ({"actor": "Hamaas"}, UnknownActorError, "no actor 'Hamaas'; did you mean Hamas?"),
    ({"type": "MEET"}, ConfigError, "unknown event type 'MEET'; valid types: AGREE, CONSULT"),
    ({"status": "done"}, ConfigError, "unknown status 'done'; valid statuses: occurred"),
    ({"since": "2023-12-01", "until": "2023-11-01"}, ConfigError, "the window is reversed"),
    ({"since": "2023-02-30"}, ConfigError, "since: invalid date '2023-02-30'"),
])
def test_bad_filters_are_refused(db, filters, error, message):
    with dragoman.open(db, read_only=True) as corpus, pytest.raises(error, match=message):
        corpus.events(**filters)


def test_a_stored_event_has_the_shape_of_the_extracted_one(db, tmp_path):
    with dragoman.open(db, read_only=True) as corpus:
        stored = {e.event_id: e.to_dict() for e in corpus.events()}
        assert corpus.export(tmp_path / "all.jsonl") == 5
    exported = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    assert {r["event_id"]: r for r in exported} == stored
    for result in hand_results():
        for event in result.events:
            mine = event.with_article(result.article).to_dict()
            back = stored[event.event_id]
            assert list(back) == list(mine)
            assert {k for k in mine if mine[k] != back[k]} == {"cluster_id"}  # the corpus adds it
            assert back["cluster_id"]


def test_standing_and_network_through_the_corpus(db):
    with dragoman.open(db, read_only=True) as corpus:
        s = corpus.standing("PA", since="2023-11-01", until="2023-12-31", min_reports=3)
        assert s.actor.n_reports == 3  # e1, e2, e4
        assert (s.actor.total.n_units, s.actor.total.weighted, s.actor.total.n_planned) == (1, 4, 1)
        assert "supported by this record" in s.verdict[1]
        net = corpus.network(actor="Hamas")
        assert {net.label(n) for n in net.graph.nodes} == {"Hamas", "Turkey", "Russia"}


def test_read_only_corpus_needs_an_existing_file(tmp_path):
    with pytest.raises(dragoman.errors.StoreError, match="no such database"):
        dragoman.open(tmp_path / "none.duckdb", read_only=True)


def test_the_extract_function_survives_importing_the_extract_rules():
    import importlib

    importlib.import_module("dragoman.extract.events")
    assert callable(dragoman.extract) and dragoman.extract.__module__ == "dragoman.api"


# -- registries: a plugin's entry is the one that runs -----------------------------------------

@pytest.fixture
def register():
    added: list[tuple[str, ...]] = []

    def add(registry, name, func):
        registry.register(name, func=func)
        added.append((*registry.namespace, name))
        return func

    yield add
    for key in added:
        catalogue.REGISTRY.pop(key, None)


def test_a_plugin_exporter_runs_from_the_api_and_the_cli(db, tmp_path, register):
    def write_ids(events, target):
        Path(target).write_text("".join(e.event_id + "\n" for e in events))
        return len(events)

    register(exporters, "ids.v1", write_ids)
    with dragoman.open(db, read_only=True) as corpus:
        assert corpus.export(tmp_path / "a.txt", format="ids", actor="Hamas") == 2
    assert len((tmp_path / "a.txt").read_text().splitlines()) == 2
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "ids", "--out",
                                       str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "b.txt").read_text().splitlines()) == 5
    refused = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "xlsx"])
    assert refused.exit_code == 1 and "unknown export format 'xlsx'; choose one of" in \
        refused.output and "ids" in refused.output


def test_a_plugin_reader_reads_its_suffix(tmp_path, register):
    def read_shouting(raw, doc_id, origin=None, published=None, url=None):
        return Article(doc_id, raw.decode("ascii").lower(), published, url, origin=origin)

    read_shouting.suffixes = (".shout",)
    register(readers, "shout.v1", read_shouting)
    path = tmp_path / "note.shout"
    path.write_bytes(b"FRANCE CONDEMNED IRAN.")
    article = dragoman.api.read(path, published="2024-01-08")
    assert (article.text, article.doc_id, article.published) == (
        "france condemned iran.", "note", date(2024, 1, 8))
    from dragoman.ingest.sources import folder_files, glob_patterns

    assert folder_files(tmp_path, glob_patterns(None)) == [path]


def test_a_plugin_importer_runs(db, tmp_path, register):
    def read_tiny(path):
        article = Article("tiny", "tiny", date(2023, 11, 7))
        event = _event(article, 9, "SANCTION", ISRAEL, HAMAS, date(2023, 11, 7))
        yield f"{path}:1", replace(event, imported=True, extra=(("origin", "tiny"),))

    register(importers, "tiny.v1", read_tiny)
    source = tmp_path / "tiny.txt"
    source.write_text("x")
    with dragoman.open(db) as corpus:
        report = corpus.import_file("tiny", source)
        assert report.imported == 1 and report.origins == "tiny: 1"
        assert _docs(corpus.events(type="SANCTION")) == ["tiny:9"]
        with pytest.raises(ImportFormatError, match="unknown import kind 'acled'; choose one of "
                                                    "gdelt, icews, tiny"):
            corpus.import_file("acled", source)


def test_the_named_resolver_builds_the_extractors_knowledge_base(register):
    seen = {}

    def fake_kb(paths=()):
        return {"kb from": "plugin", "paths": paths}

    def factory(model=None, kb_paths=(), kb=None):
        seen["kb"] = kb
        return object()

    register(resolvers, "fake.kb.v1", fake_kb)
    register(extractors, "kb.taker.v1", factory)
    EventExtractor(extractor="kb.taker.v1", resolver="fake.kb.v1", kb_paths=("x.yml",)).setup()
    assert seen["kb"] == {"kb from": "plugin", "paths": ("x.yml",)}


def test_the_corpus_resolves_actors_with_the_named_resolver(db, register):
    from dragoman.kb.schema import KBFile, OrganisationEntry

    def zedland_kb(paths=()):
        """The shipped KB plus one organisation only this resolver knows."""
        from dragoman.kb.base import KnowledgeBase
        from dragoman.kb.loader import merge, read_file, shipped_files

        extra = KBFile(organisations=[OrganisationEntry(id="zed", name="Zed Front", code="Hamas")])
        return KnowledgeBase(merge([*map(read_file, shipped_files()), extra]))

    register(resolvers, "zed.v1", zedland_kb)
    with dragoman.open(db, read_only=True, resolver="zed.v1") as corpus:
        assert _docs(corpus.events(actor="Zed Front")) == ["a3:3", "a4:5"]  # coded Hamas
    with dragoman.open(db, read_only=True) as corpus, pytest.raises(UnknownActorError):
        corpus.events(actor="Zed Front")


def test_an_extractor_without_a_kb_argument_refuses_another_resolver(register):
    register(extractors, "own.kb.v1", lambda model=None, kb_paths=(): object())
    with pytest.raises(ConfigError, match="loads its own knowledge base and cannot use resolver"):
        EventExtractor(extractor="own.kb.v1", resolver="fake.kb.v1").setup()


def test_corpus_ingest_uses_the_named_extractor(tmp_path):
    from .ingest import fakes  # noqa: F401  (registers test.fake.v1)

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Blinken met Netanyahu in Tel Aviv on 2023-10-12.")
    with dragoman.open(tmp_path / "x.duckdb") as corpus:
        run = corpus.ingest(folder, extractor="test.fake.v1")
        assert (run.seen, run.written.events) == (1, 1)
        [event] = corpus.events(actor="United States")
        assert (event.type, event.target.actor, event.extractor) == ("CONSULT", "ISR",
                                                                     "test.fake.v1")


# -- dragoman.extract with the real model --------------------------------------------------------

@pytest.mark.model
def test_extract_the_issue_example():
    [event] = dragoman.extract("On Monday, France condemned the strike by Iran.",
                               published="2024-01-08")
    assert (event.type, event.source.actor, event.target.actor) == ("ACCUSE", "FRA", "IRN")
    assert event.date.start == date(2024, 1, 8) and event.published == date(2024, 1, 8)
    assert repr(event).startswith("<Event ACCUSE/disapprove FRA -> IRN 2024-01-08 occurred")


@pytest.mark.model
def test_extract_reads_paths_and_loads_the_model_once(tmp_path):
    from dragoman.api import extractor_stage

    note = tmp_path / "note.txt"
    note.write_text("date 2023-12-20\n\nEgypt condemned Israel on Wednesday.\n")
    before = extractor_stage.cache_info()
    by_path = dragoman.extract(note)
    by_string = dragoman.extract(str(note))
    assert [e.to_dict() for e in by_path] == [e.to_dict() for e in by_string]
    assert by_path and by_path[0].date.start == date(2023, 12, 20)
    after = extractor_stage.cache_info()
    assert after.misses - before.misses <= 1 and after.hits >= before.hits + 1
    with pytest.raises(dragoman.errors.InputError, match="missing.txt: no such file"):
        dragoman.extract(str(tmp_path / "missing.txt"))
    with pytest.raises(ConfigError, match="published: invalid date '2023-13-01'"):
        dragoman.extract("Egypt condemned Israel.", published="2023-13-01")
