"""`dragoman serve`: the dashboard and JSON API over a database, on loopback unless told otherwise."""
from __future__ import annotations

import click

TOKEN_HELP = ("Access token every request must carry (required with a non-loopback --host; "
              "at least 16 characters). Also read from DRAGOMAN_TOKEN.")


@click.command()
@click.option("--db", default="dragoman.duckdb", show_default=True,
              type=click.Path(dir_okay=False), help="DuckDB file to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--watch", type=click.Path(file_okay=False, exists=True),
              help="Ingest the files that appear in this folder while serving.")
@click.option("--glob", "watch_glob", default=None,
              help="File patterns for --watch [default: *.txt,*.text,*.md,*.html,*.htm,*.jsonl].")
@click.option("--token", envvar="DRAGOMAN_TOKEN", show_envvar=True, help=TOKEN_HELP)
def serve(db: str, host: str, port: int, watch: str | None, watch_glob: str | None,
          token: str | None) -> None:
    """Serve the dashboard and the JSON API (/api/v1) over the database."""
    import uvicorn

    from ..web.app import check_bind, create_app, local_hosts

    check_bind(host, token)
    # without a token the server is loopback-only, and then it answers only to loopback's names
    app = create_app(db, token=token, watch=watch, watch_glob=watch_glob,
                     allowed_hosts=None if token else local_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {db} at http://{shown}:{port}/ (Ctrl+C to stop)"
               + (f"; watching {watch}" if watch else "")
               + ("; open it once with ?token=YOUR_TOKEN" if token else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                limit_concurrency=64, timeout_keep_alive=5, h11_max_incomplete_event_size=16384)


def register(main: click.Group) -> None:
    """Add `serve` to the main group."""
    main.add_command(serve)
