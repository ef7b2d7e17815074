"""Body rules that hold without class-name vocabulary (issue 15, benchmarks/body_scrambled.py):
each fragment is a real page's text under meaningless class names, as on a site never seen."""

from __future__ import annotations

from newscrawler.extract import extract_article

URL = "https://www.example-news.com/news/2024/04/28/the-headline"
PARAS = [  # globalnews.ca
    "Russia used the powerful hypersonic Oreshnik ballistic missile during a mass drone and "
    "missile attack on Kyiv on Sunday that killed at least two people, Ukrainian President "
    "Volodymyr Zelenskyy said Sunday.",
    "The intense aerial assault damaged buildings across the Ukrainian capital, including near "
    "government offices, residential buildings, schools and a market, Ukrainian authorities said.",
    "Air raid sirens blared through the night as smoke billowed across the city from strikes. "
    "Associated Press reporters heard powerful explosions near the city center.",
    "At least 83 people were wounded in the attack, and rescue workers were still searching the "
    "rubble of a residential building on Sunday evening, the city administration said.",
]


def body_of(between: list[str]) -> str:
    """The four paragraphs with ``between[i]`` after paragraph i, classes all meaningless."""
    inner = "".join(f"<p class=z4>{p}</p>{extra}" for p, extra in zip(PARAS, between, strict=True))
    html = (
        "<html><head><title>The headline</title></head><body><div class=z1><a href='/'>Site</a>"
        f"</div><div class=z2><h1 class=z3>The headline</h1><div class=z5>{inner}</div></div>"
        "</body></html>"
    )
    body = extract_article(html, URL).body
    assert all(p in body for p in PARAS)
    return body


def test_a_line_repeated_through_the_text_goes():
    line = "<div class=z7><div class=z8>Story continues below advertisement</div></div>"
    body = body_of([line, line, line, ""])
    assert "Story continues below" not in body


def test_a_box_shown_twice_goes():
    # ottawacitizen.com: the subscription offer, printed in the header and again in the footer
    box = (
        "<div class=z9><p>Subscribe now to read the latest news in your city and across Canada."
        "</p><ul><li>Unlimited online access to Ottawa Citizen and 15 news sites with one account."
        "</li><li>Daily puzzles, including the New York Times Crossword.</li></ul></div>"
    )
    body = body_of(["", box, "", box])
    assert "Subscribe now" not in body and "Daily puzzles" not in body


def test_a_pull_quote_keeps_one_copy_and_a_short_repeated_label_stays():
    # dailymaverick.co.za: a paragraph of the text printed again as a pull quote
    quote = (
        "Appearing before the World Court, the South African delegation said Israel continued to "
        "act with ‘impunity’ in the Gaza Strip."
    )
    label = "<p class=z6>Repeat Chorus</p>"
    body = body_of(
        [f"<p class=z4>{quote}</p>{label}", f"<blockquote>{quote}</blockquote>", label, ""]
    )
    assert body.count(quote) == 1
    assert body.count("Repeat Chorus") == 2


