"""The bundled demo news site: every page built in memory from ``data/articles.json``.

The markup copies the habits of a real Arabic WordPress news theme (TieLabs Jannah, as run by
Moroccan sites): Moroccan month names, ``/archives/<id>`` permalinks, percent-encoded Arabic
category slugs, breaking-news tickers, sidebars and related-article blocks full of other
headlines. It is a crawl target with a known answer: :func:`articles` gives the ground truth, so
tests and ``newscrawler demo`` can compare what was extracted with what was published.

Everything is deterministic: the article bodies are composed from sentence pools with a random
generator seeded by the article id, and no page depends on today's date.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
          "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]  # fmt: skip
WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
PER_PAGE = 6
FIRST_ID = 1001
DEFAULT_BASE_URL = "http://127.0.0.1"
HTML_TYPE = "text/html; charset=UTF-8"


@dataclass(frozen=True)
class TruthArticle:
    """What the demo site published for one article: the answer a correct crawl must find."""

    id: int
    path: str
    section: str
    title: str
    authors: list[str]
    author_kinds: list[str]
    byline: str
    published: str
    published_display: str
    modified: str
    first_sentence: str
    body: str
    tags: list[str]
    image: str


# --- data -------------------------------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    text = resources.files("newscrawler.demo").joinpath("data/articles.json").read_text("utf-8")
    return json.loads(text)


def _encode(slug: str) -> str:
    """Percent-encode a slug the way WordPress stores it (lowercase hex)."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(slug, safe="-"))


def _slugify(name: str) -> str:
    return "-".join(name.split())


def section_path(name: str) -> str:
    """Listing path of a section, as the menu links it."""
    return f"/archives/category/{_encode(_slugify(name))}"


def tag_path(name: str) -> str:
    return f"/archives/tag/{_encode(_slugify(name))}"


def author_path(slug: str) -> str:
    return f"/archives/author/{slug}"


SITE_NAME: str = _data()["site"]["name"]
SITE_TAGLINE: str = _data()["site"]["tagline"]
SECTIONS: dict[str, str] = {s["name"]: section_path(s["slug"]) for s in _data()["sections"]}
_AUTHORS: dict[str, dict[str, str]] = {a["slug"]: a for a in _data()["authors"]}


def moroccan_date(moment: datetime, weekday: bool = True) -> str:
    """``الأربعاء 17 غشت 2022``: how Moroccan sites print dates (weekday optional)."""
    day = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{WEEKDAYS[moment.weekday()]} {day}" if weekday else day


def _local(stamp: str) -> datetime:
    """A naive local time from the data file, with Casablanca's offset attached."""
    zone = ZoneInfo(_data()["site"]["timezone"])
    return datetime.fromisoformat(stamp).replace(tzinfo=zone)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- ground truth -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    kind: str  # "p", "h3" or "ul"
    texts: tuple[str, ...]


@dataclass(frozen=True)
class _Article:
    truth: TruthArticle
    raw: dict[str, Any]
    published: datetime
    modified: datetime
    blocks: tuple[_Block, ...]


def _compose_body(article_id: int, section: str, lead: str) -> tuple[_Block, ...]:
    """4-8 paragraphs from the section's pool; seeded by the id so every run agrees."""
    pool = _data()["pools"][section]
    rng = random.Random(article_id)
    extra = rng.randint(3, 7)
    sentences = rng.sample(pool["sentences"], extra * 2 + 1)
    blocks = [_Block("p", (f"{lead} {sentences.pop()}",))]
    for _ in range(extra):
        count = 2 if rng.random() < 0.7 else 1
        blocks.append(_Block("p", (" ".join(sentences.pop() for _ in range(count)),)))
    if article_id % 3 == 0 and len(blocks) >= 4:
        blocks.insert(2, _Block("h3", (rng.choice(pool["subheadings"]),)))
    if article_id % 4 == 1:
        blocks.insert(len(blocks) - 1, _Block("ul", tuple(rng.choice(pool["lists"]))))
    return tuple(blocks)


def _block_text(block: _Block) -> str:
    return "\n".join(block.texts)


