"""Date choice: each source function on its own, then the reconciliation step, then raw values.

Fragments are shaped like the real pages that taught each rule (no site names). A source
function is asked only about its own place on the page; ``reconcile`` only about conflicts.
"""

from __future__ import annotations

from newscrawler.extract import extract_article
from newscrawler.extract.date_choice import (
    DateCandidate,
    DatePage,
    choose_dates,
    json_ld_modified,
    json_ld_published,
    last_change,
    meta_modified,
    meta_published,
    other_objects,
    page_summary,
    paragraph_dateline,
    reconcile,
    scripts,
    shift_midnight,
    stamp_anywhere,
    url_date,
    visible,
)
from newscrawler.extract.html import parse_html
from newscrawler.extract.page import ArticlePage
from newscrawler.extract.title import TitleChooser

URL = "https://blatt.example/politik/schlagzeile-des-tages"
TEXT = "Ein Satz mit genug Wörtern, damit er als echter Absatz des Artikels zählt. " * 3


def html(head: str = "", article: str = "", body_extra: str = "") -> str:
    return (
        f"<html lang=de><head><title>Schlagzeile des Tages</title>{head}</head><body>"
        f"<header><a href='/'>Das Blatt</a></header><article><h1>Schlagzeile des Tages</h1>"
        f"{article}<p>{TEXT}</p></article>{body_extra}</body></html>"
    )


def date_page(markup: str, url: str = URL) -> DatePage:
    article = ArticlePage(parse_html(markup), url)
    chooser = TitleChooser(article.root, article.data, url, [])
    chooser.choose()
    return DatePage(article.root, article.data, url, chooser.node)


def ld(**fields: str) -> str:
    body = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {body}}}</script>'


# --- sources ---------------------------------------------------------------------------------


def test_json_ld_gives_the_article_objects_dates():
    page = date_page(html(ld(datePublished="2024-05-03T15:47:42+02:00",
                             dateModified="2024-05-04T09:00:00+02:00")))
    assert json_ld_published(page) == [DateCandidate("2024-05-03T15:47:42+02:00", "json-ld")]
    assert json_ld_modified(page) == [DateCandidate("2024-05-04T09:00:00+02:00", "json-ld")]


def test_meta_reads_open_graph_and_microdata():
    page = date_page(html(
        '<meta property="article:published_time" content="2023-04-28T06:00:00Z">'
        '<meta property="article:modified_time" content="2023-04-29T06:00:00Z">'))
    assert [c.raw for c in meta_published(page)] == ["2023-04-28T06:00:00Z"]
    assert {c.source for c in meta_published(page) + meta_modified(page)} == {"meta"}
    page = date_page(html(article='<span itemprop="datePublished" content="2023-04-27">x</span>'))
    assert {c.raw for c in meta_published(page)} == {"2023-04-27"}


def test_visible_stamp_under_the_headline_names_its_element():
    page = date_page(html(article='<time datetime="2022-11-21T10:00:00+01:00">21.11.2022</time>'))
    assert visible(page) == DateCandidate("2022-11-21T10:00:00+01:00", "time", 0)
    page = date_page(html(article="<div class=meta>Veröffentlicht am 21. November 2022</div>"))
    found = visible(page)
    assert found is not None and found.source == "text" and found.raw == "21. November 2022"


def test_updated_stamp_is_ranked_below_the_others():
    page = date_page(html(article="<div class=meta>Aktualisiert am 22. November 2022</div>"))
    assert visible(page).rank == 3


def test_url_date_paths():
    page = date_page(html(), "https://news.example/2023/11/25/story-title/")
    assert url_date(page) == DateCandidate("2023-11-25", "url")
    page = date_page(html(), "https://news.example/world/20241203-story/")
    assert url_date(page) == DateCandidate("2024-12-03", "url")
    assert url_date(date_page(html(), "https://news.example/2023/13/45/story")) is None
    assert url_date(date_page(html(), URL)) is None


def test_fallback_other_json_ld_objects():
    markup = html('<script type="application/ld+json">{"@type": "WebPage", '
                  '"datePublished": "2021-03-04"}</script>')
    assert other_objects(date_page(markup), None, None) == DateCandidate("2021-03-04", "json-ld")


def test_fallback_last_change_prefers_the_structured_modified_date():
    modified = DateCandidate("2021-03-05T10:00:00Z", "meta")
    assert last_change(date_page(html()), modified, None) is modified
    updated = DateCandidate("5. März 2021", "text", 3)
    assert last_change(date_page(html()), None, updated) is updated
    assert last_change(date_page(html()), None, None) is None


def test_fallback_scripts():
    markup = html('<script>window.__STATE__ = {"publishedDate": "2021-03-04T08:00:00Z"}</script>')
    assert scripts(date_page(markup), None, None) == DateCandidate("2021-03-04T08:00:00Z", "script")
    assert scripts(date_page(html()), None, None) is None


def test_fallback_stamp_anywhere_outside_furniture():
    markup = html(body_extra=f"<div><p>{TEXT}</p><span class='post-date'>4. März 2021</span></div>")
    assert stamp_anywhere(date_page(markup), None, None) == DateCandidate("4. März 2021", "text")


def test_fallback_dateline_opens_a_paragraph():
    markup = html(article="<p>Berlin, 21.11.2022 – Der Verband teilt mit, dass alles gut ist.</p>")
    assert paragraph_dateline(date_page(markup), None, None) == DateCandidate("21.11.2022", "text")


