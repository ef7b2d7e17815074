"""Site profiles: the shipped ones load, user mistakes give one clear line, URLs find profiles."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawler.crawl.sites import (
    DiscoveryPrefs,
    ProfileError,
    SiteProfile,
    load_profiles,
    profile_for_url,
    split_selector,
)

GOOD = """
[[site]]
name = "mysite"
site_name = "موقعي"
domains = ["www.mysite.example", "mysite-news.example"]
timezone = "Asia/Amman"
locale = "ar-JO"
allow_redirect_hosts = ["cdn.mysite.example"]

[site.sections]
"محليات" = "https://www.mysite.example/category/محليات/"
"اقتصاد" = "https://mysite-news.example/economy"

[site.selectors]
title = "h1.entry-title"
body = "//div[@class='entry-content']"
authors = "css: .byline a"
published = "xpath: //time/@datetime"

[site.discovery]
feeds = false
sitemap = "/wp-sitemap.xml"
wp_rest = true

[[site]]
name = "second"
site_name = "الثاني"
domains = ["second.example"]
timezone = "Asia/Riyadh"
locale = "ar-SA"
sections = { "الرئيسية" = "https://second.example/" }
"""

BASE = """
[[site]]
name = "bad"
site_name = "سيء"
domains = ["bad.example"]
timezone = "Africa/Cairo"
locale = "ar-EG"
sections = { "أخبار" = "https://bad.example/news" }
"""


def write(tmp_path: Path, text: str, name: str = "sites.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ProfileError:
    path = write(tmp_path, text, "user-sites.toml")
    with pytest.raises(ProfileError) as info:
        load_profiles([path])
    message = str(info.value)
    assert "\n" not in message
    assert "user-sites.toml" in message
    return info.value


# --- shipped profiles ----------------------------------------------------------------------


def test_shipped_profiles_load_and_validate():
    profiles = load_profiles()
    assert {"alouma24", "hespress", "youm7", "assabah"} <= set(profiles)
    for name, profile in profiles.items():
        assert profile.name == name
        assert profile.sections and profile.domains and profile.site_name
        assert isinstance(profile.zone, ZoneInfo)
        assert profile.language == "ar"
        assert profile.selectors == {}  # nothing shipped that we could not verify
        for url in profile.sections.values():
            assert profile_for_url(url, profiles) is profile, url


def test_shipped_profile_values():
    profiles = load_profiles()
    alouma = profiles["alouma24"]
    assert alouma.sections == {"مجتمع": "https://alouma24.ma/archives/category/مجتمع"}
    assert (alouma.timezone, alouma.locale) == ("Africa/Casablanca", "ar-MA")
    youm7 = profiles["youm7"]
    assert (youm7.timezone, youm7.site_name) == ("Africa/Cairo", "اليوم السابع")
    assert profiles["assabah"].timezone == "Africa/Tunis"
    assert profiles["hespress"].site_name == "هسبريس"


# --- user files ----------------------------------------------------------------------------


def test_user_file_with_several_sites(tmp_path):
    profiles = load_profiles([write(tmp_path, GOOD)])
    mine = profiles["mysite"]
    assert mine == SiteProfile(
        name="mysite",
        domains=["mysite.example", "mysite-news.example"],
        sections={
            "محليات": "https://www.mysite.example/category/محليات/",
            "اقتصاد": "https://mysite-news.example/economy",
        },
        timezone="Asia/Amman",
        locale="ar-JO",
        site_name="موقعي",
        allow_redirect_hosts=["cdn.mysite.example"],
        selectors={
            "title": "h1.entry-title",
            "body": "//div[@class='entry-content']",
            "authors": "css: .byline a",
            "published": "xpath: //time/@datetime",
        },
        discovery=DiscoveryPrefs(feeds=False, sitemap="/wp-sitemap.xml", wp_rest=True),
        source=str(tmp_path / "sites.toml"),
    )
    assert mine.discovery.sitemap_url("https://www.mysite.example/category/x/") == (
        "https://www.mysite.example/wp-sitemap.xml"
    )
    second = profiles["second"]
    assert second.discovery == DiscoveryPrefs()  # defaults: feeds on, no sitemap, no REST
    assert "alouma24" in profiles  # shipped ones stay


def test_user_folder_and_override_of_a_shipped_profile(tmp_path):
    write(tmp_path, BASE.replace('"bad"', '"youm7"').replace("bad.example", "youm7.com"), "a.toml")
    write(tmp_path, BASE, "b.toml")
    profiles = load_profiles([tmp_path])
    assert profiles["youm7"].sections == {"أخبار": "https://youm7.com/news"}
    assert profiles["youm7"].source.endswith("a.toml")
    assert "bad" in profiles


def test_split_selector():
    assert split_selector("h1.title") == ("css", "h1.title")
    assert split_selector("//h1") == ("xpath", "//h1")
    assert split_selector("(//h1)[1]") == ("xpath", "(//h1)[1]")
    assert split_selector("xpath: string(//time/@datetime)") == (
        "xpath",
        "string(//time/@datetime)",
    )
    assert split_selector("css: .byline a::text") == ("css", ".byline a::text")


# --- errors --------------------------------------------------------------------------------


def test_bad_toml(tmp_path):
    error = error_for(tmp_path, BASE.replace('locale = "ar-EG"', "locale = ar-EG"))
    assert "not valid TOML" in str(error)
    assert "line" in str(error)


def test_unknown_time_zone(tmp_path):
    for zone in ("Africa/Casablnca", "Africa", "", "../../etc/passwd", "GMT+3 Cairo"):
        error = error_for(tmp_path, BASE.replace("Africa/Cairo", zone))
        assert "site 'bad'" in str(error)
        assert "unknown time zone" in str(error), zone
        assert error.site == "bad" and error.file.endswith("user-sites.toml")


def test_missing_sections(tmp_path):
    text = BASE.replace('sections = { "أخبار" = "https://bad.example/news" }\n', "")
    assert "missing required key 'sections'" in str(error_for(tmp_path, text))
    text = BASE.replace('{ "أخبار" = "https://bad.example/news" }', "{}")
    assert "sections is empty" in str(error_for(tmp_path, text))


def test_bad_section_urls(tmp_path):
    text = BASE.replace("https://bad.example/news", "/news")
    assert "not an http(s) URL" in str(error_for(tmp_path, text))
    text = BASE.replace("https://bad.example/news", "https://other.example/news")
    assert "not among the domains" in str(error_for(tmp_path, text))


def test_bad_selector(tmp_path):
    css = BASE + '[site.selectors]\ntitle = "h1[[class"\n'
    error = error_for(tmp_path, css)
    assert "selectors.title: invalid CSS" in str(error)
    xpath = BASE + "[site.selectors]\nbody = \"//div[@class='x'\"\n"
    assert "selectors.body: invalid XPATH" in str(error_for(tmp_path, xpath))
    field = BASE + '[site.selectors]\nheadline = "h1"\n'
    assert "unknown field 'headline'" in str(error_for(tmp_path, field))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('domains = ["bad.example"]', 'domains = ["https://bad.example/"]'), "not a host name"),
        (('domains = ["bad.example"]', "domains = []"), "domains is empty"),
        (('domains = ["bad.example"]', 'domains = "bad.example"'), "must be a list"),
        (('locale = "ar-EG"', 'locale = "Arabic"'), "not a language tag"),
        (('site_name = "سيء"', 'site_name = "  "'), "site_name"),
        (('name = "bad"', 'name = "Bad Site"'), "name must be"),
        (('timezone = "Africa/Cairo"', 'timezone = "Africa/Cairo"\ntimezon = "x"'), "'timezon'"),
        (('site_name = "سيء"', ""), "missing required key 'site_name'"),
    ],
)
def test_other_mistakes(tmp_path, change, expected):
    assert expected in str(error_for(tmp_path, BASE.replace(*change)))


def test_bad_discovery(tmp_path):
    text = BASE + '[site.discovery]\nfeeds = "yes"\n'
    assert "discovery.feeds must be a boolean" in str(error_for(tmp_path, text))
    text = BASE + '[site.discovery]\nsitemap = "wp-sitemap.xml"\n'
    assert "discovery.sitemap" in str(error_for(tmp_path, text))
    text = BASE + "[site.discovery]\nrss = true\n"
    assert "unknown key 'rss'" in str(error_for(tmp_path, text))


def test_file_level_mistakes(tmp_path):
    assert "no [[site]] table" in str(error_for(tmp_path, "# empty\n"))
    assert "double brackets" in str(error_for(tmp_path, BASE.replace("[[site]]", "[site]")))
    assert "[[site]] tables" in str(error_for(tmp_path, BASE.replace("[[site]]", "")))
    assert "defined twice" in str(error_for(tmp_path, BASE + BASE))
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.encode("cp1256"))
    with pytest.raises(ProfileError, match="latin1.toml: not UTF-8"):
        load_profiles([path])
    with pytest.raises(ProfileError, match="missing.toml: no such file"):
        load_profiles([tmp_path / "missing.toml"])


# --- profile_for_url -----------------------------------------------------------------------


def test_profile_for_url_with_and_without_www():
    profiles = load_profiles()
    hespress = profiles["hespress"]
    assert profile_for_url("https://www.hespress.com/societe", profiles) is hespress
    assert profile_for_url("https://hespress.com/x-123.html", profiles) is hespress
    assert profile_for_url("HTTPS://WWW.HESPRESS.COM/", profiles) is hespress
    assert profile_for_url("https://hespress.com:443/", profiles) is hespress
    assert profile_for_url("https://alouma24.ma/archives/1", profiles.values()).name == "alouma24"
    # Another subdomain is another edition, not this profile.
    assert profile_for_url("https://fr.hespress.com/", profiles) is None
    assert profile_for_url("https://nothespress.com/", profiles) is None
    assert profile_for_url("not a url", profiles) is None
    assert profile_for_url("", profiles) is None


def test_last_loaded_profile_wins_a_shared_domain(tmp_path):
    path = write(tmp_path, BASE.replace("bad.example", "hespress.com"))
    profiles = load_profiles([path])
    assert profile_for_url("https://www.hespress.com/", profiles).name == "bad"
    assert profiles["bad"].owns("https://hespress.com/politique")


def test_every_key_is_documented():
    from newscrawler.crawl import sites
    from tests.conftest import ROOT

    documented = (ROOT / "docs" / "sites.md").read_text(encoding="utf-8")
    keys = [*sites._KEYS, *sites._DISCOVERY_KEYS, *sites.SELECTOR_FIELDS]
    for key in keys:
        assert f"`{key}`" in documented, key
    for name in load_profiles():
        assert f"`{name}`" in documented, name
