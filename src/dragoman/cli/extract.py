"""`dragoman extract` and `dragoman evaluate`: run extraction on files and print or score events."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..errors import DragomanError, InputError
from ..types import Article

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _read_inputs(paths: tuple[str, ...], published: date | None) -> tuple[list[Article], list[str]]:
    from ..ingest.readers import article_from_bytes, read_path

    articles, errors = [], []
    for p in paths:
        try:
            if p == "-":
                raw = sys.stdin.buffer.read()
                articles.append(article_from_bytes(raw, "stdin", "<stdin>", published=published))
            else:
                articles.append(read_path(p, published=published))
        except InputError as exc:
            errors.append(str(exc))
    return articles, errors


def _extractor(model: str | None, kb: tuple[str, ...]):
    from ..pipeline import EventExtractor

    stage = EventExtractor(model=model, kb_paths=kb)
    stage.setup()
    return stage


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD) for relative dates.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default=None,
              help="Output format; a table on a terminal, JSON Lines otherwise.")
@click.option("--kb", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base YAML file (repeatable).")
@click.option("--model", default=None, help="spaCy pipeline package to use.")
def extract(paths, published, fmt, kb, model):
    """Extract PLOVER events from article files (.txt, .html; '-' for standard input)."""
    from ..output import to_csv, to_jsonl, to_table

    pub = published.date() if published else None
    articles, errors = _read_inputs(paths, pub)
    for message in errors:
        click.echo(f"error: {message}", err=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    stage = _extractor(model, kb) if articles else None
    first = True
    for result in (stage(articles) if stage else []):
        if result.failed:
            click.echo(f"error: {result.article.origin or result.article.doc_id}: {result.message}",
                       err=True)
            errors.append(result.message or "")
            continue
        if fmt == "jsonl":
            click.echo(to_jsonl(result.events), nl=False)
        elif fmt == "csv":
            click.echo(to_csv(result.events, header=first), nl=False)
            first = False
        else:
            from rich.console import Console

            Console().print(to_table(list(result.events), title=result.article.doc_id))
    if errors:
        click.echo(f"{len(errors)} of {len(paths)} input(s) failed", err=True)
        sys.exit(1)


@click.command()
@click.option("--gold", "gold", required=True, type=click.Path(exists=True),
              help="Gold annotations: a .json file or a folder of them.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--kb", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default=None)
@click.option("--show-errors", is_flag=True, help="List missed gold events and false positives.")
def evaluate(gold, paths, kb, model, show_errors):
    """Score extraction on annotated articles: precision, recall, F1 (loose, strict), by type."""
    from ..evaluate import evaluate_articles, format_report, load_gold

    golds = load_gold(Path(gold))
    articles, errors = _read_inputs(paths, None)
    for message in errors:
        click.echo(f"error: {message}", err=True)
    stage = _extractor(model, kb)
    preds = []
    for article in articles:
        pub = article.published or _gold_date(golds.get(article.doc_id))
        if pub and article.published is None:
            article = Article(**{**_asdict(article), "published": pub})
        for result in stage([article]):
            preds += [e.to_record() for e in result.events]
    report = evaluate_articles(golds, preds)
    click.echo(format_report(report, show_errors=show_errors))


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
