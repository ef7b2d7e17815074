"""An Arabic news site built by a real static-site generator (Debian's Hugo), served by a real
web server (Python's http.server) on a free loopback port: a site that is not WordPress.

``HugoSite`` copies ``hugo_site/`` (config and layouts), writes deterministic posts into it,
runs ``hugo`` and serves the output; ``add_posts()`` publishes newer posts and rebuilds, as a
site does between two crawls. Hugo is installed with apt when missing (as root), else the tests
skip (fail in CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SOURCE = Path(__file__).with_name("hugo_site")
CASABLANCA = timezone(timedelta(hours=1))
AUTHORS = ["سعاد المرابط", "كريم بنجلون", "نادية العمراني"]
CATEGORIES = {"مجتمع": 12, "رياضة": 7}
SENTENCES = [
    "أفادت مصادر محلية أن السلطات تعمل على إيجاد حلول مناسبة للمشاكل المطروحة في الأحياء.",
    "وأكد المتحدث أن المشروع سيدخل حيز التنفيذ خلال الأشهر القليلة المقبلة بعد استكمال الدراسات.",
    "ويرى متتبعون أن هذه الخطوة تأتي في ظرف اقتصادي صعب يتطلب تضافر جهود جميع الفاعلين.",
    "وعبر عدد من السكان عن ارتياحهم لهذا القرار الذي طال انتظاره في تصريحات متفرقة.",
    "وتشير الأرقام الرسمية إلى تحسن ملحوظ مقارنة بالسنة الماضية في أغلب المؤشرات.",
]


class HugoUnavailable(RuntimeError):
    """Hugo is not installed and cannot be installed here."""


@dataclass
class Post:
    slug: str
    title: str
    author: str
    category: str
    published: datetime
    paragraphs: list[str]

    @property
    def path(self) -> str:
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"


def ensure_hugo() -> str:
    """The hugo binary, installed from Debian when missing."""
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise HugoUnavailable("hugo is not installed (apt-get install hugo needs root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "hugo"]):
        if subprocess.run(cmd, env=env, capture_output=True, timeout=900).returncode != 0:
            raise HugoUnavailable(f"{' '.join(cmd)} failed")
    found = shutil.which("hugo")
    if not found:
        raise HugoUnavailable("apt-get installed no hugo binary")
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class HugoSite:
    """A built and served Hugo site; ``requests`` lists every path asked for."""

    def __init__(self, workdir: Path):
        self.hugo = ensure_hugo()
        self.source = workdir / "source"
        self.public = workdir / "public"
        shutil.copytree(SOURCE, self.source)
        (self.source / "content" / "posts").mkdir(parents=True)
        self.posts: list[Post] = []
        self.requests: list[str] = []
        start = datetime(2024, 3, 1, 9, 0, tzinfo=CASABLANCA)
        n = 0
        for category, count in CATEGORIES.items():
            for _ in range(count):
                self._write(self._post(n, category, start + timedelta(hours=7 * n)))
                n += 1
        site = self
        public = self.public

        class Handler(_Quiet):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(public), **kwargs)

            def do_GET(self):  # noqa: N802
                site.requests.append(self.path)
                super().do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.build()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _post(self, n: int, category: str, published: datetime) -> Post:
        paragraphs = [f"{SENTENCES[(n + k) % len(SENTENCES)]} وهذا الخبر رقم {n + 1}."
                      for k in range(2 + n % 3)]
        return Post(slug=f"news-{n + 1}", title=f"{category}: تطورات جديدة في الملف رقم {n + 1}",
                    author=AUTHORS[n % len(AUTHORS)], category=category, published=published,
                    paragraphs=paragraphs)

    def _write(self, post: Post) -> None:
        front = (f'---\ntitle: "{post.title}"\nslug: "{post.slug}"\n'
                 f"date: {post.published.isoformat()}\n"
                 f'author: "{post.author}"\ncategories: ["{post.category}"]\n---\n')
        path = self.source / "content" / "posts" / f"{post.slug}.md"
        path.write_text(front + "\n\n".join(post.paragraphs) + "\n", encoding="utf-8")
        self.posts.append(post)

    def build(self) -> None:
        out = subprocess.run(
            [self.hugo, "--quiet", "--source", str(self.source), "--destination", str(self.public),
             "--baseURL", self.base_url + "/", "--cleanDestinationDir"],
            capture_output=True, text=True, timeout=120,
        )
        if out.returncode != 0:
            raise HugoUnavailable(f"hugo failed: {out.stderr[-2000:]}")

    def add_posts(self, n: int, category: str) -> list[Post]:
        latest = max(p.published for p in self.posts)
        made = []
        for k in range(n):
            post = self._post(len(self.posts), category, latest + timedelta(hours=k + 1))
            self._write(post)
            made.append(post)
        self.build()
        return made

    def category_url(self, name: str) -> str:
        from urllib.parse import quote

        return f"{self.base_url}/categories/{quote(name)}/"

    def url(self, path: str) -> str:
        return self.base_url + path

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def hugo_site_at(workdir: Path) -> HugoSite:
    """A fresh site in ``workdir``; skips (fails in CI) when Hugo cannot be had."""
    try:
        return HugoSite(workdir)
    except HugoUnavailable as exc:
        from conftest import skip_or_fail

        skip_or_fail(f"no Hugo: {exc}")
        raise

