"""Fetches what ``extract.sections`` reads: a site's home page and, when the site is a
WordPress that answers, its REST categories. Two plain GETs before a crawl, not a crawl: no
Scrapy engine is started for them (urllib, the crawl's User-Agent, no proxies from the
environment beyond the standard ones)."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from urllib.parse import urljoin

from newscrawler.crawl.contact import check_contact, user_agent
from newscrawler.extract.sections import SectionLink, home_page_sections, merge, wp_rest_sections

MAX_BYTES = 5_000_000


def _agent() -> str:
    """The crawl's User-Agent, with ``NEWSCRAWLER_CONTACT`` from the environment when it is
    valid (the crawl itself says so when it is not)."""
    try:
        return user_agent(check_contact(os.environ.get("NEWSCRAWLER_CONTACT")))
    except ValueError:
        return user_agent(None)


def _get(url: str, timeout: float) -> bytes | None:
    request = urllib.request.Request(url, headers={"User-Agent": _agent()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.read(MAX_BYTES) if resp.status == 200 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


class SiteUnreachable(RuntimeError):
    """The home page could not be fetched."""


def find_sections(url: str, timeout: float = 20) -> list[SectionLink]:
    """Every section found on the site of ``url``, most trusted ways first."""
    home = _get(url, timeout)
    if home is None:
        raise SiteUnreachable(f"cannot fetch {url}")
    rest = _get(urljoin(url, "/wp-json/wp/v2/categories?per_page=100&hide_empty=true"), timeout)
    return merge(wp_rest_sections(rest) if rest else [], home_page_sections(home, url))
