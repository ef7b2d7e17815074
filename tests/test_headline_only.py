"""A headline-only article (a breaking-news "عاجل" item: title, date, author, category, no text)
is archived with an empty body and ``body_missing``, exported and found by its title; a listed
page that is not an article (no date) is still dropped."""

from __future__ import annotations

import json

from tests.helpers import newscrawler, rows
from tests.servers import HTML, RouteServer

TEXT = ("<p>أفادت مصادر مطلعة أن النقاش ما زال مفتوحا بين مختلف الأطراف المعنية بالملف.</p>"
        "<p>وأكد مسؤول محلي أن الإجراءات ستدخل حيز التنفيذ خلال الأسابيع المقبلة.</p>")


def post(title: str, body: str, date: str | None) -> bytes:
    time = f'<time class="entry-date" datetime="{date}">{date[:10]}</time>' if date else ""
    return f"""<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article class="post type-post"><header class="entry-header"><h1 class="entry-title">{title}</h1>
<span class="byline">بقلم <a rel="author" href="/author/a">سعاد المرابط</a></span> {time}</header>
<div class="entry-content">{body}</div>
<footer><span class="cat-links"><a href="/category/society" rel="category tag">مجتمع</a></span></footer>
</article></body></html>""".encode()


def test_a_headline_only_article_is_kept_and_a_dateless_page_is_not(tmp_path):
    listing = b"""<html lang="ar"><body><h1>Category: society</h1><main>
<article><h2><a href="/2024/05/01/breaking-101">breaking</a></h2></article>
<article><h2><a href="/2024/05/01/story-102">story</a></h2></article>
<article><h2><a href="/pages/about-103">about</a></h2></article></main></body></html>"""
    headline = "عاجل: زلزال بقوة 5 درجات يضرب سواحل الحسيمة"
    routes = {
        "/category/society": (200, HTML, listing),
        "/2024/05/01/breaking-101": (200, HTML, post(headline, "", "2024-05-01T21:05:00+01:00")),
        "/2024/05/01/story-102": (200, HTML, post("خبر كامل عن المدينة", TEXT, "2024-05-01T10:00:00+01:00")),
        "/pages/about-103": (200, HTML, post("من نحن", "", None)),
    }
    db = tmp_path / "h.db"
    with RouteServer(routes) as site:
        result = newscrawler("crawl", site.url("/category/society"), "--db", str(db))
        assert result.returncode == 0, result.stderr
        kept = dict(rows(db, "SELECT url, body_missing FROM articles"))
        assert kept == {site.url("/2024/05/01/breaking-101"): 1, site.url("/2024/05/01/story-102"): 0}
        assert "/pages/about-103" in site.requests  # fetched, read, and dropped: not an article
    stats = json.loads(rows(db, "SELECT stats FROM crawl_runs")[0][0])
    assert stats["newscrawler/dropped"] == 1 and stats["newscrawler/body_missing"] == 1
    assert rows(db, "SELECT title, body, section FROM articles WHERE body_missing = 1") == [
        (headline, "", "مجتمع")]
    found = newscrawler("search", "زلزال الحسيمة", "--db", str(db), "--json")
    assert [hit["title"] for hit in json.loads(found.stdout)] == [headline]
    exported = newscrawler("export", "--db", str(db), "--fields", "title,body_missing")
    assert {json.dumps(json.loads(line), ensure_ascii=False) for line in exported.stdout.splitlines()} == {
        json.dumps({"title": headline, "body_missing": True}, ensure_ascii=False),
        json.dumps({"title": "خبر كامل عن المدينة", "body_missing": False}, ensure_ascii=False),
    }


def test_a_text_is_a_sentence_in_any_script_and_a_meta_line_is_not():
    from newscrawler.extract.body import has_sentence

    assert not has_sentence("Posted\n\n20 يونيو 2023\n\nin\n\nby\n\nفاطمة الزهراء بنعلي")
    assert has_sentence("عاجل: زلزال بقوة 5 درجات يضرب سواحل الحسيمة")
    assert has_sentence("国务院常务会议今天在北京召开，会议研究部署了进一步扩大内需促进消费的政策措施。")
