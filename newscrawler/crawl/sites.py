"""Site profiles: what newscrawler knows about one news site, declared in TOML, not in code.

A profile names the site's domains, its sections (raw Arabic URLs allowed), its time zone (for
dates printed without an offset), its locale and printed name, and optionally selector
overrides and discovery preferences. Shipped profiles live in ``newscrawler/sites/*.toml``;
users add their own files. Every file holds one or more ``[[site]]`` tables (docs/sites.md).

A mistake in a profile is a ``ProfileError`` whose message names the file, the site and the
problem in one line, so the CLI can print it instead of a traceback.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from parsel import Selector

__all__ = [
    "SELECTOR_FIELDS",
    "DiscoveryPrefs",
    "ProfileError",
    "SiteProfile",
    "load_profiles",
    "profile_files",
    "profile_for_url",
    "split_selector",
]

SELECTOR_FIELDS = ("title", "body", "authors", "published", "section")
_KEYS = {
    "name",
    "domains",
    "sections",
    "timezone",
    "locale",
    "site_name",
    "allow_redirect_hosts",
    "selectors",
    "discovery",
}
_REQUIRED = ("name", "domains", "sections", "timezone", "locale", "site_name")
_DISCOVERY_KEYS = {"feeds": bool, "sitemap": str, "wp_rest": bool}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff][a-z0-9\u00a1-\uffff-]*$"
)
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$")
_PROBE = Selector(text="<html><body><p>probe</p></body></html>")


class ProfileError(ValueError):
    """A profile that cannot be used; ``str()`` is the one-line message for the user."""

    def __init__(self, problem: str, *, file: str | Path | None = None, site: str | None = None):
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.site = site
        where = [self.file] if self.file else []
        if site:
            where.append(f"site {site!r}")
        super().__init__(": ".join([*where, problem]))


@dataclass(frozen=True)
class DiscoveryPrefs:
    """Where to look for articles besides the section pages. ``sitemap`` is a path on the
    site (``/wp-sitemap.xml``) or an absolute URL; None means "only what robots.txt names"."""

    feeds: bool = True
    sitemap: str | None = None
    wp_rest: bool = False

    def sitemap_url(self, site_url: str) -> str | None:
        """The sitemap as an absolute URL on the site at ``site_url``."""
        return urljoin(site_url, self.sitemap) if self.sitemap else None


@dataclass(frozen=True)
class SiteProfile:
    """One news site, as declared in a ``[[site]]`` table (docs/sites.md has every key)."""

    name: str
    domains: list[str]
    sections: dict[str, str]
    timezone: str
    locale: str
    site_name: str
    allow_redirect_hosts: list[str] = field(default_factory=list)
    selectors: dict[str, str] = field(default_factory=dict)
    discovery: DiscoveryPrefs = field(default_factory=DiscoveryPrefs)
    source: str = ""

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone, for dates printed without an offset."""
        return ZoneInfo(self.timezone)

    @property
    def language(self) -> str:
        """The language part of the locale ("ar" for "ar-MA")."""
        return self.locale.split("-", 1)[0]

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on one of the site's domains (``www.`` or not)."""
        host = _url_host(url)
        return host is not None and host in self.domains


def split_selector(value: str) -> tuple[str, str]:
    """("css" | "xpath", expression) for a selector string: ``xpath:``/``css:`` prefixes say
    it, otherwise an expression starting with ``/``, ``./`` or ``(`` is XPath."""
    text = value.strip()
    for kind in ("xpath", "css"):
        if text.lower().startswith(kind + ":"):
            return kind, text[len(kind) + 1 :].strip()
    if text.startswith(("/", "./", "(")):
        return "xpath", text
    return "css", text


# ---------------------------------------------------------------------------------------------
# Loading


def load_profiles(extra_files: Iterable[Path | str] = ()) -> dict[str, SiteProfile]:
    """The shipped profiles, then the user's (files or folders of ``*.toml``), by name.

    A user profile with the name of a shipped one replaces it. Raises ``ProfileError`` for
    the first problem found.
    """
    profiles: dict[str, SiteProfile] = {}
    shipped = resources.files("newscrawler").joinpath("sites")
    shipped_files = sorted(
        (f for f in shipped.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name
    )
    for resource in shipped_files:
        label = f"newscrawler/sites/{resource.name}"
        for profile in _load_file(label, lambda r=resource: r.read_bytes()):
            profiles[profile.name] = profile
    for path in _expand(extra_files):
        for profile in _load_file(str(path), path.read_bytes):
            profiles[profile.name] = profile
    return profiles


def profile_for_url(
    url: str, profiles: Mapping[str, SiteProfile] | Iterable[SiteProfile]
) -> SiteProfile | None:
    """The profile whose domains hold the URL's host (``www.`` ignored, subdomains not: another
    subdomain is often another edition). When two claim it, the one loaded last wins."""
    host = _url_host(url)
    if host is None:
        return None
    candidates = list(profiles.values() if isinstance(profiles, Mapping) else profiles)
    for profile in reversed(candidates):
        if host in profile.domains:
            return profile
    return None


def profile_files(paths: Iterable[Path | str]) -> list[Path]:
    """The TOML files that ``paths`` (files or folders) name, as ``SiteProfile.source`` labels
    them: to tell the profiles of given files from the shipped and configured ones."""
    return _expand(paths)


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml")))
        elif path.exists():
            found.append(path)
        else:
            raise ProfileError("no such file", file=path)
    return found


def _load_file(label: str, read) -> list[SiteProfile]:
    try:
        data = tomllib.loads(read().decode("utf-8"))
    except OSError as exc:
        raise ProfileError(f"cannot read: {exc.strerror or exc}", file=label) from None
    except UnicodeDecodeError:
        raise ProfileError("not UTF-8 text", file=label) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"not valid TOML: {exc}", file=label) from None
    unknown = sorted(set(data) - {"site"})
    if unknown:
        raise ProfileError(
            f"unknown top-level key {unknown[0]!r}; profiles go in [[site]] tables", file=label
        )
    sites = data.get("site")
    if isinstance(sites, dict):
        raise ProfileError(
            "write [[site]], with double brackets: a file holds a list of sites", file=label
        )
    if not isinstance(sites, list) or not sites:
        raise ProfileError("no [[site]] table", file=label)
    profiles: list[SiteProfile] = []
    names: set[str] = set()
    for index, table in enumerate(sites, 1):
        if not isinstance(table, dict):
            raise ProfileError("[[site]] must be a table", file=label)
        profile = _profile(table, label, index)
        if profile.name in names:
            raise ProfileError("defined twice in this file", file=label, site=profile.name)
        names.add(profile.name)
        profiles.append(profile)
    return profiles


