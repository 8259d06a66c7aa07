"""Corpus commands: ``ingest``, ``import``, ``export``, ``summary``. Each only calls the library."""
from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from ..errors import ConfigError
from . import DAY

DB_HELP = "DuckDB database file (created if missing)."
BUILTIN_FORMATS = ("jsonl", "csv", "parquet", "graphml")


def _open(db: str, read_only: bool = False) -> Any:
    from ..api import open as open_corpus

    return open_corpus(db, read_only=read_only)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default="dragoman.duckdb", show_default=True, help=DB_HELP)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1), help="Worker processes.")
@click.option("--glob", "glob", default=None, help="Folder file patterns, comma-separated "
              "[default: *.txt,*.text,*.md,*.html,*.htm,*.jsonl and plugin readers' suffixes].")
@click.option("--published", type=DAY, help="Publication date for inputs that lack one.")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1),
              help="Articles per batch (one transaction each).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process or --workers processes; dask: a dask.distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --executor dask: join this scheduler (tcp://host:8786) instead of starting a "
                   "LocalCluster of --workers processes.")
@click.option("--no-cascade", is_flag=True,
              help="Parse every sentence, not only those that can hold an event (slower; for checks).")
@click.option("--extractor", default="deps.v1", show_default=True, help="Registered extractor.")
@click.option("--resolver", default="kb.v1", show_default=True, help="Registered resolver.")
@click.option("--model", default=None, help="spaCy pipeline name or path.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base YAML file (repeatable).")
@click.option("--strict", is_flag=True, help="Stop at the first failed input.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(sources: tuple[str, ...], db: str, workers: int, glob: str | None,
           published: date | None, batch_size: int, executor: str, scheduler: str | None,
           no_cascade: bool, extractor: str, resolver: str, model: str | None,
           kb_files: tuple[str, ...], strict: bool, quiet: bool) -> None:
    """Extract events from SOURCES (files, folders, .jsonl, URLs, feeds) into the database."""
    from ..api import open as open_corpus
    from ..ingest.driver import IngestInterrupted
    from ..kb.lookup import actor_names

    if scheduler and executor != "dask":
        raise ConfigError("--scheduler joins a Dask cluster: add --executor dask")
    with open_corpus(db, kb=kb_files, resolver=resolver) as corpus, \
            IngestProgressView(quiet) as view:
        try:
            report = corpus.ingest(list(sources), published=published, workers=workers,
                                   executor=executor, scheduler=scheduler, cascade=not no_cascade,
                                   extractor=extractor, resolver=resolver, model=model, glob=glob,
                                   batch_size=batch_size, strict=strict, on_progress=view.update,
                                   on_failure=view.wrap(echo_failure))
        except IngestInterrupted as stop:
            view.stop()
            echo_interrupted(stop.report, db)
            sys.exit(130)
        view.stop()
        echo_summary(corpus.summary(), report, actor_names(corpus.kb))
    if not report.ok:
        sys.exit(1)


def echo_interrupted(report: Any, db: str) -> None:
    """Ctrl-C: what this run kept, and how to go on."""
    w = report.written
    click.echo(f"Interrupted. Kept from this run in {db}: {w.articles} articles, {w.events} events, "
               f"{w.failures} failures ({report.skipped} were already stored); every stored batch is "
               "complete, the batches in flight were dropped. Run the same command again to resume: "
               "stored articles are skipped.", err=True)


@click.command(name="import")
@click.argument("kind")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default="dragoman.duckdb", show_default=True, help=DB_HELP)
def import_(kind: str, file: str, db: str) -> None:
    """Import a GDELT 1.0/2.0 event export or an ICEWS event file (KIND gdelt, icews, or a
    plugin's importer), CAMEO -> PLOVER."""
    with _open(db) as corpus:
        report = corpus.import_file(kind, file)
        click.echo(f"{file}: {report.imported} events imported ({report.origins}), "
                   f"{report.duplicates} already stored, {report.unmapped} without a PLOVER type, "
                   f"{len(report.failures)} bad rows")
        for where, reason in report.failures[:20]:
            click.echo(f"{where}: {reason}", err=True)
        echo_summary(corpus.summary())
    if report.failures:
        sys.exit(1)


@click.command()
@click.option("--format", "fmt", default="jsonl", show_default=True,
              help=f"{', '.join(BUILTIN_FORMATS)}, or a plugin's exporter.")
@click.option("--out", type=click.Path(dir_okay=False), help="Output file [default: stdout].")
@click.option("--actor", multiple=True,
              help="Only events with this actor on either side (name, alias or code; repeat for "
                   "a union).")
@click.option("--type", "event_type", multiple=True, help="Only this PLOVER type (repeatable).")
@click.option("--since", type=DAY, help="Only events wholly on or after YYYY-MM-DD.")
@click.option("--until", type=DAY, help="Only events wholly on or before YYYY-MM-DD.")
@click.option("--status", multiple=True, help="occurred, planned, hypothetical or negated "
              "(repeatable).")
