"""Section rules on real page fragments: the article's own category links before the listing's
title, archive prefixes stripped from listing titles, never the site's name or a navigation
label. The fragments are as Debian's WordPress themes and common Arabic news templates print
them."""

from __future__ import annotations

import pytest

from newscrawler.extract import extract_article
from newscrawler.extract.fetched import combined_section
from newscrawler.extract.links import listing_links
from newscrawler.extract.section import strip_archive_prefix

URL = "https://site.example/archives/34"
BODY = ("<p>أفادت مصادر مطلعة أن النقاش ما زال مفتوحا بين مختلف الأطراف المعنية بالملف في المدينة.</p>"
        "<p>وأكد مسؤول محلي أن الإجراءات ستدخل حيز التنفيذ خلال الأسابيع المقبلة حسب البلاغ.</p>")


def page(head: str, body: str) -> str:
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8">{head}</head>'
            f"<body>{body}</body></html>")


# twentytwentythree (WordPress 6.1): the post's categories as a term list of rel="tag" links.
BLOCK_THEME_POST = page(
    '<meta property="og:site_name" content="أخبار الاختبار">',
    '<header><nav class="wp-block-navigation"><a href="/">الرئيسية</a></nav></header>'
    '<main><h1 class="wp-block-post-title">الحكومة تناقش خطة جديدة للنقل العمومي</h1>'
    '<div class="wp-block-post-date"><time datetime="2023-06-20T21:05:00+01:00">20 يونيو 2023</time></div>'
    f'<div class="entry-content wp-block-post-content">{BODY}</div>'
    '<div class="taxonomy-category wp-block-post-terms"><a href="https://site.example/archives/'
    'category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9" rel="tag">مجتمع</a></div>'
    '<div class="taxonomy-post_tag wp-block-post-terms"><a href="https://site.example/archives/tag/'
    '%d8%a7%d9%84%d8%b1%d8%a8%d8%a7%d8%b7" rel="tag">الرباط</a></div></main>',
)


def test_a_block_theme_post_gives_its_own_category_and_keeps_tags_apart():
    article = extract_article(BLOCK_THEME_POST, URL)
    assert article.section == "مجتمع"
    assert article.tags == ["الرباط"]


@pytest.mark.parametrize("printed, section", [
    ("التصنيف: مجتمع", "مجتمع"),  # WordPress's current Arabic translation
    ("Category: مجتمع", "مجتمع"),  # Debian 12's, which leaves it English
    ("الأرشيف: سياسة", "سياسة"),
    ("Archives: رياضة", "رياضة"),
    ("أرشيف اقتصاد", "اقتصاد"),
    ("أرشيف التصنيف: ثقافة", "ثقافة"),
    ("تصنيف: فن", "فن"),
    ("مجتمع", "مجتمع"),
    ("الأرشيف", "الأرشيف"),  # a title that is only the word stays as it is
])
def test_archive_prefixes_are_stripped(printed, section):
    assert strip_archive_prefix(printed) == section


def test_a_listing_title_loses_its_archive_prefix():
    html = page("", '<main><h1 class="wp-block-query-title">التصنيف: <span>مجتمع</span></h1>'
                    '<ul><li><h2><a href="/archives/1">خبر أول عن المدينة</a></h2></li></ul></main>')
    assert listing_links(html.encode(), "https://site.example/archives/category/x").title == "مجتمع"


def test_the_site_name_and_a_more_label_are_never_the_section():
    html = page(
        '<meta property="og:site_name" content="البيان">',
        '<nav class="breadcrumbs"><a href="/">الرئيسية</a> » <a href="/more">المزيد</a> » '
        '<a href="/">البيان</a></nav>'
        f'<article><h1>وزير الري يشهد توقيع عقد جديد</h1>{BODY}</article>',
    )
    assert extract_article(html, URL).section is None


def test_the_leaf_of_the_breadcrumbs_wins_over_the_parent():
    html = page(
        "",
        '<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li>'
        '<li><a href="/news/local">محليات</a></li><li>وزير الري يشهد توقيع عقد</li></ol>'
        f'<article><h1>وزير الري يشهد توقيع عقد</h1>{BODY}</article>',
    )
    assert extract_article(html, URL).section == "محليات"


# -- Issue 15 item 7: the leaf category on Arabic pages nobody tuned for ---------------------------
ARTICLE = f"<article><h1>الأهلي يفوز على الزمالك في نهائي الكأس</h1>{BODY}</article>"


def section_of(body: str, head: str = "", url: str = URL) -> str | None:
    return extract_article(page(head, body), url).section


def test_a_home_news_sport_trail_gives_the_sport_leaf():
    trail = ('<nav class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/news">أخبار</a> › '
             '<a href="/news/sport">رياضة</a></nav>')
    assert section_of(trail + ARTICLE) == "رياضة"


def test_a_more_from_link_gives_the_section_it_names():
    more = '<a href="/category/sport" class="more">المزيد من رياضة</a>'
    assert section_of(ARTICLE + more) == "رياضة"


def test_a_crumb_to_the_home_page_is_the_site_name_whatever_it_says():
    # No og:site_name; the trail ends with the site's name, linked to the home page.
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "الأهلي يفوز", '
            '"author": {"@type": "Person", "name": "أحمد علي"}}</script>')
    trail = ('<ol class="breadcrumbs"><li><a href="/">الرئيسية</a></li>'
             '<li><a href="/sport">رياضة</a></li><li><a href="https://site.example/">الوطن نيوز</a></li></ol>')
    assert section_of(trail + ARTICLE, head) == "رياضة"


