"""Container choice and recall: which element holds the story, and which of its paragraphs are
read. One general rule per page fragment; the fragments are cut down from corpus pages whose
body was cut short or taken from the wrong element (docs/benchmarks.md, session 7).
"""

from __future__ import annotations

from newscrawler.extract import extract_article

URL = "https://news.example/2025/04/15/story"

LEAD = (
    "Friday marks day two of a four-day-long barrage of severe storms set to threaten the "
    "central states, with the potential for strong tornadoes, large hail and damaging winds."
)
SENTENCES = [
    "Rotating thunderstorms are expected from Nebraska and Iowa as far south as the Ozarks of "
    "eastern Oklahoma, where the air is warm, humid and unstable enough to feed them.",
    "The greatest threat is currently anticipated across parts of the central Plains, where "
    "forecasters have drawn up a level three out of five risk of severe weather for the night.",
    "More storms are expected on Sunday, but the timing and placement remain uncertain and "
    "depend heavily on how the storms of Saturday evolve over the course of the evening.",
    "Residents were urged to keep a way of receiving warnings at hand overnight, because "
    "tornadoes after dark are harder to see and twice as likely to cause injuries, they said.",
]

MORE = [
    "Pakistan said at least 26 people died in the missile strikes and five more in the "
    "shelling along the border, while India said its strikes had hit nine sites.",
    "Pakistan claimed it shot down several Indian aircraft in retaliation, a claim that "
    "India did not confirm; the two armies exchanged fire along the line of control.",
    "Tensions have soared between the nuclear-armed neighbours over the last month, after "
    "an attack on tourists in Kashmir that India blamed on groups backed by Pakistan.",
    "India has moved to punish Pakistan since, closing its main land border crossing and "
    "suspending a treaty that shares the water of the rivers both countries depend on.",
]


def body_of(html: str) -> str:
    return extract_article(html, URL).body or ""


def test_a_second_story_below_does_not_replace_the_one_under_the_headline():
    # An endless-scroll page: the next story (longer) follows the one under the <h1>.
    own = "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
    other = "".join(
        f"<p>Another story about football transfers, with its own long paragraph number {n}, "
        "written so that it is clearly longer than the story under the headline above.</p>"
        for n in range(8)
    )
    html = (
        "<html><body><main><article><div class=header><h1>Storms threaten the central states"
        f"</h1></div><div class=text>{own}</div></article><div class=under>"
        f"<article><div class=text>{other}</div></article></div></main></body></html>"
    )
    body = body_of(html)
    assert body.startswith("Rotating thunderstorms") and "football transfers" not in body


def test_a_body_marked_paragraph_by_paragraph_is_read_whole():
    # Each paragraph in its own body-marked <div>, the first ones inside a metered wrapper.
    first = "".join(
        f"<div class=article-body><p>{s}</p></div>" for s in [LEAD + " " + SENTENCES[0]]
    )
    rest = "".join(f"<div class=article-body><p>{s}</p></div>" for s in SENTENCES[1:] + MORE)
    html = (
        "<html><body><main><header><h1>Storms threaten the central states</h1></header>"
        f"<article><div class=grid-body><div class=metered><div class=teaser-content>{first}"
        f"</div>{rest}</div></div></article></main></body></html>"
    )
    body = body_of(html)
    assert body.startswith("Friday marks") and body.endswith(MORE[-1])


def test_a_listing_of_marked_posts_is_not_joined_into_one_body():
    # A blog's front page: every post marked like a body, each under its own linked heading.
    posts = "".join(
        f"<div><h2><a href='/post-{n}'>Post number {n}</a></h2>"
        f"<div class=entry-content><p>{s}</p></div></div>"
        for n, s in enumerate(SENTENCES)
    )
    html = f"<html><body><header><h1>Blog</h1></header><div id=main>{posts}</div></body></html>"
    body = body_of(html)
    assert SENTENCES[0] not in body or SENTENCES[1] not in body


def test_text_written_as_lines_between_line_breaks_is_the_body():
    # The story as one <div> of lines between <br>s, with links and React's empty comments;
    # beside it, a synopsis of a few hundred characters in its own <div>.
    synopsis = (
        "Pakistan's military has initiated the anti-terror operation to address what it calls "
        "digital terrorism spread through social media, which has raised concerns."
    )
    lines = (
        "NEW DELHI: <a href='/topic/pakistan'>Pakistan</a>'s whole-of-system approach to "
        "countering <!-- -->militancy<!-- --> is evolving and may be taking a turn.<br/>"
        "Pakistan's Chief of Army Staff <!-- -->General Asim Munir<!-- --> has over the past "
        "few months repeatedly warned that digital platforms are being exploited.<br/>"
        "He described the activities of inimical forces as a form of digital terrorism aimed at "
        "creating discord between the military and the public.<br/>"
        "Launched in June, the operation is tackling not only traditional militancy but the "
        "evolving nature of threats in the digital landscape.<br/>"
        "The shift has sparked widespread concern, with some analysts suggesting it may be used "
        "to target critics of the government amid rising political tensions."
    )
    promo = (
        "<div class=promo><p>Get the latest news, analysis and opinion delivered to you every "
        "morning, with the stories that matter most and the ones you missed overnight.</p>"
        "<p>Our readers also get the weekly digest of the longer reads, the interviews and the "
        "explainers of the week, sent out on Sunday mornings to every subscriber.</p></div>"
    )
    html = (
        "<html><body><div class=head><h1>Pakistani netizens being walled off</h1></div>"
        f"<div class=page><div class=synopsis><div>{synopsis}</div></div>{promo}"
        f"<div class=story>{lines}</div></div></body></html>"
    )
    body = body_of(html)
    assert "NEW DELHI" in body and "target critics" in body and "every morning" not in body


