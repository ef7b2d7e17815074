"""Body precision (issue 15): boilerplate inside or beside the article that the body leaves out,
each rule on a fragment of a real page (strings as the pages print them), with the near miss it
must keep."""

from __future__ import annotations

import pytest

from newscrawler.extract import extract_article

URL = "https://www.example-news.com/politik/2024/04/28/die-schlagzeile"
TEXT = (
    "Die Bundesagentur für Arbeit verweist darauf, dass darin auch Menschen erfasst werden, die "
    "momentan nicht arbeiten können, zum Beispiel aus gesundheitlichen Gründen."
)
MORE = (
    "Zieht man diese ab, landet man bei rund 42.700 gemeldeten Erwerbsfähigen, die also "
    "tatsächlich arbeiten können, sagte eine Sprecherin am Dienstag in Frankfurt."
)


def body_of(inner: str, lead: str = "", tail: str = "") -> str:
    html = (
        "<html><head><title>Die Schlagzeile</title></head><body><header><a href='/'>Blatt</a>"
        f"</header><main><article><h1>Die Schlagzeile</h1>{lead}<div class=article-body>"
        f"<p>{TEXT}</p>{inner}<p>{MORE}</p>{tail}</div></article></main>"
        "<footer>© 2024</footer></body></html>"
    )
    body = extract_article(html, URL).body
    assert TEXT in body and MORE in body
    return body


def test_a_long_caption_paragraph_is_not_saved_by_its_own_text():
    # dailymaverick.co.za: <p class="wp-caption-text"> inside <div class="wp-caption">
    caption = (
        "Internally displaced Palestinians push themselves in line to receive a portion of food "
        "from a charity kitchen in Rafah, southern Gaza Strip, on 5 December 2023."
    )
    body = body_of(
        "<div class='wp-caption alignnone'><img src=a.jpg alt=''>"
        f"<p class=wp-caption-text id=caption-attachment-2>{caption}</p></div>"
    )
    assert caption not in body


def test_fact_boxes_are_furniture():
    # dailymail.co.uk (trafilatura corpus, must not contain) and metro.co.uk
    box = "As many as a million young people need 'urgent help' to ensure their futures are not blighted."
    body = body_of(
        "<div class='art-ins mol-factbox floatRHS news'><div class='ins cleared mol-factbox-body'>"
        f"<p class=mol-para-with-font>{box}</p></div></div>"
    )
    assert box not in body


def test_embedded_tweets_are_furniture():
    # thegatewaypundit.com: Twitter's own embed markup inside the entry content
    tweet = (
        "Zelensky is said to be meeting senior military commanders to assess the battlefield "
        "situation and evaluate potential successors."
    )
    body = body_of(
        f"<blockquote class=twitter-tweet><p dir=ltr lang=en>{tweet}</p><p>— MAKS 26 "
        "(@Maks_NAFO_FELLA) <a href='https://x.com/Maks_NAFO_FELLA/status/1'>July 18, 2026</a>"
        "</p></blockquote>"
    )
    assert tweet not in body


def test_headings_whose_section_was_furniture_go_and_subheadings_stay():
    # digitale-exzellenz.de (trafilatura corpus): "Empfohlene Beiträge" over a related-posts block
    body = body_of(
        f"<h2>Was die Agentur sagt</h2><p>{TEXT} Noch ein Satz.</p>"
        "<h3 class=rec-title>Empfohlene Beiträge</h3><div class=related-posts><p>Process Mining "
        "und Verhaltensvielfalt miteinander verbinden, ein anderer Beitrag</p></div>"
        "<h2>Was bleibt</h2>",
        tail="<h3>Mehr zum Thema auf UEPO.de</h3><ul class=related><li>Twitter-Kurznachrichten"
        "</li></ul>",
    )
    assert "Was die Agentur sagt" in body and "Was bleibt" in body
    assert "Empfohlene Beiträge" not in body and "Mehr zum Thema" not in body


def test_a_heading_over_the_text_is_a_standfirst_whatever_follows():
    # abc.es: the standfirst is an <h2>, followed by another heading
    lead = "El agente de 45 años trabajaba en la seguridad del Parlamento de Grecia."
    body = body_of(
        "", lead=f"<h2 class=voc-subtitle>{lead}</h2><h2>Detenido un agente de la policía griega en "
        "Atenas este martes</h2>"
    )
    assert lead in body


def test_a_list_of_links_to_other_stories_of_the_site_goes():
    # bbc.co.uk: a list of same-site links under the text
    body = body_of(
        "<ul><li><a href='https://www.example-news.com/news/business-45814459'>How the "
        "government raises and spends £1 trillion a year</a></li><li><a href='/news/business-"
        "68359756'>Budget: Key points at a glance</a></li></ul>"
    )
    assert "Key points at a glance" not in body


