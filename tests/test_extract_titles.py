"""Title choice: one general rule per test, on fragments of real pages (fundus and trafilatura
corpus pages where the rule was found; the strings are the pages' own).

Each test fails without its rule (checked when the rule was added, session 7).
"""

from __future__ import annotations

from newscrawler.extract import extract_article

PARAGRAPH = "Ein Satz mit genug Wörtern, damit er als echter Absatz des Artikels zählt. " * 3


def page(head: str = "", body: str = "", body_class: str = "") -> str:
    return (
        f"<html><head>{head}</head><body class='{body_class}'>"
        f"<header><a href='/'>Das Blatt</a></header>{body}"
        "<footer class='site-footer'>© 2024</footer></body></html>"
    )


def title(html: str, url: str = "https://blatt.example/a") -> str | None:
    return extract_article(html, url).title


def test_a_page_class_naming_a_logo_does_not_hide_the_headline():
    # WordPress puts "wp-custom-logo" on <body> of every site with a logo; the headline <h1>
    # a few levels under <body> was taken for the logo and a teaser's <h1> won (dailymaverick).
    teaser = (
        "<div class=homepagify><div class=container><div class=wp-block-columns>"
        "<div class=wp-block-column><div class=top-reads-block><div class=list-item>"
        "<a class=card-link href='/b'><div class=media-right><h1>Ramaphosa in resolve-and-reset"
        " mode on SA-US ties</h1></div></a></div></div></div></div></div></div>"
    )
    html = page(
        head="<meta name='sailthru.title' content='Legal opinion expected after ICJ concludes "
        "hearings on Israel’s aid obligations in Gaza'>",
        body="<div class=article-body><div class=container><div class=titles><h1>Legal opinion "
        "expected after ICJ concludes hearings on Israel’s aid obligations in Gaza</h1></div>"
        f"</div><p>{PARAGRAPH}</p></div>{teaser}",
        body_class="single single-article wp-custom-logo wp-embed-responsive",
    )
    assert title(html) == (
        "Legal opinion expected after ICJ concludes hearings on Israel’s aid obligations in Gaza"
    )


def test_a_short_heading_sharing_no_word_with_the_title_is_a_page_label():
    # mk.co.kr: the page's only <h1> outside the logo says "article detail".
    html = page(
        head="<meta property='og:title' content='‘흙수저’ 소년공이 쏘아올린 정치 신화 - 매일경제'>"
        "<meta property='og:site_name' content='매일경제'>"
        "<title>‘흙수저’ 소년공이 쏘아올린 정치 신화 - 매일경제</title>",
        body=f"<div class=sub-header><h1>기사 상세</h1></div><article><p>{PARAGRAPH}</p></article>",
    )
    assert title(html) == "‘흙수저’ 소년공이 쏘아올린 정치 신화"


def test_a_short_heading_sharing_a_word_with_the_title_stays():
    html = page(
        head="<meta property='og:title' content='Die Eisheiligen 2024: Wann sie sind'>",
        body=f"<article><h1>Eisheiligen-Prognose</h1><p>{PARAGRAPH}</p></article>",
    )
    assert title(html) == "Eisheiligen-Prognose"


def test_a_kicker_element_joined_without_a_space_takes_the_structured_separator():
    # tageblatt.lu: <h1><span>Kicker</span>Headline</h1> reads "Nationale DemoDer 9. Juli".
    headline = "Der 9. Juli naht: OGBL und LCGB demonstrieren Stärke und Einheit"
    html = page(
        head=f"<meta property='og:title' content='Nationale Demo / {headline}'>",
        body=f"<article><h1><span>Nationale Demo</span>{headline}</h1><p>{PARAGRAPH}</p></article>",
    )
    assert title(html) == f"Nationale Demo / {headline}"


def test_kicker_and_headline_spans_take_the_structured_separator():
    # tagesschau.de: two spans with only a line break between them.
    html = page(
        head="<meta property='og:title' content='Ausschuss zur Ahrtal-Flut: Zwei Rücktritte - "
        "und viele offene Fragen'>",
        body="<article><h1><span class=topline>Ausschuss zur Ahrtal-Flut</span>\n"
        "<span class=text>Zwei Rücktritte - und viele offene Fragen</span></h1>"
        f"<p>{PARAGRAPH}</p></article>",
    )
    assert title(html) == "Ausschuss zur Ahrtal-Flut: Zwei Rücktritte - und viele offene Fragen"


def test_most_sources_agreeing_outvote_the_tail_two_titles_share():
    # nrk.no: one source has another kicker; their common tail "så kom sjokkvendingen" is not
    # the headline when three sources give the same whole title.
    whole = "OL i Paris 2024: Tårene rant for stavhopper Lene Retzius – så kom sjokkvendingen"
    html = page(
        head="<meta property='og:title' content='Tårene rant for norsk OL-håp – så kom "
        f"sjokkvendingen'><meta name='twitter:title' content='{whole}'>"
        f"<meta name='title' content='{whole}'><title>{whole}</title>",
        body=f"<article><p>{PARAGRAPH}</p></article>",
    )
    assert title(html) == whole


def test_a_site_tail_after_an_unlisted_separator_goes_when_another_source_lacks_it():
    # hankookilbo.com: "-정치ㅣ한국일보" (section and site after a hyphen and a Hangul "ㅣ").
    bare = "장동혁, 한동훈 제명했지만… '윤 어게인' 절연 ·외연 확장 부담 커졌다"
    html = page(
        head=f'<meta property="og:title" content="{bare}-정치ㅣ한국일보">'
        f'<meta name="twitter:title" content="{bare}">'
        '<meta property="og:site_name" content="한국일보">',
        body=f"<article><p>{PARAGRAPH}</p></article>",
    )
    assert title(html, "https://www.hankookilbo.com/news/article/A2026012914320005196") == bare


def test_a_page_label_piece_goes_with_the_site_name():
    # WordPress's default title "Site » Blog Archive » Post" (German: "Blog Archiv").
    html = page(
        head="<title>Time 4 talks » Blog Archiv » Weitere Digitalisierung der Schweizer Kinos"
        "</title><meta property='og:site_name' content='Time 4 talks'>",
        body=f"<div class=post><p>{PARAGRAPH}</p></div>",
    )
    assert title(html, "http://www.time4talks.com/2013/08/07/weitere-digitalisierung/") == (
        "Weitere Digitalisierung der Schweizer Kinos"
    )


def test_with_no_h1_the_first_h2_close_to_the_title_is_the_headline():
    html = page(
        head="<title>Der historische Purzelbaum (2021/5): alacarte</title>",
        body=f"<div class=content><h2>Der historische Purzelbaum</h2><p>{PARAGRAPH}</p>"
        "<h3>Zeit ist Geld</h3></div>",
    )
    assert title(html, "https://www.alacarte.at/reisen/der-historische-purzelbaum-20215/") == (
        "Der historische Purzelbaum"
    )


def test_with_no_h1_an_unrelated_first_h2_is_not_the_headline():
    html = page(
        head="<title>Wochenbericht 14. - 20. Januar 2022 - SLF</title>",
        body=f"<div class=content><h2>Weitere Berichte im Archiv</h2><p>{PARAGRAPH}</p></div>",
    )
    assert (
        title(html, "https://www.slf.ch/de/wochenbericht/") == "Wochenbericht 14. - 20. Januar 2022"
    )
