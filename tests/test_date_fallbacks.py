"""Visible-date fallbacks for pages without date metadata (issue 15 item 4).

Each page is shaped like real pages whose JSON-LD, date ``<meta>`` and ``datetime`` attributes
were taken away (``benchmarks/dates_fallback.py``), without their site names: the date is only
in the visible text or in application state, and each test pins one rule.
"""

from __future__ import annotations

import importlib.util
import sys

from newscrawler.extract import extract_article
from newscrawler.extract.html import parse_html
from newscrawler.extract.structured import read_structured
from newscrawler.normalize.dates import parse_arabic_date
from tests.conftest import CORPUS, ROOT, skip_or_fail

PARAGRAPH = "Ein Satz mit genug Wörtern, damit er als echter Absatz des Artikels zählt. " * 3
URL = "https://blatt.example/artikel/schlagzeile"


def published(body: str, head: str = "", url: str = URL) -> str | None:
    html = f"<html><head><title>Schlagzeile des Tages</title>{head}</head><body>{body}</body></html>"
    return extract_article(html, url).published


def test_a_commentary_is_not_a_comment():
    # The opinion piece's own <article> says "commentary"; its date line sits under the text.
    body = (
        "<main><section><article class='article article-type-commentary'>"
        "<h1>Schlagzeile des Tages</h1>" + f"<p>{PARAGRAPH}</p>" * 3 +
        "<div class='meta-data-container'><time class='typo-meta-data'> 28.4.2023 </time>"
        "<time class='typo-meta-data'> 18:41 Uhr </time></div></article></section></main>"
    )
    assert published(body).startswith("2023-04-28")


def test_a_comment_list_is_still_furniture():
    body = (
        "<article><h1>Schlagzeile des Tages</h1>" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>"
        "<ul class='comments-list'><li class='comment'><p>Leserbrief</p>"
        "<time>29.04.2023, 11:14 Uhr</time></li></ul>"
    )
    assert published(body) is None


def test_the_text_after_the_author_link_dates_the_post():
    categories = ", ".join(f"<a href='/category/{n}'>Kategorie {n}</a>" for n in range(6))
    body = (
        "<div class='post'><h1 class='entry_title'>Schlagzeile des Tages</h1>"
        "<div class='singlepostmeta'>Von <a href='/author/redaktion' rel='author'>Redaktion</a>"
        f" am 21/02/2021. Abgelegt unter {categories}.</div>"
        f"<p>{PARAGRAPH}</p></div>"
    )
    assert published(body).startswith("2021-02-21")


def test_chinese_and_japanese_dates_are_read():
    assert parse_arabic_date("2025年1月13日 20時01分").isoformat() == "2025-01-13T20:01:00+00:00"
    assert parse_arabic_date("2025年1月14日 20:00").isoformat() == "2025-01-14T20:00:00+00:00"
    body = (
        "<div class='cmp-hdg001'><h1 class='hdg'>東京女子医大元理事長を逮捕　警視庁</h1></div>"
        "<div class='info'><span class='data'>2025年1月13日 20時01分 </span></div>"
        "<p>" + "警視庁は13日、元理事長を背任の疑いで逮捕した。" * 6 + "</p>"
    )
    assert published(body).startswith("2025-01-13")


def test_publication_key_of_the_page_state_script():
    head = (
        "<script>window.dataLayer=[{\"article\":{\"articleID\":\"408587681\","
        "\"lastPublishedDate\":\"2025-10-01T08:00:00.000Z\","
        "\"PublishedDate\":\"2025-09-09T07:58:05.000Z\",\"contentType\":\"news\"}}]</script>"
    )
    body = f"<article><h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p></article>"
    assert published(body, head).startswith("2025-09-09")


def test_unquoted_publication_key_and_last_publication_left_out():
    root = parse_html(
        "<html><head><script>ct.push({ ct_postID: 4239397, "
        "ct_lastPublished: \"2025-12-01T10:00:00+02:00\", "
        "ct_postDate: \"2025-11-28T15:26:06+02:00\" });</script></head><body></body></html>"
    )
    assert read_structured(root).script_keyed == ["2025-11-28T15:26:06+02:00"]


def test_date_under_the_headline_inside_a_layout_column():
    # The layout's left column beside the text holds the byline and the date.
    body = (
        "<main class='single-main-wrapper'><h1>Schlagzeile des Tages</h1>"
        "<div class='single-outer-wrapper'><div class='single-sidebar-left'><div class='post-info'>"
        "<p class='single-read-time'>4 minute read</p>"
        "<p class='single-published-date'>28 November 2025</p>"
        "<p class='single-published-time'>03:26 pm</p></div></div>"
        f"<div class='single-content'><p>{PARAGRAPH}</p></div></div></main>"
    )
    assert published(body).startswith("2025-11-28")


