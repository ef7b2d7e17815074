"""CSV and Parquet exports and the dataset card, on a real archive through the CLI: pandas,
DuckDB and the datasets library read the same rows and values as the JSON Lines export."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from datetime import timedelta, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from newscrawler.archive import open_archive
from newscrawler.archive.export import FIELD_TABLE, FIELDS
from newscrawler.archive.filters import ArticleFilter
from newscrawler.archive.store import ArchiveWriter
from newscrawler.items import Author
from tests.helpers import clean_env, make_article, newscrawler

N = 14
LIST_FIELDS = ("authors", "authors_raw", "tags")
TIME_FIELDS = ("published", "modified", "first_seen", "crawled_at")
INTEGER_FIELDS = tuple(n for n, f in FIELD_TABLE.items() if f.kind == "integer")
BOOLEAN_FIELDS = tuple(n for n, f in FIELD_TABLE.items() if f.kind == "boolean")


def article(n: int):
    """Articles that exercise every type: offsets of their own, missing values, several authors
    in order, tags, bodies with quotes, commas, tabs and blank lines."""
    offset = ("+01:00", "+00:00", "-04:30")[n % 3]
    return make_article(
        n, site=("hespress.com", "alyaoum24.com")[n % 2], section=("مجتمع", "رياضة")[n % 2],
        published=None if n == 5 else f"2023-{n % 12 + 1:02d}-0{n % 9 + 1}T08:{n:02d}:00{offset}",
        published_raw=f"الخميس {n} غشت 2023",
        modified=f"2023-12-31T23:59:{n:02d}.250000+01:00" if n % 4 == 0 else None,
        tags=["الأمية", f"وسم, {n}"] if n % 2 else [],
        authors=[Author(name="مصطفى قسيوي", raw=""),
                 Author(name="و.م.ع", raw="", kind="organization")][: n % 3],
        authors_raw=[f"بقلم: كاتب {n}"] if n % 3 else [],
        body=(None if n == 7 else f"سطر {n}\n\nسطر ثان\r\nثالث" if n == 3 else
              f'قال: "نعم"، لا\tثم\n\nفقرة {n}, ثانية\r\nثالثة'),
        summary=f"ملخص {n}" if n % 5 else None,
        crawled_at="2026-01-02T03:04:05+00:00",
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("formats") / "news.db"
    with open_archive(path) as archive:
        writer = ArchiveWriter(archive)
        for n in range(1, N + 1):
            writer.add(article(n))
        writer.flush()
    return path


@pytest.fixture(scope="module")
def exported(db, tmp_path_factory):
    """The whole archive as JSON Lines (the reference), Parquet, CSV and gzipped CSV."""
    folder = tmp_path_factory.mktemp("exported")
    paths = {}
    for name in ("all.jsonl", "all.parquet", "all.csv", "all.csv.gz"):
        result = newscrawler("export", "--db", str(db), "-o", str(folder / name), "--fields",
                             "id," + ",".join(FIELDS))
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # not at a terminal: quiet
        paths[name.split(".", 1)[1]] = folder / name
    assert not list(folder.glob(".*tmp"))
    return paths


@pytest.fixture(scope="module")
def reference(exported):
    return [json.loads(line) for line in exported["jsonl"].read_text(encoding="utf-8").splitlines()]


def iso(instant, offset_minutes) -> str | None:
    """A UTC instant and an offset back to the ISO string of the JSON Lines export."""
    if instant is None:
        return None
    local = instant.astimezone(timezone(timedelta(minutes=int(offset_minutes))))
    return local.isoformat()


def from_parquet(record: dict) -> dict:
    """A Parquet row in the JSON Lines export's terms: dates back to ISO with their offsets."""
    out = {}
    for name in ("id", *FIELDS):
        value = record[name]
        if name in ("published", "modified"):
            value = iso(value, record[f"{name}_offset"]) if value is not None else None
        elif name in TIME_FIELDS:
            value = iso(value, 0) if value is not None else None
        elif name in LIST_FIELDS:
            value = [dict(v) if isinstance(v, dict) else v for v in value]
        out[name] = value
    return out


