"""A page rendered by script: its HTML shows a loading spinner, its app state holds the article's
HTML as a JSON string. The fragment is cut down from a fundus page (hankookilbo.com, Next.js with
React Query state) whose body was empty (docs/benchmarks.md, session 7: script-rendered bodies).
"""

from __future__ import annotations

import json

from newscrawler.extract import extract_article

URL = "https://www.hankookilbo.com/news/article/A2026012914320005196"

PARAGRAPHS = [
    "장동혁 국민의힘 대표가 당권을 위협하던 한동훈 전 대표를 제명했지만, 어깨는 한층 무거워졌다. "
    "넉 달가량 남은 6·3 지방선거에서 참패할 경우 당대표직을 지키기 힘들어서다.",
    "국민의힘은 조만간 인재영입위원회를 발족하는 등 당을 지방선거 체제로 조속히 전환할 방침이다. "
    "이를 통해 한 전 대표 제명에 따른 여진을 최소화하겠다는 의도로 풀이된다.",
    "장 대표 측은 특히 한 전 대표 제명이 중도층과의 결별을 의미하지는 않는다는 점을 거듭 강조한다. "
    "최근 주요 여론조사에서 한 전 대표 제명에 대한 찬· 반 여론이 비등하게 나타났다.",
]
CONTENT = (
    '<div class="editor-img-box"><img src="https://newsimg.hankookilbo.com/a.jpg"></div>'
    + "".join(f'<p class="editor-p">{p} </p>' for p in PARAGRAPHS)
    + '<div class="writer"><span class="name"> <strong> 신현주 </strong> 기자</span></div>'
)
SPINNER = (
    '<main class="font-pretendard flex min-h-screen flex-col"><!--$?--><template id="B:0">'
    '</template><div class="relative inset-0 z-500 flex h-full w-full items-center '
    'justify-center" style="min-height:200px"><svg class="animate-spin" width="24" height="24">'
    '<path fill="#DDD" d="M.9 12c-.497 0-.904.403-.866.9"></path></svg></div><!--/$--></main>'
)


def _page(content: str, body: str = SPINNER) -> str:
    # json.dumps escapes "<" as the page does ("\u003cp"), the way React's state is written.
    state = json.dumps({"detail": {"articleId": "A2026012914320005196", "contentHtml": content}},
                       ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        "<html><head><title>장동혁, 한동훈 제명했지만… '윤 어게인' 절연 부담 커졌다</title>"
        f'</head><body>{body}<script>window["__RQ_R_35b_"].push({state})</script></body></html>'
    )


def test_an_empty_page_takes_the_article_html_of_its_script_state():
    body = extract_article(_page(CONTENT), URL).body
    assert body is not None
    assert [b for b in body.split("\n\n") if b in PARAGRAPHS] == PARAGRAPHS


def test_script_state_with_too_few_paragraphs_is_no_body():
    # A notice or a cookie banner kept as HTML in the state is not the article.
    notice = '<p class="editor-p">' + PARAGRAPHS[0] + "</p>" + "<div>" + "x" * 400 + "</div>"
    assert extract_article(_page(notice), URL).body is None


def test_a_page_with_its_text_in_html_keeps_it():
    html_body = "<article><h1>제목</h1>" + "".join(
        f"<p>{p} 이것은 페이지에 있는 문단이다.</p>" for p in PARAGRAPHS) + "</article>"
    body = extract_article(_page(CONTENT, html_body), URL).body
    assert body is not None and "이것은 페이지에 있는 문단이다" in body
