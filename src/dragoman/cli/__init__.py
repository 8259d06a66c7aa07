"""The ``dragoman`` command line: one module per group of verbs; each only translates to the library."""
from __future__ import annotations

import sys
from datetime import date

import click

from ..errors import DragomanError


class IsoDay(click.ParamType):
    """A YYYY-MM-DD option: a date that is not a real day is a usage error, never dropped."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a real YYYY-MM-DD day", param, ctx)


DAY = IsoDay()


class DragomanGroup(click.Group):
    """A click group that turns DragomanError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DragomanError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=DragomanGroup)
@click.version_option(package_name="dragoman")
def main() -> None:
    """Dragoman: evidence-linked political event data from news."""


def _register() -> None:
    import importlib

    for name in ("extract", "kb", "corpus", "analysis", "plugins", "serve"):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.register(main)


_register()