def test_a_list_of_links_to_other_sites_is_the_texts_own():
    # mixed.de (trafilatura corpus, must contain): shop links the article recommends
    body = body_of(
        "<p><strong>Empfehlungen von Dennis:</strong></p><ul><li><a href='https://www.amazon.de/"
        "dp/B01'>Mobile und stationäre Konsole: Nintendo Switch</a></li><li><a href='https://"
        "www.amazon.de/dp/B07'>Niedlicher Roboter-Spielkamerad: Anki Cozmo</a></li></ul>"
    )
    assert "Niedlicher Roboter-Spielkamerad: Anki Cozmo" in body


def test_a_figure_around_a_picture_holds_captions_and_a_figure_around_a_quote_does_not():
    # theguardian.com: the caption of a picture in a <div> of the <figure>, no <figcaption>
    caption = "The gutted remains of the two buildings, which had about 140 apartments between them."
    quote = "Immer häufiger ist von einer Art Dekolonisierung Russlands die Rede, sagte er dazu."
    body = body_of(
        f"<figure><picture><img src=a.jpg></picture><div>{caption}</div></figure>"
        f"<figure><blockquote><p>{quote}</p></blockquote><figcaption>Wladimir Putin</figcaption>"
        "</figure>"
    )
    assert caption not in body and quote in body


@pytest.mark.parametrize(
    "cls",
    ["bi-image__caption-wrapper", "ImageCaption_captionWrapper__awu4y", "lightbox-gallery__description"],
)
def test_caption_and_gallery_words_inside_compound_class_names(cls):
    # businessinsider.de, wort.lu, freiepresse.de
    caption = "Christian Lindner (FDP, M), scheidender Bundesminister der Finanzen, in Berlin."
    body = body_of(f"<div class='{cls}'>{caption}</div>")
    assert caption not in body


def test_a_dialog_by_role_is_furniture():
    # nikkei.com: the share popover is <k-popover role="dialog">
    body = body_of(
        "<k-popover role=dialog data-type=share-button><p>記事を印刷するメールで送るリンクをコピーする"
        "日経の記事利用サービスについて企業での記事共有や会議資料への転載</p></k-popover>"
    )
    assert "記事を印刷する" not in body


@pytest.mark.parametrize(
    "stamp",
    ["Stand: 28.04.2023 17:23 Uhr", "3 Min Lesezeit", "17:41 JST, October 13, 2024",
     "Aktualisiert am 07.01.2026 - 18:50 UhrLesedauer: 4 Min."],
)
def test_a_stamp_by_the_headline_or_lead_goes(stamp):
    # tagesschau.de, ruhrnachrichten.de, japannews.yomiuri.co.jp, t-online.de
    body = body_of(f"<p>{stamp}</p>")
    assert stamp not in body


def test_a_stamp_inside_the_text_stays():
    # resonator-podcast.de (trafilatura corpus, must contain): episode data after the text
    body = body_of(f"<p>{TEXT} Und mehr.</p><p>Veröffentlicht am 16.08.2019</p>")
    assert "Veröffentlicht am 16.08.2019" in body


@pytest.mark.parametrize(
    ("attrs", "text"),
    [
        ("class=InlineDonationPromo-body", "Wait! Before you go on about your day, ask yourself: "
         "How likely is it that the story you just read would have been produced elsewhere?"),
        ("class='ArticleAuthorBio content-width'", "Edgar Schuler ist Redaktor am Newsdesk und "
         "verfasst regelmässig den Newsletter des Hauses seit vielen Jahren."),
        ("id=autor-info-card", "MotoGP und Formel 1, das ist meins. Bei MSM meine Leidenschaft "
         "zum Beruf gemacht und seitdem jeden Tag dabei."),
        ("class='hide' id=piano-reg-wall", "Your email address must be at least six characters "
         "long, include an upper case letter and a number or symbol."),
        ("class=poll", "Ja, unbedingt. Nein, das wäre Zensur. Nur wenn es konkrete Beweise gibt. "
         "Ich bin mir nicht sicher."),
        ("aria-hidden=true", "Loading... Loading... Loading... Loading... Loading... Loading... "
         "Loading... Loading..."),
        ("class=alert", "Ad block users: Some site features may not work correctly while an ad "
         "blocker is enabled, because they depend on scripts."),  # thegatewaypundit.com
        ("class='wrp cmp-misc025 js-tooltip'", "記事に『リアクション』ができます。ご利用には会員登録が必要"
         "です。会員の方のみご利用いただけます。"),  # tokyo-np.co.jp
    ],
)
def test_promotions_author_boxes_walls_polls_and_hidden_parts_are_furniture(attrs, text):
    # theintercept.com, tagesanzeiger.ch, motorsport-magazin.com, standard.co.uk, 20min.ch,
    # t-online.de
    body = body_of(f"<div {attrs}><p>{text}</p></div>")
    assert text not in body


