"""Where a site lists its articles besides its section pages: feeds, sitemaps, the WordPress API.

Everything here is a pure function over bytes the spider already fetched (plus the URL they came
from), so that discovery can be tested offline and the spider only decides what to request.
Every parser accepts anything and returns an empty result rather than raising: a site that
serves an HTML error page instead of its feed must not stop a crawl, and every parser returns
at most ``max_entries`` entries, counting the rest in ``skipped``.

One module a reason to change: ``feeds`` (RSS, RDF, Atom), ``sitemaps`` (and robots.txt's
``Sitemap:`` lines), ``wordpress`` (the REST API), ``safexml`` (XML from the web as hostile
input: no entity expansion, no DTDs, capped gzip), ``common`` (URLs, text, raw dates).

Dates stay the raw strings the site printed; ``entry_datetime`` reads one for ordering and
filtering, and the pipeline parses them for the archive.
"""

from newscrawler.crawl.discovery.common import entry_datetime
from newscrawler.crawl.discovery.feeds import (
    Feed,
    FeedEntry,
    feed_links,
    guess_feed_urls,
    parse_feed,
    wordpress_feed_page,
)
from newscrawler.crawl.discovery.sitemaps import (
    Sitemap,
    SitemapEntry,
    SitemapRef,
    parse_sitemap,
    robots_sitemaps,
)
from newscrawler.crawl.discovery.wordpress import (
    WpCategory,
    WpPost,
    parse_wp_categories,
    parse_wp_posts,
    wp_api_root,
    wp_category_id,
    wp_category_slug,
    wp_rest_categories_url,
    wp_rest_posts_url,
    wp_total_pages,
)

__all__ = [
    "Feed",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "SitemapRef",
    "WpCategory",
    "WpPost",
    "entry_datetime",
    "feed_links",
    "guess_feed_urls",
    "parse_feed",
    "parse_sitemap",
    "parse_wp_categories",
    "parse_wp_posts",
    "robots_sitemaps",
    "wordpress_feed_page",
    "wp_api_root",
    "wp_category_id",
    "wp_category_slug",
    "wp_rest_categories_url",
    "wp_rest_posts_url",
    "wp_total_pages",
]
