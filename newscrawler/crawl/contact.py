"""Who runs this crawler: ``NEWSCRAWLER_CONTACT`` (an email or URL) in the User-Agent, so that
a site's operator can reach a person instead of blocking an anonymous bot.

A Scrapy add-on (``ADDONS``): it sets ``USER_AGENT`` before the crawl starts, so that every
component (robots.txt rules included) sees the same one, unless the user set ``USER_AGENT``
themselves. A crawl without a contact says how to set one, once per archive (on its first run
that finishes; the CLI prints it, the log keeps it).
"""

from __future__ import annotations

import logging
import os
import re

from scrapy import signals
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawler import __version__
from newscrawler.crawl import REPORTED

logger = logging.getLogger(__name__)

CONTACT_HINT = (
    "no crawler contact set: the sites you crawl see no way to reach you. Put an email or URL "
    "in the User-Agent with the NEWSCRAWLER_CONTACT environment variable or "
    "-s NEWSCRAWLER_CONTACT=you@example.org (said once per archive)"
)
_EMAIL = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+")
_URL = re.compile(r"https?://[^\s()<>]+\.[^\s()<>]+")


def check_contact(value: str | None) -> str | None:
    """The contact, stripped; ``None`` when unset. A value that is neither an email nor an
    http(s) URL is a ``ValueError`` (it would tell a site operator nothing)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.startswith("mailto:"):
        value = value[len("mailto:"):]
    if not (_EMAIL.fullmatch(value) or _URL.fullmatch(value)):
        raise ValueError(f"NEWSCRAWLER_CONTACT must be an email or an http(s) URL, not {value!r}")
    return value


def user_agent(contact: str | None) -> str:
    """``newscrawler/VERSION (+mailto:EMAIL)`` or ``(+URL)``; just ``newscrawler/VERSION``
    without a contact (no made-up project URL)."""
    agent = f"newscrawler/{__version__}"
    if not contact:
        return agent
    return f"{agent} (+{contact if _URL.fullmatch(contact) else 'mailto:' + contact})"


def configured_contact(settings: BaseSettings) -> str | None:
    """The setting, else the environment variable of the same name (handy in a crontab)."""
    return check_contact(settings.get("NEWSCRAWLER_CONTACT") or os.environ.get("NEWSCRAWLER_CONTACT"))


class CrawlerContact:
    """Scrapy add-on: ``USER_AGENT`` from the contact, and the reminder when there is none."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.contact: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        addon = cls(crawler)
        crawler.signals.connect(addon.spider_opened, signal=signals.spider_opened)
        return addon

    def update_settings(self, settings: BaseSettings) -> None:
        self.contact = configured_contact(settings)
        if settings.getpriority("USER_AGENT") <= SETTINGS_PRIORITIES["default"]:
            settings.set("USER_AGENT", user_agent(self.contact), priority="addon")

    def spider_opened(self, spider) -> None:
        run_id = self.crawler.stats.get_value("newscrawler/run_id")
        if self.contact or run_id is None or self.crawler.settings.getpriority("USER_AGENT") > \
                SETTINGS_PRIORITIES["addon"]:
            return
        from newscrawler.archive import open_archive
        from newscrawler.archive.store import ArchiveIndex

        try:
            with open_archive(self.crawler.settings.get("NEWSCRAWLER_DB")) as archive:
                finished_before = ArchiveIndex(archive).finished_before(run_id)
        except Exception:  # a reminder is not worth failing a crawl for
            return
        if not finished_before:
            self.crawler.stats.set_value("newscrawler/contact_reminder", True)
            logger.warning("%s", CONTACT_HINT, extra=REPORTED)