def test_a_story_in_divs_outweighs_a_promotion_in_paragraphs():
    promo = (
        "<div class=box><p>The digital edition. Interactive graphics, videos and 3-D models."
        "<br/> Read the new issue before it is printed, on Friday from six o'clock.<br/> Sign in"
        " once and read on every device, also offline, on tablets, phones and computers of "
        "every kind, with the archive of every issue since the first one in 1947, searchable "
        "by word, by author and by date, and with every supplement and special edition.</p></div>"
    )
    story = "".join(f"<div class=absatz>{s}</div>" for s in [LEAD, *SENTENCES])
    html = (
        "<html><body><div id=header><h1>A perfect storm</h1></div><div id=content>"
        f"<div class=wide><div class=text>{story}</div></div><div class=small>{promo}</div>"
        "</div></body></html>"
    )
    body = body_of(html)
    assert body.startswith("Friday marks") and "digital edition" not in body


def test_a_paragraph_styled_as_paywalled_is_text():
    free = f"<p>{LEAD}</p>"
    metered = "".join(f"<p class=paywall>{s}</p>" for s in SENTENCES)
    html = (
        "<html><body><article><h1>Storms threaten the central states</h1>"
        f"<div class=body__inner-container>{free}{metered}</div></article></body></html>"
    )
    assert body_of(html).endswith(SENTENCES[-1])


def test_a_paragraph_holding_an_ad_slot_stays_one_paragraph():
    paragraph = (
        "<p>As some of the teens, including Matt (portrayed by <a href='/keanu'>Keanu Reeves"
        "</a>), break away, while others remain silent out of fear, the leader is a reminder "
        "that challenging leaders is necessary. Division is unavoidable, but it should not "
        "be a diversion for those in the right.<section class=most-popular><a href='/paris'>"
        "<h3>Emily lands in Italy and finds a new romance</h3></a></section></p>"
    )
    html = (
        "<html><body><article><h1>What a crime film teaches</h1><div class=entry-content>"
        f"<p>{LEAD}</p>{paragraph}<p>{SENTENCES[0]}</p></div></article></body></html>"
    )
    body = body_of(html)
    assert (
        "As some of the teens, including Matt (portrayed by Keanu Reeves), break away, while "
        "others remain silent out of fear, the leader is a reminder that challenging leaders "
        "is necessary." in body
    ) and "Emily" not in body


def test_a_sentence_with_many_links_is_kept_but_a_list_of_links_is_not():
    linked = (
        "<p>Trump <a href='/a'>imposed tariffs on Mexican steel and aluminum in 2018 during his "
        "first term as president</a>, prompting Mexico to implement a range of retaliatory "
        "measures <a href='/b'>including duties on U.S. pork, apples and bourbon</a>. The tariffs"
        " were <a href='/c'>lifted in 2019</a>.</p>"
    )
    links = (
        "<p><a href='/d'>Mexico pushes back on the steel tariffs of the United States</a> | "
        "<a href='/e'>What the new tariffs mean for the automobile industry</a></p>"
    )
    html = (
        "<html><body><article><h1>Mexico pushes back</h1><div class=entry-content>"
        f"<p>{LEAD}</p>{linked}{links}<p>{SENTENCES[0]}</p></div></article></body></html>"
    )
    body = body_of(html)
    assert "prompting Mexico to implement" in body and "automobile industry" not in body


def test_a_story_split_in_sections_beside_a_rail_of_teasers_is_read_whole():
    # The story's second section shares its block with a rail of two teasers.
    rail = "".join(
        f"<div class=item><h3><a href='/other-{n}'>Trending story {n}</a></h3></div>"
        for n in range(2)
    )
    first = "".join(f"<p>{s}</p>" for s in [LEAD, *SENTENCES])
    second = "".join(f"<p>{s}</p>" for s in MORE)
    html = (
        "<html><body><main><article><header><h1>Storms threaten the central states</h1>"
        f"</header><div class=block><section class=content-element>{first}</section></div>"
        f"<div class=block><section class=content-element>{second}</section>"
        f"<div class=rail>{rail}</div></div></article></main></body></html>"
    )
    body = body_of(html)
    assert "rivers both countries depend on" in body and "Trending story" not in body


def test_lines_of_an_inline_element_beside_the_story_stay_apart():
    # An old table layout: a box of short labelled lines in <b>…<br>…</b> beside the text.
    box = (
        "<div class=box><hr><b>Politiques publiques<br>L’état de l’économie 2007</b> "
        "Hors-série n° 72, 2e trimestre 2007<hr></div>"
    )
    html = (
        "<html><body><article><h1>Le marché du travail</h1><div class=entry-content>"
        f"<p>{LEAD}</p><p>{SENTENCES[0]}</p></div>{box}</article></body></html>"
    )
    body = body_of(html)
    assert body.startswith("Friday marks") and "Politiques publiques" not in body
