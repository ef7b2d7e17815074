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