def test_fallback_page_summary_reads_title_then_description():
    markup = ("<html><head><title>Bericht vom 3. Mai 2020</title></head>"
              f"<body><h1>Bericht</h1><p>{TEXT}</p></body></html>")
    assert page_summary(date_page(markup), None, None) == DateCandidate("3. Mai 2020", "text")


# --- reconciliation --------------------------------------------------------------------------


def _reconcile(published, modified, seen):
    return reconcile(published, modified, seen, parse_html(html()))


def test_reconcile_keeps_structured_data_without_a_visible_stamp():
    meta = DateCandidate("2023-04-28T06:00:00+02:00", "meta")
    assert _reconcile(meta, None, None) is meta


def test_reconcile_utc_meta_that_shows_the_pages_wall_clock_is_local_time():
    meta = DateCandidate("2023-04-28T09:30:00Z", "meta")
    seen = DateCandidate("28.04.2023 09:30", "text", 1)
    assert _reconcile(meta, None, seen) is seen


def test_reconcile_utc_meta_across_midnight_takes_the_pages_local_day():
    meta = DateCandidate("2023-04-27T22:30:00Z", "meta")
    seen = DateCandidate("2023-04-28", "time", 0)
    assert _reconcile(meta, None, seen) is seen


def test_reconcile_older_stamp_under_the_headline_beats_a_re_saved_meta():
    meta = DateCandidate("2023-05-10T08:00:00+02:00", "meta")
    seen = DateCandidate("2023-04-28T08:00:00+02:00", "time", 0)
    assert _reconcile(meta, None, seen) is seen


def test_reconcile_keeps_the_modified_day_out_of_published():
    meta = DateCandidate("2023-04-28T08:00:00+02:00", "json-ld")
    modified = DateCandidate("2023-05-02T07:00:00+02:00", "json-ld")
    seen = DateCandidate("2. Mai 2023", "text", 1)  # the page shows its last change
    assert _reconcile(meta, modified, seen) is meta


def test_reconcile_never_takes_an_updated_stamp_over_metadata():
    meta = DateCandidate("2023-04-28T08:00:00+02:00", "meta")
    seen = DateCandidate("2. Mai 2023", "text", 3)
    assert _reconcile(meta, None, seen) is meta
    assert _reconcile(None, None, seen) is None  # left to the "last change" fallback


def test_reconcile_plain_date_after_the_last_change_is_an_announced_event():
    modified = DateCandidate("2023-04-28T08:00:00+02:00", "meta")
    seen = DateCandidate("12. Juni 2023", "text", 1)
    assert _reconcile(None, modified, seen) is None
    assert _reconcile(None, None, seen) is seen


# --- the whole choice and raw values ---------------------------------------------------------


def test_url_date_outranks_a_differing_day_but_keeps_a_stamp_of_that_day():
    url = "https://news.example/2023/04/27/story/"
    markup = html('<meta property="article:published_time" content="2023-05-10T08:00:00+02:00">'
                  '<meta property="article:modified_time" content="2023-04-27T18:00:00+02:00">')
    chosen = choose_dates(date_page(markup, url).root, date_page(markup, url).data, url, None)
    assert chosen.published == DateCandidate("2023-04-27T18:00:00+02:00", "meta")
    markup = html('<meta property="article:published_time" content="2023-05-10T08:00:00+02:00">')
    page = date_page(markup, url)
    assert choose_dates(page.root, page.data, url, None).published == DateCandidate(
        "2023-04-27", "url")


def test_raw_value_stays_as_printed_and_the_day_is_the_local_one():
    article = extract_article(html(ld(datePublished="2022-11-06T23:00:00.000Z")), URL)
    assert article.published_raw == "2022-11-06T23:00:00.000Z"
    assert article.published_source == "json-ld"
    assert article.published.startswith("2022-11-07T00:00:00+01:00")


def test_shift_midnight_keeps_the_instant_and_only_touches_22_and_23_sharp():
    from datetime import UTC, datetime

    stamp = datetime(2022, 11, 6, 22, 0, tzinfo=UTC)
    shifted = shift_midnight("2022-11-06T22:00:00Z", stamp)
    assert shifted == stamp and shifted.isoformat() == "2022-11-07T00:00:00+02:00"
    evening = datetime(2022, 11, 6, 20, 0, tzinfo=UTC)
    assert shift_midnight("2022-11-06T20:00:00Z", evening).isoformat().startswith("2022-11-06")
    late = datetime(2022, 11, 6, 23, 17, tzinfo=UTC)
    assert shift_midnight("2022-11-06T23:17:00Z", late) is late


def test_article_records_where_its_date_came_from():
    cases = {
        "json-ld": html(ld(datePublished="2024-05-03T15:47:42+02:00")),
        "meta": html('<meta property="article:published_time" content="2024-05-03T15:47:42Z">'),
        "time": html(article='<time datetime="2024-05-03T15:47:42+02:00">3. Mai</time>'),
        "text": html(article="<div class=meta>Veröffentlicht am 3. Mai 2024</div>"),
    }
    for source, markup in cases.items():
        article = extract_article(markup, URL)
        assert (article.published_source, article.published[:10]) == (source, "2024-05-03")
    article = extract_article(html(), "https://news.example/2024/05/03/story/")
    assert (article.published_source, article.published_raw) == ("url", "2024-05-03")
    assert article.published_precision == "day"
    assert extract_article(html(), URL).published_source is None
