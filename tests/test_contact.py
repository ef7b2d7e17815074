"""The crawler's contact: NEWSCRAWLER_CONTACT in the User-Agent the sites see, and a crawl
without one says how to set it, once per archive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler import __version__
from newscrawler.crawl.contact import check_contact, user_agent
from tests.helpers import clean_env
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import send

PATHS = ["/archives/41", "/archives/42"]


def test_the_user_agent_names_the_contact_and_no_made_up_url():
    assert user_agent("ops@example.org") == f"newscrawler/{__version__} (+mailto:ops@example.org)"
    assert user_agent("https://example.org/crawler") == f"newscrawler/{__version__} (+https://example.org/crawler)"
    assert user_agent(None) == f"newscrawler/{__version__}"
    assert check_contact(" mailto:ops@example.org ") == "ops@example.org"
    assert check_contact("") is None
    for bad in ("nonsense", "ftp://example.org", "a@b", "ops@example.org)"):
        with pytest.raises(ValueError, match="email or an http"):
            check_contact(bad)


class Site(HostileSite):
    """Two articles; every request's User-Agent kept."""

    def __init__(self):
        self.agents: list[str] = []

        def answer(body):
            def send_it(h):
                self.agents.append(h.headers.get("User-Agent"))
                send(h, 200, body)
            return send_it

        routes = {p: answer(article_page(f"خبر رقم {p[-1]} عن المدينة")) for p in PATHS}
        routes["/section/"] = answer(listing_page(PATHS))
        routes["/robots.txt"] = answer("User-agent: *\nAllow: /\n")
        super().__init__(routes)


def crawl(site: Site, db: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", "crawl", site.url("/section/"), "--db", str(db),
         "--full", *args], capture_output=True, text=True, timeout=120,
        env=clean_env() | env)


def test_the_contact_goes_in_every_request_and_silences_the_reminder(tmp_path):
    with Site() as site:
        result = crawl(site, tmp_path / "news.db", NEWSCRAWLER_CONTACT="ops@example.org")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""  # from cron: nothing to say
    assert len(site.agents) == 4  # robots.txt, the listing, two articles
    assert set(site.agents) == {f"newscrawler/{__version__} (+mailto:ops@example.org)"}
    with Site() as site:
        own = crawl(site, tmp_path / "news.db", "-s", "USER_AGENT=MyArchive/2 (+https://example.org)")
    assert own.returncode == 0 and set(site.agents) == {"MyArchive/2 (+https://example.org)"}


def test_without_a_contact_the_first_crawl_says_how_to_set_it_once(tmp_path):
    db, log = tmp_path / "news.db", tmp_path / "crawl.log"
    with Site() as site:
        first = crawl(site, db, "--log-file", str(log))
        second = crawl(site, db, "--log-file", str(log))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert set(site.agents) == {f"newscrawler/{__version__}"}
    assert first.stderr.startswith("Note: no crawler contact set") and len(first.stderr.splitlines()) == 1
    assert second.stderr == ""
    assert log.read_text(encoding="utf-8").count("no crawler contact set") == 1
    elsewhere = tmp_path / "other.db"  # once per archive
    with Site() as site:
        assert "NEWSCRAWLER_CONTACT" in crawl(site, elsewhere).stderr


def test_a_contact_that_is_neither_email_nor_url_is_a_usage_error(tmp_path):
    with Site() as site:
        result = crawl(site, tmp_path / "news.db", NEWSCRAWLER_CONTACT="call me")
        assert site.agents == []
    assert result.returncode == 2
    assert "NEWSCRAWLER_CONTACT must be an email or an http(s) URL" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "news.db").exists()
