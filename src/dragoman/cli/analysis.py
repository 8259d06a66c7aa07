"""`dragoman standing`, `network` and `report`: translate options, call the Corpus API, print."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..analysis.indices import Unit
from ..analysis.standing import MIN_REPORTS, ActorStanding, Standing
from ..analysis.timeline import per_article
from . import DAY

DB_OPTION = click.option("--db", default="dragoman.duckdb", show_default=True,
                         type=click.Path(dir_okay=False), help="DuckDB file to read.")
SINCE = click.option("--since", type=DAY, help="First day (YYYY-MM-DD).")
UNTIL = click.option("--until", type=DAY, help="Last day (YYYY-MM-DD).")


def _open(db: str):
    """The corpus, read-only: analysis never writes."""
    from ..api import open as open_corpus

    return open_corpus(db, read_only=True)


def _console() -> Console:
    """A console as wide as the terminal (80 columns when piped); tables wrap to fit."""
    return Console(highlight=False)


@click.command()
@click.argument("actor")
@SINCE
@UNTIL
@click.option("--pivot", type=DAY, help="Compare rates before and after this day.")
@click.option("--vs", "rival", multiple=True, help="A rival actor (repeat for a group).")
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--per-article", is_flag=True, help="Also divide by articles reporting the actor.")
@click.option("--min-reports", type=click.IntRange(1), default=MIN_REPORTS, show_default=True,
              help="Reports of an actor in the window a verdict needs.")
@DB_OPTION
def standing(actor: str, since: date | None, until: date | None, pivot: date | None,
             rival: tuple[str, ...], period: str, per_article: bool, min_reports: int,
             db: str) -> None:
    """Engagement, setbacks and rival standing of ACTOR, with a verdict and its evidence."""
    with _open(db) as corpus:
        result = corpus.standing(actor, since, until, pivot, list(rival) or None, period,
                                 per_article, min_reports)
    console = _console()
    console.print(f"Window: {result.window.describe(result.actor.actor.label)}", soft_wrap=True)
    for table in _timeline_tables(result):
        console.print(table)
    console.print("\n[bold]Verdict[/bold]")
    for line in result.verdict:
        console.print(f"- {line}", soft_wrap=True, markup=False)
    console.print("\n[bold]Evidence[/bold]")
    for group in result.evidence:
        console.print(f"\n[bold]{group.ref}[/bold] {group.label} ({len(group.units)})")
        for unit in group.units:
            console.print(_unit_text(unit, result), soft_wrap=True, markup=False)


def _timeline_tables(result: Standing) -> list[Table]:
    """One table per actor, one row per period: events, index, counterparts, planned."""
    sides = [result.actor] + ([result.rival] if result.rival else [])
    return [_timeline_table(side, result.period, result.per_article) for side in sides]


def _timeline_table(side: ActorStanding, period: str, with_ratio: bool) -> Table:
    """The per-period engagement of one actor."""
    table = Table(title=f"{side.actor.label}: engagement per {period}", title_justify="left")
    headers = ["events", "index", "states", "orgs", "planned (index)", "articles"]
    table.add_column(period, no_wrap=True)
    for header in headers + (["index per article"] if with_ratio else []):
        table.add_column(header, justify="right")
    for p in side.timeline:
        n_articles = side.articles.get(p.period, 0)
        cells = [str(p.n_units), str(p.weighted), str(p.n_states), str(p.n_organisations),
                 f"{p.n_planned} ({p.planned_weighted})", str(n_articles)]
        if with_ratio:
            ratio = per_article({p.period: p.weighted}, side.articles)[p.period]
            cells.append("-" if ratio is None else f"{ratio:.2f}")
        table.add_row(p.period, *cells)
    return table


def _unit_text(unit: Unit, result: Standing) -> str:
    """One merged event and its report sentences, each sentence once with all its sources."""
    from ..report.html import distinct_sentences

    when = unit.start.isoformat() if unit.start else "undated"
    if unit.end and unit.start and unit.end != unit.start:
        when += f"..{unit.end.isoformat()}"
    place = f" in {unit.place}" if unit.place else ""
    lines = [f"  - {when} {unit.type} {unit.status} with {result.counterpart(unit)}, "
             f"rank {unit.rank}{place}"]
    for rows in distinct_sentences(unit):
        sources = "; ".join(dict.fromkeys(
            f"{row.outlet or 'unknown outlet'}, "
            f"{row.published.isoformat() if row.published else 'undated'}, doc {row.doc_id}"
            for row in rows))
        lines.append(f"      \"{rows[0].evidence}\" ({sources})")
    return "\n".join(lines)


@click.command()
@click.option("--actor", multiple=True,
              help="Only this actor, its counterparts and the ties among them (repeatable).")
@SINCE
@UNTIL
@click.option("--format", "fmt", type=click.Choice(["table", "graphml"]), default="table",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="File for the GraphML output.")
@DB_OPTION
def network(actor: tuple[str, ...], since: date | None, until: date | None, fmt: str,
            out: str | None, db: str) -> None:
    """Who meets whom: ties, brokers, hosts and communities."""
    from ..analysis import network as net

    if fmt == "graphml" and not out:
        raise click.UsageError("--format graphml needs --out FILE")
    with _open(db) as corpus:
        found = corpus.network(list(actor) or None, since, until)
    if fmt == "graphml":
        net.write_graphml(found.graph, Path(out))  # type: ignore[arg-type]
        click.echo(f"Wrote {found.graph.number_of_nodes()} actors and "
                   f"{found.graph.number_of_edges()} ties to {out}")
        return
    _print_network(found)


def _print_network(found) -> None:
    """Ties, brokers, hosts and communities as rich tables, actors by display name."""
    console, label, graph = _console(), found.label, found.graph
    ties = Table(title="Ties (merged occurred events; both ways for CONSULT/COOPERATE/AGREE)")
    for header in ("from", "to", "events", "rank-weighted", "types"):
        ties.add_column(header)
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    for u, v, data in edges:
        ties.add_row(label(u), label(v), str(data["weight"]), str(data["rank_weight"]),
                     data["types"])
    console.print(ties if edges else "No ties recorded in this window.")
    console.print("\n[bold]Brokers (betweenness)[/bold]: " + (
        ", ".join(f"{label(n)} {s:.2f}" for n, s in found.brokers) if found.brokers else "none"))
    console.print("[bold]Meeting places[/bold]: " + (
        ", ".join(f"{p.place} {len(p.meetings)}" for p in found.places)
        if found.places else "none"))
    console.print("[bold]Host states[/bold]: " + (
        ", ".join(f"{label(s)} {n}" for s, n in found.host_states)
        if found.host_states else "none"))
    console.print("[bold]Communities[/bold]: " + (
        " | ".join(", ".join(label(n) for n in c) for c in found.communities)
        if found.communities else "none"))


@click.command()
@click.option("--actor", multiple=True,
              help="The actor the report is about, repeatable (default: the most engaged one).")
@click.option("--vs", "rival", multiple=True, help="A rival actor to compare with (repeatable).")
@SINCE
@UNTIL
@click.option("--pivot", type=DAY, help="A day to compare around.")
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@DB_OPTION
def report(actor: tuple[str, ...], rival: tuple[str, ...], since: date | None,
           until: date | None, pivot: date | None, period: str, out: str, db: str) -> None:
    """One self-contained HTML report: timeline, rival, network, map and evidence."""
    with _open(db) as corpus:
        path = corpus.report(out, list(actor) or None, list(rival) or None, since, until,
                             pivot, period)
    click.echo(f"Wrote {path}")


def register(main: click.Group) -> None:
    """Add the analysis commands to the main group."""
    for command in (standing, network, report):
        main.add_command(command)
