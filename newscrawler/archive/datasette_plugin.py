"""newscrawler's Datasette plugin: Arabic-aware search, snippets and facets on its archives.

Installed with newscrawler (the ``datasette`` entry point in pyproject.toml), so a plain
``datasette news.db`` loads it; ``newscrawler serve`` uses the same plugin. It acts only on
databases that are newscrawler archives (recognised by their ``_migrations`` table): there it
replaces Datasette's ``escape_fts`` (what the table search box calls on the user's text) with
newscrawler's query builder, adds ``nc_match``/``nc_snippet`` for the ranked ``search`` query,
and configures full-text search, facets and labels (``archive/serve.py``). Any other database
in the same Datasette keeps Datasette's own functions and settings.
"""

from __future__ import annotations

import sqlite3
from weakref import WeakKeyDictionary

from datasette import hookimpl

from newscrawler.archive.serve import archive_metadata, register_sql_functions

# The names of the databases of each Datasette that are newscrawler archives.
_ARCHIVES: WeakKeyDictionary = WeakKeyDictionary()


def is_archive(conn: sqlite3.Connection) -> bool:
    """Whether the database is a newscrawler archive: its first migration is recorded and its
    full-text index exists."""
    try:
        return conn.execute(
            "SELECT 1 FROM _migrations WHERE name = '001_initial' AND EXISTS "
            "(SELECT 1 FROM sqlite_master WHERE name = 'articles_fts')"
        ).fetchone() is not None
    except sqlite3.Error:
        return False


def _remember(datasette, database: str) -> None:
    _ARCHIVES.setdefault(datasette, set()).add(database)


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so that ours replaces it
def prepare_connection(conn, database, datasette):
    if is_archive(conn):
        register_sql_functions(conn)
        _remember(datasette, database)


@hookimpl
def startup(datasette):
    async def find_archives():
        for name, db in datasette.databases.items():
            if await db.execute_fn(is_archive):
                _remember(datasette, name)

    return find_archives


@hookimpl(optionalhook=True)  # gone in Datasette 1.0: the plugin still loads there
def get_metadata(datasette, key, database, table):
    names = _ARCHIVES.get(datasette)
    if not names:
        return {}
    return {"databases": {name: archive_metadata() for name in names}}
