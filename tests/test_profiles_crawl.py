"""Site profiles from the command line: `sites`, `crawl --site NAME --section NAME`."""

from __future__ import annotations

import json

from newscrawler.demo import SECTIONS, articles, serve_demo
from tests.helpers import newscrawler, rows


def profile_file(tmp_path, base_url: str, selectors: str = "") -> str:
    path = tmp_path / "sites.toml"
    path.write_text(f"""
[[site]]
name = "demo"
site_name = "أخبار المدينة 24"
domains = ["127.0.0.1"]
timezone = "Africa/Casablanca"
locale = "ar-MA"

[site.sections]
"مجتمع" = "{base_url}{SECTIONS["مجتمع"]}"
"رياضة" = "{base_url}{SECTIONS["رياضة"]}"
{selectors}
""", encoding="utf-8")
    return str(path)


def test_sites_lists_shipped_and_user_profiles(tmp_path):
    result = newscrawler("sites")
    assert result.returncode == 0 and "alouma24" in result.stdout and "مجتمع" in result.stdout
    user = profile_file(tmp_path, "http://127.0.0.1:9")
    names = [json.loads(line)["name"] for line in newscrawler("sites", "--sites", user, "--json").stdout.splitlines()]
    assert "demo" in names and "alouma24" in names


def test_a_broken_profile_is_a_one_line_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[site]]\nname = "x"\nsite_name = "x"\ndomains = ["x.ma"]\ntimezone = "Mars/Base"\n'
                   'locale = "ar"\n[site.sections]\n"a" = "https://x.ma/a"\n', encoding="utf-8")
    result = newscrawler("sites", "--sites", str(bad))
    assert result.returncode == 2
    assert "bad.toml" in result.stderr and "Mars/Base" in result.stderr
    assert "Traceback" not in result.stderr


def test_crawl_a_profiled_site_by_name_and_section(tmp_path):
    with serve_demo() as server:
        sites = profile_file(tmp_path, server.base_url,
                             '[site.selectors]\nsection = "css: .post-cat::text"\n')
        db = tmp_path / "p.db"
        result = newscrawler("crawl", "--site", "demo", "--section", "رياضة", "--sites", sites,
                             "--db", str(db), "--max-pages", "0")
        assert result.returncode == 0, result.stderr
        unknown = newscrawler("crawl", "--site", "demo", "--section", "فن", "--sites", sites, "--db", str(db))
    assert unknown.returncode == 2 and "has no section 'فن'" in unknown.stderr
    expected = [a for a in articles() if a["section"] == "رياضة"]
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == len(expected)
    assert rows(db, "SELECT DISTINCT section FROM articles") == [("رياضة",)]
    (site,), = rows(db, "SELECT site FROM crawl_runs")
    assert site == "demo"


def test_unknown_site_name_says_which_exist():
    result = newscrawler("crawl", "--site", "nope")
    assert result.returncode == 2 and "alouma24" in result.stderr


def test_reparse_reads_a_profiled_site_with_its_selectors(tmp_path):
    # The profile keeps the page's whole <title> (site name and all), which the generic
    # extractor would trim: a reparse that left the profile out would change every title.
    with serve_demo() as server:
        sites = profile_file(tmp_path, server.base_url, '[site.selectors]\ntitle = "css: title::text"\n')
        db = tmp_path / "p.db"
        result = newscrawler("crawl", "--site", "demo", "--section", "مجتمع", "--sites", sites,
                             "--db", str(db), "--max-pages", "0")
        assert result.returncode == 0, result.stderr
    titles = [t for (t,) in rows(db, "SELECT title FROM articles")]
    assert titles and all(t.endswith(" - أخبار المدينة 24") for t in titles)
    report = newscrawler("reparse", "--dry-run", "--json", "--sites", sites, "--db", str(db))
    assert report.returncode == 0, report.stderr
    got = json.loads(report.stdout)
    assert (got["examined"], got["changed"], got["failed"]) == (len(titles), 0, 0)
