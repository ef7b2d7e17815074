"""Traps a hostile or broken news server sets, crawled by the real CLI — one test per trap.

One hostile site on 127.0.0.1 holds three sections: a section whose teasers lead to two good
articles and to every trap (bombs, a 50 MB page, a trickle, loops, off-site redirects, endless
5xx, 429s, PDFs, legacy encodings, broken JSON-LD, deep markup, absurd dates, a calendar, links
in other schemes, a robots.txt ban), a section that paginates for ever over the same articles,
and one that paginates for ever over ever-new generated articles. It is crawled once (as a cron
run would meet it), then each test checks what became of its trap: a clean skip or the right
article — and for the crawl as a whole: no hang, bounded memory, no stray row, a sound archive.
"""

from __future__ import annotations

import gzip
import json
import re
import time

import pytest

from newscrawler.cli.base import EXIT_BUDGET
from tests.helpers import crawl, last_run_stats, record, rows
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import compressed_bomb, huge, page, redirect, send, trickle

GOOD = {"/archives/101": "المجلس البلدي يصادق على ميزانية السنة المقبلة",
        "/archives/102": "افتتاح مكتبة جديدة في حي الأمل بعد سنوات من الانتظار"}
T429 = "الحكومة تعلن عن برنامج جديد لدعم الشباب في القرى"
ENCODED = {"windows-1256": ("/archives/683", "وزير التربية يعلن عن إصلاح شامل للمناهج الدراسية"),
           "iso-8859-6": ("/archives/663", "وزيرة الصحة تفتتح مستشفى إقليميا في الجنوب")}
ENCODED_BODY = "قال الوزير في ندوة صحفية إن الإصلاح سيشمل جميع المستويات الدراسية ابتداء من الموسم المقبل. "
JSON_LD = "البرلمان يصادق على قانون المالية بعد نقاش طويل"
DEEP = "تقرير يرصد تطور حركة النقل في المدينة خلال عشر سنوات"
TRUNCATED = "نقابة التعليم تدعو إلى إضراب وطني الأسبوع المقبل"
YEARS = {2099: ("/archives/690", "خبر بتاريخ غريب من سنة 2099 عن المدينة"),
         1900: ("/archives/692", "خبر بتاريخ غريب من سنة 1900 عن المدينة")}
SECRET = "مقال في مسار ممنوع على الزواحف"
STOLEN = "مقال على موقع آخر لا يجوز أن يدخل الأرشيف"
CALENDAR = re.compile(r"^أرشيف اليوم \d+ للأخبار المحلية$")
GENERATED = re.compile(r"^خبر مولد رقم \d+ عن المدينة$")
BAD_SCHEMES = ["file:///etc/passwd", "ftp://127.0.0.1/archives/1234", "data:text/html,<h1>x</h1>",
               "javascript:alert(1)", "gopher://127.0.0.1/1", "mailto:a@b.c"]
TRACKED = ["/archives/101?utm_source=facebook&utm_medium=social", "/archives/101?fbclid=IwAR0xyz",
           "/archives/101#comments", "/archives/101?utm_campaign=x#respond"]
MEMORY_MB = 450       # a crawl of a small site takes ~150 MB; a bomb that got through, GBs
PER_SECTION = 80      # NEWSCRAWLER_MAX_PAGES_PER_SECTION for this crawl
DOWNLOAD_TIMEOUT = 5


