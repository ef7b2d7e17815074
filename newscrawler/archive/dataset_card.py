"""A README.md for an exported dataset, in the form the Hugging Face datasets library reads.

YAML front matter first: ``configs`` (the export as the ``train`` split, so
``load_dataset(folder)`` finds it), ``dataset_info`` (the features with their types, the same
ones the library derives from the file, and the count, which the loader checks), ``language``
and ``license: other``. Then, for people: the sites with their counts and date ranges, the
fields with their types and meaning, how to load it, and a licence note left to the user: the
articles belong to their publishers, and only the user knows on what terms they may share them.

The card sits beside the export. A README.md there that newscrawler did not write is never
replaced (``check_card``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from newscrawler.archive.db import Archive
from newscrawler.archive.export import FIELD_TABLE, ExportError
from newscrawler.archive.filters import ArticleFilter, register_functions

CARD_NAME = "README.md"
MARK = "# Written by `newscrawler export --dataset-card`"
_AUTHOR = [{"name": "name", "dtype": "string"}, {"name": "kind", "dtype": "string"}]
_TIMESTAMP = "timestamp[us, tz=UTC]"
# Feature of each kind of field, by format (the library's YAML form): what ``load_dataset`` gives.
# Its JSON reader turns ISO dates into UTC timestamps whatever they are declared as (a string
# declared would be the UTC time without its zone); CSV is all text.
_FEATURES = {
    "parquet": {"text": {"dtype": "string"}, "integer": {"dtype": "int64"}, "boolean": {"dtype": "bool"},
                "time": {"dtype": _TIMESTAMP}, "utc": {"dtype": _TIMESTAMP},
                "strings": {"list": "string"}, "authors": {"list": _AUTHOR}},
    "jsonl": {"text": {"dtype": "string"}, "integer": {"dtype": "int64"}, "boolean": {"dtype": "bool"},
              "time": {"dtype": _TIMESTAMP}, "utc": {"dtype": _TIMESTAMP},
              "strings": {"list": "string"}, "authors": {"list": _AUTHOR}},
    "csv": {"text": {"dtype": "string"}, "integer": {"dtype": "int64"}, "boolean": {"dtype": "string"},
            "time": {"dtype": "string"}, "utc": {"dtype": "string"},
            "strings": {"dtype": "string"}, "authors": {"dtype": "string"}},
}
_TYPE_NOTES = {
    "parquet": "`published` and `modified` are UTC timestamps, each followed by `<name>_offset`: "
               "the page's offset in minutes east of UTC (local time = timestamp + offset). "
               "`first_seen` and `crawled_at` are UTC timestamps.",
    "jsonl": "Dates are ISO 8601 strings with the page's offset in the file "
             "(`2024-05-01T10:30:00+01:00`); the datasets library reads them as UTC timestamps.",
    "csv": "Dates are ISO 8601 strings with the page's offset; lists (`authors`, `authors_raw`, "
           "`tags`) are JSON text; an empty cell is a missing value.",
}


def card_path(output: str) -> Path:
    return Path(output).parent / CARD_NAME


def check_card(output: str) -> Path:
    """Where the card of an export to ``output`` goes; an error if a README.md that
    newscrawler did not write is there (it would be lost)."""
    path = card_path(output)
    if path.exists():
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
        if MARK not in head:
            raise ExportError(f"{path} exists and was not written by newscrawler; move it, or "
                              f"export to another folder")
    return path


def features(fields: Sequence[str], fmt: str) -> list[dict]:
    """The ``dataset_info.features`` of an export of ``fields`` in ``fmt``."""
    out = []
    for name in fields:
        kind = FIELD_TABLE[name].kind
        out.append({"name": name, **_FEATURES[fmt][kind]})
        if fmt == "parquet" and kind == "time":
            out.append({"name": f"{name}_offset", "dtype": "int16"})
    return out


def site_summary(archive: Archive, filters: ArticleFilter | None = None) -> list[tuple]:
    """``(site, articles, first published day, last published day, undated)`` of the articles
    ``filters`` match, most articles first."""
    where, params = (filters or ArticleFilter()).sql()
    register_functions(archive.conn)
    return archive.conn.execute(
        "SELECT a.site, count(*), min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10)), "
        f"sum(a.published IS NULL) FROM articles a WHERE {where} GROUP BY a.site "
        "ORDER BY count(*) DESC, a.site", params).fetchall()


def size_category(count: int) -> str:
    """The hub's ``size_categories`` value for ``count`` rows."""
    if count < 1000:
        return "n<1K"
    bounds = ["1K", "10K", "100K", "1M", "10M", "100M", "1B"]
    for i, bound in enumerate(bounds[1:]):
        if count < 10 ** (i + 4):
            return f"{bounds[i]}<n<{bound}"
    return "n>1T"


