"""Publication dates: one general rule per small hand-written page.

Each page pins one rule of ``newscrawler.extract.dates``, so a change that breaks a rule names
it. The pages are shaped like the real ones that taught the rule, without their site names.
"""

from __future__ import annotations

from newscrawler.extract import extract_article

PARAGRAPH = "Ein Satz mit genug Wörtern, damit er als echter Absatz des Artikels zählt. " * 3
URL = "https://blatt.example/artikel/schlagzeile"


def page(head: str = "", article: str = "", outside: str = "") -> str:
    return (
        f"<html lang=de><head>{head}</head><body><header><a href='/'>Das Blatt</a></header>"
        f"<article>{article}</article>{outside}<footer class='site-footer'>© 2021</footer>"
        "</body></html>"
    )


def published(html: str, url: str = URL) -> str | None:
    return extract_article(html, url).published


# --- which containers are furniture -----------------------------------------------------------


def test_byline_accreditation_block_is_not_a_photo_credit():
    # "credit" marks photo credits; "accreditation" is the byline-and-date block of the story.
    html = page(
        article="<h1>Schlagzeile des Tages</h1><div class='content-header__accreditation'>"
        "<span class=byline>Von Jana Muster</span><time>1. Januar 2023</time></div>"
        f"<p>{PARAGRAPH}</p>"
    )
    assert published(html).startswith("2023-01-01")


def test_photo_credit_date_is_still_skipped():
    html = page(
        article="<h1>Schlagzeile des Tages</h1><div class=photo-credit>Foto: Agentur, 03.03.2020"
        f"</div><p class=date>05.03.2020</p><p>{PARAGRAPH}</p>"
    )
    assert published(html).startswith("2020-03-05")


def test_layout_modifier_class_is_not_a_sidebar():
    # "has-sidebar" / "with-left-sidebar" name the layout that holds the story beside a sidebar.
    html = page(
        article="<div class='main-content has-double-sidebar'><div class=left-content>"
        "<h1>Schlagzeile des Tages</h1><span class=date>02.03.2021</span>"
        f"<p>{PARAGRAPH}</p></div></div>"
    )
    assert published(html).startswith("2021-03-02")


def test_date_in_the_sidebar_itself_is_still_skipped():
    html = page(
        article="<div class=sidebar><span class=date>09.09.2021</span></div>"
        f"<h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p>"
    )
    assert published(html) is None


# --- a list of other posts after the story --------------------------------------------------


def test_date_beside_a_headline_link_dates_that_post():
    # "More press releases": each <li> is a <time> and the linked headline of another post.
    others = "".join(
        f"<li><time datetime='2022-08-{day:02d} 11:05'>{day:02d}.08.2022 11:05</time>"
        f"<a href='/news/{day}/'><strong>Wie viel Haus kann ich mir noch leisten?</strong></a></li>"
        for day in (10, 4)
    )
    html = page(
        article="<div class=banner><span>Pressemitteilung</span>"
        "<time datetime='2022-12-12 12:22'>12.12.2022 12:22</time></div>"
        f"<h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p>"
        f"<div class=block><h4>Weitere Meldungen</h4><ul>{others}</ul></div>"
    )
    assert published(html).startswith("2022-12-12")


def test_date_in_a_meta_list_item_with_the_author_link_is_kept():
    html = page(
        article="<h1>Schlagzeile des Tages</h1><ul class=entry-info><li>"
        "<time datetime='2021-05-04T08:00:00+02:00'>4. Mai 2021</time> von "
        f"<a href='/autor/jana-muster/'>Jana Muster</a></li></ul><p>{PARAGRAPH}</p>"
    )
    assert published(html).startswith("2021-05-04")


# --- the meta against the stamp under the headline --------------------------------------------

REPUBLISHED_HEAD = (
    "<meta property='article:published_time' content='2021-11-22T17:42:22.455Z'>"
    "<meta property='article:modified_time' content='2023-01-01T09:00:00.000Z'>"
)


def test_stamp_that_matches_date_modified_is_the_last_change_not_the_publication():
    # The page shows the day of its last change under the headline, as dateModified says:
    # an updated date is kept out of ``published`` (it cost 5 fundus pages, helped 2 others).
    html = page(
        head=REPUBLISHED_HEAD,
        article=f"<h1>Schlagzeile des Tages</h1><time>1. Januar 2023</time><p>{PARAGRAPH}</p>",
    )
    assert published(html) == "2021-11-22T17:42:22.455000+00:00"


