"""Scrapy settings for newscrawler: the one configuration system.

Everything of our own is prefixed ``NEWSCRAWLER_`` and documented in ``docs/settings.md``
(a test keeps the two in step). Override any of them on the command line with
``newscrawler crawl -s NAME=VALUE`` or ``scrapy crawl section -s NAME=VALUE``.
"""

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.crawl.spiders"]
NEWSPIDER_MODULE = "newscrawler.crawl.spiders"

# --- newscrawler's own settings (defaults) -------------------------------------------------
NEWSCRAWLER_DB = "output/news.db"
"""Path of the SQLite archive; created (with its folder) when missing."""

NEWSCRAWLER_MAX_PAGES = 20
"""Listing pages followed per section, counting the start page (0 = no limit)."""

NEWSCRAWLER_INCREMENTAL = True
"""Skip article URLs already in the archive and stop paginating once listings bring nothing
new (``--full`` turns it off)."""

NEWSCRAWLER_STALE_PAGES_TOLERATED = 0
"""Incremental crawls: listing pages in a row that bring nothing new, tolerated before
pagination stops (0 = stop at the first)."""

NEWSCRAWLER_PENDING_MAX_TRIES = 5
"""Article links a run could not archive (5xx, timeout, dropped connection, unreadable page)
are asked for again by the next runs; one is given up once it failed in this many runs..."""

NEWSCRAWLER_PENDING_MAX_DAYS = 3.0
"""...and its first failure is at least this many days old (both limits must be reached)."""

NEWSCRAWLER_REFRESH_DAYS = 0.0
"""Re-check articles published within this many days with conditional requests and store a
revision when their text changed (0 = off; ``--refresh-days``)."""

NEWSCRAWLER_DISCOVERY = "auto"
"""How a section's articles are found: ``auto`` (listing pages, switching to the WordPress REST
API or the feed when the site offers them), ``listing``, ``feed``, ``wp-api`` or ``sitemap``
(the whole site's sitemaps). Also ``--via``."""

NEWSCRAWLER_SITES: list[str] = []
"""Site-profile TOML files or folders to load besides the shipped ones (docs/sites.md)."""

NEWSCRAWLER_SITES_AT_ONCE = 8
"""With ``crawl --all-sites``: sites crawled at the same time in the one process (each with its
own per-domain politeness); the next starts when one ends."""

NEWSCRAWLER_MAX_LINKS_PER_PAGE = 300
"""Article links taken from one listing page; the rest are counted and skipped."""

NEWSCRAWLER_TIMEZONE = None
"""The site's IANA time zone (e.g. ``Africa/Casablanca``) for dates printed without an offset;
``None`` reads them as UTC."""

NEWSCRAWLER_SITE_NAME = None
"""The outlet's own name, so that a byline naming it is kept as an organization."""

NEWSCRAWLER_BATCH_SIZE = 50
"""Articles buffered before one write transaction."""

NEWSCRAWLER_EXTRACT_WORKERS = "auto"
"""Worker processes that read article pages while the crawl fetches more: a number, 0 to read
them on the crawl's own thread, or ``auto``: one per CPU (at most 4), none on a single CPU."""

NEWSCRAWLER_EXTRACT_TIMEOUT = 60.0
"""Seconds an extraction worker may spend on one page before it is stopped and the page skipped
(counted as ``newscrawler/skipped/extract_timeout``); 0 = no limit. Pages read in the crawl's own
process are held to it by an alarm (``crawl/deadline.py``)."""

NEWSCRAWLER_FLUSH_SECONDS = 5.0
"""Longest time an extracted article waits in the buffer before it is written."""

NEWSCRAWLER_CONTACT = None
"""How site operators reach you: an email or an http(s) URL, put in the User-Agent
(``newscrawler/VERSION (+mailto:you@example.org)``); also the environment variable of that name."""