def _yaml(value: object, indent: int = 0) -> list[str]:
    """A small YAML writer for the card's plain data (strings quoted as JSON, which is YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines += [f"{pad}{key}:", *_yaml(item, indent + 2)]
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return lines
    lines = []
    for item in value:
        inner = _yaml(item, indent + 2) if isinstance(item, dict | list) else [pad + "  " + _scalar(item)]
        lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    return lines


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def _scalar(value: object) -> str:
    """A word as is (``string``, ``train``), anything else as JSON, which YAML reads alike."""
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def dataset_card(*, data_file: str, fmt: str, fields: Sequence[str], count: int,
                 sites: list[tuple], filters: ArticleFilter | None = None, size: int = 0,
                 today: str | None = None) -> str:
    """The README.md text of an export of ``count`` articles to ``data_file`` (its name, beside
    the card; ``size`` bytes)."""
    today = today or datetime.now(UTC).date().isoformat()
    first = min((s[2] for s in sites if s[2]), default=None)
    last = max((s[3] for s in sites if s[3]), default=None)
    meta = {
        "language": ["ar"],
        "license": "other",
        "pretty_name": "Arabic news articles: " + ", ".join(str(s[0]) for s in sites[:5])
                       + (" and others" if len(sites) > 5 else ""),
        "size_categories": [size_category(count)],
        "tags": ["news", "arabic", "newscrawler"],
        "configs": [{"config_name": "default",
                     "data_files": [{"split": "train", "path": data_file}]}],
        "dataset_info": {"features": features(fields, fmt),
                         # num_bytes (required) is the file's size: the loader checks the count
                         "splits": [{"name": "train", "num_bytes": size, "num_examples": count}],
                         "download_size": size},
    }
    lines = ["---", f"{MARK}: it rewrites this file on every such export.",
             *_yaml(meta), "---", "", f"# {meta['pretty_name']}", ""]
    span = f"published {first} … {last}" if first else "no publication dates"
    lines += [f"{count:,} articles from {len(sites)} site{'s' * (len(sites) != 1)}, {span}, "
              f"exported on {today} from a newscrawler archive"
              f" as {_FORMAT_NAMES[fmt]}: `{data_file}`."]
    chosen = [f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}")
              for k, v in (filters.__dict__.items() if filters else ()) if v]
    if chosen:
        lines.append(f"Only the articles matching `{' '.join(chosen)}`.")
    lines += ["", "## Sites", "", "| site | articles | first published | last published | undated |",
              "| --- | ---: | --- | --- | ---: |"]
    lines += [f"| {site} | {n:,} | {lo or ''} | {hi or ''} | {undated:,} |"
              for site, n, lo, hi, undated in sites]
    lines += ["", "## Fields", "", "| field | type | description |", "| --- | --- | --- |"]
    for feature in features(fields, fmt):
        name = feature["name"]
        about = FIELD_TABLE[name].about if name in FIELD_TABLE else (
            "Offset of the page's date, in minutes east of UTC.")
        lines.append(f"| `{name}` | {_type_name(feature)} | {about} |")
    lines += ["", _TYPE_NOTES[fmt], "", "## Loading", "", "```python",
              "from datasets import load_dataset", "",
              'articles = load_dataset("path/to/this/folder", split="train")', "```", "",
              "## Licence", "",
              "The articles are the work of their publishers and authors, who keep their rights. "
              "This card grants no licence. Before you share this dataset, find out on what terms "
              "you may, state them here, and set `license:` above (it says `other` until you do).",
              ""]
    return "\n".join(lines)


_FORMAT_NAMES = {"parquet": "Parquet", "jsonl": "JSON Lines", "csv": "CSV"}


def _type_name(feature: dict) -> str:
    if "dtype" in feature:
        return feature["dtype"]
    item = feature["list"]
    return "list of " + (item if isinstance(item, str) else
                         "{" + ", ".join(f"{f['name']}: {f['dtype']}" for f in item) + "}")


def card_for(archive: Archive, output: str, *, fmt: str, fields: Sequence[str], count: int,
             filters: ArticleFilter | None = None) -> tuple[Path, str]:
    """Where the card of the export just made to ``output`` goes, and its text."""
    path = check_card(output)
    return path, dataset_card(data_file=Path(output).name, fmt=fmt, fields=fields, count=count,
                              sites=site_summary(archive, filters), filters=filters,
                              size=Path(output).stat().st_size)
