"""Export on a real archive through the CLI: filters, fields, gzip, and the loaders people use."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter
from newscrawler.items import Author
from tests.helpers import make_article, newscrawler


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "news.db"
    with open_archive(path) as archive:
        writer = ArchiveWriter(archive)
        for n in range(1, 13):
            writer.add(make_article(
                n, section=("مجتمع", "رياضة", "اقتصاد")[n % 3],
                published=f"2023-{n:02d}-05T08:00:00+01:00",
                crawled_at=f"2023-{n:02d}-06T09:30:00+00:00",
                tags=["الأمية", f"وسم {n}"] if n % 2 else [],
                authors=[Author(name="مصطفى قسيوي", raw="")] if n % 4 else [],
            ))
        writer.flush()
    return path


def read_lines(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_filters_fields_and_gzip(db, tmp_path):
    out = tmp_path / "x.jsonl.gz"
    result = newscrawler("export", "--db", str(db), "-o", str(out), "--section", "رياضة",
                         "--since", "2023-03", "--fields", "url,title,published,tags")
    assert result.returncode == 0, result.stderr
    rows = read_lines(out)
    assert [r["published"][:7] for r in rows] == ["2023-04", "2023-07", "2023-10"]
    assert set(rows[0]) == {"url", "title", "published", "tags"}
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left


def test_records_are_clean(db, tmp_path):
    out = tmp_path / "all.jsonl"
    assert newscrawler("export", "--db", str(db), "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "\\u06" not in text and "الأمية" in text  # Arabic unescaped
    rows = read_lines(out)
    assert len(rows) == 12
    assert rows[0]["authors"] == [{"name": "مصطفى قسيوي", "kind": "person"}]
    assert rows[3]["authors"] == [] and rows[1]["tags"] == []
    assert rows[0]["published"] == "2023-01-05T08:00:00+01:00"  # ISO with offset
    assert rows[0]["crawled_at"] == "2023-01-06T09:30:00+00:00"  # as stored, in UTC


def test_unknown_field_and_bad_date_are_usage_errors(db):
    result = newscrawler("export", "--db", str(db), "--fields", "title,colour")
    assert result.returncode == 2 and "unknown field colour" in result.stderr
    result = newscrawler("export", "--db", str(db), "--until", "yesterday")
    assert result.returncode == 2 and "not an ISO date" in result.stderr


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_pandas_reads_the_export(db, tmp_path, name):
    import pandas  # the test extra's; imported here, not at collection (a second of startup)
    out = tmp_path / name
    assert newscrawler("export", "--db", str(db), "-o", str(out)).returncode == 0
    frame = pandas.read_json(out, lines=True)
    assert len(frame) == 12
    assert frame["title"].iloc[0] == make_article(1).title
    assert list(frame["authors"].iloc[0]) == [{"name": "مصطفى قسيوي", "kind": "person"}]


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_datasets_json_loader_reads_the_export(db, tmp_path, name, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets  # the test extra's, after the offline environment above is set
    out = tmp_path / name
    assert newscrawler("export", "--db", str(db), "-o", str(out)).returncode == 0
    data = datasets.load_dataset("json", data_files=str(out), split="train",
                                 cache_dir=str(tmp_path / "cache"))
    assert data.num_rows == 12
    assert data[0]["title"] == make_article(1).title
    assert data[0]["authors"] == [{"name": "مصطفى قسيوي", "kind": "person"}]
    assert data["url"] == [r["url"] for r in read_lines(out)]  # every record, in order


@pytest.mark.parametrize("fields", [None, "body", "body,title", "title,body", "id,body,tags,authors"])
def test_bodies_with_any_character_round_trip(tmp_path, fields):
    from newscrawler.archive.export import export_jsonl, parse_fields

    bodies = ['قال: "نعم" \\ لا\n\nفقرة\tثانية\r\x01\x1f\u2028 ✓', "", None, 'a"b\\\\c']
    with open_archive(tmp_path / "news.db") as archive:
        writer = ArchiveWriter(archive)
        for n, body in enumerate(bodies, 1):
            writer.add(make_article(n, body=body))
        writer.flush()
        names = parse_fields(fields)
        out = tmp_path / "out.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            fh.write('{"note": "written before"}\n')  # text written before goes first
            assert export_jsonl(archive, fh, fields=names) == len(bodies)
        first, *rows = [json.loads(line) for line in out.read_bytes().decode().split("\n")[:-1]]
        assert first == {"note": "written before"}
        assert [r["body"] for r in rows] == bodies
        assert all(list(r) == list(names) for r in rows)
        latin = io.StringIO()  # not a UTF-8 file: written as text
        export_jsonl(archive, latin, fields=names)
        assert [json.loads(line)["body"] for line in latin.getvalue().split("\n")[:-1]] == bodies


def test_lines_say_what_the_records_say_with_authors_in_order(tmp_path):
    """The fast line path (authors read once per chunk) against the record path (one query
    per article), over chunk boundaries, with several authors in order and a filter."""
    from newscrawler.archive.export import iter_articles, iter_line_chunks
    from newscrawler.archive.filters import ArticleFilter

    path = tmp_path / "authors.db"
    with open_archive(path) as archive:
        writer = ArchiveWriter(archive)
        for n in range(1, 40):
            people = [Author(name=f"كاتب {k}", raw="") for k in (n % 3, (n + 1) % 3, 7)][: n % 4]
            writer.add(make_article(n, section=("مجتمع", "رياضة")[n % 2], authors=people))
        writer.flush()
        for filters in (None, ArticleFilter(section="رياضة")):
            for fields in (("url", "authors", "title"), ("authors",), ("body", "authors", "tags")):
                lines = [json.loads(line) for chunk in iter_line_chunks(
                    archive, fields=fields, filters=filters, size=7) for line in chunk]
                records = list(iter_articles(archive, fields=fields, filters=filters))
                assert lines == records
        many = [r["authors"] for r in iter_articles(archive, fields=("authors",))]
        assert [a["name"] for a in many[2]] == ["كاتب 0", "كاتب 1", "كاتب 7"]  # n = 3: in order


def test_export_says_where_the_date_came_from_and_how_precise_it_is(tmp_path):
    path = tmp_path / "news.db"
    with open_archive(path) as archive:
        writer = ArchiveWriter(archive)
        writer.add(make_article(1, published_raw="2023-01-05T08:00:00+01:00",
                                published_source="json-ld", published_precision="minute"))
        writer.add(make_article(2, published_raw="أول أمس الأربعاء", published_source="listing",
                                published_precision="day"))
        writer.flush()
    out = tmp_path / "dates.jsonl"
    fields = "published_raw,published_source,published_precision"
    assert newscrawler("export", "--db", str(path), "-o", str(out),
                       "--fields", fields).returncode == 0
    assert read_lines(out) == [
        {"published_raw": "2023-01-05T08:00:00+01:00", "published_source": "json-ld",
         "published_precision": "minute"},
        {"published_raw": "أول أمس الأربعاء", "published_source": "listing",
         "published_precision": "day"},
    ]
