"""The Datasette plugin ``newscrawler serve`` registers in-process (see ``archive/serve.py``)."""

from __future__ import annotations

from datasette import hookimpl

from newscrawler.archive.serve import register_sql_functions


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so that ours replaces it
def prepare_connection(conn):
    register_sql_functions(conn)
