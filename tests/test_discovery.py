"""Discovery parsers on realistic feeds, sitemaps and WordPress API answers, and on attacks."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.crawl.discovery import (
    Feed,
    FeedEntry,
    Sitemap,
    SitemapEntry,
    SitemapRef,
    WpCategory,
    WpPost,
    entry_datetime,
    feed_links,
    guess_feed_urls,
    parse_feed,
    parse_sitemap,
    parse_wp_categories,
    parse_wp_posts,
    robots_sitemaps,
    wordpress_feed_page,
    wp_api_root,
    wp_category_id,
    wp_category_slug,
    wp_rest_categories_url,
    wp_rest_posts_url,
    wp_total_pages,
)

SITE = "https://alouma24.ma"
SECTION = "https://alouma24.ma/archives/category/مجتمع"

# --- fixtures ------------------------------------------------------------------------------

SECTION_HTML = """<!DOCTYPE html>
<html dir="rtl" lang="ar"><head>
<meta charset="UTF-8">
<title>مجتمع &#8211; الأمة 24</title>
<link rel="alternate" type="application/rss+xml" title="الأمة 24 &raquo; الخلاصة" href="https://alouma24.ma/feed" />
<link rel="alternate" type="application/rss+xml" title="الأمة 24 &raquo; خلاصة التعليقات" href="https://alouma24.ma/comments/feed" />
<link rel="alternate" type="application/rss+xml" title="الأمة 24 &raquo; مجتمع خلاصة التصنيف" href="/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9/feed?utm_source=x#top" />
<link rel="alternate" type="application/atom+xml" href="https://alouma24.ma/feed/atom" />
<link rel="alternate" type="application/rss+xml" href="https://alouma24.ma/feed" />
<link rel="alternate" hreflang="fr" href="https://fr.alouma24.ma/" />
<link rel="stylesheet" type="text/css" href="/style.css" />
<link rel="https://api.w.org/" href="https://alouma24.ma/wp-json/" />
<link rel="alternate" title="JSON" type="application/json" href="https://alouma24.ma/wp-json/wp/v2/categories/12" />
</head><body><h1>مجتمع</h1></body></html>"""

WP_RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>مجتمع &#8211; الأمة 24</title>
	<atom:link href="https://alouma24.ma/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9/feed" rel="self" type="application/rss+xml" />
	<link>https://alouma24.ma</link>
	<description>جريدة إلكترونية مغربية</description>
	<lastBuildDate>Tue, 14 Mar 2023 18:02:11 +0000</lastBuildDate>
	<language>ar</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.1.1</generator>
	<item>
		<title>الحكومة تعلن عن إجراءات جديدة لدعم الأسر &#8220;المعوزة&#8221;</title>
		<link>https://alouma24.ma/archives/412345?utm_source=rss&amp;utm_medium=rss#respond</link>
		<comments>https://alouma24.ma/archives/412345#respond</comments>
		<dc:creator><![CDATA[هيئة التحرير]]></dc:creator>
		<pubDate>Tue, 14 Mar 2023 17:45:03 +0000</pubDate>
		<category><![CDATA[مجتمع]]></category>
		<guid isPermaLink="false">https://alouma24.ma/?p=412345</guid>
		<description><![CDATA[<p>أعلنت الحكومة&#8230;</p>]]></description>
		<slash:comments>0</slash:comments>
	</item>
	<item>
		<title><![CDATA[تساقطات مطرية مرتقبة بعدد من مناطق المملكة]]></title>
		<link>https://alouma24.ma/archives/412301</link>
		<pubDate>Tue, 14 Mar 2023 15:10:00 +0000</pubDate>
		<guid isPermaLink="false">https://alouma24.ma/?p=412301</guid>
	</item>
	<item>
		<title>بدون رابط</title>
		<guid isPermaLink="true">https://alouma24.ma/archives/412299</guid>
		<pubDate>Tue, 14 Mar 2023 14:00:00 +0000</pubDate>
	</item>
	<item><title>رابط غير صالح</title><link>javascript:alert(1)</link></item>
	<item><title>مكرر</title><link>https://alouma24.ma/archives/412301#comments</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar" xml:base="https://www.example-news.com/">
  <title type="text">أخبار المثال</title>
  <id>tag:example-news.com,2023:feed</id>
  <updated>2023-03-14T18:00:00Z</updated>
  <link rel="self" href="https://www.example-news.com/feed.atom?page=1"/>
  <link rel="next" href="feed.atom?page=2"/>
  <entry>
    <title type="html">وزير &lt;b&gt;الخارجية&lt;/b&gt; يستقبل نظيره</title>
    <link rel="alternate" type="text/html" href="/politics/2023/03/14/minister-meets-counterpart"/>
    <link rel="enclosure" href="/img/1.jpg"/>
    <id>tag:example-news.com,2023:article-1001</id>
    <published>2023-03-14T17:30:00+01:00</published>
    <updated>2023-03-14T17:45:00+01:00</updated>
  </entry>
  <entry xml:base="https://www.example-news.com/economy/">
    <title>ارتفاع أسعار الذهب</title>
    <link href="gold-prices-rise-1002"/>
    <id>https://www.example-news.com/economy/gold-prices-rise-1002</id>
    <updated>2023-03-14T12:00:00Z</updated>
  </entry>
  <entry>
    <title>بلا رابط ولا معرف صالح</title>
    <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.org/rss">
    <title>أخبار</title>
    <link>https://news.example.org/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://news.example.org/a/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://news.example.org/a/1">
    <title>خبر أول</title>
    <link>https://news.example.org/a/1</link>
    <dc:date>2023-03-14T10:00:00+02:00</dc:date>
  </item>
  <item rdf:about="https://news.example.org/a/2">
    <title>خبر ثان</title>
    <dc:date>2023-03-13T10:00:00+02:00</dc:date>
  </item>
</rdf:RDF>
"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="https://alouma24.ma/wp-sitemap-index.xsl" ?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://alouma24.ma/wp-sitemap-posts-post-1.xml</loc></sitemap>
  <sitemap><loc>https://alouma24.ma/wp-sitemap-posts-post-2.xml</loc><lastmod>2023-03-14T18:02:11+00:00</lastmod></sitemap>
  <sitemap><loc>/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>
  <sitemap><loc>ftp://alouma24.ma/not-http.xml</loc></sitemap>
</sitemapindex>
"""

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://www.hespress.com/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-1134567.html</loc>
       <lastmod>2023-03-14T17:45:03+01:00</lastmod>
       <image:image><image:loc>https://i1.hespress.com/1.jpg</image:loc></image:image></url>
  <url><loc> https://www.hespress.com/sport-1134568.html?utm_campaign=x </loc></url>
  <url><loc></loc></url>
  <url><lastmod>2023-03-14</lastmod></url>
