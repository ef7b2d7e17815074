"""Recorded theme pages and small hand-written pages, one rule each.

The WordPress page is a saved copy of a post from the real twentytwentyone theme (the peer in
tests/services/wordpress.py); the demo site is the bundled Jannah-style site. Each hand-written
page pins one general rule of the extractor, so a change that breaks a rule names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawler.demo import DemoSite, articles
from newscrawler.extract import extract_article

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --- WordPress twentytwentyone: post meta in the article's own <footer> ----------------------


@pytest.fixture(scope="module")
def twentytwentyone():
    html = (FIXTURES / "wordpress-twentytwentyone.html").read_bytes()
    return extract_article(html, "http://127.0.0.1:8089/archives/39")


def test_twentytwentyone_title(twentytwentyone):
    assert twentytwentyone.title == "خبر جديد رقم 6 عن قانون المالية المعدل"


def test_twentytwentyone_author_from_entry_footer(twentytwentyone):
    assert [(a.name, a.kind) for a in twentytwentyone.authors] == [
        ("فاطمة الزهراء بنعلي", "person")
    ]


def test_twentytwentyone_published_keeps_its_offset(twentytwentyone):
    assert twentytwentyone.published == "2026-11-28T21:19:06+01:00"


def test_twentytwentyone_section_and_tags(twentytwentyone):
    assert twentytwentyone.section == "مجتمع"
    assert twentytwentyone.tags == ["كرة القدم"]


def test_twentytwentyone_body_is_the_entry_content(twentytwentyone):
    paragraphs = twentytwentyone.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("ويرى متتبعون")
    assert "Published" not in twentytwentyone.body and "Tagged" not in twentytwentyone.body


# --- the bundled demo site ---------------------------------------------------------------


DEMO = articles()


@pytest.mark.parametrize("truth", DEMO, ids=[str(a["id"]) for a in DEMO])
def test_demo_article_body_equals_its_truth(truth):
    status, _kind, page = DemoSite("http://demo.test").page(truth["path"])
    assert status == 200
    article = extract_article(page, "http://demo.test" + truth["path"])
    assert squash(article.body) == squash(truth["body"])
    assert article.body.startswith(truth["first_sentence"])  # never the featured-image caption


# --- one rule per hand-written page -----------------------------------------------------------

PARAGRAPH = "Ein Satz mit genug Wörtern, damit er als echter Absatz des Artikels zählt. " * 3


def page(head: str = "", article: str = "", outside: str = "") -> str:
    return (
        f"<html lang=de><head>{head}</head><body><header><a href='/'>Das Blatt</a></header>"
        f"<article>{article}</article>{outside}<footer class='site-footer'>© 2021</footer>"
        "</body></html>"
    )


def test_figure_caption_is_not_body_text():
    html = page(
        article="<h1>Schlagzeile des Tages</h1><figure><img src=a.jpg>"
        "<figcaption>Foto: Agentur / Bildunterschrift zum Aufmacher</figcaption></figure>"
        f"<div class=entry-content><p>{PARAGRAPH}</p></div>"
    )
    body = extract_article(html, "https://blatt.example/a").body
    assert body.startswith("Ein Satz") and "Bildunterschrift" not in body


def test_headline_with_kicker_gives_the_structured_title():
    html = page(
        head="<meta property='og:title' content='Große Aufgaben für die neue Regierung'>",
        article="<h1><span class=kicker>Tunesien</span> Große Aufgaben für die neue Regierung</h1>"
        f"<p>{PARAGRAPH}</p>",
    )
    assert extract_article(html, "https://blatt.example/a").title == (
        "Große Aufgaben für die neue Regierung"
    )


def test_site_name_with_a_separator_is_cut_from_the_title():
    html = page(
        head="<title>Die Rente als Auslaufmodell | Blatt media - Analyse und Kritik</title>"
        "<meta property='og:site_name' content='Blatt media'>",
        article=f"<p>{PARAGRAPH}</p>",
    )
    assert extract_article(html, "https://blatt.example/a").title == "Die Rente als Auslaufmodell"


def test_plain_text_byline_under_the_headline():
    html = page(
        article="<h1>Schlagzeile des Tages</h1><div class=hero><span class=label>"
        f"von Alexander Beispiel</span></div><div class=entry-content><p>{PARAGRAPH}</p></div>"
    )
    article = extract_article(html, "https://blatt.example/a")
    assert [a.name for a in article.authors] == ["Alexander Beispiel"]


def test_byline_class_that_names_no_person_is_skipped():
    html = page(
        article="<h1>Schlagzeile des Tages</h1><span class=author-date>Publiziert am</span>"
        "<span class=byline>Von Jana Muster</span>"
        f"<div class=entry-content><p>{PARAGRAPH}</p></div>"
    )
    article = extract_article(html, "https://blatt.example/a")
    assert [a.name for a in article.authors] == ["Jana Muster"]


def test_written_date_wins_over_updated_date_in_one_line():
    html = page(
        article="<h1>Schlagzeile des Tages</h1>"
        "<p class=date>Written: 2023-11-03 15:03:30 / Updated: 2023-11-07 15:30:46</p>"
        f"<div class=entry-content><p>{PARAGRAPH}</p></div>"
    )
    assert extract_article(html, "https://blatt.example/a").published.startswith("2023-11-03")


def test_dateline_beats_a_date_mentioned_in_the_text():
    html = page(
        article="<h3 class=teaser-meta>02.01.2022</h3><h1>Schlagzeile des Tages</h1>"
        f"<p>Bis zum 30. April 2022 läuft die Frist ab, so das Amt. {PARAGRAPH}</p>"
    )
    assert extract_article(html, "https://blatt.example/a").published.startswith("2022-01-02")


def test_utc_stamp_of_local_midnight_is_the_next_day():
    # JavaScript's toISOString() of a date-only value east of UTC: 7 November, 00:00 CET.
    html = page(
        article="<h1>Schlagzeile des Tages</h1><time datetime='2022-11-06T23:00:00.000Z'>"
        f"</time><p>{PARAGRAPH}</p>"
    )
    assert extract_article(html, "https://blatt.example/a").published.startswith("2022-11-07")


def test_publication_date_from_application_state_script():
    html = page(
        head='<script type="application/json">{"publishedDate":"2016-11-04T20:37:27Z"}</script>',
        article=f"<h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p>",
    )
    assert extract_article(html, "https://blatt.example/a").published.startswith("2016-11-04")


def test_sibling_text_modules_are_one_article():
    modules = "".join(
        f"<section class='richtext-module'><div class=text><p>Absatz {n}. {PARAGRAPH}</p>"
        "</div></section>"
        for n in range(1, 5)
    )
    html = page(outside=f"<main><div class=grid>{modules}</div></main>")
    body = extract_article(html, "https://blatt.example/a").body
    assert [p[:8] for p in body.split("\n\n")] == ["Absatz 1", "Absatz 2", "Absatz 3", "Absatz 4"]


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Crédits photos : Bestimage", True),
        ("(Credit: Jane Roe / Agency)", True),
        ("Lesen Sie auch: Die nächste Schlagzeile", True),
        ("Follow the Daily on Twitter and Instagram for more.", True),
        ("Subscribe now to our e-paper edition for the full story.", True),
        ("Musk said the company would follow its own rules on Twitter, analysts said.", False),
        ("Die Regierung will die Förderung für Apps im Gesundheitswesen ausbauen.", False),
    ],
)
def test_boilerplate_lines(line, dropped):
    from newscrawler.extract.body import is_boilerplate

    assert is_boilerplate(line) is dropped


def test_kicker_element_opening_the_headline_is_dropped():
    html = page(
        head="<title>Initiative Sauber - kostenloser Check | Das Blatt</title>",
        article="<h1><span class=small>Initiative Sauber</span> Kostenloser Check für alle "
        f"Haushalte</h1><p>{PARAGRAPH}</p>",
    )
    assert extract_article(html, "https://blatt.example/a").title == (
        "Kostenloser Check für alle Haushalte"
    )


def test_feed_title_names_the_site():
    html = page(
        head="<title>Alles neu im Mai | Bibliothek und mehr</title>"
        "<link rel=alternate type='application/rss+xml' title='Bibliothek und mehr &raquo; Feed'"
        " href='/feed/'>",
        article=f"<p>{PARAGRAPH}</p>",
    )
    assert extract_article(html, "https://blatt.example/a").title == "Alles neu im Mai"


def test_teaser_articles_under_the_story_are_not_body():
    teasers = "".join(
        f"<article class=card><h3><a href='/p{n}'>Anderer Beitrag {n}</a></h3>"
        f"<p>Ein Anriss eines anderen Beitrags, lang genug für einen eigenen Absatz {n}.</p>"
        "</article>"
        for n in range(3)
    )
    html = page(
        article=f"<h1>Schlagzeile des Tages</h1><div class=entry-content><p>{PARAGRAPH}</p>"
        f"<p>{PARAGRAPH}</p></div><div class=more><p>Mehr zum Thema:</p>{teasers}</div>"
    )
    body = extract_article(html, "https://blatt.example/a").body
    assert "Anriss" not in body and not body.endswith(":")
