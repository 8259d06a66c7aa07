"""`dragoman extract` and `dragoman evaluate`: run extraction on files and print or score events."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..errors import DragomanError, InputError
from ..types import Article
from . import DAY

def _read_inputs(paths: tuple[str, ...], published: date | None) -> tuple[list[Article], list[str]]:
    """Articles through the registered readers; a bad input is a one-line error, not a stop."""
    from ..api import read
    from ..ingest.readers import article_from_bytes

    articles, errors = [], []
    for p in paths:
        try:
            if p == "-":
                raw = sys.stdin.buffer.read()
                articles.append(article_from_bytes(raw, "stdin", "<stdin>", published=published))
            else:
                articles.append(read(Path(p), published=published))
        except InputError as exc:
            errors.append(str(exc))
    return articles, errors


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", type=DAY, help="Publication date (YYYY-MM-DD) for relative dates.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default=None,
              help="Output format; a table on a terminal, JSON Lines otherwise.")
@click.option("--kb", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base YAML file (repeatable).")
@click.option("--model", default=None, help="spaCy pipeline package to use.")
def extract(paths, published, fmt, kb, model):
    """Extract PLOVER events from article files (.txt, .html; '-' for standard input)."""
    from ..api import extract_all

    articles, errors = _read_inputs(paths, published)
    for message in errors:
        click.echo(f"error: {message}", err=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    first = True
    for result in extract_all(articles, kb, model=model):
        if result.failed:
            click.echo(f"error: {result.article.origin or result.article.doc_id}: {result.message}",
                       err=True)
            errors.append(result.message or "")
            continue
        _print_events(list(result.events), fmt, result.article.doc_id, first)
        first = False
    if errors:
        click.echo(f"{len(errors)} of {len(paths)} input(s) failed", err=True)
        sys.exit(1)


def _print_events(events: list, fmt: str, title: str, header: bool) -> None:
    """JSON Lines and CSV through the registered exporters (the shapes export writes), or a table."""
    if fmt == "table":
        from rich.console import Console

        from ..output import to_table

        console = Console()
        console.print(to_table(events, title=title, width=console.width))
        return
    from ..store.export import exporter

    options = {"header": header} if fmt == "csv" else {}
    out = sys.stdout
    exporter(fmt)(events, out, **options)
    out.flush()


@click.command()
@click.option("--gold", "gold", required=True, type=click.Path(exists=True),
              help="Gold annotations: a .json file or a folder of them.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--kb", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default=None)
@click.option("--show-errors", is_flag=True, help="List missed gold events and false positives.")
def evaluate(gold, paths, kb, model, show_errors):
    """Score extraction on annotated articles: precision, recall, F1 (loose, strict), by type."""
    from ..api import extract_all
    from ..evaluate import evaluate_articles, format_report, load_gold, unmatched_articles

    golds = load_gold(Path(gold))
    articles, errors = _read_inputs(paths, None)
    for message in errors:
        click.echo(f"error: {message}", err=True)
    for article in unmatched_articles(golds, articles):
        click.echo(f"warning: no gold document has doc_id {article.doc_id!r} (from "
                   f"{article.origin}): it is not scored", err=True)
    given = {a.doc_id for a in articles}
    skipped = sorted(set(golds) - given)
    if skipped:
        click.echo(f"note: {len(skipped)} gold document(s) with no article given are not scored: "
                   f"{', '.join(skipped)}", err=True)
    dated = [_with_gold_date(a, golds.get(a.doc_id)) for a in articles]
    preds = [e.to_dict() for result in extract_all(dated, kb, model=model)
             for e in result.events]
    report = evaluate_articles({k: v for k, v in golds.items() if k in given}, preds)
    click.echo(format_report(report, show_errors=show_errors))


def _with_gold_date(article: Article, gold: dict | None) -> Article:
    """The article, dated by its gold document when it carries no date of its own."""
    pub = article.published or _gold_date(gold)
    return Article(**{**_asdict(article), "published": pub}) if pub else article


def _gold_date(gold) -> date | None:
    if gold and gold.get("published"):
        return date.fromisoformat(gold["published"])
    return None


def _asdict(article: Article) -> dict:
    return {f: getattr(article, f) for f in article.__dataclass_fields__}


def register(main: click.Group) -> None:
    """Add the commands to the main group."""
    main.add_command(extract)
    main.add_command(evaluate)


__all__ = ["register", "DragomanError"]
