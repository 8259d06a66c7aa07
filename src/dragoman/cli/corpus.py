"""Corpus commands: ``ingest``, ``import``, ``export``, ``summary``. Each only calls the library."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError

DB_HELP = "DuckDB database file (created if missing)."
FORMATS = ("jsonl", "csv", "parquet", "graphml")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


def _open_store(db: str, read_only: bool = False) -> Any:
    from ..store.db import Store

    if read_only and db != ":memory:" and not Path(db).exists():
        raise ConfigError(f"{db}: no such database (build one with `dragoman ingest`)")
    return Store(db, read_only=read_only)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default="dragoman.duckdb", show_default=True, help=DB_HELP)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1), help="Worker processes.")
@click.option("--glob", "glob", default=None, help="Folder file patterns, comma-separated "
              "[default: *.txt,*.text,*.md,*.html,*.htm,*.jsonl].")
@click.option("--published", callback=_iso_date, help="Publication date for inputs that lack one.")
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
@click.option("--model", default=None, help="spaCy pipeline name or path.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base YAML file (repeatable).")
@click.option("--strict", is_flag=True, help="Stop at the first failed input.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(sources: tuple[str, ...], db: str, workers: int, glob: str | None,
           published: date | None, batch_size: int, executor: str, scheduler: str | None,
           no_cascade: bool, extractor: str, model: str | None, kb_files: tuple[str, ...],
           strict: bool, quiet: bool) -> None:
    """Extract events from SOURCES (files, folders, .jsonl, URLs, feeds) into the database."""
    from ..ingest.driver import IngestInterrupted
    from ..ingest.driver import ingest as run_ingest
    from ..pipeline import EventExtractor
    from ..registry import get
    from ..store.queries import summary

    if scheduler and executor != "dask":
        raise ConfigError("--scheduler joins a Dask cluster: add --executor dask")
    options = {"address": scheduler} if scheduler else {}
    pool = get("executors", f"{executor}.v1")(workers=workers, **options)
    stage = EventExtractor(model=model, extractor=extractor, kb_paths=tuple(kb_files),
                           cascade=not no_cascade)
    with _open_store(db) as store, IngestProgressView(quiet) as view:
        try:
            report = run_ingest(store, list(sources), extractor=stage, executor=pool, glob=glob,
                                published=published, batch_size=batch_size, strict=strict,
                                on_progress=view.update, on_failure=view.wrap(echo_failure),
                                command="ingest " + " ".join(sources))
        except IngestInterrupted as stop:
            view.stop()
            echo_interrupted(stop.report, db)
            sys.exit(130)
        view.stop()
        echo_summary(summary(store.con), report)
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
@click.argument("kind", type=click.Choice(["gdelt", "icews"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default="dragoman.duckdb", show_default=True, help=DB_HELP)
def import_(kind: str, file: str, db: str) -> None:
    """Import a GDELT 1.0/2.0 event export or an ICEWS event file (CAMEO -> PLOVER)."""
    from ..ingest.imports import import_file
    from ..store.queries import summary

    with _open_store(db) as store:
        report = import_file(store, kind, file)
        click.echo(f"{file}: {report.imported} events imported ({report.origins}), "
                   f"{report.duplicates} already stored, {report.unmapped} without a PLOVER type, "
                   f"{len(report.failures)} bad rows")
        for where, reason in report.failures[:20]:
            click.echo(f"{where}: {reason}", err=True)
        echo_summary(summary(store.con))
    if report.failures:
        sys.exit(1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Output file [default: stdout].")
@click.option("--actor", help="Only events with this actor (code, name or KB id) on either side.")
@click.option("--type", "event_type", help="Only this PLOVER type.")
@click.option("--since", callback=_iso_date, help="Only events on or after YYYY-MM-DD.")
@click.option("--until", callback=_iso_date, help="Only events on or before YYYY-MM-DD.")
@click.option("--status", type=click.Choice(["occurred", "planned", "hypothetical", "negated"]))
@click.option("--db", default="dragoman.duckdb", show_default=True, help="DuckDB database file.")
def export(fmt: str, out: str | None, actor: str | None, event_type: str | None,
           since: date | None, until: date | None, status: str | None, db: str) -> None:
    """Export stored events as JSONL, CSV (one row per dyad), Parquet, or a GraphML actor network."""
    from ..store.export import export_events
    from ..store.queries import EventFilter

    if out is None and fmt == "parquet":
        raise ConfigError("--format parquet writes a binary file: give --out FILE")
    event_filter = EventFilter(actor=actor, type=event_type, since=since, until=until,
                               status=status)
    target: Any = out or (sys.stdout.buffer if fmt == "graphml" else sys.stdout)
    with _open_store(db, read_only=True) as store:
        n = export_events(store.con, fmt, target, event_filter)
    if out:
        click.echo(f"{n} events written to {out}", err=True)


@click.command()
@click.option("--db", default="dragoman.duckdb", show_default=True, help="DuckDB database file.")
def summary(db: str) -> None:
    """Print what a database holds: articles, events, clusters, failures, top actors."""
    from ..store.queries import summary as corpus_summary

    with _open_store(db, read_only=True) as store:
        echo_summary(corpus_summary(store.con))


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


def echo_summary(s: Any, report: Any = None) -> None:
    """Print a corpus summary (and what this run did, when there was a run)."""
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
        click.echo("top actors: " + ", ".join(f"{who} ({n})" for who, n in s.top_actors))
    for c in s.top_clusters:
        if c["n_outlets"] < 2:
            break
        when = c["date_start"].isoformat() if c["date_start"] else "undated"
        click.echo(f"  {c['type']} {c['source_actor'] or '?'}-{c['target_actor'] or '?'} {when}"
                   f"{' ' + c['place_name'] if c['place_name'] else ''}: {c['n_reports']} reports, "
                   f"{c['n_outlets']} outlets")


def register(main: click.Group) -> None:
    """Add the corpus commands to the ``dragoman`` group."""
    for command in (ingest, import_, export, summary):
        main.add_command(command)