MODULES = [  # industriemagazin.at (without its side box): a story in four text modules of one class
    [
        "In der Luftfahrt geht es nach der Pandemie wieder rasant bergauf. Davon ist auch der "
        'oberösterreichische Luftfahrtzulieferer FACC deutlich betroffen. "Wir haben einen '
        'gewaltigen Auftragseingang", sagte Konzernchef Robert Machtlinger am Dienstag vor '
        "Journalisten in Wien.",
        "Machtlinger veranschaulichte die Dynamik: Weltweit seien heuer im ersten Halbjahr bereits "
        "so viele Flugzeuge verkauft worden wie im gesamten Vorjahr. Die Nachfrage der Airlines sei "
        'hoch, "mehr als die Industrie liefern kann".',
    ],
    [
        'Der weltweite Luftverkehrsmarkt sei "größer als vor COVID-19". Das Flugaufkommen liege '
        'bei 108 Prozent im Vergleich zu 2019. "Die internationalen Verbindungen hängen noch etwas '
        'hinterher." Das gelte als Nachwirkung der einst restriktiven Covid-Regeln für Asien und '
        "insbesondere China.",
        'Die Luftfahrtindustrie entwickle sich als "eine der wenigen Branchen, die sich nicht über '
        'zu wenig Nachfrage beschweren können" sehr gut, so Machtlinger. Und das inmitten großer '
        'Veränderungen - etwa der geopolitischen Spannungen, "die nicht besser werden".',
        '"Die Lieferantenketten werden sich nachhaltig verändern", sagte der Konzernchef von FACC '
        "mit Blick auf die Europa, die USA, China und Indien. Auch der Preisauftrieb schlägt durch. "
        '"Die Inflation hat sich leider auch nicht entschärft und entwickelt sich derzeit zu einem '
        'Standortnachteil für Österreich."',
    ],
    [
        "Bei den Airlines und Zulieferern habe sich die Umsetzung des CO2-neutralen Fliegens in den "
        'letzten Jahren "massiv verfestigt". "Das steht auf der Agenda." Die Dekarbonisierung '
        'sei "eine weite Reise, das wird ein Marathon".',
    ],
    [
        'Auch in der Branche ist der Arbeits- und Fachkräftemangel "in aller Munde". Nicht so bei '
        "FACC - mit einer Reihe von Maßnahmen wie Sprachkursen auch für Familienangehörige steuert "
        "das Unternehmen dagegen.",
    ],
]


def test_a_story_in_text_modules_of_one_class_is_read_whole():
    # Each module in an unclassed wrapper, its section with a modifier class of its own.
    sections = "".join(
        f"<div><section class='z5 z1{i}'><div class=z6><div class=z7><div class=z8><div class=z9>"
        + "".join(f"<p>{p}</p>" for p in module)
        + "</div></div></div></div></section></div>"
        for i, module in enumerate(MODULES)
    )
    html = (
        "<html><head><title>Luftfahrt hebt ab</title></head><body><main class=z1>"
        "<div class=z2><div class=z3><div class=z4><h1>Luftfahrt hebt ab</h1></div></div>"
        f"<div class=z3><div class=z10><div>{sections}</div></div></div></div>"
        "</main></body></html>"
    )
    body = extract_article(html, URL).body
    assert all(p in body for module in MODULES for p in module)


def test_the_box_around_a_sign_up_field_goes_and_a_quantity_field_keeps_its_list():
    # independent.co.uk: the sign-up box between paragraphs, its prompt and fine print
    signup = (
        "<div class=z20><div class=z21><h3>Sign up to our free breaking news emails</h3>"
        "<div class=z22><input type=email placeholder='Enter your email address'>"
        "<button>SIGN UP</button></div><div class=z23>I would like to be emailed about offers, "
        "events and updates from The Independent.</div></div></div>"
    )
    # lecker.de: a recipe's ingredients under a two-digit field for the number of pieces
    ingredients = (
        "<section class=z30><div class=z31>Für <input type=text maxlength=2 value=15> Stücke"
        "</div><ul><li>1 Pck. Vanillepuddingpulver</li><li>350 g Zucker</li>"
        "<li>500 ml Milch</li></ul></section>"
    )
    body = body_of([signup, "", ingredients, ""])
    assert "Sign up" not in body and "emailed about offers" not in body
    assert "Vanillepuddingpulver" in body


def test_a_quotation_linking_to_a_posts_permalink_is_an_embedded_post():
    # thegatewaypundit.com: a tweet before its script runs, here under a class of no meaning
    tweet = (
        "Zelensky is said to be meeting senior military commanders to assess the battlefield "
        "situation and evaluate potential successors."
    )
    embed = (
        f"<blockquote class=z40><p dir=ltr lang=en>{tweet}</p><p>— MAKS 26 "
        "(@Maks_NAFO_FELLA) <a href='https://x.com/Maks_NAFO_FELLA/status/1'>July 18, 2026</a>"
        "</p></blockquote>"
    )
    quote = (
        "<blockquote class=z40><p>We will not accept any ceasefire that freezes the front line, "
        "the president said in his evening address.</p><p><a href='https://www.example.org/"
        "ukraine/address'>Read the full address</a></p></blockquote>"
    )
    body = body_of([embed, quote, "", ""])
    assert tweet not in body
    assert "We will not accept any ceasefire" in body
