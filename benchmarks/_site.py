"""A large synthetic Arabic news site for the crawl benchmark, written to a folder.

Pages copy the markup of the bundled demo site (TieLabs Jannah, as Moroccan WordPress sites run
it) and pad it the way real theme pages are padded: inline CSS and scripts, a mega menu, a
breaking-news ticker, two sidebar widgets, related posts, reader comments and the comment form,
so an article page weighs about 64 KB like the real ones. Bodies are 6-10 paragraphs drawn from
the demo's sentence pools with a generator seeded by the article id, so every run builds the
same site.

Layout on disk (served by nginx with ``try_files $uri $uri/index.html``):

    archives/<id>                                 article pages
    archives/category/<slug>/index.html           first listing page of a section
    archives/category/<slug>/page/<n>/index.html  the following ones
    robots.txt
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from newscrawler.demo.content import MONTHS, WEEKDAYS, _data, _encode, _slugify

PER_PAGE = 10
FIRST_ID = 100001
e = html.escape

# Real themes inline a few KB of CSS and several script blocks; this is what they look like.
_CSS_RULES = [
    f".tie-{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 9}px;color:#{(i * 2654435761) % 0xFFFFFF:06x};"
    f"border-bottom:1px solid #{(i * 40503) % 0xFFFFFF:06x};font-size:{11 + i % 6}px}}"
    for i in range(25)
]
_INLINE_CSS = "".join(_CSS_RULES)
_SCRIPT_CONFIG = json.dumps(
    {
        "is_rtl": "1", "ajaxurl": "/wp-admin/admin-ajax.php", "is_taqyeem_active": "",
        "is_sticky_video": "1", "mobile_menu_top": "", "mobile_menu_active": "area_1",
        "lazyload": "", "lang_no_results": "لا يوجد نتائج", "type_to_search": "اكتب كلمة البحث",
        "ad_blocker_detector": "", "sticky_behavior": "upwards", "sticky_desktop": "true",
        "sticky_mobile": "true", "select_share": "true", "reading_indicator": "true",
        "lightbox_all": "true", "lightbox_gallery": "true", "lightbox_skin": "dark",
        "lightbox_thumb": "vertical", "lightbox_arrows": "true", "is_singular": "1",
        "autoload_posts": "", "reading_time": "1", "ajax_loader": "<div class=\"loader-overlay\">"
        "<div class=\"spinner-circle\"></div></div>",
        "strings": {f"s{i}": f"نص الواجهة رقم {i}" for i in range(30)},
    },
    ensure_ascii=True,
)
_EMOJI_SCRIPT = (
    "window._wpemojiSettings={\"baseUrl\":\"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0"
    "\\/72x72\\/\",\"ext\":\".png\",\"svgUrl\":\"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0"
    "\\/svg\\/\",\"svgExt\":\".svg\"};"
    + "!function(e,a,t){var n,r,o,i=a.createElement(\"canvas\"),p=i.getContext&&i.getContext(\"2d\");"
    "function s(e,t){p.clearRect(0,0,i.width,i.height),p.fillText(e,0,0);e=i.toDataURL();"
    "return p.clearRect(0,0,i.width,i.height),p.fillText(t,0,0),e===i.toDataURL()}}"
    "(window,document,window._wpemojiSettings);" * 3
)


@dataclass(frozen=True)
class Article:
    id: int
    section: str
    title: str
    lead: str
    authors: tuple[dict, ...]
    published: datetime
    modified: datetime
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/archives/{self.id}"

    @property
    def image(self) -> str:
        return f"/wp-content/uploads/{self.published:%Y/%m}/img-{self.id}.jpg"


def _date_text(moment: datetime, weekday: bool = True) -> str:
    day = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{WEEKDAYS[moment.weekday()]} {day}" if weekday else day


def _pools() -> tuple[list[str], list[str], list[str], list[str]]:
    data = _data()
    sentences = [s for pool in data["pools"].values() for s in pool["sentences"]]
    leads = [a["lead"] for a in data["articles"]]
    titles = [a["title"] for a in data["articles"]]
    tags = sorted({t for a in data["articles"] for t in a["tags"]})
    return sentences + leads, titles, leads, tags


def make_articles(count: int) -> list[Article]:
    """``count`` articles spread over the demo's four sections, newest has the highest id."""
    sentences, titles, leads, all_tags = _pools()
    data = _data()
    sections = [s["name"] for s in data["sections"]]
    authors = data["authors"]
    start = datetime(2023, 1, 1, 8, 0)
    built = []
    for index in range(count):
        rng = random.Random(index)
        article_id = FIRST_ID + index
        words = rng.choice(titles).split()
        rng.shuffle(words)
        title = " ".join(words[: rng.randint(6, len(words))]) + f" ({article_id})"
        lead = rng.choice(leads)
        paragraphs = [lead] + [
            " ".join(rng.sample(sentences, rng.randint(2, 4))) for _ in range(rng.randint(5, 9))
        ]
        published = start + timedelta(hours=3 * index, minutes=rng.randint(0, 59))
        modified = published + timedelta(hours=5) if index % 4 == 0 else published
        built.append(Article(
            id=article_id,
            section=sections[index % len(sections)],
            title=title,
            lead=lead,
            authors=tuple(rng.sample(authors, 2 if index % 7 == 0 else 1)),
            published=published,
            modified=modified,
            paragraphs=tuple(paragraphs),
            tags=tuple(rng.sample(all_tags, 3)),
        ))
    return built


