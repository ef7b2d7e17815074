"""The outlet as author: kept (as an organization) when the page states it, in JSON-LD or in
a dateline that credits the site ("(أبوظبي - البيان)"); never inferred from og:site_name alone."""

from __future__ import annotations

import pytest

from newscrawler.extract import extract_article

TEXT = ("<p>أفادت مصادر مطلعة أن النقاش ما زال مفتوحا بين مختلف الأطراف المعنية بالملف في المدينة.</p>"
        "<p>وأكد مسؤول محلي أن الإجراءات ستدخل حيز التنفيذ خلال الأسابيع المقبلة حسب البلاغ.</p>")
SITE = '<meta property="og:site_name" content="البيان">'


def authors(head: str, lead: str = "") -> list[tuple[str, str]]:
    html = (f'<html lang="ar"><head><meta charset="utf-8">{SITE}{head}</head><body><article>'
            f"<h1>الحكومة تناقش خطة جديدة للنقل العمومي</h1>{lead}{TEXT}</article></body></html>")
    article = extract_article(html, "https://www.albayan.example/news/2024/1")
    return [(a.name, a.kind) for a in article.authors]


def test_no_author_is_inferred_from_the_site_name():
    assert authors("") == []


@pytest.mark.parametrize("lead", [
    "<p>(أبوظبي - البيان) أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>",
    "<p>أبوظبي - البيان: أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>",
])
def test_a_dateline_crediting_the_outlet_makes_it_the_author(lead):
    assert authors("", lead) == [("البيان", "organization")]


def test_a_dateline_of_another_outlet_is_not_this_site():
    lead = "<p>(أبوظبي - وام) أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>"
    assert ("البيان", "organization") not in authors("", lead)


def test_a_person_in_a_byline_wins_over_the_dateline():
    lead = ("<p>كتب: محمد العلوي</p>"
            "<p>(أبوظبي - البيان) أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة.</p>")
    assert authors("", lead) == [("محمد العلوي", "person")]


def test_json_ld_naming_the_outlet_keeps_it_as_an_organization():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
          '{"@type": "Organization", "name": "البيان"}}</script>')
    assert authors(ld) == [("البيان", "organization")]


# An agency or the outlet credited beside a person is stated by the page: it is kept, as an
# organization, after the people (issue 15 item 7). Before, it was dropped whenever a person
# was named.

def test_an_agency_in_a_byline_beside_a_person_is_kept_as_an_organization():
    lead = "<p>كتبت: أسماء نصار (أ ش أ)</p>"
    assert authors("", lead) == [("أسماء نصار", "person"), ("أ ش أ", "organization")]


def test_a_latin_byline_keeps_the_agency_beside_the_people():
    # braunschweiger-zeitung.de's JSON-LD author, one string for two people and an agency
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
          '{"@type": "Person", "name": "Felix Schröder und Jörg Soldwisch, dpa"}}</script>')
    assert authors(ld) == [("Felix Schröder", "person"), ("Jörg Soldwisch", "person"),
                           ("dpa", "organization")]


def test_json_ld_organization_beside_a_person_is_kept():
    # tagesanzeiger.ch: the reporter and the agency, each typed
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
          '{"@type": "Person", "name": "Paula Steiger"}, {"@type": "Organization", "name": "SDA"}'
          "]}</script>")
    assert authors(ld) == [("Paula Steiger", "person"), ("SDA", "organization")]


def test_json_ld_organization_naming_the_site_beside_a_person_is_kept():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
          '{"@type": "Person", "name": "نورهان نبيل"}, {"@type": "Organization", "name": "البيان"}'
          "]}</script>")
    assert authors(ld) == [("نورهان نبيل", "person"), ("البيان", "organization")]


def test_json_ld_with_only_an_organization_still_yields_to_a_persons_byline():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
          '{"@type": "Organization", "name": "البيان"}}</script>')
    assert authors(ld, "<p>كتب: محمد العلوي</p>") == [("محمد العلوي", "person")]