NEWSCRAWLER_PROGRESS = False
"""Print a live progress line on stderr (the CLI turns it on when stderr is a terminal)."""

NEWSCRAWLER_PROGRESS_INTERVAL = 1.0
"""Seconds between two progress lines."""

NEWSCRAWLER_REDIS_URL = None
"""The Redis of a distributed crawl (``--redis``; docs/scale.md); None: one process."""

NEWSCRAWLER_REDIS_WORKER_TIMEOUT = 15.0
"""Seconds without a heartbeat after which a distributed crawl's worker counts as dead and the
requests it held go back to the frontier for the others."""

# --- Scrapy settings, chosen for a polite, bounded news crawler -----------------------------
# USER_AGENT is set by the CrawlerContact add-on from NEWSCRAWLER_CONTACT (unless you set it).
ADDONS = {"newscrawler.crawl.contact.CrawlerContact": 0}
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Scrapy's, with the per-domain limit held when no delay spaces requests out (crawl/downloader.py)
DOWNLOADER = "newscrawler.crawl.downloader.PoliteDownloader"
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
# Scrapy starts this many tasks for the output of every response (asyncio reactor); an article
# page yields one item, so the default 100 only costs the reactor ~1.5 ms a page.
CONCURRENT_ITEMS = 8
# Scrapy checks that a generator callback returns no value by reading its source and parsing it
# (inspect + ast) for every response: its cache holds bound methods by weak reference, so it
# never hits. Our callbacks return nothing; the check cost ~4% of the reactor thread.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control: an HTTP endpoint on localhost that runs Python code inside the
# crawl. Off like telnet: a crawl from cron listens on no port.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "newscrawler.crawl.pipelines.ExtractPipeline": 50,
    "newscrawler.crawl.pipelines.ValidatePipeline": 100,
    "newscrawler.crawl.pipelines.NormalizePipeline": 200,
    "newscrawler.crawl.pipelines.ArchivePipeline": 900,
}

EXTENSIONS = {
    "newscrawler.crawl.progress.ProgressReporter": 500,
}

# --- limits ---------------------------------------------------------------------------------
# Guards against hostile and broken servers (newscrawler/crawl/middlewares.py); every hit is
# logged and counted under newscrawler/limits/* in the run's stats. See docs/reliability.md.
NEWSCRAWLER_MAX_PAGES_PER_RUN = 20000
"""Requests one run may make (listing and article pages, all sections); 0 = no limit."""

NEWSCRAWLER_MAX_PAGES_PER_SECTION = 5000
"""Requests made on behalf of one section URL (its listing and article pages); 0 = no limit."""

NEWSCRAWLER_MAX_QUERY_VARIANTS = 20
"""Distinct query strings followed per path (calendar and filter traps); page numbers of a
listing do not count; 0 = no limit."""

NEWSCRAWLER_MAX_STALE_LISTINGS = 3
"""Listing pages in a row that bring no new article link before that section's pagination
stops (infinite pagination); 0 = never stop."""

NEWSCRAWLER_MAX_RETRY_AFTER = 60
"""Longest Retry-After (seconds) honoured on a 429/503; a longer one gives the page up."""

NEWSCRAWLER_REDIRECT_HOSTS: list[str] = []
"""Other hosts a redirect may lead to (a site's CDN or new domain); any other is refused."""

DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

DOWNLOADER_MIDDLEWARES = {
    "newscrawler.crawl.middlewares.SchemeFilterMiddleware": 20,
    "newscrawler.crawl.middlewares.LimitsMiddleware": 560,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawler.crawl.middlewares.LimitedHttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawler.crawl.middlewares.SiteMetaRefreshMiddleware": 580,
    "newscrawler.crawl.middlewares.SiteRedirectMiddleware": 600,
}

SPIDER_MIDDLEWARES = {
    "newscrawler.crawl.middlewares.CrawlBudgetMiddleware": 950,
}
# --- end of limits --------------------------------------------------------------------------