def section_path(name: str) -> str:
    return f"/archives/category/{_encode(_slugify(name))}"


def _head(base: str, title: str, path: str, description: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl" data-skin="light">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{e(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">
<meta name="description" content="{e(description)}">
<link rel="canonical" href="{base}{path}">
<meta property="og:locale" content="ar_AR">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="og:url" content="{base}{path}">
<meta property="og:site_name" content="{e(_data()["site"]["name"])}">
{extra}<link rel="alternate" type="application/rss+xml" title="الخلاصة" href="{base}/feed">
<link rel="dns-prefetch" href="//fonts.googleapis.com">
<link rel="stylesheet" id="tie-css-base-css" href="{base}/wp-content/themes/jannah/assets/css/base.min.css?ver=6.2.1" type="text/css" media="all">
<link rel="stylesheet" id="tie-css-styles-css" href="{base}/wp-content/themes/jannah/assets/css/style.min.css?ver=6.2.1" type="text/css" media="all">
<style id="tie-css-inline">{_INLINE_CSS}</style>
<script type="text/javascript">{_EMOJI_SCRIPT}</script>
<script id="tie-scripts-js-extra">var tie = {_SCRIPT_CONFIG};</script>
</head>
"""


def _header(base: str, ticker: list[Article], current: str | None) -> str:
    sections = [s["name"] for s in _data()["sections"]]
    items = [f'<li class="menu-item menu-item-home"><a href="{base}/">الرئيسية</a></li>']
    for name in sections:
        sub = "".join(
            f'<li class="menu-item menu-item-type-custom"><a href="{base}{section_path(name)}?sub={i}">'
            f"{e(name)} - فرع {i}</a></li>"
            for i in range(1, 9)
        )
        cls = " current-menu-item" if name == current else ""
        items.append(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-has-children{cls}">'
            f'<a href="{base}{section_path(name)}">{e(name)}</a><ul class="sub-menu menu-sub-content">{sub}</ul></li>'
        )
    ticker_html = "".join(
        f'<li class="news-item"><a href="{base}{a.path}">{e(a.title)}</a></li>' for a in ticker
    )
    return f"""<body id="tie-body" class="rtl wrapper-has-shadow block-head-1 magazine1 is-header-layout-3 sidebar-left has-sidebar">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<header id="theme-header" class="theme-header header-layout-3 main-nav-dark">
<nav id="top-nav" class="top-nav header-nav has-breaking-news" aria-label="الشريط العلوي">
<div class="container"><div class="topbar-today-date tie-icon">{_date_text(datetime(2024, 5, 2))}</div>
<div class="breaking controls-is-active"><span class="breaking-title"><span class="breaking-title-text">عاجل</span></span>
<ul id="breaking-news-in-header" class="breaking-news" data-type="reveal">{ticker_html}</ul></div></div></nav>
<div class="container header-container"><div id="logo" class="image-logo"><a title="{e(_data()["site"]["name"])}" href="{base}/">
<img src="{base}/wp-content/uploads/logo.png" alt="{e(_data()["site"]["name"])}" width="300" height="80">
<div class="logo-text">{e(_data()["site"]["name"])}</div></a></div></div>
<div class="main-nav-wrapper"><nav id="main-nav" class="main-nav header-nav" aria-label="القائمة الرئيسية">
<div class="container"><div id="main-nav-menu" class="main-menu header-menu"><ul id="menu-main" class="menu" role="menubar">{"".join(items)}</ul></div></div></nav></div>
</header>
<div id="content" class="site-content container"><div id="main-content-row" class="tie-row main-content-row">
<div class="main-content tie-col-md-8 tie-col-xs-12" role="main">
"""


def _widget_list(base: str, title: str, articles: list[Article], widget_id: str) -> str:
    items = "".join(
        f'<li class="widget-single-post-item widget-post-list tie-standard">'
        f'<div class="post-widget-thumbnail"><a aria-label="{e(a.title)}" href="{base}{a.path}" class="post-thumb">'
        f'<img width="220" height="150" src="{base}{a.image}" class="attachment-jannah-image-small wp-post-image" alt="" loading="lazy"></a></div>'
        f'<div class="post-widget-body"><a class="post-title the-subtitle" href="{base}{a.path}">{e(a.title)}</a>'
        f'<div class="post-meta"><span class="date meta-item tie-icon">{_date_text(a.published, False)}</span></div></div></li>'
        for a in articles
    )
    return (
        f'<div id="{widget_id}" class="container-wrapper widget posts-list">'
        f'<div class="widget-title the-global-title"><div class="the-subtitle">{title}</div></div>'
        f'<div class="widget-posts-list-container"><ul class="posts-list-items widget-posts-wrapper">{items}</ul></div></div>'
    )


def _sidebar_and_footer(base: str, most_read: list[Article], latest: list[Article]) -> str:
    sections = [s["name"] for s in _data()["sections"]]
    footer_links = "".join(
        f'<li class="menu-item"><a href="{base}{section_path(n)}">{e(n)}</a></li>' for n in sections
    )
    return f"""</div>
<aside class="sidebar tie-col-md-4 tie-col-xs-12 normal-side is-sticky" aria-label="القائمة الجانبية الرئيسية">
<div class="theiaStickySidebar">
{_widget_list(base, "الأكثر قراءة", most_read, "posts-list-widget-2")}
<div id="stream-item-widget-3" class="container-wrapper widget stream-item-widget"><div class="stream-item-widget-content"><a href="{base}/ads" target="_blank"><img src="{base}/wp-content/uploads/ad-300x250.jpg" width="300" height="250" alt=""></a></div></div>
{_widget_list(base, "آخر الأخبار", latest, "posts-list-widget-4")}
</div></aside>
</div></div>
<footer id="footer" class="site-footer dark-skin dark-widgetized-area">
<div class="container"><div class="footer-widget-area"><ul class="menu">{footer_links}</ul></div></div>
<div id="site-info" class="site-info"><div class="container"><div class="copyright-text">&copy; حقوق النشر 2024، جميع الحقوق محفوظة | {e(_data()["site"]["name"])}</div>
<ul class="social-icons"><li class="social-icons-item"><a class="social-link facebook-social-icon" rel="external noopener nofollow" target="_blank" href="https://www.facebook.com/"><span class="screen-reader-text">فيسبوك</span></a></li></ul></div></div>
</footer></div></div></div>
<script type="text/javascript" src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script type="text/javascript" id="tie-scripts-js-after">var tieFooter = {_SCRIPT_CONFIG};</script>
</body>
</html>
"""


def _comments(article: Article, sentences: list[str]) -> str:
    rng = random.Random(-article.id)
    items = []
    for n in range(rng.randint(3, 7)):
        text = " ".join(rng.sample(sentences, 2))
        items.append(
            f'<li class="comment even thread-even depth-1" id="li-comment-{article.id}{n}">'
            f'<article id="div-comment-{article.id}{n}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><img alt="" src="/avatar.png" class="avatar" height="70" width="70">'
            f'<b class="fn">قارئ {n + 1}</b></div><div class="comment-metadata">{_date_text(article.published, False)}</div></footer>'
            f'<div class="comment-content"><p>{e(text)}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{n}">رد</a></div></article></li>'
        )
    return (
        f'<div id="comments" class="comments-area"><div id="comments-box" class="container-wrapper">'
        f'<div class="block-head"><h3 id="comments-title" class="the-global-title">{len(items)} تعليقات</h3></div>'
        f'<ol class="comment-list">{"".join(items)}</ol></div>'
        '<div id="add-comment-block" class="container-wrapper"><div id="respond" class="comment-respond">'
        '<h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>'
        '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
        '<p class="comment-form-comment"><label for="comment">التعليق</label> <textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>'
        '<p class="comment-form-author"><label for="author">الاسم</label> <input id="author" name="author" type="text" size="30"></p>'
        f'<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق"><input type="hidden" name="comment_post_ID" value="{article.id}"></p>'
        "</form></div></div></div>"
    )


def article_page(base: str, a: Article, related: list[Article], ticker: list[Article],
                 most_read: list[Article], latest: list[Article], sentences: list[str]) -> str:  # fmt: skip
    url = f"{base}{a.path}"
    names = [x["name"] for x in a.authors]
    ld = {
        "@context": "http://schema.org", "@type": "NewsArticle",
        "dateCreated": a.published.isoformat() + "+01:00",
        "datePublished": a.published.isoformat() + "+01:00",
        "dateModified": a.modified.isoformat() + "+01:00",
        "headline": a.title, "name": a.title, "keywords": ",".join(a.tags), "url": url,
        "description": a.lead, "articleSection": a.section, "inLanguage": "ar",
        "articleBody": "\n".join(a.paragraphs),
        "publisher": {"@id": "#Publisher", "@type": "Organization", "name": _data()["site"]["name"],
                      "logo": {"@type": "ImageObject", "url": f"{base}/wp-content/uploads/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [{"@type": x["kind"].title(), "name": x["name"], "url": f"{base}/archives/author/{x['slug']}"}
                   for x in a.authors],
        "image": {"@type": "ImageObject", "url": f"{base}{a.image}", "width": 1200, "height": 675},
    }  # fmt: skip
    meta = (
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:section" content="{e(a.section)}">\n'
        + "".join(f'<meta property="article:tag" content="{e(t)}">\n' for t in a.tags)
        + f'<meta property="article:published_time" content="{a.published.isoformat()}+01:00">\n'
        f'<meta property="article:modified_time" content="{a.modified.isoformat()}+01:00">\n'
        f'<meta property="og:image" content="{base}{a.image}">\n'
        f'<meta name="author" content="{e("، ".join(names))}">\n'
        '<script type="application/ld+json">'
        + json.dumps(ld, ensure_ascii=True).replace("/", "\\/") + "</script>\n"
    )
    byline = " و ".join(
        f'<a href="{base}/archives/author/{x["slug"]}" class="author-name tie-icon" rel="author">{e(x["name"])}</a>'
        for x in a.authors
    )
    content = []
    for i, p in enumerate(a.paragraphs):
        content.append(f"<p>{e(p)}</p>")
        if i == 1:
            content.append('<div class="stream-item stream-item-in-post aligncenter"><ins class="adsbygoogle"></ins></div>')
        if i == 3:
            content.append(f'<h3>{e(a.tags[0])}</h3>')
    tags = "".join(f'<a href="{base}/archives/tag/{quote(t)}" rel="tag">{e(t)}</a>' for t in a.tags)
    related_html = "".join(
        f'<div class="related-item tie-standard"><a aria-label="{e(r.title)}" href="{base}{r.path}" class="post-thumb">'
        f'<img width="390" height="220" src="{base}{r.image}" class="wp-post-image" alt="" loading="lazy"></a>'
        f'<h3 class="post-title"><a href="{base}{r.path}">{e(r.title)}</a></h3>'
        f'<div class="post-meta"><span class="date meta-item tie-icon">{_date_text(r.published, False)}</span></div></div>'
        for r in related
    )
    share = quote(url, safe="")
    updated = (
        f'<span class="meta-item last-updated">آخر تحديث: {_date_text(a.modified)}</span>'
        if a.modified != a.published else ""
    )
    body = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="{base}/">الرئيسية</a><em class="delimiter">/</em><a href="{base}{section_path(a.section)}">{e(a.section)}</a><em class="delimiter">/</em><span class="current">{e(a.title)}</span></nav>
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat" href="{base}{section_path(a.section)}">{e(a.section)}</a></span>
<h1 class="post-title entry-title">{e(a.title)}</h1>
<div id="single-post-meta" class="post-meta clearfix"><span class="author-meta single-author"><span class="meta-author">{byline}</span></span>
<span class="date meta-item tie-icon"><time datetime="{a.published.isoformat()}+01:00">{_date_text(a.published)}</time></span>{updated}</div></div></header>
<div class="featured-area"><figure class="single-featured-image"><img width="780" height="470" src="{base}{a.image}" class="wp-post-image" alt="{e(a.title)}"></figure></div>
<div id="share-buttons-top" class="share-buttons"><div class="share-links"><a href="https://www.facebook.com/sharer.php?u={share}" rel="external noopener nofollow" class="facebook-share-btn">فيسبوك</a><a href="https://twitter.com/intent/tweet?url={share}" rel="external noopener nofollow" class="twitter-share-btn">تويتر</a></div></div>
<div class="entry-content entry clearfix">
{chr(10).join(content)}
</div>
<div class="post-bottom-meta post-bottom-tags"><span class="tagcloud">{tags}</span></div>
</article>
<div class="post-components"><div id="related-posts" class="container-wrapper"><div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3></div>
<div class="related-posts-list">{related_html}</div></div>
{_comments(a, sentences)}</div>
"""
    return (_head(base, a.title, a.path, a.lead, meta) + _header(base, ticker, a.section) + body
            + _sidebar_and_footer(base, most_read, latest))  # fmt: skip


def _pagination(base: str, path: str, number: int, total: int) -> str:
    """WordPress's paginate_links: first, a window around the current page, last."""
    def link(n: int) -> str:
        return f"{base}{path}" if n == 1 else f"{base}{path}/page/{n}"

    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    items = []
    if number > 1:
        items.append(f'<li class="the-prev-page"><a href="{link(number - 1)}">&laquo; السابق</a></li>')
    previous = 0
    for n in shown:
        if n - previous > 1:
            items.append('<li><span class="pages-nav-item extend">…</span></li>')
        if n == number:
            items.append(f'<li class="current"><span class="pages-nav-item">{n}</span></li>')
        else:
            items.append(f'<li><a class="pages-nav-item" href="{link(n)}" title="{n}">{n}</a></li>')
        previous = n
    if number < total:
        items.append(f'<li class="the-next-page"><a href="{link(number + 1)}">التالي &raquo;</a></li>')
    return f'<div class="pages-nav"><ul class="pages-numbers">{"".join(items)}</ul></div>\n'


def listing_page(base: str, name: str, number: int, total: int, chunk: list[Article],
                 ticker: list[Article], most_read: list[Article], latest: list[Article]) -> str:  # fmt: skip
    path = section_path(name)
    teasers = "".join(
        f'<li class="post-item post-{a.id} post type-post status-publish tie-standard">'
        f'<a aria-label="{e(a.title)}" href="{base}{a.path}" class="post-thumb"><span class="post-cat-wrap"><span class="post-cat">{e(a.section)}</span></span>'
        f'<img width="390" height="220" src="{base}{a.image}" class="wp-post-image" alt=""></a>'
        f'<div class="post-details"><div class="post-meta clearfix"><span class="meta-author">{e(a.authors[0]["name"])}</span>'
        f'<span class="date meta-item tie-icon">{_date_text(a.published, False)}</span></div>'
        f'<h2 class="post-title"><a href="{base}{a.path}">{e(a.title)}</a></h2>'
        f'<p class="post-excerpt">{e(a.lead)}</p><a class="more-link button" href="{base}{a.path}">أكمل القراءة &raquo;</a></div></li>\n'
        for a in chunk
    )
    this = path if number == 1 else f"{path}/page/{number}"
    title = name if number == 1 else f"{name} - الصفحة {number} من {total}"
    return (
        _head(base, title, this, name)
        + _header(base, ticker, name)
        + f'<header class="entry-header-outer container-wrapper"><h1 class="page-title">{e(name)}</h1></header>\n'
        + f'<div class="mag-box wide-post-box"><div class="container-wrapper"><ul id="posts-container" class="posts-items">\n{teasers}</ul>\n'
        + _pagination(base, path, number, total) + "</div></div>\n"
        + _sidebar_and_footer(base, most_read, latest)
    )


def write_site(root: Path, base: str, count: int) -> dict:
    """Write a site of ``count`` articles under ``root``; returns its start URLs and sizes."""
    from urllib.parse import unquote

    base = base.rstrip("/")
    articles = make_articles(count)
    sentences = _pools()[0]
    newest = sorted(articles, key=lambda a: a.id, reverse=True)
    ticker, latest = newest[:10], newest[:8]
    most_read = sorted(articles, key=lambda a: (a.id * 37) % 101)[:8]
    by_section: dict[str, list[Article]] = {}
    for a in newest:
        by_section.setdefault(a.section, []).append(a)
    (root / "archives").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n", "utf-8")
    article_bytes = listing_bytes = 0
    for a in articles:
        siblings = by_section[a.section]
        at = siblings.index(a) if len(siblings) < 50 else (a.id - FIRST_ID) // 4
        related = [siblings[(at + k) % len(siblings)] for k in (1, 2, 3, 4, 5, 6)]
        data = article_page(base, a, related, ticker, most_read, latest, sentences).encode()
        (root / "archives" / str(a.id)).write_bytes(data)
        article_bytes += len(data)
    starts = []
    listings = 0
    for name, items in by_section.items():
        total = max(1, -(-len(items) // PER_PAGE))
        folder = root / unquote(section_path(name)).lstrip("/")
        starts.append(f"{base}{section_path(name)}")
        for number in range(1, total + 1):
            chunk = items[(number - 1) * PER_PAGE : number * PER_PAGE]
            where = folder if number == 1 else folder / "page" / str(number)
            where.mkdir(parents=True, exist_ok=True)
            data = listing_page(base, name, number, total, chunk, ticker, most_read, latest).encode()
            (where / "index.html").write_bytes(data)
            listing_bytes += len(data)
            listings += 1
    return {
        "start_urls": starts,
        "articles": len(articles),
        "listings": listings,
        "article_kb": article_bytes / len(articles) / 1024,
        "listing_kb": listing_bytes / max(1, listings) / 1024,
    }
