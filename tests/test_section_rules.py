"""Section rules on real page fragments: the article's own category links before the listing's
title, archive prefixes stripped from listing titles, never the site's name or a navigation
label. The fragments are as Debian's WordPress themes and common Arabic news templates print
them."""

from __future__ import annotations

import pytest

from newscrawler.extract import extract_article
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