def from_csv(record: dict) -> dict:
    """A CSV row in the JSON Lines export's terms: lists from JSON text, empty cells null."""
    out = {}
    for name in ("id", *FIELDS):
        value = record[name]
        if name in LIST_FIELDS:
            value = json.loads(value)
        elif value == "":
            value = None
        elif name in INTEGER_FIELDS:
            value = int(value)
        elif name in BOOLEAN_FIELDS:
            value = {"true": True, "false": False}[value]
        out[name] = value
    return out


def null(value):
    """pandas' missing values (NaN, NaT, None) as None."""
    try:
        import pandas

        return None if not isinstance(value, list | dict) and pandas.isna(value) else value
    except (TypeError, ValueError):
        return value


def test_reference_has_what_the_comparison_needs(reference):
    assert len(reference) == N
    offsets = {r["published"][-6:] for r in reference if r["published"]}
    assert offsets == {"+01:00", "+00:00", "-04:30"}
    assert any(r["published"] is None for r in reference) and any(r["body"] is None for r in reference)
    assert any(len(r["authors"]) == 2 for r in reference) and any(r["modified"] for r in reference)


def test_pyarrow_parquet_has_the_types_and_the_values(exported, reference):
    table = pq.read_table(exported["parquet"])
    schema = table.schema
    assert schema.field("authors").type == pa.list_(
        pa.struct([("name", pa.string()), ("kind", pa.string())]))
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert schema.field("published_offset").type == pa.int16()
    assert schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
    assert schema.names.index("published_offset") == schema.names.index("published") + 1
    assert [from_parquet(r) for r in table.to_pylist()] == reference


def test_pandas_reads_parquet_and_csv_as_the_json_lines(exported, reference):
    import pandas
    frame = pandas.read_parquet(exported["parquet"])
    assert str(frame["published"].dtype) == "datetime64[us, UTC]"
    rows = []
    for record in frame.to_dict("records"):
        record = {k: null(v) if not hasattr(v, "tolist") else v.tolist() for k, v in record.items()}
        for name in TIME_FIELDS:
            if record[name] is not None:
                record[name] = record[name].to_pydatetime()
        rows.append(from_parquet(record))
    assert rows == reference
    for key in ("csv", "csv.gz"):
        frame = pandas.read_csv(exported[key], dtype=str, keep_default_na=False)
        assert [from_csv(r) for r in frame.to_dict("records")] == reference


def test_duckdb_reads_parquet_and_csv_as_the_json_lines(exported, reference):
    import duckdb
    conn = duckdb.connect()
    conn.execute("SET TimeZone = 'UTC'")
    cursor = conn.execute(f"SELECT * FROM read_parquet('{exported['parquet']}') ORDER BY id")
    names = [d[0] for d in cursor.description]
    assert [from_parquet(dict(zip(names, row, strict=True))) for row in cursor.fetchall()] == reference
    # local time and day, as an analysis of one site's days needs them
    day = conn.execute(
        f"SELECT strftime(published + to_minutes(published_offset), '%Y-%m-%dT%H:%M') "
        f"FROM read_parquet('{exported['parquet']}') WHERE published IS NOT NULL ORDER BY id"
    ).fetchall()
    assert [d[0] for d in day] == [r["published"][:16] for r in reference if r["published"]]
    for key in ("csv", "csv.gz"):
        cursor = conn.execute(f"SELECT * FROM read_csv('{exported[key]}', header = true, "
                              f"all_varchar = true) ORDER BY id::INTEGER")
        names = [d[0] for d in cursor.description]
        rows = [{k: "" if v is None else v for k, v in zip(names, row, strict=True)}
                for row in cursor.fetchall()]
        assert [from_csv(r) for r in rows] == reference