def test_json_ld_person_with_only_given_and_family_name():
    # derstandard.at prints its authors this way (schema.org Person without "name")
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
          '{"@type": "Person", "familyName": "Fink", "givenName": "Anna Giulia"}]}</script>')
    assert authors(ld) == [("Anna Giulia Fink", "person")]


# The page names the agency it took the story from, and no person: the agency is the author.

@pytest.mark.parametrize("lead, want", [
    ("<p>(أبوظبي - وام) أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>", "وام"),
    ("<p>الرباط (و م ع) - أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>",
     "و م ع"),
    ("<p>Frankfurt/Main (dpa) - Für einen Roman über die alte Bundesrepublik hat sie den Preis"
     " erhalten.</p>", "dpa"),
])
def test_a_dateline_crediting_an_agency_makes_it_the_author(lead, want):
    assert authors("", lead) == [(want, "organization")]


@pytest.mark.parametrize("lead", [
    "<p>(أبوظبي - محمد) أعلنت الجهات المختصة اليوم عن إطلاق مبادرة جديدة لدعم الشباب.</p>",
    "<p>(Leipzig) - Von Preisbremsen im Energiemarkt über die Mehrwegpflicht.</p>",
])
def test_a_dateline_naming_no_outlet_credits_nobody(lead):
    assert authors("", lead) == []


@pytest.mark.parametrize("tail, want", [
    ("<p>(و.م.ع)</p>", "و.م.ع"),
    ("<p>وكالات</p>", "وكالات"),
    ("<p>وأضاف المسؤول أن العمل سيستمر حتى نهاية السنة. (أ ف ب)</p>", "أ ف ب"),
])
def test_a_closing_credit_of_an_agency_makes_it_the_author(tail, want):
    html = (f'<html lang="ar"><head><meta charset="utf-8">{SITE}</head><body><article>'
            f"<h1>الحكومة تناقش خطة جديدة للنقل العمومي</h1>{TEXT}{tail}</article></body></html>")
    article = extract_article(html, "https://www.albayan.example/news/2024/1")
    assert [(a.name, a.kind) for a in article.authors] == [(want, "organization")]


def test_a_closing_line_that_is_no_agency_credits_nobody():
    html = (f'<html lang="ar"><head><meta charset="utf-8">{SITE}</head><body><article>'
            f"<h1>الحكومة تناقش خطة جديدة للنقل العمومي</h1>{TEXT}<p>(صور: منير امحيمدات)</p>"
            "</article></body></html>")
    assert extract_article(html, "https://www.albayan.example/news/2024/1").authors == []


def test_a_closing_credit_yields_to_a_persons_byline():
    lead = "<p>كتب: محمد العلوي</p>"
    html = (f'<html lang="ar"><head><meta charset="utf-8">{SITE}</head><body><article>'
            f"<h1>الحكومة تناقش خطة جديدة للنقل العمومي</h1>{lead}{TEXT}<p>(و.م.ع)</p>"
            "</article></body></html>")
    got = extract_article(html, "https://www.albayan.example/news/2024/1").authors
    assert [(a.name, a.kind) for a in got] == [("محمد العلوي", "person")]


def test_a_long_markup_list_keeps_its_first_person_not_its_first_entry():
    # mirror.co.uk: itemprop=author on picture credits too; the writer is the second entry
    names = ["(Image: Getty Images/Cultura RF)", "Emma Mackenzie",
             "(Image: Getty Images/iStockphoto)", "(Image: Getty Images)"]
    lead = "".join(f'<p><span itemprop="author">{n}</span></p>' for n in names)
    assert authors("", lead) == [("Emma Mackenzie", "person")]


@pytest.mark.parametrize("lead, want", [
    # rosalux.de: the label in a heading, the name in the next element
    ('<div class="news__meta-column"><h4 class="news__meta-title">Autor</h4>'
     '<p class="news__meta-text"><a href="/profil/nikolai-huke">Nikolai Huke</a>'
     '<b class="separator">, </b></p></div>', ("Nikolai Huke", "person")),
    ("<div><span>بقلم</span><span>نورهان نبيل</span></div>", ("نورهان نبيل", "person")),
])
def test_a_label_alone_takes_the_name_in_the_next_element(lead, want):
    assert authors("", lead) == [want]