@cache
def _articles() -> tuple[_Article, ...]:
    rows = sorted(_data()["articles"], key=lambda row: row["date"])
    built = []
    for index, row in enumerate(rows):
        article_id = FIRST_ID + index
        published = _local(row["date"])
        # Some posts were edited later, as on any real site; the theme then shows both dates.
        modified = (
            published + timedelta(days=1, hours=2, minutes=30) if index % 5 == 2 else published
        )
        authors = [_AUTHORS[slug] for slug in row["authors"]]
        names = [a["name"] for a in authors]
        blocks = _compose_body(article_id, row["section"], row["lead"])
        truth = TruthArticle(
            id=article_id,
            path=f"/archives/{article_id}",
            section=row["section"],
            title=row["title"],
            authors=names,
            author_kinds=[a["kind"] for a in authors],
            byline=row.get("prefix", "") + " و ".join(names),
            published=_iso(published),
            published_display=moroccan_date(published),
            modified=_iso(modified),
            first_sentence=row["lead"],
            body="\n\n".join(_block_text(b) for b in blocks),
            tags=list(row["tags"]),
            image=f"/wp-content/uploads/{published:%Y/%m}/demo-{article_id}.png",
        )
        built.append(_Article(truth, row, published, modified, blocks))
    return tuple(built)


def articles() -> list[dict[str, Any]]:
    """The ground truth, oldest first: one dict per article (the fields of ``TruthArticle``)."""
    return [asdict(a.truth) for a in _articles()]


def _newest_first(items: list[_Article]) -> list[_Article]:
    return sorted(items, key=lambda a: a.truth.id, reverse=True)


# --- rendering --------------------------------------------------------------------------------

e = html.escape

_STYLE = """
body{font-family:Tahoma,Arial,sans-serif;margin:0;background:#f5f5f5;color:#222}
a{color:#0b5394;text-decoration:none}.container{max-width:1100px;margin:0 auto;padding:0 12px}
#theme-header{background:#fff}#logo{padding:18px 0;font-size:28px;font-weight:bold}
.h1-off{font-size:28px;margin:0}#main-nav{background:#1f2024}#main-nav a{color:#fff}
#menu-main{list-style:none;margin:0;padding:0;display:flex;gap:18px}#menu-main li{padding:12px 0}
.breaking{background:#fff;border-top:1px solid #eee;padding:6px 0;font-size:13px}
.breaking ul{display:inline;list-style:none;padding:0}.breaking li{display:inline;margin:0 12px}
.breaking-title-text{background:#c00;color:#fff;padding:2px 8px}
#main-content-row{display:flex;gap:24px;margin-top:20px}.main-content{flex:3}
.sidebar{flex:1}.container-wrapper{background:#fff;padding:18px;margin-bottom:20px}
.post-cat{background:#0b5394;color:#fff;padding:2px 8px;font-size:12px}
.posts-items{list-style:none;padding:0}.post-item{border-bottom:1px solid #eee;padding:10px 0}
.post-meta{font-size:12px;color:#777}.post-meta>span{margin-left:10px}
.pages-numbers{list-style:none;display:flex;gap:8px;padding:0}
.site-footer{background:#1f2024;color:#ccc;padding:20px 0;margin-top:20px}
"""


def _url(base: str, path: str) -> str:
    return base + path


