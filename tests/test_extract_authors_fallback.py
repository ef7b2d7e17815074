"""Visible bylines on pages whose metadata names no author (session 7, issue 15;
benchmarks/authors_fallback.py). Fragments from corpus pages, their author metadata removed."""

from __future__ import annotations

from newscrawler.extract import extract_article

TEXT = (
    "<p>The government said on Tuesday that it would present its plans to parliament next week, "
    "after months of talks with the regional authorities and the unions.</p>"
    "<p>Critics said the proposals did not go far enough and called for a public inquiry into the "
    "way the earlier programme had been run over the past five years.</p>"
)


def _page(header: str, title: str = "Tony Blair: the interview") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{header}<div class=body>{TEXT}</div></article></body></html>"
    )


def _names(html: str, url: str) -> list[str]:
    return [a.name for a in extract_article(html, url).authors]


def test_a_link_to_the_author_page_names_the_author():
    # standard.co.uk: no byline class, no label, only the link to /author/...
    html = _page(
        '<div class="sc-fPgHrj elPAKL"><span class="sc-jJcwTH kfjdCz">'
        '<a class="sc-klVQfs gSeXql" href="/author/dylan-jones">Dylan Jones</a></span></div>'
    )
    assert _names(html, "https://www.standard.co.uk/news/politics/b1189828.html") == ["Dylan Jones"]


def test_author_page_links_in_other_languages():
    # elpais.com: "/autor/..."
    html = _page(
        '<div class="a_md_a"><a class="a_md_a_n" '
        'href="https://elpais.com/autor/maria-rodriguez-sahuquillo/">María R. Sahuquillo</a></div>',
        title="Bruselas sondea la apertura de centros",
    )
    assert _names(html, "https://elpais.com/internacional/2024-10-15/x.html") == [
        "María R. Sahuquillo"
    ]


def test_written_by_label_near_the_headline():
    # namibian.com.na
    html = _page(
        '<div class="nam_post__info"><span>Written by Eliaser Ndeyanale</span></div>',
        title="Mbumba recounts Geingob's last days",
    )
    assert _names(html, "https://www.namibian.com.na/mbumba/") == ["Eliaser Ndeyanale"]


def test_a_byline_and_the_position_after_it_are_two_words():
    # welt.de: "Von <a>Ulrich Exner</a>" then <span>Korrespondent</span> in one byline block
    html = _page(
        '<div class="c-article-header__authors"><div><em class="c-article-header__author-by">Von '
        '<a class="is-link" href="/profil/ulrich-exner/">Ulrich Exner</a></em>'
        '<span class="c-article-header__author-position">Korrespondent</span></div></div>',
        title="Landtagswahl in Thüringen",
    )
    assert _names(html, "https://www.welt.de/politik/article253202060/x.html") == ["Ulrich Exner"]


def test_the_first_h1_anchors_the_byline_when_the_headline_sits_in_the_breadcrumbs():
    # sueddeutsche.de, rp-online.de: the <h1> is the last breadcrumb item (inside <nav>), so it
    # is not taken as the title node; the byline follows it all the same
    html = (
        "<html><head><title>Die Fleißigsten und Fahrradfreundlichsten im Landkreis München</title>"
        "</head><body><main><nav class=css-h8hb3f><ol class=css-17q9w9h><li class=css-5m4t2m>"
        "<a href='/muenchen'>München</a></li><li class=css-5m4t2m><h1 class=css-lcjkp8>"
        "Die Fleißigsten und Fahrradfreundlichsten im Landkreis München</h1></li></ol></nav>"
        '<article><p class="css-1nw5r4g">Kolumne von <a class="css-viqvuv" '
        'href="https://www.sueddeutsche.de/autoren/lars-brunckhorst-1.1143445">Lars Brunckhorst</a></p>'
        f"<div class=body>{TEXT}</div></article></main></body></html>"
    )
    assert _names(html, "https://www.sueddeutsche.de/muenchen/ranking-1.6") == ["Lars Brunckhorst"]