def _routes(site: HostileSite) -> dict:
    served: dict = {"429": []}

    def busy(h):
        served["429"].append(time.monotonic())
        if len(served["429"]) == 1:
            send(h, 429, "<h1>slow down</h1>", headers={"Retry-After": "2"})
        else:
            send(h, 200, article_page(T429))

    counter = iter(range(10**6))

    def chain(h):
        redirect(f"/archives/675-{next(counter)}")(h)

    def calendar(h):
        day = int((h.path.split("day=") + ["0"])[1] or 0)
        links = [f"/archives/calendar-news-0-day?day={day + k}" for k in range(1, 4)]
        send(h, 200, article_page(f"أرشيف اليوم {day} للأخبار المحلية", after=listing_page(links)))

    def endless(h):
        n = int((h.path.split("page=") + ["1"])[1] or 1)
        send(h, 200, listing_page(list(GOOD), next_url=f"/endless/?page={n + 1}"))

    def generator(h):
        n = int((h.path.split("page=") + ["1"])[1] or 1)
        links = [f"/generated/{n * 1000 + i}" for i in range(5)]
        send(h, 200, listing_page(links, next_url=f"/generator/?page={n + 1}"))

    def generated(h):
        send(h, 200, article_page(f"خبر مولد رقم {h.path.rsplit('/', 1)[1]} عن المدينة"))

    jsonld_blocks = [
        '{"@type": "NewsArticle", "headline": "broken',
        json.dumps({"@type": "WebPage", "name": "x" * 3_000_000}),
        json.dumps({"@context": "https://schema.org", "@graph": [
            {"@type": "Organization", "name": "جريدة المدينة"},
            {"@type": "NewsArticle", "headline": JSON_LD, "datePublished": "2024-03-05T10:00:00+01:00"}]},
            ensure_ascii=False),
        "[[[[[[[[[[" * 2000, "null", "{}", '{"@type": ["NewsArticle"], "headline": {"@value": 42}}',
    ]
    deep_body = "تتواصل الأشغال في الطريق الرئيسية\x00 التي تربط وسط المدينة بالأحياء الجديدة. " * 6
    deep = article_page(DEEP, body=deep_body, before="<div>" * 20000 + "<span>عمق</span>" + "</div>" * 20000,
                        after="<b>" * 20000).encode() + b"\x00" * 1000
    truncated = article_page(TRUNCATED).encode()
    other, port = site.offsite.base_url, site.main.port
    routes = {path: page(article_page(title)) for path, title in GOOD.items()}
    routes.update({
        # size
        "/archives/666": compressed_bomb("gzip", 512),
        "/archives/665": compressed_bomb("deflate", 512),
        "/archives/667": huge(50, declare_length=True),
        "/archives/664": huge(50, declare_length=False),
        # time
        "/archives/668": trickle(),
        "/archives/669": page("<h1>down</h1>", status=503),
        "/archives/670": busy,
        "/archives/671": page("<h1>slow</h1>", status=429, Retry_After="86400"),
        # redirects
        "/archives/672": redirect("/archives/673"),
        "/archives/673": redirect("/archives/672"),
        "/archives/674": redirect("/archives/674"),
        "/archives/675": chain,
        **{f"/archives/675-{n}": chain for n in range(1000)},
        "/archives/676": redirect(f"{other}/archives/900"),
        "/archives/677": redirect(f"http://localhost:{port}/archives/101"),
        "/archives/678": redirect(f"http://127.0.0.1:{site.offsite.port}/archives/900"),
        # not articles
        "/archives/680": page(b"%PDF-1.4\n" + b"\x00" * 5000, "application/pdf"),
        "/archives/681": page(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000, "image/png"),
        "/archives/682": page(b"\xff\xd8\xff\xe0" + b"\x00" * 5000, ""),
        "/files/report-2024.pdf": page(b"%PDF-1.4", "application/pdf"),
        # encodings and markup
        **{path: page(article_page(title, body=ENCODED_BODY * 6, charset_meta=False).encode(codec), "text/html")
           for codec, (path, title) in ENCODED.items()},
        "/archives/684": page(article_page(JSON_LD, head="".join(
            f'<script type="application/ld+json">{b}</script>' for b in jsonld_blocks))),
        "/archives/685": page(deep),
        "/archives/686": page(b"\x00\x01\x02<<<<>>>>" * 500),
        "/archives/687": page(truncated[: len(truncated) // 2]),
        "/archives/688": page(b""),
        "/archives/689": page(gzip.compress(article_page("مقال مضغوط دون ترويسة").encode()), "text/html"),
        # dates
        **{path: page(article_page(title, head=f'<meta property="article:published_time" content="{y}-05-01T10:00:00+01:00">',
                                   before=f"<time datetime='{y}-05-01'>1 ماي {y}</time>"))
           for y, (path, title) in YEARS.items()},
        # robots.txt
        "/robots.txt": page("User-agent: *\nDisallow: /archives/private/\n", "text/plain"),
        "/archives/private/691": page(article_page(SECRET)),
        # link traps
        "/archives/calendar-news-0-day": calendar,
        "/endless/": endless,
        "/generator/": generator,
        **{f"/generated/{n * 1000 + i}": generated for n in range(1, 300) for i in range(5)},
    })
    trap_links = [p for p in routes if p.startswith(("/archives/", "/files/"))
                  and not p.startswith(("/archives/675-", "/archives/calendar"))]
    extra = "".join(f"<article><h2><a href='{u}'>خبر خطير جدا عن المدينة</a></h2></article>" for u in BAD_SCHEMES)
    extra += "<link rel=next href='file:///etc/passwd'>"
    routes["/"] = page(listing_page(
        trap_links + TRACKED + [f"/archives/calendar-news-0-day?day={d}" for d in range(100)],
        extra=extra, next_url="file:///etc/hosts"))
    return routes, served


@pytest.fixture(scope="module")
def trapped(tmp_path_factory):
    """The hostile site crawled once, all three sections, --max-pages 0 (follow everything)."""
    db = tmp_path_factory.mktemp("hostile") / "news.db"
    with HostileSite() as site:
        routes, served = _routes(site)
        site.routes.update(routes)
        site.offsite_routes["/archives/900"] = page(article_page(STOLEN))
        run = crawl(site.url("/"), site.url("/endless/"), site.url("/generator/"),
                    "--db", str(db), "--max-pages", "0",
                    "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
                    "-s", f"NEWSCRAWLER_MAX_PAGES_PER_SECTION={PER_SECTION}", timeout=300)
        requests, offsite = list(site.requests), list(site.offsite.requests)
    assert not run.timed_out, f"the crawl hung ({run.seconds:.0f} s)"
    stats = last_run_stats(db)
    record("trap_crawl", seconds=round(run.seconds, 1), peak_mb=round(run.peak_mb),
           requests=len(requests), limits={k: v for k, v in stats.items() if "limits" in k})
    return {"db": db, "run": run, "requests": requests, "offsite": offsite, "served": served,
            "stats": stats}


def titles(t) -> set[str]:
    return {title for (title,) in rows(t["db"], "SELECT title FROM articles")}


def limit(t, name: str) -> int:
    return t["stats"].get(f"newscrawler/limits/{name}", 0)


def hits(t, prefix: str) -> int:
    return sum(r.split("#")[0].startswith(prefix) for r in t["requests"])


# -- the crawl as a whole -------------------------------------------------------------------
def test_the_crawl_ends_cleanly_with_bounded_memory(trapped):
    run = trapped["run"]
    # The per-section budget stops the endless sections: said, with its own exit code.
    assert run.returncode == EXIT_BUDGET, run.stderr[-3000:]
    assert "Stopped early: NEWSCRAWLER_MAX_PAGES_PER_SECTION" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 240
    assert run.peak_mb < MEMORY_MB, f"peak RSS {run.peak_mb:.0f} MB"


def test_the_archive_is_sound_and_holds_no_stray_row(trapped):
    db = trapped["db"]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM articles WHERE coalesce(title,'') = '' OR coalesce(body,'') = ''") == [(0,)]
    assert rows(db, "SELECT count(*) - count(DISTINCT url) FROM articles") == [(0,)]
    expected = {*GOOD.values(), T429, JSON_LD, DEEP, TRUNCATED, "مقال مضغوط دون ترويسة",
                *(t for _, t in ENCODED.values()), *(t for _, t in YEARS.values())}
    # the half page is judged by its own test below
    stored = {t for (t,) in rows(db, "SELECT title FROM articles WHERE url NOT LIKE '%/archives/687'")}
    stray = {t for t in stored - expected if not CALENDAR.match(t) and not GENERATED.match(t)}
    assert stray == set()
    assert set(GOOD.values()) <= titles(trapped)
    (status,), = rows(db, "SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert status == "finished"


# -- size ---------------------------------------------------------------------------------
def test_gzip_and_deflate_bombs_are_cut_at_the_size_limit(trapped):
    assert limit(trapped, "decompressed_size") == 2
    assert trapped["run"].peak_mb < MEMORY_MB


def test_50_mb_pages_are_given_up(trapped):
    assert limit(trapped, "size") == 2  # declared Content-Length, and streamed without one
    assert hits(trapped, "/archives/667") == hits(trapped, "/archives/664") == 1


# -- time ---------------------------------------------------------------------------------
def test_trickle_is_given_up_after_the_download_timeout(trapped):
    assert hits(trapped, "/archives/668") == 3  # RETRY_TIMES = 2
    assert limit(trapped, "timeout") == 3
    # three attempts of DOWNLOAD_TIMEOUT each, run beside the rest of the crawl
    assert trapped["run"].seconds < 3 * DOWNLOAD_TIMEOUT + 120


def test_endless_5xx_is_retried_then_given_up(trapped):
    assert hits(trapped, "/archives/669") == 3
    assert limit(trapped, "retries") >= 1


def test_429_with_retry_after_is_waited_for(trapped):
    first, second = trapped["served"]["429"]
    assert second - first >= 1.9
    assert T429 in titles(trapped)
    assert hits(trapped, "/archives/671") == 1  # a day's Retry-After is not waited, nor hammered
    assert limit(trapped, "retry_after") == 1


# -- redirects ----------------------------------------------------------------------------
def test_redirect_loops_end(trapped):
    assert hits(trapped, "/archives/675") <= 6  # REDIRECT_MAX_TIMES = 5
    assert hits(trapped, "/archives/674") == 1
    assert hits(trapped, "/archives/672") == hits(trapped, "/archives/673") == 1
    assert limit(trapped, "redirect_loop") >= 1
    assert limit(trapped, "redirects") == 1


def test_redirects_off_the_site_are_refused(trapped):
    assert trapped["offsite"] == []
    assert STOLEN not in titles(trapped)
    assert limit(trapped, "offsite_redirect") == 3


# -- what is not an article -----------------------------------------------------------------
def test_pdfs_and_images_linked_as_articles_are_skipped(trapped):
    assert trapped["stats"].get("newscrawler/skipped/not_html", 0) >= 2
    assert hits(trapped, "/files/") == 0  # a .pdf link is not even fetched


# -- encodings and markup -----------------------------------------------------------------
@pytest.mark.parametrize("codec", list(ENCODED))
def test_undeclared_legacy_arabic_encoding_is_decoded(trapped, codec):
    _, title = ENCODED[codec]
    assert title in titles(trapped)
    (body,), = rows(trapped["db"], "SELECT body FROM articles WHERE title = ?", [title])
    assert body.startswith(ENCODED_BODY.strip()[:20])


def test_broken_huge_and_multiple_json_ld(trapped):
    # Only the good block of the seven holds a date (the page's markup has none): reading it
    # through the broken, huge and odd blocks beside it is what gives the article its date.
    stored = rows(trapped["db"], "SELECT title, published FROM articles WHERE url LIKE '%/archives/684'")
    assert stored == [(JSON_LD, "2024-03-05T10:00:00+01:00")]


def test_20000_nested_elements_and_nul_bytes(trapped):
    """libxml2 stops at 2,048 levels (with huge_tree); the page is parsed again with the
    nesting beyond 512 levels dropped, so the article after the trap is stored whole."""
    db = trapped["db"]
    assert hits(trapped, "/archives/685") == 1
    (title, body), = rows(db, "SELECT title, body FROM articles WHERE url LIKE '%/archives/685'")
    assert title == DEEP and body.startswith("تتواصل الأشغال في الطريق الرئيسية التي تربط")
    assert rows(db, "SELECT count(*) FROM articles WHERE instr(body, char(0)) OR instr(title, char(0))") == [(0,)]


def test_garbage_empty_and_truncated_pages(trapped):
    # garbage and an empty page are dropped; a page cut in half keeps its title (and what body
    # it has) or is dropped: never a row with a wrong title
    assert trapped["stats"].get("newscrawler/dropped", 0) >= 2
    assert hits(trapped, "/archives/686") == hits(trapped, "/archives/688") == 1


def test_page_cut_inside_a_utf8_character_keeps_its_title(trapped):
    stored = rows(trapped["db"], "SELECT title FROM articles WHERE url LIKE '%/archives/687'")
    assert stored == [(TRUNCATED,)]


# -- link traps ---------------------------------------------------------------------------
def test_infinite_pagination_over_the_same_articles_stops(trapped):
    assert hits(trapped, "/endless/") <= 5


def test_infinite_pagination_over_new_articles_is_bounded_by_the_section_budget(trapped):
    generated = hits(trapped, "/generator/") + hits(trapped, "/generated/")
    assert generated <= PER_SECTION
    assert limit(trapped, "pages_per_section") >= 1
    assert 0 < sum(bool(GENERATED.match(t)) for t in titles(trapped)) < PER_SECTION


def test_calendar_trap_of_ever_new_query_strings(trapped):
    assert hits(trapped, "/archives/calendar-news-0-day") <= 20  # NEWSCRAWLER_MAX_QUERY_VARIANTS
    assert limit(trapped, "query_variants") >= 80


def test_tracking_parameters_and_fragments_fetch_one_article(trapped):
    assert [r for r in trapped["requests"] if r.startswith("/archives/101")] == ["/archives/101"]
    assert rows(trapped["db"], "SELECT count(*) FROM articles WHERE url LIKE '%/archives/101%'") == [(1,)]


@pytest.mark.parametrize("year", list(YEARS))
def test_absurd_dates_are_not_stored(trapped, year):
    _, title = YEARS[year]
    (published,), = rows(trapped["db"], "SELECT published FROM articles WHERE title = ?", [title])
    # never in the future, never before news was on the web (normalize.dates.MIN_YEAR)
    assert published is None


# -- security ---------------------------------------------------------------------------
def test_robots_txt_is_obeyed(trapped):
    assert "/robots.txt" in trapped["requests"]
    assert hits(trapped, "/archives/private/") == 0
    assert SECRET not in titles(trapped)
    assert trapped["stats"].get("robotstxt/forbidden", 0) == 1


def test_only_http_and_https_are_followed(trapped):
    dump = json.dumps(rows(trapped["db"], "SELECT title, body FROM articles"), ensure_ascii=False)
    assert "root:" not in dump and "localhost" not in dump
    assert not any(r.startswith(("ftp", "/1")) for r in trapped["requests"])
