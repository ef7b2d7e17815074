

def test_month_by_name_in_the_url_path():
    body = f"<article><h1>Schlagzeile des Tages</h1><p>{PARAGRAPH}</p></article>"
    url = "https://zeitung.example/world/2024/feb/24/death-toll-rises"
    assert published(body, url=url).startswith("2024-02-24")


def test_an_absolute_date_beats_a_relative_stamp():
    # "1 day ago" was counted when the page was rendered; the dateline says the day.
    body = (
        "<article><h1>Schlagzeile des Tages</h1><div><time>1 day ago</time></div>"
        "<div class='article-meta'>10 May 2012</div>" + f"<p>{PARAGRAPH}</p>" * 2 + "</article>"
    )
    assert published(body).startswith("2012-05-10")


def test_a_relative_stamp_yields_to_the_page_state():
    head = "<script>var page={\"pubDate\":\"2024-11-22T09:12:00+01:00\"};</script>"
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p><time>il y a 3 heures</time></p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body, head).startswith("2024-11-22")


def test_a_relative_stamp_alone_still_dates_the_page():
    body = (
        "<article><h1>Schlagzeile des Tages</h1><p><time>vor 3 Stunden</time></p>"
        f"<p>{PARAGRAPH}</p></article>"
    )
    assert published(body) is not None
