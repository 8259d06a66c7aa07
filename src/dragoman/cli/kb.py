"""`dragoman kb`: check, show, stats and import-cameo; each only calls dragoman.kb."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
import yaml

from ..errors import ConfigError


def _parse_day(value: str | None) -> date | None:
    """--on YYYY-MM-DD as a date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--on: invalid date {value!r} (expected YYYY-MM-DD)") from None


def kb_check(files: tuple[str, ...]) -> None:
    """Validate KB files (all shipped data when none is given); print each error, exit 1 on any."""
    from ..kb import check_files
    from ..kb.checks import imprecise_tenures
    from ..kb.loader import lexicon_files, load_data, shipped_files

    paths = list(files) or [*shipped_files(), *lexicon_files()]
    errors = check_files(paths)
    for line in errors:
        click.echo(line, err=True)
    if errors:
        click.echo(f"{len(errors)} problem(s) in {len(paths)} file(s)", err=True)
        sys.exit(1)
    note = ""
    if not files:
        rough = imprecise_tenures(load_data().people.values())
        note = (f" ({rough} tenures of single-holder offices are dated only to the month or "
                "year: overlaps are checked to the day where the day is given)")
    click.echo(f"{len(paths)} file(s) OK{note}")


def kb_show(name: str, on: str | None, extra: tuple[str, ...]) -> None:
    """Print what NAME resolves to on the date, and why."""
    from rich.console import Console

    from ..kb import load_kb

    Console().print(load_kb(extra).explain(name, _parse_day(on)), highlight=True, markup=False)


def kb_stats(extra: tuple[str, ...]) -> None:
    """Print the number of KB entries by kind."""
    from rich.console import Console
    from rich.table import Table

    from ..kb import load_kb

    table = Table("kind", "entries")
    for kind, count in load_kb(extra).stats().items():
        table.add_row(kind, str(count))
    Console().print(table)


def kb_import_cameo(file: str, out: str | None) -> None:
    """Convert a CAMEO/PETRARCH .actors dictionary to our YAML (stdout or --out)."""
    from ..kb.cameo import import_cameo
    from ..kb.loader import pycountry_states

    data = import_cameo(file, set(pycountry_states()))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if out is None:
        click.echo(text, nl=False)
        return
    Path(out).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(data['people'])} people and {len(data['organisations'])} "
               f"organisations to {out}", err=True)


def register(main: click.Group) -> None:
    """Add the `kb` group to the main command."""

    @main.group("kb")
    def kb() -> None:
        """Inspect, validate and extend the actor knowledge base."""

    @kb.command("check")
    @click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
    def check(files: tuple[str, ...]) -> None:
        """Validate KB FILES, or all shipped data (KB, offices, equivalences, trigger lexicon,
        cues) when none is given: schema, overlapping office-holders, state codes, ids."""
        kb_check(files)

    @kb.command("show")
    @click.argument("name")
    @click.option("--on", "on", metavar="YYYY-MM-DD", help="Resolve as of this date.")
    @click.option("--kb", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="Extra KB file (repeatable).")
    def show(name: str, on: str | None, extra: tuple[str, ...]) -> None:
        """Show what NAME resolves to and why."""
        kb_show(name, on, extra)

    @kb.command("stats")
    @click.option("--kb", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="Extra KB file (repeatable).")
    def stats(extra: tuple[str, ...]) -> None:
        """Count KB entries by kind."""
        kb_stats(extra)

    @kb.command("import-cameo")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--out", type=click.Path(dir_okay=False), help="Write YAML here (default stdout).")
    def import_cameo_cmd(file: str, out: str | None) -> None:
        """Convert a CAMEO/PETRARCH .actors dictionary to KB YAML."""
        kb_import_cameo(file, out)