def _profile(table: dict[str, Any], label: str, index: int) -> SiteProfile:
    site = table.get("name") if isinstance(table.get("name"), str) else f"#{index}"

    def fail(problem: str) -> ProfileError:
        return ProfileError(problem, file=label, site=site)

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    for key in _REQUIRED:
        if key not in table:
            raise fail(f"missing required key {key!r}")

    name = table["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name must be lowercase letters, digits, '.', '-' or '_'")
    domains = _hosts(table["domains"], "domains", fail)
    if not domains:
        raise fail("domains is empty; list at least one host name")
    sections = _sections(table["sections"], domains, fail)
    timezone = table["timezone"]
    if not isinstance(timezone, str):
        raise fail("timezone must be a string such as 'Africa/Casablanca'")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise fail(
            f"unknown time zone {timezone!r} (use an IANA name such as 'Africa/Cairo')"
        ) from None
    locale = table["locale"]
    if not isinstance(locale, str) or not _LOCALE.match(locale):
        raise fail(f"locale {locale!r} is not a language tag such as 'ar-MA'")
    site_name = table["site_name"]
    if not isinstance(site_name, str) or not site_name.strip():
        raise fail("site_name must be the outlet's printed name, not empty")
    return SiteProfile(
        name=name,
        domains=domains,
        sections=sections,
        timezone=timezone,
        locale=locale,
        site_name=site_name.strip(),
        allow_redirect_hosts=_hosts(
            table.get("allow_redirect_hosts", []), "allow_redirect_hosts", fail
        ),
        selectors=_selectors(table.get("selectors", {}), fail),
        discovery=_discovery(table.get("discovery", {}), fail),
        source=label,
    )


def _is_ip(host: str) -> bool:
    """An IP address is a host too (a site on a LAN or on 127.0.0.1)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _hosts(value: Any, key: str, fail) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{key} must be a list of host names")
    hosts: list[str] = []
    for raw in value:
        host = raw.strip().lower().removeprefix("www.")
        if not (_HOST.match(host) or host == "localhost" or _is_ip(host)):
            raise fail(f"{key}: {raw!r} is not a host name (write 'example.com', no https://)")
        if host not in hosts:
            hosts.append(host)
    return hosts


def _sections(value: Any, domains: list[str], fail) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail('sections must be a table of name = "URL"')
    if not value:
        raise fail("sections is empty; name at least one section URL")
    sections: dict[str, str] = {}
    for name, url in value.items():
        if not isinstance(url, str):
            raise fail(f"section {name!r}: the URL must be a string")
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail(f"section {name!r}: {url!r} is not an http(s) URL")
        host = parts.hostname.lower().removeprefix("www.")
        if host not in domains:
            raise fail(f"section {name!r}: host {parts.hostname!r} is not among the domains")
        sections[name] = url.strip()
    return sections


def _selectors(value: Any, fail) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail('selectors must be a table of field = "selector"')
    selectors: dict[str, str] = {}
    for name, selector in value.items():
        if name not in SELECTOR_FIELDS:
            raise fail(f"selectors: unknown field {name!r} (known: {', '.join(SELECTOR_FIELDS)})")
        if not isinstance(selector, str) or not selector.strip():
            raise fail(f"selectors.{name} must be a non-empty string")
        kind, expression = split_selector(selector)
        try:
            _PROBE.xpath(expression) if kind == "xpath" else _PROBE.css(expression)
        except Exception as exc:  # noqa: BLE001 - cssselect and lxml raise many kinds
            detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            raise fail(
                f"selectors.{name}: invalid {kind.upper()} {expression!r}: {detail}"
            ) from None
        selectors[name] = selector.strip()
    return selectors


def _discovery(value: Any, fail) -> DiscoveryPrefs:
    if not isinstance(value, dict):
        raise fail("discovery must be a table")
    for key, item in value.items():
        kind = _DISCOVERY_KEYS.get(key)
        if kind is None:
            raise fail(f"discovery: unknown key {key!r} (known: {', '.join(_DISCOVERY_KEYS)})")
        if not isinstance(item, kind):
            raise fail(f"discovery.{key} must be a {'boolean' if kind is bool else 'string'}")
    sitemap = value.get("sitemap")
    if sitemap is not None:
        parts = urlsplit(sitemap)
        if not (sitemap.startswith("/") or parts.scheme in ("http", "https")):
            raise fail(f"discovery.sitemap {sitemap!r} must be a path ('/sitemap.xml') or URL")
    return DiscoveryPrefs(
        feeds=value.get("feeds", True), sitemap=sitemap, wp_rest=value.get("wp_rest", False)
    )


def _url_host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except (ValueError, AttributeError):
        return None
    if not host:
        return None
    return unquote(host).lower().removeprefix("www.")