@click.option("--db", default="dragoman.duckdb", show_default=True, help="DuckDB database file.")
def export(fmt: str, out: str | None, actor: tuple[str, ...], event_type: tuple[str, ...],
           since: date | None, until: date | None, status: tuple[str, ...], db: str) -> None:
    """Export stored events as JSONL, CSV (one row per dyad), Parquet, or a GraphML actor network."""
    from ..store.export import exporter

    write = exporter(fmt)
    if out is None and getattr(write, "needs_file", False):
        raise ConfigError(f"--format {fmt} writes a binary file: give --out FILE")
    binary = getattr(write, "binary", False)
    target: Any = out or (sys.stdout.buffer if binary else sys.stdout)
    with _open(db, read_only=True) as corpus:
        n = corpus.export(target, fmt, actor=list(actor) or None, type=list(event_type) or None,
                          since=since, until=until, status=list(status) or None)
    if out:
        click.echo(f"{n} events written to {out}", err=True)


@click.command()
@click.option("--db", default="dragoman.duckdb", show_default=True, help="DuckDB database file.")
def summary(db: str) -> None:
    """Print what a database holds: articles, events, clusters, failures, top actors."""
    with _open(db, read_only=True) as corpus:
        echo_summary(corpus.summary())


class IngestProgressView:
    """A rich progress display on stderr: articles (of the total, when known), events, articles/s,
    failures, an ETA; nothing when quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> IngestProgressView:
        if not self.quiet:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.fields[position]}"),
                TextColumn("{task.fields[events]} events"),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[failures]} failed, {task.fields[skipped]} already stored"),
                TimeElapsedColumn(), TextColumn("{task.fields[eta]}"),
                console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("ingest", position="0 articles", events=0,
                                                 rate=0.0, failures=0, skipped=0, eta="")
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Remove the live display so the summary prints cleanly."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def update(self, p: Any) -> None:
        """Show the driver's running totals."""
        if self._progress is not None:
            self._progress.update(self._task, position=progress_position(p), events=p.events,
                                  rate=p.rate, failures=p.failures, skipped=p.skipped,
                                  eta=progress_eta(p.eta))

    def wrap(self, echo: Any) -> Any:
        """Print a line above the live display instead of through it."""
        def printer(*args: Any) -> None:
            if self._progress is not None:
                self._progress.console.print(_failure_line(*args), markup=False, highlight=False)
            else:
                echo(*args)
        return printer


def progress_position(p: Any) -> str:
    """'120/1,176 inputs' when the total is known, else '120 articles'."""
    if p.total is None:
        return f"{p.articles} articles"
    return f"{p.done:,}/{p.total:,} inputs"


def progress_eta(seconds: float | None) -> str:
    """'ETA 3m12s', or nothing while it cannot be told."""
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return "ETA " + (f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s")


def _failure_line(origin: str, reason: str) -> str:
    return f"failed: {origin}: {reason}"


def echo_failure(origin: str, reason: str) -> None:
    """One line on stderr naming the input and the reason."""
    click.echo(_failure_line(origin, reason), err=True)


def echo_summary(s: Any, report: Any = None, names: Any = None) -> None:
    """Print a corpus summary (and what this run did, when there was a run); actors by name."""
    if names is None:
        from ..kb import load_kb
        from ..kb.lookup import actor_names

        names = actor_names(load_kb())
    if report is not None:
        click.echo(f"run {report.run_id}: {report.seen} articles read, {report.written.articles} "
                   f"new, {report.skipped} already stored, {len(report.failures)} failed"
                   f"{' (stopped at the first failure)' if report.stopped else ''}, "
                   f"{report.seconds:.1f}s")
    click.echo(f"articles  {s.articles}")
    click.echo(f"events    {s.events}" + (f" ({s.imported_events} imported)"
                                           if s.imported_events else ""))
    click.echo(f"clusters  {s.clusters} ({s.corroborated} told by 2+ outlets)")
    click.echo(f"failures  {s.failures}")
    if s.top_actors:
        click.echo("top actors: " + ", ".join(f"{names(who, who)} ({n})" for who, n in s.top_actors))
    for c in s.top_clusters:
        if c["n_outlets"] < 2:
            break
        when = c["date_start"].isoformat() if c["date_start"] else "undated"
        pair = " - ".join(names(c[k], c[k]) if c[k] else "?" for k in ("source_actor", "target_actor"))
        click.echo(f"  {c['type']} {pair} {when}"
                   f"{' ' + c['place_name'] if c['place_name'] else ''}: {c['n_reports']} reports, "
                   f"{c['n_outlets']} outlets")


def register(main: click.Group) -> None:
    """Add the corpus commands to the ``dragoman`` group."""
    for command in (ingest, import_, export, summary):
        main.add_command(command)