def test_newer_stamp_that_no_modified_date_confirms_keeps_the_meta():
    html = page(
        head=REPUBLISHED_HEAD,
        article=f"<h1>Schlagzeile des Tages</h1><time>5. Februar 2023</time><p>{PARAGRAPH}</p>",
    )
    assert published(html).startswith("2021-11-22")


def test_labelled_update_stamp_keeps_the_meta():
    html = page(
        head=REPUBLISHED_HEAD,
        article="<h1>Schlagzeile des Tages</h1><p class=date>Aktualisiert am 1. Januar 2023</p>"
        f"<p>{PARAGRAPH}</p>",
    )
    assert published(html).startswith("2021-11-22")


# --- last resorts -----------------------------------------------------------------------------

# A long menu first and no headline the title matches: the visible search near the top ends
# before the story starts, as on small sites built from tables of links.
MENU = "<div class=menu><ul>" + "<li><a href='/x'>Punkt</a></li>" * 160 + "</ul></div>"


def small_site(story: str, head: str = "<title>Das Blatt | Preise</title>") -> str:
    return (
        f"<html lang=de><head>{head}</head><body>{MENU}<div class=content>"
        f"<h6>Entlastungen auf einen Blick</h6>{story}</div></body></html>"
    )


def test_paragraph_opening_with_a_date_is_a_dateline():
    html = small_site(f"<p>(21. November 2022) Energieverbraucher erhalten {PARAGRAPH}</p>")
    assert published(html, "https://blatt.example/news/18725").startswith("2022-11-21")


def test_dateline_after_a_place_name():
    html = small_site(f"<p>Bad Homburg, 03.05.2021 – Der Verband meldet {PARAGRAPH}</p>")
    assert published(html, "https://blatt.example/news/18725").startswith("2021-05-03")


def test_date_later_in_a_paragraph_is_no_dateline():
    html = small_site(f"<p>{PARAGRAPH} Die Frist endet am 30. April 2024.</p>")
    assert published(html, "https://blatt.example/news/18725") is None


def test_date_in_the_description_is_the_last_resort():
    html = page(
        head="<meta name=description content='Braunbär: ein Rekordjahr (Notizia del 14 Gennaio "
        "2020)'>",
        article=f"<h1>Braunbär: ein Rekordjahr</h1><p>{PARAGRAPH}</p>",
    )
    assert published(html).startswith("2020-01-14")


def test_stamp_beats_a_date_in_the_description():
    html = page(
        head="<meta name=description content='Das Turnier am 5. März 2022 in Rio'>",
        article=f"<h1>Schlagzeile des Tages</h1><p class=date>04.02.2022</p><p>{PARAGRAPH}</p>",
    )
    assert published(html).startswith("2022-02-04")


# --- a page is published no later than its last change ----------------------------------------


def wiki(content: str, head: str = "") -> str:
    return (
        f"<html lang=de><head>{head}<title>Stammtisch – Wiki</title></head><body>"
        f"<div id=content><h1 class=firstHeading>Stammtisch</h1>{content}</div>"
        "<div id=footer role=contentinfo><ul><li id=footer-info-lastmod>Diese Seite wurde "
        "zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.</li></ul></div></body></html>"
    )


def test_announced_date_after_the_last_change_is_not_the_publication():
    html = wiki("<p>Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr statt.</p>")
    assert published(html, "https://wiki.example/Stammtisch").startswith("2020-01-29")


def test_date_before_the_last_change_is_kept():
    html = wiki("<p>Der Stammtisch wurde am Fr. 3. Januar 2020 gegründet, sagt der Vorstand.</p>")
    assert published(html, "https://wiki.example/Stammtisch").startswith("2020-01-03")


def test_announced_date_after_date_modified_is_not_the_publication():
    html = page(
        head="<meta property='article:modified_time' content='2022-01-10T08:00:00+01:00'>",
        article="<h1>Schlagzeile des Tages</h1><p>Das Turnier beginnt am 5. März 2022.</p>"
        f"<p>{PARAGRAPH}</p>",
    )
    assert published(html).startswith("2022-01-10")