def _head(
    base: str, title: str, canonical: str, description: str,
    og_type: str = "website", extra: str = "", prev_next: tuple[str | None, str | None] = (None, None),
) -> str:  # fmt: skip
    links = ""
    if prev_next[0]:
        links += f'<link rel="prev" href="{e(_url(base, prev_next[0]))}">\n'
    if prev_next[1]:
        links += f'<link rel="next" href="{e(_url(base, prev_next[1]))}">\n'
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl" data-skin="light">
<head>
<meta charset="utf-8">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{e(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1">
<meta name="description" content="{e(description)}">
<link rel="canonical" href="{e(_url(base, canonical))}">
{links}<meta property="og:locale" content="ar_AR">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="og:url" content="{e(_url(base, canonical))}">
<meta property="og:site_name" content="{e(SITE_NAME)}">
{extra}<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="alternate" type="application/rss+xml" title="{e(SITE_NAME)} &laquo; الخلاصة" href="{e(_url(base, "/feed"))}">
<style id="tie-css-inline">{_STYLE}</style>
</head>
"""


def _ld_json(data: dict[str, Any]) -> str:
    """JSON-LD the way WordPress prints it: ``wp_json_encode`` escapes Unicode and slashes."""
    text = json.dumps(data, ensure_ascii=True).replace("/", "\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def _header(base: str, is_home: bool, current_section: str | None) -> str:
    items = ['<li class="menu-item menu-item-home{}"><a href="{}">الرئيسية</a></li>'.format(
        " current-menu-item" if is_home else "", e(_url(base, "/")))]  # fmt: skip
    for name, path in SECTIONS.items():
        current = " current-menu-item" if name == current_section else ""
        items.append(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category{current}">'
            f'<a href="{e(_url(base, path))}">{e(name)}</a></li>'
        )
    ticker = "".join(
        f'<li class="news-item"><a href="{e(_url(base, a.truth.path))}">{e(a.truth.title)}</a></li>'
        for a in _newest_first(list(_articles()))[:6]
    )
    # Jannah prints the site name in an <h1> only on the home page; elsewhere it is a <div>.
    name_tag = f'<h1 class="h1-off">{e(SITE_NAME)}</h1>' if is_home else (
        f'<div class="logo-text">{e(SITE_NAME)}</div>')  # fmt: skip
    return f"""<body id="tie-body" class="rtl wrapper-has-shadow block-head-1 magazine1 is-header-layout-3 sidebar-left has-sidebar">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<header id="theme-header" class="theme-header header-layout-3 main-nav-dark main-nav-default-dark">
<nav id="top-nav" class="top-nav header-nav has-breaking-news" aria-label="الشريط العلوي">
<div class="container"><div class="tie-alignleft"><div class="breaking controls-is-active">
<span class="breaking-title"><span class="tie-icon-bolt breaking-icon" aria-hidden="true"></span><span class="breaking-title-text">عاجل</span></span>
<ul id="breaking-news-in-header" class="breaking-news" data-type="reveal">{ticker}</ul>
</div></div></div></nav>
<div class="container header-container"><div class="tie-row logo-row"><div class="logo-wrapper"><div class="tie-col-md-4 logo-container clearfix">
<div id="logo" class="image-logo" style="margin-top: 20px; margin-bottom: 20px;">
<a title="{e(SITE_NAME)}" href="{e(_url(base, "/"))}">
<img src="{e(_url(base, "/wp-content/uploads/logo.png"))}" alt="{e(SITE_NAME)}" class="logo_normal" width="300" height="80">
{name_tag}
</a></div></div></div></div></div>
<div class="main-nav-wrapper"><nav id="main-nav" class="main-nav header-nav" aria-label="القائمة الرئيسية">
<div class="container"><div class="main-menu-wrapper"><div id="menu-components-wrap"><div class="main-menu main-menu-wrap tie-alignleft">
<div id="main-nav-menu" class="main-menu header-menu"><ul id="menu-main" class="menu" role="menubar">{"".join(items)}</ul></div>
</div></div></div></div></nav></div>
</header>
<div id="content" class="site-content container"><div id="main-content-row" class="tie-row main-content-row">
<div class="main-content tie-col-md-8 tie-col-xs-12" role="main">
"""


def _most_read() -> list[_Article]:
    """A fixed "most read" list: the sidebar links other articles from every page."""
    return sorted(_articles(), key=lambda a: (a.truth.id * 37) % 101)[:5]


def _sidebar_and_footer(base: str) -> str:
    items = "".join(
        f'<li class="widget-single-post-item widget-post-list tie-standard">'
        f'<div class="post-widget-thumbnail"><a aria-label="{e(a.truth.title)}" href="{e(_url(base, a.truth.path))}" class="post-thumb">'
        f'<img width="220" height="150" src="{e(_url(base, a.truth.image))}" class="attachment-jannah-image-small size-jannah-image-small tie-small-image wp-post-image" alt=""></a></div>'
        f'<div class="post-widget-body"><a class="post-title the-subtitle" href="{e(_url(base, a.truth.path))}">{e(a.truth.title)}</a>'
        f'<div class="post-meta"><span class="date meta-item tie-icon">{e(moroccan_date(a.published, weekday=False))}</span></div></div></li>'
        for a in _most_read()
    )
    return f"""</div>
<aside class="sidebar tie-col-md-4 tie-col-xs-12 normal-side is-sticky" aria-label="القائمة الجانبية الرئيسية">
<div class="theiaStickySidebar"><div id="posts-list-widget-2" class="container-wrapper widget posts-list">
<div class="widget-title the-global-title"><div class="the-subtitle">الأكثر قراءة<span class="widget-title-icon tie-icon"></span></div></div>
<div class="widget-posts-list-container"><ul class="posts-list-items widget-posts-wrapper">{items}</ul></div>
<div class="clearfix"></div></div></div>
</aside>
</div></div>
<footer id="footer" class="site-footer dark-skin dark-widgetized-area">
<div id="site-info" class="site-info site-info-layout-2"><div class="container"><div class="tie-row"><div class="tie-col-md-12">
<div class="copyright-text copyright-text-first">&copy; حقوق النشر 2023، جميع الحقوق محفوظة &nbsp;|&nbsp; {e(SITE_NAME)} &nbsp;|&nbsp; {e(SITE_TAGLINE)}</div>
<div class="footer-menu"><ul id="menu-footer" class="menu"><li class="menu-item"><a href="{e(_url(base, "/"))}">الرئيسية</a></li></ul></div>
<ul class="social-icons"><li class="social-icons-item"><a class="social-link facebook-social-icon" rel="external noopener nofollow" target="_blank" href="https://www.facebook.com/"><span class="tie-social-icon tie-icon-facebook"></span><span class="screen-reader-text">فيسبوك</span></a></li></ul>
</div></div></div></div>
</footer>
<a id="go-to-top" class="go-to-top-button" href="#go-to-tie-body"><span class="tie-icon-angle-up"></span><span class="screen-reader-text">زر الذهاب إلى الأعلى</span></a>
</div></div></div>
</body>
</html>
"""


def _breadcrumb(base: str, trail: list[tuple[str, str | None]]) -> str:
    parts = [
        f'<a href="{e(_url(base, "/"))}"><span class="tie-icon-home" aria-hidden="true"></span> الرئيسية</a>'
    ]
    for label, path in trail:
        if path is None:
            parts.append(f'<span class="current">{e(label)}</span>')
        else:
            parts.append(f'<a href="{e(_url(base, path))}">{e(label)}</a>')
    return '<nav id="breadcrumb">' + '<em class="delimiter">/</em>'.join(parts) + "</nav>\n"


def _author_links(base: str, article: _Article, css: str = "author-name tie-icon") -> str:
    links = [
        f'<a href="{e(_url(base, author_path(slug)))}" class="{css}" title="{e(_AUTHORS[slug]["name"])}" rel="author">'
        f"{e(_AUTHORS[slug]['name'])}</a>"
        for slug in article.raw["authors"]
    ]
    return e(article.raw.get("prefix", "")) + " و ".join(links)


def _post_item(base: str, article: _Article) -> str:
    """One entry of a listing (archive, home block), as Jannah's ``posts-items`` list has it."""
    t = article.truth
    link = e(_url(base, t.path))
    return f"""<li class="post-item post-{t.id} post type-post status-publish format-standard has-post-thumbnail tie-standard">
<a aria-label="{e(t.title)}" href="{link}" class="post-thumb"><span class="post-cat-wrap"><span class="post-cat tie-cat-{_section_index(t.section)}">{e(t.section)}</span></span>
<img width="390" height="220" src="{e(_url(base, t.image))}" class="attachment-jannah-image-large size-jannah-image-large wp-post-image" alt=""></a>
<div class="post-details">
<div class="post-meta clearfix"><span class="author-meta single-author no-avatars"><span class="meta-item meta-author-wrapper"><span class="meta-author">{_author_links(base, article)}</span></span></span><span class="date meta-item tie-icon">{e(moroccan_date(article.published, weekday=False))}</span><div class="tie-alignright"><span class="meta-views meta-item"><span class="tie-icon-fire" aria-hidden="true"></span> {(t.id * 53) % 900 + 100}</span></div></div>
<h2 class="post-title"><a href="{link}">{e(t.title)}</a></h2>
<p class="post-excerpt">{e(t.first_sentence)}</p>
<a class="more-link button" href="{link}">أكمل القراءة &raquo;</a>
</div></li>
"""


def _section_index(name: str) -> int:
    return list(SECTIONS).index(name) + 2


def _page_path(base_path: str, number: int) -> str:
    return base_path if number == 1 else f"{base_path}/page/{number}"


def _pagination(base: str, base_path: str, number: int, total: int) -> str:
    items = []
    if number > 1:
        items.append(
            f'<li class="the-prev-page"><a href="{e(_url(base, _page_path(base_path, number - 1)))}">&laquo; السابق</a></li>'
        )
    for n in range(1, total + 1):
        if n == number:
            items.append(f'<li class="current"><span class="pages-nav-item">{n}</span></li>')
        else:
            items.append(
                f'<li><a class="pages-nav-item" href="{e(_url(base, _page_path(base_path, n)))}" title="{n}">{n}</a></li>'
            )
    if number < total:
        items.append(
            f'<li class="the-next-page"><a href="{e(_url(base, _page_path(base_path, number + 1)))}">التالي &raquo;</a></li>'
        )
    return f'<div class="pages-nav"><ul class="pages-numbers">{"".join(items)}</ul></div>\n'


def _listing_pages(
    base: str, title: str, base_path: str, items: list[_Article], section: str | None = None,
    kind: str = "category",
) -> dict[str, str]:  # fmt: skip
    """An archive (category, tag or author), split into pages of ``PER_PAGE`` like WordPress."""
    items = _newest_first(items)
    total = max(1, -(-len(items) // PER_PAGE))
    pages = {}
    for number in range(1, total + 1):
        path = _page_path(base_path, number)
        chunk = items[(number - 1) * PER_PAGE : number * PER_PAGE]
        page_title = title if number == 1 else f"{title} - الصفحة {number} من {total}"
        prev_path = _page_path(base_path, number - 1) if number > 1 else None
        next_path = _page_path(base_path, number + 1) if number < total else None
        head = _head(base, f"{page_title} - {SITE_NAME}", path, f"{title} - {SITE_NAME}",
                     prev_next=(prev_path, next_path))  # fmt: skip
        label = {"category": "", "tag": "الوسم: ", "author": "الكاتب: "}[kind]
        body = (
            _header(base, False, section)
            + '<header class="entry-header-outer container-wrapper">'
            + _breadcrumb(base, [(title, None)])
            + f'<h1 class="page-title">{e(label + title)}</h1></header>\n'
            + '<div class="mag-box wide-post-box"><div class="container-wrapper"><div class="mag-box-container clearfix">'
            + f'<ul id="posts-container" data-layout="default" class="posts-items">\n{"".join(_post_item(base, a) for a in chunk)}</ul>\n'
            + _pagination(base, base_path, number, total)
            + "</div></div></div>\n"
            + _sidebar_and_footer(base)
        )
        pages[path] = head + body
    return pages


def _article_page(base: str, article: _Article) -> str:
    t = article.truth
    url = _url(base, t.path)
    image = _url(base, t.image)
    cat_path = SECTIONS[t.section]
    authors_ld = [
        {"@type": "Organization" if kind == "organization" else "Person", "name": name,
         "url": _url(base, author_path(slug))}
        for name, kind, slug in zip(t.authors, t.author_kinds, article.raw["authors"], strict=True)
    ]  # fmt: skip
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "dateCreated": t.published,
        "datePublished": t.published,
        "dateModified": t.modified,
        "headline": t.title,
        "name": t.title,
        "keywords": ",".join(t.tags),
        "url": url,
        "description": t.first_sentence,
        "copyrightYear": str(article.published.year),
        "articleSection": t.section,
        "articleBody": t.body,
        "inLanguage": "ar",
        "publisher": {
            "@id": "#Publisher", "@type": "Organization", "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": _url(base, "/wp-content/uploads/logo.png")},
        },
        "sourceOrganization": {"@id": "#Publisher"},
        "copyrightHolder": {"@id": "#Publisher"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "breadcrumb": {"@id": "#Breadcrumb"}},
        "author": authors_ld[0] if len(authors_ld) == 1 else authors_ld,
        "image": {"@type": "ImageObject", "url": image, "width": 1200, "height": 675},
    }  # fmt: skip
    crumbs = {
        "@context": "http://schema.org", "@type": "BreadcrumbList", "@id": "#Breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"name": "الرئيسية", "@id": _url(base, "/")}},
            {"@type": "ListItem", "position": 2, "item": {"name": t.section, "@id": _url(base, cat_path)}},
        ],
    }  # fmt: skip
    meta = (
        f'<meta property="article:section" content="{e(t.section)}">\n'
        + "".join(f'<meta property="article:tag" content="{e(tag)}">\n' for tag in t.tags)
        + f'<meta property="article:published_time" content="{t.published}">\n'
        + f'<meta property="article:modified_time" content="{t.modified}">\n'
        + f'<meta property="og:updated_time" content="{t.modified}">\n'
        + f'<meta property="og:image" content="{e(image)}">\n'
        + '<meta property="og:image:width" content="1200">\n<meta property="og:image:height" content="675">\n'
        + '<meta name="twitter:card" content="summary_large_image">\n'
        + f'<meta name="author" content="{e("، ".join(t.authors))}">\n'
        + _ld_json(ld)
        + _ld_json(crumbs)
    )
    head = _head(base, f"{t.title} - {SITE_NAME}", t.path, t.first_sentence, "article", meta)

    updated = ""
    if article.modified != article.published:
        updated = f'<span class="meta-item last-updated">آخر تحديث: {e(moroccan_date(article.modified))}</span>'
    share_url = quote(url, safe="")
    share = f"""<div id="share-buttons-top" class="share-buttons share-buttons-top"><div class="share-links icons-text">
<span class="share-title"><span class="tie-icon-share" aria-hidden="true"></span><span class="social-text">شارك</span></span>
<a href="https://www.facebook.com/sharer.php?u={share_url}" rel="external noopener nofollow" title="فيسبوك" target="_blank" class="facebook-share-btn large-share-button" data-raw="https://www.facebook.com/sharer.php?u={{post_link}}"><span class="share-btn-icon tie-icon-facebook"></span> <span class="social-text">فيسبوك</span></a>
<a href="https://twitter.com/intent/tweet?text={quote(t.title)}&amp;url={share_url}" rel="external noopener nofollow" title="تويتر" target="_blank" class="twitter-share-btn large-share-button"><span class="share-btn-icon tie-icon-twitter"></span> <span class="social-text">تويتر</span></a>
<a href="https://api.whatsapp.com/send?text={quote(t.title)}%20{share_url}" rel="external noopener nofollow" title="واتساب" target="_blank" class="whatsapp-share-btn"><span class="share-btn-icon tie-icon-whatsapp"></span> <span class="screen-reader-text">واتساب</span></a>
</div></div>
"""
    content = []
    for index, block in enumerate(article.blocks):
        if block.kind == "p":
            content.append(f"<p>{e(block.texts[0])}</p>")
        elif block.kind == "h3":
            content.append(f"<h3>{e(block.texts[0])}</h3>")
        else:
            content.append(
                "<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.texts) + "</ul>"
            )
        if index == 1:
            content.append(
                '<div class="stream-item stream-item-in-post stream-item-inline-post aligncenter"></div>'
            )
    caption = ""
    if t.id % 2 == 0:
        caption = '<figcaption class="single-caption-text"><span class="tie-icon-camera" aria-hidden="true"></span> صورة تعبيرية</figcaption>'
    tags = "".join(
        f'<a href="{e(_url(base, tag_path(tag)))}" rel="tag">{e(tag)}</a>' for tag in t.tags
    )
    siblings = [a for a in _articles() if a.truth.section == t.section]
    position = siblings.index(article)
    related = [siblings[(position + step) % len(siblings)] for step in (1, 2, 3)]
    related_html = "".join(
        f'<div class="related-item tie-standard"><a aria-label="{e(r.truth.title)}" href="{e(_url(base, r.truth.path))}" class="post-thumb">'
        f'<img width="390" height="220" src="{e(_url(base, r.truth.image))}" class="attachment-jannah-image-large size-jannah-image-large wp-post-image" alt=""></a>'
        f'<h3 class="post-title"><a href="{e(_url(base, r.truth.path))}">{e(r.truth.title)}</a></h3>'
        f'<div class="post-meta clearfix"><span class="date meta-item tie-icon">{e(moroccan_date(r.published, weekday=False))}</span></div></div>'
        for r in related
    )
    avatar_slug = article.raw["authors"][0]
    body = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer">
{_breadcrumb(base, [(t.section, cat_path), (t.title, None)])}<div class="entry-header">
<span class="post-cat-wrap"><a class="post-cat tie-cat-{_section_index(t.section)}" href="{e(_url(base, cat_path))}">{e(t.section)}</a></span>
<h1 class="post-title entry-title">{e(t.title)}</h1>
<div id="single-post-meta" class="post-meta clearfix">
<span class="author-meta single-author with-avatars"><span class="meta-item meta-author-wrapper meta-author-{list(_AUTHORS).index(avatar_slug) + 1}">
<span class="meta-author-avatar"><a href="{e(_url(base, author_path(avatar_slug)))}"><img alt="صورة {e(_AUTHORS[avatar_slug]["name"])}" src="{e(_url(base, "/wp-content/uploads/avatar.png"))}" class="avatar avatar-140 photo" height="140" width="140"></a></span>
<span class="meta-author">{_author_links(base, article)}</span></span></span>
<span class="date meta-item tie-icon"><time datetime="{t.published}">{e(t.published_display)}</time></span>{updated}
<div class="tie-alignright"><span class="meta-comment tie-icon meta-item fa-before">0</span><span class="meta-views meta-item"><span class="tie-icon-fire" aria-hidden="true"></span> {(t.id * 53) % 900 + 100}</span><span class="meta-reading-time meta-item"><span class="tie-icon-bookmark" aria-hidden="true"></span> دقيقتين</span></div>
</div>
</div>
</header>
<div class="featured-area"><div class="featured-area-inner"><figure class="single-featured-image">
<img width="780" height="470" src="{e(image)}" class="attachment-jannah-image-post size-jannah-image-post wp-post-image" alt="{e(t.title)}">{caption}
</figure></div></div>
{share}<div class="entry-content entry clearfix">
{chr(10).join(content)}
</div>
<div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span class="tie-icon-tags" aria-hidden="true"></span> الوسوم</div><span class="tagcloud">{tags}</span></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><div class="share-links"><span class="share-title"><span class="social-text">شارك</span></span>
<a href="https://www.facebook.com/sharer.php?u={share_url}" rel="external noopener nofollow" title="فيسبوك" target="_blank" class="facebook-share-btn"><span class="social-text">فيسبوك</span></a>
<a href="https://twitter.com/intent/tweet?text={quote(t.title)}&amp;url={share_url}" rel="external noopener nofollow" title="تويتر" target="_blank" class="twitter-share-btn"><span class="social-text">تويتر</span></a>
</div></div>
</article>
<div class="post-components">
<div id="related-posts" class="container-wrapper has-extra-post">
<div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3></div>
<div class="related-posts-list">{related_html}</div>
</div>
<div id="comments" class="comments-area">
<div id="add-comment-block" class="container-wrapper"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title the-global-title">اترك تعليقاً <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">إلغاء الرد</a></small></h3>
<form action="{e(_url(base, "/wp-comments-post.php"))}" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span> <span class="required-field-message">الحقول الإلزامية مشار إليها بـ <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">التعليق <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">الاسم <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" required></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق"> <input type="hidden" name="comment_post_ID" value="{t.id}" id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form>
</div></div>
</div>
</div>
"""
    return head + _header(base, False, t.section) + body + _sidebar_and_footer(base)


def _home_page(base: str) -> str:
    latest = _newest_first(list(_articles()))
    blocks = [
        '<div class="mag-box big-post-left-box"><div class="container-wrapper">'
        '<div class="mag-box-title the-global-title"><h3>آخر الأخبار</h3></div>'
        f'<ul class="posts-items">{"".join(_post_item(base, a) for a in latest[:8])}</ul></div></div>'
    ]
    for name, path in SECTIONS.items():
        items = [a for a in latest if a.truth.section == name][:4]
        blocks.append(
            f'<div class="mag-box half-box"><div class="container-wrapper">'
            f'<div class="mag-box-title the-global-title"><h3><a href="{e(_url(base, path))}">{e(name)}</a></h3>'
            f'<a class="block-more-button" href="{e(_url(base, path))}">المزيد</a></div>'
            f'<ul class="posts-items">{"".join(_post_item(base, a) for a in items)}</ul></div></div>'
        )
    website_ld = {
        "@context": "http://schema.org", "@type": "WebSite", "name": SITE_NAME,
        "url": _url(base, "/"), "inLanguage": "ar",
    }  # fmt: skip
    head = _head(
        base, f"{SITE_NAME} - {SITE_TAGLINE}", "/", SITE_TAGLINE, extra=_ld_json(website_ld)
    )
    return head + _header(base, True, None) + "\n".join(blocks) + "\n" + _sidebar_and_footer(base)


def not_found_page(base: str = DEFAULT_BASE_URL) -> bytes:
    """The theme's 404 page, with the full header, so a crawler sees links even on errors."""
    body = """<div class="container-404 container-wrapper">
<h2>404 :(</h2><h3>أوه! لا يمكن العثور على هذه الصفحة.</h3>
<h4>يبدو أنه لا يمكن العثور على شيء هنا. ربما تجرب البحث؟</h4>
</div>
"""
    head = _head(base, f"لم يتم العثور على الصفحة - {SITE_NAME}", "/404", SITE_TAGLINE)
    return (head + _header(base, False, None) + body + _sidebar_and_footer(base)).encode("utf-8")


def _placeholder_png() -> bytes:
    """A 1x1 grey PNG so the images the pages reference really exist."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xcc")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# --- the site ---------------------------------------------------------------------------------


def build_site(base_url: str = DEFAULT_BASE_URL) -> dict[str, bytes]:
    """Every HTML page keyed by its path as the pages link it (percent-encoded Arabic).

    Links are absolute, as WordPress prints them, so the pages are built for one ``base_url``.
    """
    base = base_url.rstrip("/")
    pages: dict[str, str] = {"/": _home_page(base)}
    all_articles = list(_articles())
    for article in all_articles:
        pages[article.truth.path] = _article_page(base, article)
    for name, path in SECTIONS.items():
        items = [a for a in all_articles if a.truth.section == name]
        pages.update(_listing_pages(base, name, path, items, section=name))
    for tag in sorted({tag for a in all_articles for tag in a.truth.tags}):
        items = [a for a in all_articles if tag in a.truth.tags]
        pages.update(_listing_pages(base, tag, tag_path(tag), items, kind="tag"))
    for slug, author in _AUTHORS.items():
        items = [a for a in all_articles if slug in a.raw["authors"]]
        pages.update(_listing_pages(base, author["name"], author_path(slug), items, kind="author"))
    return {path: text.encode("utf-8") for path, text in pages.items()}


def normalize_path(path: str) -> str:
    """The lookup key for a request path: decoded Arabic, no query, no trailing slash."""
    path = unquote(urlsplit(path).path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


class DemoSite:
    """The demo site as a lookup table: ``page(path)`` answers like the web server would."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL) -> None:
        self.base_url = base_url.rstrip("/")
        self.pages = build_site(self.base_url)
        self._lookup: dict[str, tuple[str, bytes]] = {}
        for path, content in self.pages.items():
            self._lookup[normalize_path(path)] = (HTML_TYPE, content)
            if re.match(r"/archives/(category|tag|author)/[^/]+$", path):
                # WordPress answers ".../page/1" with the first page too.
                self._lookup[normalize_path(path + "/page/1")] = (HTML_TYPE, content)
        self._lookup["/robots.txt"] = ("text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
        png = _placeholder_png()
        images = {a.truth.image for a in _articles()}
        images |= {"/wp-content/uploads/logo.png", "/wp-content/uploads/avatar.png"}
        for image in images:
            self._lookup[image] = ("image/png", png)
        self._not_found = not_found_page(self.base_url)

    def page(self, path: str) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` for a request path, raw or percent-encoded."""
        found = self._lookup.get(normalize_path(path))
        if found is None:
            return 404, HTML_TYPE, self._not_found
        return 200, found[0], found[1]

    def url(self, path: str) -> str:
        return self.base_url + path