def test_date_in_the_meta_column_beside_the_headline():
    # An <aside> column beside the story holds the byline and the date.
    body = (
        "<main><div><h1>Schlagzeile des Tages</h1></div><aside><div><address>"
        "<span>Associated Press in Valencia</span></address>"
        "<div class='dcr-1d52k2r'>Sat 24 Feb 2024 12.42 CET</div></div></aside>"
        f"<div><p>{PARAGRAPH}</p></div></main>"
    )
    assert published(body).startswith("2024-02-24")


def test_a_sidebar_far_below_the_headline_is_still_furniture():
    teasers = "".join(f"<p>{PARAGRAPH} {n}</p>" for n in range(40))
    body = (
        f"<article><h1>Schlagzeile des Tages</h1>{teasers}</article>"
        "<div class='sidebar'><div class='teaser'><span>3. März 2020</span>"
        "<span>Ein anderer Artikel</span></div></div>"
    )
    assert published(body) is None


def test_month_by_name_in_the_url_path():
    body = f"<article><h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p></article>"
    url = "https://zeitung.example/world/2024/feb/24/death-toll-rises"
    assert published(body, url=url).startswith("2024-02-24")


def test_an_absolute_date_beats_a_relative_stamp():
    # "1 day ago" was counted when the page was rendered; the dateline says the day.
    body = (
        "<article><h1>Schlagzeile des Tages</h1><div><time>1 day ago</time></div>"
        "<div class='article-meta'>10 May 2012</div>" + f"<p>{PARAGRAPH}</p>" * 2 + "</article>"
    )
    assert published(body).startswith("2012-05-10")


def test_a_relative_stamp_yields_to_the_page_state():
    head = '<script>var page={"pubDate":"2024-11-22T09:12:00+01:00"};</script>'
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p><time>il y a 3 heures</time></p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body, head).startswith("2024-11-22")


def test_a_relative_stamp_alone_still_dates_the_page():
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p><time>3 hours ago</time></p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body) is not None


def test_a_date_inside_running_text_comes_after_the_fallbacks():
    # "… am 7. Oktober 2023 …" is an event the story tells, not the day it appeared.
    head = '<script>var state={"pubDate":"2025-11-06T05:00:00+01:00"};</script>'
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p>Die Überlebenden des Angriffs vom "
        "7. Oktober 2023 erzählen, wie sie den Tag erlebt haben und was seither geschehen ist, "
        "in ihren eigenen Worten und ohne jede Beschönigung.</p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body, head).startswith("2025-11-06")


def test_a_date_inside_running_text_still_dates_a_page_with_nothing_else():
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p>Die Überlebenden des Angriffs vom "
        "7. Oktober 2023 erzählen, wie sie den Tag erlebt haben und was seither geschehen ist, "
        "in ihren eigenen Worten und ohne jede Beschönigung.</p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body).startswith("2023-10-07")


# The ablation of benchmarks/dates_fallback.py at stage b (no JSON-LD, no date meta, no datetime
# attributes): floors a little under the last recorded run (docs/benchmarks.md, session 7).
ABLATION_FLOORS = {"trafilatura": 0.87, "fundus": 0.91}


def test_dates_without_metadata_hold_their_floors():
    if not (CORPUS / "truth-fundus.jsonl").exists():
        skip_or_fail(f"no fundus truth at {CORPUS} (a fresh clone has no ../shared/corpus)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(
        "dates_fallback_bench", ROOT / "benchmarks" / "dates_fallback.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    for source, floor in ABLATION_FLOORS.items():
        pages = [(r, p) for r, p in bench.load(CORPUS, [source]) if r.get("date")]
        right = 0
        for row, page in pages:
            body, url = bench.strip(page, row["url"], "b")
            got = bench.run_newscrawler(body, url)["date"] or ""
            right += got[:10] == row["date"][:10]
        assert right / len(pages) >= floor, f"{source}: {right}/{len(pages)} < {floor}"


def test_a_home_made_microdata_update_property_dates_a_page_that_says_nothing_else():
    # Not schema.org's dateModified: a wiki's own "last updated" property, its only date.
    for name in ("dateUpdated", "lastUpdated", "date-changed"):
        body = (f"<article><h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p>"
                f"<span itemprop='{name}' content='2019-03-07 10:12:00'></span></article>")
        assert (published(body, url="https://wiki.example/item/schlagzeile") or "").startswith(
            "2019-03-07"), name
