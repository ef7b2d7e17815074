"""A paywall's notice ends the story: the offer after it (sign up, log in, the benefits) is not
the article. Fragments cut down from a fundus page (chunichi.co.jp) and a page of the trafilatura
corpus (haitiantimes.com); docs/benchmarks.md, session 7: bodies near zero.
"""

from __future__ import annotations

from newscrawler.extract import extract_article

LEAD = (
    "１３日午後９時１９分ごろ、宮崎県で震度５弱の地震があった。気象庁によると、震源地は日向灘で、"
    "震源の深さは約３６キロ。地震の規模はマグニチュード（Ｍ）６・６と推定される。"
)
SECOND = (
    "気象庁は調査終了を受けた記者会見で「地震はいつ起きてもおかしくない。日頃からの備えを確実に"
    "実施しておくようお願いしたい」と呼びかけた。"
)
CHUNICHI = f"""<html><body><article><h1>宮崎で震度５弱</h1><div class="txt">
<div class="block"> {LEAD} </div><div class="block"> {SECOND} </div>
<div class="cmp-misc021"><div class="container"><p class="cmp-txt001 pt-0 ta-c"><span class="txt">
<span class="bold">この記事は会員限定です。</span><br>紙の新聞の定期購読者の方は、
<span class="red bold">無料で会員登録</span>できます。</span></p>
<dl class="checkmark"><dt>中日プラスに登録すると</dt><dd>中日新聞電子版が利用できる</dd>
<dd>会員向け記事が読み放題</dd><dd>各種メールマガジンで最新情報をお届け</dd></dl>
<p>※紙の新聞とは、中日新聞朝刊・北陸中日新聞朝刊・日刊県民福井です。</p></div></div>
</div></article></body></html>"""

STORY = [
    "The family had lived in the house on Delmas 33 for three generations before the gangs "
    "came, and they left with what they could carry in the back of a borrowed pickup truck.",
    "They now share two rooms with relatives in Pétion-Ville, where the children go to a "
    "school that opened its doors to displaced families at the start of the year.",
]
HAITIAN = (
    "<html><body><article><h1>A family starts over</h1>"
    + "".join(f"<p>{p}</p>" for p in STORY)
    + "<p>If you’re seeing this message but you’re already a subscriber, you can log in for "
    "full access.</p><p>Our journalism is made possible by readers like you: support "
    "independent Haitian news today for the price of a cup of coffee.</p>"
    "</article></body></html>"
)


def test_a_paywall_notice_ends_the_story():
    body = extract_article(CHUNICHI, "https://www.chunichi.co.jp/article/1011185").body
    assert body is not None and LEAD[:20] in body and SECOND[:20] in body
    assert "会員" not in body and "新聞朝刊" not in body


def test_the_offer_after_an_english_notice_goes_too():
    body = extract_article(HAITIAN, "https://haitiantimes.com/2023/06/01/family/").body
    assert body is not None and all(p in body for p in STORY)
    assert "subscriber" not in body and "cup of coffee" not in body
