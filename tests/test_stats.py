"""`newscrawler stats` on a real archive: sites, sections, months, authors, coverage, runs."""

from __future__ import annotations

import json

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter, finish_run, start_run
from newscrawler.items import Author
from tests.helpers import make_article, newscrawler


def test_stats_counts_and_coverage(tmp_path):
    db = tmp_path / "news.db"
    with open_archive(db) as archive:
        run = start_run(archive, ["http://127.0.0.1:9/"])
        writer = ArchiveWriter(archive, run_id=run)
        writer.add(make_article(1, published="2023-01-05T08:00:00+01:00"))
        writer.add(make_article(2, published="2023-01-20T08:00:00+01:00", section="رياضة"))
        writer.add(make_article(3, published=None, site="other.ma",
                                authors=[Author(name="سناء بنعلي", raw="")]))
        writer.flush()
        finish_run(archive, run, status="finished", fields={"articles_new": 3}, stats={})
    data = json.loads(newscrawler("stats", "--db", str(db), "--json").stdout)
    assert data["articles"] == 3
    assert dict(map(tuple, data["by_site"])) == {"127.0.0.1": 2, "other.ma": 1}
    assert ["2023-01", 2] in data["by_month"] and ["(undated)", 1] in data["by_month"]
    assert data["top_authors"][0] == ["مصطفى قسيوي", 2]
    assert data["coverage"]["undated"] == 1 and data["coverage"]["months"] == 1
    assert data["runs"][0][3] == "finished"
    text = newscrawler("stats", "--db", str(db)).stdout
    assert "by month (1 undated not shown):" in text and "2023-01" in text and "رياضة" in text
