"""`newscrawler serve`: browse and search the archive in Datasette."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from newscrawler.cli.base import cli, db_option, open_db


@cli.command()
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(db_path, host, port):
    """Browse the archive in Datasette: Arabic-aware search, facets by site, section, month
    and author.

    Open the printed address; the "articles_browse" view has the facets, the "search" query
    ranked results with snippets.

    \b
    Example:
      newscrawler serve --db output/demo.db
      newscrawler serve --port 8080
    """
    try:
        from datasette.cli import cli as datasette_cli
        from datasette.plugins import pm
    except ImportError:
        raise click.ClickException(
            "Datasette is not installed: pip install datasette (or reinstall newscrawler)"
        ) from None
    from newscrawler.archive import datasette_plugin
    from newscrawler.archive.serve import serve_metadata

    open_db(db_path).close()  # a clear error for a missing, foreign or outdated archive
    if not pm.is_registered(datasette_plugin):  # installed without its entry point (a checkout)
        pm.register(datasette_plugin, name="newscrawler")
    with tempfile.TemporaryDirectory(prefix="newscrawler-serve-") as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(serve_metadata(), ensure_ascii=False),
                            encoding="utf-8")
        click.echo(f"Serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        datasette_cli.main(
            ["serve", str(db_path), "--metadata", str(metadata), "--host", host,
             "--port", str(port), "--setting", "default_page_size", "25"],
            prog_name="newscrawler serve", standalone_mode=True,
        )
