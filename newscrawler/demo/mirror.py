"""A second demo site that republishes some of the first one's articles, as aggregators do.

"صدى الجهات" takes dispatches from the demo site (``demo/site.py``) and publishes them a few
hours later under its own titles, with the edits such sites make: an agency dateline added, a
paragraph or a subheading dropped, its own boilerplate ("اقرأ أيضا", a closing line) around the
text, and once the same article again under a new URL. It also publishes its own reports on
the same events (same places, institutions and numbers, written independently): those are not
copies. :func:`copies` and :func:`own_articles` give the answer a correct story detection must
find. Another theme than the first site (plain HTML5, ``/akhbar/<date>/<id>.html`` permalinks).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from newscrawler.demo.server import SiteServer
from newscrawler.demo.site import HTML_TYPE, articles, fill, normalize_path

SITE_NAME = "صدى الجهات"
LISTING_PATH = "/akhbar"
DEFAULT_HOST = "127.0.0.2"  # another host than the first site's 127.0.0.1: another site
CLOSING = "لمتابعة آخر المستجدات، تابعوا صدى الجهات على مواقع التواصل الاجتماعي."

e = html.escape


@dataclass(frozen=True)
class MirrorArticle:
    """One article of the mirror site; ``source`` is the demo article it copies, if any."""

    id: int
    path: str
    title: str
    published: str
    paragraphs: tuple[str, ...]
    source: int | None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _blocks(source_id: int) -> list[str]:
    truth = next(a for a in articles() if a["id"] == source_id)
    return truth["body"].split("\n\n")


def _later(source_id: int, hours: float) -> str:
    truth = next(a for a in articles() if a["id"] == source_id)
    return (datetime.fromisoformat(truth["published"]) + timedelta(hours=hours)).isoformat()


def _copy_edits() -> list[tuple[int, str, float, list[str]]]:
    """(source id, new title, hours later, paragraphs) of each republished dispatch."""
    law = _blocks(1005)  # agency dateline added, the subheading and a paragraph dropped
    law = [f"الرباط (و م ع) - {law[0]}", law[1], *law[3:5], *law[6:]]
    heat = _blocks(1017)  # the same text under another title
    rates = _blocks(1027)  # the last paragraph cut, the site's closing line added
    rates = [*rates[:-1], CLOSING]
    port = _blocks(1036)  # a dateline, an "also read" line in the middle, the end cut
    port = [f"الداخلة - {port[0]}", *port[1:3],
            "اقرأ أيضا: ميناء الداخلة الأطلسي.. مشروع يغير وجه الجهة", *port[3:-1]]
    nursery = _blocks(1044)  # subheadings and lists flattened into the text
    nursery = [" ".join(p.split("\n")) for p in nursery if len(p.split()) > 4]
    return [
        (1005, "النواب يصادقون على قانون التنظيم القضائي بعد نقاش مطول", 5, law),
        (1017, "الحرارة المفرطة تدفع البيضاويين نحو الشواطئ", 3, heat),
        (1027, "بنك المغرب يقرر رفع سعر الفائدة الرئيسي", 2, rates),
        (1036, "تقدم أشغال ميناء الداخلة الأطلسي", 20, port),
        (1044, "دور الحضانة: إقبال متزايد وأسئلة حول الجودة", 8, nursery),
        # the same article again a day later under a new URL, with the closing line
        (1017, "موجة الحر: الشواطئ وجهة الأسر البيضاوية", 27, [*heat, CLOSING]),
    ]


# Reports of the same events written by the mirror's own journalists: the same places,
# institutions and figures, other sentences. None of them is a copy of anything.
_OWN = [
    ("الدار البيضاء تختنق تحت موجة حر غير مسبوقة", 1017, 30, [
        "سجلت مدينة الدار البيضاء يوم أمس درجات حرارة مرتفعة تجاوزت المعدلات الموسمية، ما دفع عددا كبيرا من الأسر إلى قضاء ساعات طويلة على الشواطئ.",
        "وعرفت شواطئ عين الذياب والمحمدية اكتظاظا لافتا منذ الساعات الأولى من الصباح، في وقت عززت فيه السلطات حضور فرق الوقاية المدنية والإنقاذ.",
        "وقال أحد السباحين المنقذين إن فرقته تدخلت مرات عديدة لمساعدة مصطافين جرفتهم التيارات البحرية، داعيا الآباء إلى مراقبة أطفالهم باستمرار.",
        "من جهتها، نصحت المديرية العامة للأرصاد الجوية المواطنين بتفادي التعرض المباشر لأشعة الشمس في فترة الظهيرة وشرب كميات كافية من الماء.",
    ]),
    ("رفع سعر الفائدة يقلق المقترضين والمقاولات", 1027, 26, [
        "أثار قرار بنك المغرب الأخير بشأن سعر الفائدة الرئيسي ردود فعل متباينة في أوساط المقاولين والأسر التي تعتمد على القروض البنكية.",
        "ويرى خبير اقتصادي تحدث للموقع أن البنك المركزي اختار محاربة التضخم على حساب النمو، وأن كلفة الاقتراض سترتفع خلال الأشهر المقبلة.",
        "وتخشى المقاولات الصغرى والمتوسطة أن يؤدي القرار إلى تشديد شروط منح القروض، في ظرفية تتسم بارتفاع أسعار المواد الأولية والطاقة.",
        "في المقابل، يعتبر مسؤولون في القطاع البنكي أن الخطوة ضرورية لاستعادة استقرار الأسعار وحماية القدرة الشرائية على المدى المتوسط.",
    ]),
    ("ميناء الداخلة الأطلسي: رهان على التجارة مع إفريقيا", 1036, 48, [
        "يراهن المغرب على ميناء الداخلة الأطلسي لجعل الجهة بوابة للتجارة مع بلدان غرب إفريقيا، بحسب ما أكده منتخبون محليون خلال زيارة للورش.",
        "وأوضح مهندس مشرف على المشروع أن أشغال بناء الحاجز الرئيسي تتقدم وفق البرمجة المحددة، رغم صعوبة الظروف البحرية في المنطقة.",
        "ويرتقب أن يوفر المشروع آلاف مناصب الشغل خلال مرحلتي البناء والاستغلال، إلى جانب منطقة لوجستيكية وصناعية مجاورة للميناء.",
        "ويأمل مهنيو الصيد البحري بالداخلة أن يساهم الميناء الجديد في تثمين منتجاتهم وتسهيل تصديرها نحو الأسواق الخارجية.",
    ]),
]


@cache
def _articles() -> tuple[MirrorArticle, ...]:
    built = []
    for n, (source, title, hours, paragraphs) in enumerate(_copy_edits()):
        built.append((source, title, _later(source, hours), paragraphs, 501 + n))
    for n, (title, topic, hours, paragraphs) in enumerate(_OWN):
        built.append((None, title, _later(topic, hours), paragraphs, 601 + n))
    out = []
    for source, title, published, paragraphs, number in built:
        path = f"{LISTING_PATH}/{published[:10].replace('-', '/')}/{number}.html"
        out.append(MirrorArticle(number, path, title, published, tuple(paragraphs), source))
    return tuple(sorted(out, key=lambda a: a.published, reverse=True))


def mirror_articles() -> list[MirrorArticle]:
    """Every article of the mirror site, newest first."""
    return list(_articles())


def copies() -> dict[str, int]:
    """The answer: mirror path -> id of the demo article it copies."""
    return {a.path: a.source for a in _articles() if a.source is not None}


def own_articles() -> list[str]:
    """Paths of the mirror's own reports (same events, not copies)."""
    return [a.path for a in _articles() if a.source is None]


