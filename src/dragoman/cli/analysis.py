"""`dragoman standing`, `network` and `report`: translate options, call the analysis, print."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..analysis import network as net
from ..analysis.data import load_corpus, resolve_actor, select_events
from ..analysis.indices import Unit
from ..analysis.standing import ActorStanding, Standing, compute_standing
from ..analysis.timeline import per_article

DB_OPTION = click.option("--db", default="dragoman.duckdb", show_default=True,
                         type=click.Path(dir_okay=False), help="DuckDB file to read.")
SINCE = click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
UNTIL = click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD).")


def _day(value: datetime | None) -> date | None:
    """click gives datetimes; the analysis works in days."""
    return value.date() if value else None


def _console() -> Console:
    """A console wide enough for the tables even when output is piped."""
    return Console(width=140, highlight=False, soft_wrap=False)


@click.command()
@click.argument("actor")
@SINCE
@UNTIL
@click.option("--pivot", type=click.DateTime(["%Y-%m-%d"]),
              help="Compare rates before and after this day.")
@click.option("--vs", "rival", help="A rival actor to compare with.")
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--per-article", is_flag=True, help="Also divide by articles reporting the actor.")
@DB_OPTION
def standing(actor: str, since: datetime | None, until: datetime | None, pivot: datetime | None,
             rival: str | None, period: str, per_article: bool, db: str) -> None:
    """Engagement, setbacks and rival standing of ACTOR, with a verdict and its evidence."""
    result = compute_standing(load_corpus(db), actor, _day(since), _day(until), _day(pivot),
                              rival, period, per_article)  # type: ignore[arg-type]
    console = _console()
    for table in _timeline_tables(result):
        console.print(table)
    console.print("\n[bold]Verdict[/bold]")
    for line in result.verdict:
        console.print(f"- {line}", soft_wrap=True)
    console.print("\n[bold]Evidence[/bold]")
    for group in result.evidence:
        console.print(f"\n[bold]{group.ref}[/bold] {group.label} ({len(group.units)})")
        for unit in group.units:
            console.print(_unit_text(unit), soft_wrap=True)


def _timeline_tables(result: Standing) -> list[Table]:
    """One table per actor, one row per period: events, index, counterparts, planned."""
    sides = [result.actor] + ([result.rival] if result.rival else [])
    return [_timeline_table(side, result.period, result.per_article) for side in sides]


def _timeline_table(side: ActorStanding, period: str, with_ratio: bool) -> Table:
    """The per-period engagement of one actor."""
    table = Table(title=f"{side.actor.label}: engagement per {period}", title_justify="left")
    headers = ["events", "index", "states", "orgs", "planned (index)", "articles"]
    table.add_column(period)
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


def _unit_text(unit: Unit) -> str:
    """One merged event and the report sentences behind it."""
    when = unit.start.isoformat() if unit.start else "undated"
    if unit.end and unit.start and unit.end != unit.start:
        when += f"..{unit.end.isoformat()}"
    who = unit.counterpart or "unnamed"
    if unit.counterpart_name and unit.counterpart_name != unit.counterpart:
        who += f" ({unit.counterpart_name})"
    place = f" in {unit.place}" if unit.place else ""
    lines = [f"  - {when} {unit.type} {unit.status} with {who}, rank {unit.rank}{place}"]
    for row in unit.events:
        published = row.published.isoformat() if row.published else "undated"
        lines.append(f"      \"{row.evidence}\" ({row.outlet or 'unknown outlet'}, {published}, "
                     f"doc {row.doc_id})")
    return "\n".join(lines)


@click.command()
@click.option("--actor", help="Only this actor, its counterparts and the ties among them.")
@SINCE
@UNTIL
@click.option("--format", "fmt", type=click.Choice(["table", "graphml"]), default="table",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="File for the GraphML output.")
@DB_OPTION
def network(actor: str | None, since: datetime | None, until: datetime | None, fmt: str,
            out: str | None, db: str) -> None:
    """Who meets whom: ties, brokers, hosts and communities."""
    corpus = load_corpus(db)
    events = select_events(corpus.events, _day(since), _day(until))
    items = net.interactions(events)
    graph = net.meeting_graph(items)
    if actor:
        spec = resolve_actor(actor, corpus.actor_names)
        node = next((n for n in graph.nodes if spec.matches(n, n)), spec.label)
        graph = net.ego(graph, node)
        items = net.interactions(events, actor=spec)
    if fmt == "graphml":
        if not out:
            raise click.UsageError("--format graphml needs --out FILE")
        net.write_graphml(graph, Path(out))
        click.echo(f"Wrote {graph.number_of_nodes()} actors and {graph.number_of_edges()} ties "
                   f"to {out}")
        return
    _print_network(graph, items)


def _print_network(graph, items: list[net.Interaction]) -> None:
    """Ties, brokers, hosts and communities as rich tables."""
    console = _console()
    ties = Table(title="Ties (merged occurred events; both ways for CONSULT/COOPERATE/AGREE)")
    for header in ("from", "to", "events", "rank-weighted", "types"):
        ties.add_column(header)
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    for u, v, data in edges:
        ties.add_row(u, v, str(data["weight"]), str(data["rank_weight"]), data["types"])
    console.print(ties if edges else "No ties recorded in this window.")
    brokers = net.brokers(graph)
    console.print("\n[bold]Brokers (betweenness)[/bold]: " + (
        ", ".join(f"{n} {s:.2f}" for n, s in brokers) if brokers else "none"))
    places, states = net.hosts(items)
    console.print("[bold]Meeting places[/bold]: " + (
        ", ".join(f"{p.place} {len(p.meetings)}" for p in places) if places else "none"))
    console.print("[bold]Host states[/bold]: " + (
        ", ".join(f"{s} {n}" for s, n in states.most_common()) if states else "none"))
    found = net.communities(graph)
    console.print("[bold]Communities[/bold]: " + (
        " | ".join(", ".join(c) for c in found) if found else "none"))


@click.command()
@click.option("--actor", help="The actor the report is about (default: the most engaged one).")
@click.option("--vs", "rival", help="A rival actor to compare with.")
@SINCE
@UNTIL
@click.option("--pivot", type=click.DateTime(["%Y-%m-%d"]), help="A day to compare around.")
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@DB_OPTION
def report(actor: str | None, rival: str | None, since: datetime | None,
           until: datetime | None, pivot: datetime | None, period: str, out: str,
           db: str) -> None:
    """One self-contained HTML report: timeline, rival, network, map and evidence."""
    from ..report.html import write_report  # plotly is heavy; load it only for this command

    path = write_report(load_corpus(db), Path(out), actor=actor, vs=rival, since=_day(since),
                        until=_day(until), pivot=_day(pivot), period=period)  # type: ignore[arg-type]
    click.echo(f"Wrote {path}")


def register(main: click.Group) -> None:
    """Add the analysis commands to the main group."""
    for command in (standing, network, report):
        main.add_command(command)