@pytest.fixture
def offline_hf(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    return str(tmp_path / "cache")


def test_datasets_reads_parquet_and_csv_as_the_json_lines(exported, reference, offline_hf):
    import datasets
    data = datasets.load_dataset("parquet", data_files=str(exported["parquet"]), split="train",
                                 cache_dir=offline_hf)
    assert [from_parquet(r) for r in data] == reference
    text = datasets.Features({name: datasets.Value("string") for name in ("id", *FIELDS)})
    for key in ("csv", "csv.gz"):
        data = datasets.load_dataset("csv", data_files=str(exported[key]), split="train",
                                     cache_dir=offline_hf, keep_default_na=False, features=text)
        assert [from_csv(r) for r in data] == reference


def test_filters_and_fields_apply_to_every_format(db, tmp_path):
    args = ("--db", str(db), "--section", "رياضة", "--since", "2023-03", "--fields", "url,published,tags")
    assert newscrawler("export", *args, "-o", str(tmp_path / "a.jsonl")).returncode == 0
    assert newscrawler("export", *args, "-o", str(tmp_path / "a.parquet")).returncode == 0
    result = newscrawler("export", *args, "--format", "csv")  # to stdout
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert 0 < len(lines) < N
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.schema.names == ["url", "published", "published_offset", "tags"]
    assert [r["url"] for r in table.to_pylist()] == [r["url"] for r in lines]
    text = result.stdout.splitlines()
    assert text[0] == "url,published,tags"
    assert [row.split(",")[0] for row in text[1:]] == [r["url"] for r in lines]


def test_row_groups_hold_the_same_rows(db, tmp_path):
    from newscrawler.archive.export_parquet import export_parquet

    with open_archive(db, create=False) as archive:
        assert export_parquet(archive, str(tmp_path / "one.parquet")) == N
        assert export_parquet(archive, str(tmp_path / "many.parquet"), row_group=3) == N
        empty = export_parquet(archive, str(tmp_path / "none.parquet"),
                               filters=ArticleFilter(site="nowhere.example"))
    assert empty == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    many = pq.ParquetFile(tmp_path / "many.parquet")
    assert many.metadata.num_row_groups > 1
    assert many.read().to_pylist() == pq.read_table(tmp_path / "one.parquet").to_pylist()


@pytest.mark.parametrize(("name", "requested", "expected"), [
    ("a.parquet", None, ("parquet", False)),
    ("a.CSV.gz", None, ("csv", True)),
    ("a.jsonl.gz", None, ("jsonl", True)),
    ("a.json", None, ("jsonl", False)),  # any other name: JSON Lines, as before
    ("-", None, ("jsonl", False)),
    ("-", "csv", ("csv", False)),
    ("a.data", "parquet", ("parquet", False)),
    ("a.csv", "csv", ("csv", False)),
])
def test_format_follows_the_name_or_the_option(name, requested, expected):
    from newscrawler.archive.export_formats import export_format

    assert export_format(name, requested) == expected


@pytest.mark.parametrize(("args", "message"), [
    (("-o", "x.csv", "--format", "parquet"),
     "--format parquet does not match the file name 'x.csv', which says csv"),
    (("-o", "x.jsonl.gz", "--format", "csv"), "which says jsonl"),
    (("-o", "x.parquet.gz"), "Parquet compresses its columns itself"),
    (("--format", "parquet"), "a Parquet export needs a file"),
    (("--dataset-card",), "--dataset-card writes README.md beside the export"),
    (("--warc", "p.warc.gz", "--format", "csv"), "--format and --dataset-card are for articles"),
])
def test_a_format_the_name_contradicts_is_a_usage_error(db, tmp_path, args, message):
    result = newscrawler("export", "--db", str(db), *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_without_pyarrow_a_parquet_export_says_how_to_install_it(db, tmp_path):
    env = clean_env()
    code = ("import sys; from newscrawler.workers import block_imports; block_imports('pyarrow'); "
            "from newscrawler.cli import main; sys.argv[0] = 'newscrawler'; main()")
    out = tmp_path / "a.parquet"
    result = subprocess.run([sys.executable, "-c", code, "export", "--db", str(db), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: a Parquet export needs pyarrow, which is not installed: "
        "pip install 'newscrawler[parquet]'"]
    assert list(tmp_path.iterdir()) == []
    # CSV and JSON Lines need no pyarrow
    result = subprocess.run([sys.executable, "-c", code, "export", "--db", str(db), "-o",
                             str(tmp_path / "a.csv")], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr


# --- the dataset card ---------------------------------------------------------------------------

def card_meta(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1]), text


@pytest.mark.parametrize("name", ["articles.parquet", "articles.csv.gz", "articles.jsonl"])
def test_the_dataset_card_loads_with_its_features(db, tmp_path, offline_hf, name):
    import datasets
    folder = tmp_path / "dataset"
    result = newscrawler("export", "--db", str(db), "-o", str(folder / name), "--dataset-card",
                         "--site", "hespress.com")
    assert result.returncode == 0, result.stderr
    meta, text = card_meta(folder / "README.md")
    count = sum(1 for n in range(1, N + 1) if n % 2 == 0)  # hespress.com
    assert meta["configs"] == [{"config_name": "default",
                                "data_files": [{"split": "train", "path": name}]}]
    assert meta["dataset_info"]["splits"][0]["num_examples"] == count
    assert meta["language"] == ["ar"] and meta["license"] == "other"
    assert f"| hespress.com | {count} | 2023-" in text and "alyaoum24.com" not in text
    assert "--site hespress.com" in text and "## Licence" in text
    card_features = datasets.Features._from_yaml_list(meta["dataset_info"]["features"])
    data = datasets.load_dataset(str(folder), split="train", cache_dir=offline_hf)
    assert data.num_rows == count  # the loader checks the card's count too
    assert data.features == card_features
    assert data[0]["title"] == make_article(2).title
    if name.endswith(".parquet"):
        schema = pq.read_schema(folder / name)
        assert card_features == datasets.Features.from_arrow_schema(schema)
        assert data[0]["authors"] == [{"name": "مصطفى قسيوي", "kind": "person"},
                                      {"name": "و.م.ع", "kind": "organization"}]


def test_the_card_rewrites_its_own_readme_but_never_another(db, tmp_path):
    folder = tmp_path / "dataset"
    out = folder / "a.parquet"
    assert newscrawler("export", "--db", str(db), "-o", str(out), "--dataset-card").returncode == 0
    first = (folder / "README.md").read_text(encoding="utf-8")
    result = newscrawler("export", "--db", str(db), "-o", str(out), "--dataset-card",
                         "--section", "رياضة")
    assert result.returncode == 0, result.stderr
    assert (folder / "README.md").read_text(encoding="utf-8") != first  # its own: rewritten
    mine = tmp_path / "project"
    mine.mkdir()
    (mine / "README.md").write_text("# My project\n", encoding="utf-8")
    result = newscrawler("export", "--db", str(db), "-o", str(mine / "a.parquet"), "--dataset-card")
    assert result.returncode == 1
    assert "README.md exists and was not written by newscrawler" in result.stderr
    assert (mine / "README.md").read_text(encoding="utf-8") == "# My project\n"
    assert sorted(p.name for p in mine.iterdir()) == ["README.md"]  # and no export either


def test_at_a_terminal_progress_then_a_summary_naming_the_card(db, tmp_path):
    import pty

    out = tmp_path / "d" / "a.parquet"
    env = clean_env()
    master, terminal = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "newscrawler", "export", "--db", str(db),
                             "-o", str(out), "--dataset-card"],
                            stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the export closed the terminal
            break
        if not data:
            break
        shown += data
    os.close(master)
    assert proc.wait(timeout=60) == 0
    text = shown.decode("utf-8", "replace")
    assert f"\rexporting: {N} articles" in text
    assert re.search(rf"exported {N} articles to {re.escape(str(out))} in \d+\.\d s; "
                     rf"dataset card {re.escape(str(out.parent / 'README.md'))}\r?\n$", text)


def test_gzip_csv_is_one_gzip_file(exported):
    assert gzip.decompress(exported["csv.gz"].read_bytes()) == exported["csv"].read_bytes()


def test_the_card_yaml_survives_any_name():
    from newscrawler.archive.dataset_card import _yaml, size_category

    tricky = ['a: b', "- x", "#1", "yes", "null", "1.5", 'قال "نعم"\\', "مقالات 2024.parquet", "",
              "x\ny", "@home", "%d", "*", "{a}", "true"]
    meta = {"pretty_name": tricky[0], "names": tricky, "nested": [{"name": t, "n": 3} for t in tricky],
            "empty": [], "flag": True}
    assert yaml.safe_load("\n".join(_yaml(meta))) == meta
    assert [size_category(n) for n in (0, 999, 1000, 12_345, 999_999, 1_000_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M"]


@pytest.mark.parametrize("fields", [None, "summary", "body,title,tags", "id,modified"])
def test_csv_records_are_what_the_csv_module_writes(db, fields):
    """The records are built as bytes; the csv module, given the same rows, writes the same
    bytes (quoting, doubled quotes, a lone empty cell)."""
    import csv
    import io

    from newscrawler.archive.export import parse_fields
    from newscrawler.archive.export_formats import export_csv, iter_value_chunks

    names = parse_fields(fields)
    with open_archive(db, create=False) as archive:
        ours = io.BytesIO()
        assert export_csv(archive, ours, fields=names) == N
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(names)
        for rows in iter_value_chunks(archive, fields=names):
            writer.writerows(rows)
    assert ours.getvalue() == text.getvalue().encode("utf-8")


@pytest.mark.parametrize("fields", [("authors",), ("tags", "id"), ("modified",), ("body",),
                                    ("crawled_at", "authors_raw", "title", "authors")])
def test_parquet_of_any_fields_says_what_the_records_say(db, tmp_path, fields):
    from newscrawler.archive.export import iter_articles
    from newscrawler.archive.export_parquet import export_parquet

    with open_archive(db, create=False) as archive:
        export_parquet(archive, str(tmp_path / "a.parquet"), fields=fields, row_group=4)
        records = list(iter_articles(archive, fields=fields))
    rows = pq.read_table(tmp_path / "a.parquet").to_pylist()
    for record, row in zip(records, rows, strict=True):
        for name in fields:
            value = row[name]
            if name == "modified":
                value = iso(value, row["modified_offset"]) if value is not None else None
            elif name == "crawled_at":
                value = iso(value, 0)
            assert value == record[name], name


def test_a_crawled_demo_archive_exports_alike_in_every_format(tmp_path):
    """Real extracted articles (the demo site crawled over HTTP): Parquet and CSV hold what the
    JSON Lines hold."""
    from newscrawler.demo import SECTIONS, serve_demo
    db = tmp_path / "demo.db"
    with serve_demo() as server:
        result = newscrawler("crawl", *[server.url(p) for p in SECTIONS.values()], "--db", str(db),
                             "--max-pages", "0", "--timezone", "Africa/Casablanca")
    assert result.returncode == 0, result.stderr
    fields = "id," + ",".join(FIELDS)
    for name in ("a.jsonl", "a.parquet", "a.csv"):
        result = newscrawler("export", "--db", str(db), "-o", str(tmp_path / name), "--fields", fields)
        assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 40 and all(r["published"] for r in lines)
    assert [from_parquet(r) for r in pq.read_table(tmp_path / "a.parquet").to_pylist()] == lines
    import csv

    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as fh:
        assert [from_csv(r) for r in csv.DictReader(fh)] == lines