def _mirror(name: str, /, **values: object) -> str:
    return fill(f"mirror/{name}.html", **values)


def _page(base: str, title: str, main: str, extra_head: str = "") -> str:
    return _mirror("page", title=e(title), site_name=e(SITE_NAME), extra_head=extra_head,
                   base=base, listing=LISTING_PATH, main=main)  # fmt: skip


def _article_page(base: str, article: MirrorArticle) -> str:
    url = base + article.path
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.published, "dateModified": article.published, "url": url,
        "inLanguage": "ar", "mainEntityOfPage": url,
        "author": {"@type": "Organization", "name": SITE_NAME},
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    head = _mirror("article_head", url=e(url), title=e(article.title),
                   published=e(article.published), json=json.dumps(ld, ensure_ascii=False))  # fmt: skip
    related = [a for a in _articles() if a.id != article.id][:3]
    main = _mirror(
        "article", title=e(article.title), published=e(article.published),
        listing=f"{base}{LISTING_PATH}",
        time=e(article.published[:16].replace("T", " ")), site_name=e(SITE_NAME),
        paragraphs="".join(_mirror("paragraph", text=e(p)) for p in article.paragraphs),
        related="".join(_mirror("related_item", href=f"{base}{a.path}", title=e(a.title))
                        for a in related),
    )  # fmt: skip
    return _page(base, f"{article.title} | {SITE_NAME}", main, head)


def _listing_page(base: str) -> str:
    items = "".join(
        _mirror("listing_item", href=f"{base}{a.path}", title=e(a.title),
                published=e(a.published), date=e(a.published[:10]))  # fmt: skip
        for a in _articles()
    )
    return _page(base, f"آخر الأخبار | {SITE_NAME}", _mirror("listing", items=items))


class MirrorSite:
    """The mirror site as a lookup table, like ``DemoSite``: ``page(path)``."""

    def __init__(self, base_url: str) -> None:
        base = self.base_url = base_url.rstrip("/")
        self._lookup = {normalize_path(a.path): _article_page(base, a).encode() for a in _articles()}
        self._lookup["/"] = self._lookup[LISTING_PATH] = _listing_page(base).encode()
        self._not_found = _page(base, f"الصفحة غير موجودة | {SITE_NAME}",
                               _mirror("not_found")).encode()

    def page(self, path: str) -> tuple[int, str, bytes]:
        if normalize_path(path) == "/robots.txt":
            return 200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n"
        found = self._lookup.get(normalize_path(path))
        return (200, HTML_TYPE, found) if found is not None else (404, HTML_TYPE, self._not_found)


class MirrorServer(SiteServer):
    """The mirror site served on a loopback address (another host than the demo site's, so
    the archive sees two sites); stop it with :meth:`stop` or by leaving the ``with`` block."""

    thread_name = "newscrawler-mirror"

    def __init__(self, host: str = DEFAULT_HOST, port: int = 0) -> None:
        super().__init__(host, port)

    def make_site(self, base_url: str) -> MirrorSite:
        return MirrorSite(base_url)


def serve_mirror(host: str = DEFAULT_HOST, port: int = 0) -> MirrorServer:
    """Start the mirror site in a daemon thread; port 0 picks a free one. Where 127.0.0.2 is
    not a loopback address (macOS), on 127.0.0.1: the archive then sees one site on two ports."""
    try:
        return MirrorServer(host, port)
    except OSError:
        if host != DEFAULT_HOST:
            raise
        return MirrorServer("127.0.0.1", port)
