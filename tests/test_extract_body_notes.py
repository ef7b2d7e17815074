"""Notes about the story written as plain paragraphs (session 7, body precision, second round):
where the story came from, disclosures and disclaimers. Real lines from the corpora."""

from __future__ import annotations

import pytest

from newscrawler.extract.boilerplate import is_boilerplate


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("First published in The Conversation.", True),  # dailymaverick.co.za
        ("Mit Agenturmaterial.", True),  # nzz.ch
        ("Additional reporting from PA", True),  # inews.co.uk
        ("With reports from Reforma and El Economista", True),  # mexiconewsdaily.com
        ("With reporting by Associated Press writer Sheikh Saaliq", True),  # nationalpost.com
        ('Dieser Artikel ist zuerst bei "Capital" erschienen.', True),  # stern.de
        ("Dieser Artikel wurde im Original veröffentlicht auf Englisch", True),  # euronews
        ("Aus dem Englischen von Jan Doolan", True),  # diepresse.com
        ("—Associated Press writer John Leicester in Paris contributed to this report.", True),
        # text of the story that merely uses the words
        ("The study was first published in Nature in 2019 and has been cited widely since.", False),
        ("Neighbours said the men contributed to this report's findings over many years.", False),
        ("Aus dem Englischen Garten in München wurden am Sonntag zwei Verletzte gemeldet.", False),
    ],
)
def test_notes_on_where_the_story_came_from(line, dropped):
    assert is_boilerplate(line) is dropped


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der "
         "Redaktion des Freitag.", True),  # freitag.de (trafilatura corpus, must not contain)
        ("Die Kommentare der User geben nicht notwendigerweise die Meinung der LAOLA1-Redaktion "
         "wieder.", True),  # laola1.at
        ("The views expressed in this column are those of the author and do not necessarily "
         "reflect the views of the publication.", True),
        ("NOW Grenada is not responsible for the opinions, statements or media content "
         "presented by contributors. In case of abuse, click here to report.", True),
        # nowgrenada.com (trafilatura corpus, must not contain)
        ("Die Ministerin teilte die Meinung des Autors der Studie nicht, sagte ein Sprecher.", False),
        ("The landlord is not responsible for the repairs, the court found on Monday.", False),
        ("The minister said the figures reflect the views of most voters in the region.", False),
    ],
)
def test_disclaimers_that_the_views_are_the_authors(line, dropped):
    assert is_boilerplate(line) is dropped


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Create an account or sign in to continue with your reading experience.", True),
        # nationalpost.com and its sister sites
        ("Follow TechRadar on Google News and add us as a preferred source to get our expert "
         "news, reviews, and opinion in your feeds.", True),  # techradar.com
        ("Got a story? Get in touch with our news team by emailing us at webnews@metro.co.uk.",
         True),  # metro.co.uk
        ("For more stories like this, check our news page.", True),  # metro.co.uk
        ("Cek berita dan artikel yg lain di Google News", True),  # mediaindonesia.com
        ("For the latest stories and breaking news updates download the Nationnews apps for iOS "
         "and Android.", True),  # nationnews.com (trafilatura corpus, must not contain)
        # sentences of a story
        ("The company said users who sign in to the app will be asked to confirm their account.",
         False),
        ("For the latest quarter, the bank reported a profit of 2.1 billion euros.", False),
        ("Inspectors check out the damaged reactor building on Tuesday.", False),
    ],
)
def test_calls_to_sign_in_follow_or_write_to_the_newsroom(line, dropped):
    assert is_boilerplate(line) is dropped


_STORY = (
    "<p>Der Thüringer Landtag wird am Sonntag neu gewählt, und die Umfragen sehen drei Parteien "
    "nahe beieinander, was die Regierungsbildung schwierig machen dürfte.</p>"
    "<p>Für die Landtagswahl in Thüringen am kommenden Sonntag sind rund 1,7 Millionen von "
    "insgesamt 2,1 Millionen Einwohnern wahlberechtigt, teilte der Landeswahlleiter mit.</p>"
    "<p>Die Wahllokale schließen um 18 Uhr, erste Hochrechnungen werden kurz danach erwartet, "
    "das vorläufige Ergebnis in der Nacht.</p>"
)


def _page(author: str, closing: str) -> bytes:
    return (
        f"<html><head><title>Wahl in Thüringen</title><meta name=author content='{author}'>"
        f"</head><body><article><h1>Wahl in Thüringen</h1>{_STORY}<p>{closing}</p>"
        "</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("author", "closing", "dropped"),
    [
        ("Ulrich Exner", "Korrespondent Ulrich Exner ist bei WELT für landespolitische Themen "
         "zuständig. Bis zu den Landtagswahlen berichtet er einen Monat lang aus Thüringen und "
         "Sachsen.", True),  # welt.de
        ("Manuela Conrad", "Manuela Conrad ist ZDF-Reporterin für das Berichtsgebiet Russland, "
         "Kaukasus und Zentralasien.", True),  # zdf.de
        ("Rachel Riederer", "Rachel Riederer is a member of The New Yorker’s editorial staff.",
         True),  # newyorker.com
        # the author's name in the story's last line, not a note on them
        ("Manuela Conrad", "Manuela Conrad sagte am Abend, sie rechne mit einer langen Nacht "
         "und mit Koalitionsgesprächen bis in den Herbst.", False),
        # a note on someone else
        ("Manuela Conrad", "Ulrich Exner ist bei WELT für landespolitische Themen zuständig.",
         False),
    ],
)
def test_a_note_on_the_author_closing_the_text_goes(author, closing, dropped):
    from newscrawler.extract import extract_article

    body = extract_article(_page(author, closing), "https://example.de/wahl.html").body
    assert "Die Wahllokale schließen um 18 Uhr" in body
    assert (closing not in body) is dropped


def test_a_french_paywall_notice_in_the_feminine_ends_the_text():
    # lemonde.fr: "la suite est réservée aux abonnés" (the masculine form was known already)
    from newscrawler.extract import extract_article

    notice = "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés."
    offer = ("Lecture du Monde en cours sur un autre appareil. Vous pouvez lire Le Monde sur un "
             "seul appareil à la fois.")
    html = (
        "<html><body><article><h1>Le marché du travail</h1>"
        "<p>Le gouvernement a présenté mercredi sa réforme de l'assurance-chômage, qui durcit les "
        "conditions d'accès aux indemnités pour les nouveaux demandeurs d'emploi.</p>"
        "<p>Les syndicats ont aussitôt dénoncé un texte qui, selon eux, frappera d'abord les "
        f"salariés les plus précaires et les jeunes.</p><p>{notice}</p><p>{offer}</p>"
        "</article></body></html>"
    ).encode()
    body = extract_article(html, "https://www.lemonde.fr/economie/article/2024/reforme.html").body
    assert "Les syndicats ont aussitôt dénoncé" in body
    assert "réservée aux abonnés" not in body and "autre appareil" not in body