def test_a_heading_linking_to_another_story_goes_and_a_permalink_heading_stays():
    # euronews.com: "you might also like" items; trustpilot.com (trafilatura corpus, must
    # contain): the review's title links to the review itself
    other = "EU fordert von Georgien Verzicht auf Agentengesetz"
    body = body_of(
        f"<div class=c-article-you-might-also-like__item><h3><a href='/my-europe/2024/04/17/eu-"
        f"fordert'>{other}</a></h3></div>"
        f"<h2><a href='/politik/2024/04/28/die-schlagzeile'>Gousto has changed my life</a></h2>"
    )
    assert other not in body and "Gousto has changed my life" in body


def test_a_teaser_card_under_the_text_goes_with_its_headline():
    # ndr.de / mdr.de: a teaser box (linked headline and a line of that story) inside the article
    dek = "Viele haben die faszinierenden Polarlichter am gestrigen Abend verpasst, nicht alle."
    body = body_of(
        "<div class=contentbox><div class=teaserpadding><h2><a href='/nachrichten/polarlichter"
        f"-in-sh'>Polarlichter in SH: Mit Glück gibt es weitere</a></h2><p>{dek}</p></div></div>"
    )
    assert dek not in body and "Polarlichter in SH" not in body


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Copyright © AFP 2017-2026. Für die kommerzielle Nutzung dieses Inhalts ist ein "
         "Abonnement erforderlich.", True),  # factuel.afp.com
        ("<Copyright ⓒ 한국일보. All rights reserved. 무단 전재 및 재배포 금지>", True),  # hankookilbo.com
        ("© RIPRODUZIONE RISERVATA", True),  # corriere.it
        ("- Anzeige-", True),  # rheinruhronline.de (trafilatura corpus, must not contain)
        ("Kommentare geschlossen", True),  # jovelstefan.de (same)
        ("Explore further", True),  # phys.org (same)
        ("Article continues below", True),  # dailystar.co.uk
        ("1 of 12 | Voting in the 2024 election begins in some states on September 6th, but "
         "televised debates come first.", True),  # apnews.com: a gallery's caption
        ("3 of 12 members of the committee voted against the plan on Tuesday.", False),
        ("Reporting by Gopal Sharma, additional reporting by Lisa Barrington, writing by Sakshi "
         "Dayal; Editing by Tom Hogue", True),  # reuters.com
        ("With files from The Associated Press and Mohamed El Saife", True),  # cbc.ca
        ("Editing the archive by hand took the volunteers three years, she said.", False),
        ("The label said the copyright of the recordings had passed to the estate in 2019.", False),
    ],
)
def test_copyright_notices_page_labels_slide_captions_and_staff_lines(line, dropped):
    from newscrawler.extract.boilerplate import is_boilerplate

    assert is_boilerplate(line) is dropped


@pytest.mark.parametrize(
    "attrs",
    ["class='expandable-box js-expandable-box'", "class='citation js-accordion initially-active'",
     "class=collapsible-content"],
)
def test_boxes_that_fold_away_are_furniture(attrs):
    # srf.ch (a person box), fitforfun.de (trafilatura corpus: the sources, must not contain)
    text = (
        "Der Politologe Thomas Jäger ist Professor für Internationale Politik und Außenpolitik an "
        "der Universität zu Köln."
    )
    body = body_of(f"<div {attrs}><h2>Personen-Box aufklappen</h2><p>{text}</p></div>")
    assert text not in body


def test_a_small_picture_box_holds_a_caption_and_a_larger_block_is_text():
    # dw.com: <div class="picBox"><img><p>caption</p></div> inside the text
    caption = "Ukrainische Kriegstechnik bei den Kämpfen um Bachmut, 24. April 2023"
    lead = "İstanbul'da yasa dışı yollarla elde edilen gelirleri akladıkları iddiasıyla gözaltı."
    body = body_of(
        f"<div class='picBox full'><img src=a.jpg alt=''><p>{caption}</p></div>"
        # ntv.com.tr: picture, credit, byline, share bar and the lead in one wrapper: not a box
        f"<div><div><img src=b.jpg></div><div>Anadolu Ajansı</div><div><p>AA</p></div>"
        f"<div><p>{lead}</p></div></div>"
    )
    assert caption not in body and lead in body