</urlset>
"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.youm7.com/story/2023/3/14/الرئيس-يفتتح-مشروعات-جديدة/6112233</loc>
    <news:news>
      <news:publication>
        <news:name>اليوم السابع</news:name>
        <news:language>ar</news:language>
      </news:publication>
      <news:publication_date>2023-03-14T19:30:00+02:00</news:publication_date>
      <news:title>الرئيس يفتتح مشروعات جديدة &amp; يتفقد أخرى</news:title>
    </news:news>
  </url>
  <url><loc>https://www.youm7.com/story/2023/3/14/خبر-بلا-أخبار/6112234</loc></url>
</urlset>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
{body}
"""

WP_POSTS = json.dumps(
    [
        {
            "id": 412345,
            "date_gmt": "2023-03-14T17:45:03",
            "modified_gmt": "2023-03-14T18:02:11",
            "link": "https://alouma24.ma/archives/412345",
            "title": {"rendered": "الحكومة تعلن &#8220;إجراءات&#8221; <em>جديدة</em>"},
        },
        {
            "id": 412301,
            "date_gmt": "2023-03-14T15:10:00",
            "modified_gmt": "2023-03-14T15:10:00",
            "link": "https://alouma24.ma/archives/412301?utm_source=api",
            "title": {"rendered": "تساقطات مطرية"},
        },
        {"id": "not-an-int", "link": "https://alouma24.ma/archives/1"},
        {"id": 3, "link": "mailto:x@y"},
        "junk",
    ],
    ensure_ascii=False,
)

WP_CATEGORIES = json.dumps(
    [
        {
            "id": 12,
            "name": "مجتمع &amp; ناس",
            "slug": "%d9%85%d8%ac%d8%aa%d9%85%d8%b9",
            "link": "https://alouma24.ma/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9",
        },
        {"id": True, "name": "x", "slug": "x"},
    ],
    ensure_ascii=False,
)


def big_urlset(n: int) -> bytes:
    urls = "".join(f"<url><loc>https://example.com/news/{i}-article</loc></url>" for i in range(n))
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    ).encode()


# --- feed links ----------------------------------------------------------------------------


def test_feed_links_absolute_clean_in_order_without_comment_feeds():
    assert feed_links(SECTION_HTML, SECTION) == [
        "https://alouma24.ma/feed",
        "https://alouma24.ma/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9/feed",
        "https://alouma24.ma/feed/atom",
    ]


def test_feed_links_respects_base_href():
    page = '<html><head><base href="https://cdn.example.com/ar/"><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>'
    assert feed_links(page, "https://example.com/") == ["https://cdn.example.com/ar/atom.xml"]


@pytest.mark.parametrize("page", ["", b"", None, "<<<>>>", b"\x00\xff\xfe", "plain text"])
def test_feed_links_garbage(page):
    assert feed_links(page, SITE) == []


def test_guess_feed_urls_for_wordpress():
    assert guess_feed_urls(SECTION) == [
        "https://alouma24.ma/archives/category/مجتمع/feed/",
        "https://alouma24.ma/feed/",
    ]
    assert guess_feed_urls("https://alouma24.ma/") == ["https://alouma24.ma/feed/"]
    assert guess_feed_urls("not a url") == []


# --- feeds ---------------------------------------------------------------------------------


def test_wordpress_rss_feed():
    feed = parse_feed(WP_RSS.encode("utf-8"), "https://alouma24.ma/archives/category/x/feed")
    assert feed.kind == "rss"
    assert feed.title == "مجتمع – الأمة 24"
    assert feed.entries[0] == FeedEntry(
        link="https://alouma24.ma/archives/412345",
        title="الحكومة تعلن عن إجراءات جديدة لدعم الأسر “المعوزة”",
        published="Tue, 14 Mar 2023 17:45:03 +0000",
        updated=None,
        guid="https://alouma24.ma/?p=412345",
    )
    assert feed.entries[1].title == "تساقطات مطرية مرتقبة بعدد من مناطق المملكة"
    # A permalink guid stands in for a missing <link>; javascript: and duplicates are dropped.
    assert [e.link for e in feed.entries] == [
        "https://alouma24.ma/archives/412345",
        "https://alouma24.ma/archives/412301",
        "https://alouma24.ma/archives/412299",
    ]
    assert feed.skipped == 0 and feed.error is None


def test_wordpress_feed_pages_with_paged():
    url = "https://alouma24.ma/archives/category/x/feed"
    assert parse_feed(WP_RSS, url).next_url == url + "?paged=2"
    assert parse_feed(WP_RSS, url + "?paged=2").next_url == url + "?paged=3"


def test_wordpress_feed_page_replaces_paged_and_keeps_the_rest():
    # The spider asks for page N of any feed that gave a full page without naming its next one.
    feed = "https://alouma24.ma/feed/"
    assert wordpress_feed_page(feed, 2) == feed + "?paged=2"
    assert wordpress_feed_page(feed + "?lang=ar&paged=3#top", 4) == feed + "?lang=ar&paged=4"


def test_rss_feed_as_str_with_encoding_declaration():
    feed = parse_feed(WP_RSS.replace("UTF-8", "windows-1256"), SITE)
    assert len(feed.entries) == 3


def test_rss_feed_in_windows_1256_bytes():
    body = WP_RSS.replace("UTF-8", "windows-1256").encode("cp1256", "replace")
    feed = parse_feed(body, SITE)
    assert feed.entries[1].title == "تساقطات مطرية مرتقبة بعدد من مناطق المملكة"


def test_rss_dates_are_raw_and_readable():
    feed = parse_feed(WP_RSS, SITE)
    assert entry_datetime(feed.entries[0].published) == datetime(2023, 3, 14, 17, 45, 3, tzinfo=UTC)


def test_atom_feed():
    feed = parse_feed(ATOM, "https://www.example-news.com/feed.atom")
    assert feed.kind == "atom"
    assert feed.title == "أخبار المثال"
    first, second = feed.entries
    assert first == FeedEntry(
        link="https://www.example-news.com/politics/2023/03/14/minister-meets-counterpart",
        title="وزير الخارجية يستقبل نظيره",
        published="2023-03-14T17:30:00+01:00",
        updated="2023-03-14T17:45:00+01:00",
        guid="tag:example-news.com,2023:article-1001",
    )
    assert second.link == "https://www.example-news.com/economy/gold-prices-rise-1002"
    assert second.published is None and second.updated == "2023-03-14T12:00:00Z"
    assert feed.next_url == "https://www.example-news.com/feed.atom?page=2"


def test_atom_relative_xml_base_resolves_against_the_feed_url():
    body = ATOM.replace('xml:base="https://www.example-news.com/"', 'xml:base="/ar/"')
    feed = parse_feed(body, "https://www.example-news.com/feeds/all.atom")
    assert feed.entries[0].link == (
        "https://www.example-news.com/politics/2023/03/14/minister-meets-counterpart"
    )
    assert feed.next_url == "https://www.example-news.com/ar/feed.atom?page=2"


def test_atom_next_link_in_rss():
    body = WP_RSS.replace(
        "<generator>", '<atom:link rel="next" href="https://alouma24.ma/feed?page=2"/><generator>'
    )
    assert parse_feed(body, SITE).next_url == "https://alouma24.ma/feed?page=2"


def test_feed_without_paging_has_no_next():
    body = WP_RSS.replace("<generator>https://wordpress.org/?v=6.1.1</generator>", "")
    assert parse_feed(body, SITE).next_url is None


def test_rss_1_rdf_feed():
    feed = parse_feed(RDF, "https://news.example.org/rss")
    assert feed.kind == "rdf"
    assert [(e.link, e.title, e.published) for e in feed.entries] == [
        ("https://news.example.org/a/1", "خبر أول", "2023-03-14T10:00:00+02:00"),
        ("https://news.example.org/a/2", "خبر ثان", "2023-03-13T10:00:00+02:00"),
    ]


def test_sloppy_feed_is_recovered():
    body = WP_RSS.replace("&amp;utm_medium", "&utm_medium").replace("</channel>", "")
    body = body.replace("لدعم الأسر", "لدعم&nbsp;الأسر")
    feed = parse_feed(body, SITE)
    assert feed.entries[0].link == "https://alouma24.ma/archives/412345"
    assert "لدعم الأسر" in feed.entries[0].title  # &nbsp; read, not dropped


def test_feed_is_capped():
    items = "".join(f"<item><link>https://e.com/a/{i}</link></item>" for i in range(30))
    feed = parse_feed(f"<rss><channel>{items}</channel></rss>", "https://e.com/", max_entries=10)
    assert len(feed.entries) == 10 and feed.skipped == 20


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        b"",
        b"\x00\x01\x02",
        "<html><body><h1>404</h1></body></html>",
        '{"not": "xml"}',
        "<rss/>",
        "<feed><entry><link href='https://x.com/a'/></entry></feed>",  # no Atom namespace
        b"\x1f\x8bnot really gzip",
        "<rss><channel><item><link>mailto:" + "x" * 100 + "</item></rss>",
    ],
)
def test_feed_garbage_gives_empty_feed(body):
    feed = parse_feed(body, SITE)
    assert isinstance(feed, Feed)
    assert feed.entries == []


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_parsers_never_raise(body):
    assert isinstance(parse_feed(body, SITE), Feed)
    assert isinstance(parse_sitemap(body, SITE), Sitemap)
    assert isinstance(feed_links(body, SITE), list)
    assert isinstance(parse_wp_posts(body), list)
    assert isinstance(parse_wp_categories(body), list)
    assert isinstance(robots_sitemaps(body), list)
    wp_api_root(body, SITE)


# --- attacks -------------------------------------------------------------------------------


def test_billion_laughs_does_not_expand():
    body = BILLION_LAUGHS.format(
        body="<rss><channel><title>t&lol9;</title>"
        "<item><title>x &lol9; y</title><link>https://e.com/a/1</link></item></channel></rss>"
    )
    start = time.monotonic()
    feed = parse_feed(body, "https://e.com/")
    assert time.monotonic() - start < 10  # generous: CI machines are shared
    assert "lollol" not in repr(feed)  # libxml2 refuses the document; nothing was expanded


def test_internal_entities_are_not_expanded():
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ad "BUY NOW">]>'
        "<rss><channel><item><title>x &ad; y</title><link>https://e.com/a/1</link></item>"
        "</channel></rss>"
    )
    assert parse_feed(body, "https://e.com/").entries[0].title == "x y"


def test_billion_laughs_in_sitemap_does_not_expand():
    body = BILLION_LAUGHS.format(
        body='<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://e.com/a/&lol9;</loc></url></urlset>"
    )
    start = time.monotonic()
    sitemap = parse_sitemap(body, "https://e.com/")
    assert time.monotonic() - start < 10  # generous: CI machines are shared
    assert all("lol" not in e.loc for e in sitemap.entries)


def xxe(target: str, body: str) -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">]>\n{body}'


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-4f2a", encoding="utf-8")
    return path


def test_xxe_does_not_read_files(secret_file):
    for target in (secret_file.as_uri(), "file:///etc/hostname"):
        body = xxe(
            target,
            "<rss><channel><title>&xxe;</title>"
            "<item><title>leak:&xxe;</title><link>https://e.com/a/1</link></item></channel></rss>",
        )
        feed = parse_feed(body, "https://e.com/")
        assert feed.entries[0].title == "leak:"
        assert "SECRET" not in repr(feed)
    hostname = open("/etc/hostname", encoding="utf-8").read().strip()
    body = xxe(
        "file:///etc/hostname", "<rss><channel><item><title>&xxe;</title></item></channel></rss>"
    )
    assert not hostname or hostname not in repr(parse_feed(body, "https://e.com/").entries)


def test_xxe_in_sitemap_does_not_read_files(secret_file):
    body = xxe(
        secret_file.as_uri(),
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://e.com/a/1</loc><lastmod>&xxe;</lastmod>"
        "<news:news xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
        "<news:title>&xxe;</news:title></news:news></url></urlset>",
    )
    sitemap = parse_sitemap(body, "https://e.com/")
    assert sitemap.entries[0].loc == "https://e.com/a/1"
    assert "SECRET" not in repr(sitemap)


def test_external_dtd_is_not_fetched(secret_file):
    body = f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{secret_file.as_uri()}"><rss><channel><item><link>https://e.com/a</link></item></channel></rss>'
    assert "SECRET" not in repr(parse_feed(body, "https://e.com/"))


def test_gzip_bomb_is_capped():
    bomb = gzip.compress(b"<" + b" " * (8 * 1024 * 1024))
    start = time.monotonic()
    sitemap = parse_sitemap(bomb, "https://e.com/sitemap.xml.gz", max_bytes=1024 * 1024)
    assert time.monotonic() - start < 10
    assert sitemap.entries == [] and "larger than" in sitemap.error


# --- sitemaps ------------------------------------------------------------------------------


def test_sitemap_index():
    sitemap = parse_sitemap(SITEMAP_INDEX.encode(), "https://alouma24.ma/wp-sitemap.xml")
    assert sitemap.kind == "index"
    assert sitemap.entries == []
    assert sitemap.sitemaps == [
        SitemapRef("https://alouma24.ma/wp-sitemap-posts-post-1.xml", None),
        SitemapRef("https://alouma24.ma/wp-sitemap-posts-post-2.xml", "2023-03-14T18:02:11+00:00"),
        SitemapRef("https://alouma24.ma/wp-sitemap-taxonomies-category-1.xml", None),
    ]


def test_urlset():
    sitemap = parse_sitemap(URLSET, "https://www.hespress.com/sitemap.xml")
    assert sitemap.kind == "urlset"
    assert sitemap.entries == [
        SitemapEntry(
            loc="https://www.hespress.com/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-1134567.html",
            lastmod="2023-03-14T17:45:03+01:00",
        ),
        SitemapEntry(loc="https://www.hespress.com/sport-1134568.html"),
    ]


def test_google_news_sitemap_keeps_news_fields():
    sitemap = parse_sitemap(NEWS_SITEMAP.encode(), "https://www.youm7.com/news-sitemap.xml")
    first, second = sitemap.entries
    assert first == SitemapEntry(
        loc="https://www.youm7.com/story/2023/3/14/الرئيس-يفتتح-مشروعات-جديدة/6112233",
        lastmod=None,
        news_publication_date="2023-03-14T19:30:00+02:00",
        news_title="الرئيس يفتتح مشروعات جديدة & يتفقد أخرى",
        news_publication_name="اليوم السابع",
        news_language="ar",
    )
    assert second.news_title is None and second.news_publication_date is None
    assert entry_datetime(first.news_publication_date) == datetime(2023, 3, 14, 17, 30, tzinfo=UTC)


def test_gzipped_sitemap():
    body = gzip.compress(NEWS_SITEMAP.encode())
    sitemap = parse_sitemap(body, "https://www.youm7.com/news-sitemap.xml.gz")
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 2 and sitemap.error is None


def test_truncated_sitemap_keeps_what_it_read():
    body = big_urlset(100)[:3000]
    sitemap = parse_sitemap(body, "https://example.com/sitemap.xml")
    assert 10 < len(sitemap.entries) < 100
    assert sitemap.error


def test_huge_sitemap_is_capped():
    body = big_urlset(100_000)
    sitemap = parse_sitemap(body, "https://example.com/sitemap.xml", max_entries=50_000)
    assert len(sitemap.entries) == 50_000
    assert sitemap.skipped == 50_000
    assert sitemap.entries[-1].loc == "https://example.com/news/49999-article"


@pytest.mark.parametrize(
    "body", [None, b"", "<html><body>Not found</body></html>", b"\x89PNG\r\n", "<urlset>"]
)
def test_sitemap_garbage(body):
    sitemap = parse_sitemap(body, SITE)
    assert sitemap.entries == [] and sitemap.sitemaps == []


def test_robots_sitemaps():
    robots = """# robots.txt for alouma24.ma
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: https://alouma24.ma/wp-sitemap.xml
sitemap:https://alouma24.ma/news-sitemap.xml # Google News
SITEMAP: /relative-sitemap.xml
Sitemap: https://alouma24.ma/wp-sitemap.xml
Sitemap:
"""
    assert robots_sitemaps(robots, "https://alouma24.ma/robots.txt") == [
        "https://alouma24.ma/wp-sitemap.xml",
        "https://alouma24.ma/news-sitemap.xml",
        "https://alouma24.ma/relative-sitemap.xml",
    ]
    assert robots_sitemaps(robots.encode()) == [
        "https://alouma24.ma/wp-sitemap.xml",
        "https://alouma24.ma/news-sitemap.xml",
    ]


# --- WordPress REST API --------------------------------------------------------------------


def test_wp_api_root():
    assert wp_api_root(SECTION_HTML, SECTION) == "https://alouma24.ma/wp-json/"
    plain = '<link rel="https://api.w.org/" href="/?rest_route=/">'
    assert wp_api_root(plain, "https://e.com/x/") == "https://e.com/?rest_route=/"
    assert wp_api_root("<html></html>", SITE) is None
    assert wp_api_root(None, SITE) is None


def test_wp_category_id_from_the_rest_link_of_an_archive_page():
    assert wp_category_id(SECTION_HTML.encode()) == 12
    assert wp_category_id(b'<link rel="https://api.w.org/" href="/wp-json/">') is None


def test_wp_rest_posts_url():
    assert wp_rest_posts_url("https://alouma24.ma/wp-json/") == (
        "https://alouma24.ma/wp-json/wp/v2/posts?_fields=id,link,date_gmt,modified_gmt,title"
        "&orderby=date&order=desc&per_page=100&page=1"
    )
    url = wp_rest_posts_url(
        "https://alouma24.ma",
        category_id=12,
        page=3,
        per_page=500,
        after=datetime(2023, 3, 14, 12, tzinfo=UTC),
    )
    assert url.startswith("https://alouma24.ma/wp-json/wp/v2/posts?")
    assert "per_page=100&page=3&categories=12&after=2023-03-14T12:00:00Z" in url


def test_wp_rest_posts_url_without_pretty_permalinks():
    url = wp_rest_posts_url("https://e.com/?rest_route=/", page=2)
    assert url.startswith("https://e.com/?rest_route=/wp/v2/posts&_fields=")
    assert url.endswith("&page=2")


def test_wp_categories_url_and_slug():
    assert wp_category_slug(SECTION) == "مجتمع"
    assert wp_category_slug("https://e.com/category/news/local/page/2/") == "local"
    assert (
        wp_category_slug("https://e.com/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9")
        == "مجتمع"
    )
    assert wp_category_slug("https://e.com/politique") is None
    assert wp_rest_categories_url("https://alouma24.ma/wp-json/", slug="مجتمع") == (
        "https://alouma24.ma/wp-json/wp/v2/categories"
        "?slug=%D9%85%D8%AC%D8%AA%D9%85%D8%B9&_fields=id,name,slug,link"
    )


def test_parse_wp_posts():
    posts = parse_wp_posts(WP_POSTS.encode())
    assert posts == [
        WpPost(
            id=412345,
            link="https://alouma24.ma/archives/412345",
            date_gmt="2023-03-14T17:45:03",
            modified_gmt="2023-03-14T18:02:11",
            title="الحكومة تعلن “إجراءات” جديدة",
        ),
        WpPost(
            id=412301,
            link="https://alouma24.ma/archives/412301",
            date_gmt="2023-03-14T15:10:00",
            modified_gmt="2023-03-14T15:10:00",
            title="تساقطات مطرية",
        ),
    ]
    # date_gmt carries no offset but is UTC: entry_datetime's default zone.
    assert entry_datetime(posts[0].date_gmt) == datetime(2023, 3, 14, 17, 45, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    "body", [None, "", "{}", '{"code":"rest_no_route"}', "[1, 2]", "<html>", b"\xff", "[" * 5000]
)
def test_parse_wp_garbage(body):
    assert parse_wp_posts(body) == []
    assert parse_wp_categories(body) == []


def test_parse_wp_categories():
    assert parse_wp_categories(WP_CATEGORIES) == [
        WpCategory(
            id=12,
            name="مجتمع & ناس",
            slug="%d9%85%d8%ac%d8%aa%d9%85%d8%b9",
            link="https://alouma24.ma/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9",
        )
    ]


def test_wp_total_pages():
    assert wp_total_pages({"X-WP-TotalPages": "7", "X-WP-Total": "650"}) == 7
    assert wp_total_pages({"x-wp-totalpages": "0"}) == 0
    assert wp_total_pages({b"X-Wp-Totalpages": [b"12"]}) == 12  # Scrapy Headers' shape
    assert wp_total_pages([("X-WP-TotalPages", "3")]) == 3
    assert wp_total_pages({"X-WP-TotalPages": "many"}) is None
    assert wp_total_pages({"X-WP-TotalPages": "٣"}) is None
    assert wp_total_pages({}) is None
    assert wp_total_pages(None) is None


def test_wp_total_pages_with_scrapy_headers():
    from scrapy.http import Headers

    assert wp_total_pages(Headers({"X-WP-TotalPages": "4"})) == 4


def test_entry_datetime_garbage():
    assert entry_datetime(None) is None
    assert entry_datetime("") is None
    assert entry_datetime("غدا") is None
    # Morocco is at UTC+1 outside Ramadan.
    assert entry_datetime("2023-03-14T10:00:00", tz="Africa/Casablanca") == datetime(
        2023, 3, 14, 9, tzinfo=UTC
    )