# WordPress lists a post's categories by name, so the parent may come first.
CATEGORY_TAGS = (
    '<span class="cat-links"><a href="https://site.example/category/%d8%b1%d9%8a%d8%a7%d8%b6%d8%a9/"'
    ' rel="category tag">رياضة</a>، <a href="https://site.example/category/%d8%b1%d9%8a%d8%a7%d8%b6'
    '%d8%a9/%d9%83%d8%b1%d8%a9-%d8%a7%d9%84%d9%82%d8%af%d9%85/" rel="category tag">كرة القدم</a></span>'
)


def test_the_site_name_in_the_trail_is_skipped():
    trail = ('<ol class="breadcrumbs"><li><a href="/sport">رياضة</a></li>'
             '<li><a href="/about">الوطن نيوز</a></li></ol>')
    assert section_of(trail + ARTICLE, '<meta property="og:site_name" content="الوطن نيوز">') == "رياضة"


def test_a_category_tag_list_gives_the_child_before_its_parent():
    assert section_of(ARTICLE + CATEGORY_TAGS) == "كرة القدم"


def test_a_category_list_outside_a_term_list_also_gives_the_child():
    links = CATEGORY_TAGS.replace('<span class="cat-links">', "<p>").replace("</span>", "</p>")
    assert section_of(ARTICLE + links) == "كرة القدم"


def test_a_wordpress_term_list_with_an_uncategorized_first_gives_the_real_one():
    terms = ('<div class="taxonomy-category wp-block-post-terms"><a href="/category/uncategorized" '
             'rel="tag">غير مصنف</a><span>, </span><a href="/category/econ" rel="tag">اقتصاد</a></div>')
    assert section_of(ARTICLE + terms) == "اقتصاد"


@pytest.mark.parametrize("url, section", [
    ("https://site.example/sport/2024/05/12/ahly-zamalek", "sport"),
    ("https://site.example/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/12345", "رياضة"),
    ("https://site.example/news/local-news/ahly-zamalek-final-cup", "local news"),
    ("https://site.example/ar/article/12345/ahly", None),  # a language code and a page kind
    ("https://site.example/2024/05/12/ahly-zamalek", None),
])
def test_the_url_folder_is_the_last_resort(url, section):
    assert section_of(ARTICLE, url=url) == section


def test_the_page_own_category_beats_the_url_folder():
    assert section_of(ARTICLE + CATEGORY_TAGS, url="https://site.example/sport/12345") == "كرة القدم"


@pytest.mark.parametrize("label", [
    "اشترك الآن", "تسجيل الدخول", "اتصل بنا", "طباعة", "English", "Sign up", "Skip to content",
    "17. Februar 2020", "الأربعاء ١٢ يناير ٢٠٢٢", "0", "site.example",
])
def test_a_highlighted_menu_entry_that_is_no_section_is_skipped(label):
    menu = (f'<nav class="main-menu"><ul><li class="current-menu-item"><a href="/x">{label}</a></li>'
            '</ul></nav>')
    assert section_of(menu + ARTICLE) is None


def test_a_highlighted_menu_entry_counts_only_inside_a_menu_and_leading_elsewhere():
    menu = '<nav><ul><li class="active"><a href="/sport">رياضة</a></li></ul></nav>'
    assert section_of(menu + ARTICLE) == "رياضة"
    pager = '<div class="pages"><a class="active" href="/sport">رياضة</a></div>'
    assert section_of(pager + ARTICLE) is None
    itself = '<nav><ul><li class="active"><a href="/archives/34">رياضة</a></li></ul></nav>'
    assert section_of(itself + ARTICLE) is None


@pytest.mark.parametrize("printed, section", [
    ("Politics &amp; Government", "Politics & Government"),
    ("Europa&#x20;News", "Europa News"),
    ("Gündem (current)", "Gündem"),
    ("/ رياضة", "رياضة"),
    ("المزيد من اقتصاد", "اقتصاد"),
])
def test_a_candidate_is_cleaned_into_a_name(printed, section):
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            f'"@type": "NewsArticle", "articleSection": "{printed}"}}</script>')
    assert section_of(ARTICLE, head) == section


@pytest.mark.parametrize("crumb", [
    "الأهلي يفوز على الزمالك في نهائي الكأس بعد مباراة مثيرة",  # the headline and more
    "الأهلي يفوز على الزمالك...",  # cut short
])
def test_a_headline_in_the_trail_is_not_the_section(crumb):
    trail = (f'<nav class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/sport">رياضة</a> › '
             f'<a href="/archives/34">{crumb}</a></nav>')
    assert section_of(trail + ARTICLE) == "رياضة"


# -- The crawl's section (the listing it came through) and the page's -----------------------------
@pytest.mark.parametrize("own, listed, url, section", [
    ("كرة القدم", "رياضة", "https://site.example/archives/34", "كرة القدم"),  # the page's own leaf
    (None, "رياضة", "https://site.example/archives/34", "رياضة"),
    ("sport", "رياضة", "https://site.example/sport/34", "رياضة"),  # a URL folder: the listing's name
    ("رياضة", "أخبار", "https://site.example/archives/34", "رياضة"),
    (None, "أخبار", "https://site.example/archives/34", None),  # a listing titled "news"
    (None, "news", "https://site.example/archives/34", None),  # ... or a listing URL /news
    (None, "التصنيف: مجتمع", "https://site.example/archives/34", "مجتمع"),
])
def test_the_page_section_and_the_listing_section_combine(own, listed, url, section):
    assert combined_section(own, listed, url) == section
