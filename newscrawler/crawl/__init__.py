"""Scrapy: spiders (navigation only), pipelines, progress, and a runner for the CLI."""

# ``extra`` for a log record that says what the caller reports anyway as the run's outcome (the
# CLI's one-line error or summary): the CLI keeps such records off stderr unless -v.
REPORTED = {"newscrawler_reported": True}
