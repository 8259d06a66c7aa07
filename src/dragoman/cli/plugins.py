"""`dragoman plugins`: list every registered reader, extractor, exporter, importer and executor."""
from __future__ import annotations

import click


@click.command()
def plugins() -> None:
    """List the registered pipeline parts (built-ins and installed plugins) by registry."""
    from ..registry import catalogue_listing

    for registry, names in catalogue_listing().items():
        click.echo(f"{registry}: {', '.join(names) if names else '(none)'}")


def register(main: click.Group) -> None:
    """Add the command to the main group."""
    main.add_command(plugins)
