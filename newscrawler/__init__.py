"""newscrawler: crawl Arabic news sites into a clean, searchable SQLite archive.

The public API is four pure functions and two records; everything else is reached through the
``newscrawler`` command or Scrapy (``scrapy crawl section -a url=...``).
"""

from newscrawler.items import Article, Author

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Author",
    "clean_authors",
    "extract_article",
    "normalize_arabic",
    "parse_arabic_date",
]


def __getattr__(name: str):
    # Imported lazily so that ``import newscrawler`` stays cheap for the CLI's --help.
    if name == "extract_article":
        from newscrawler.extract import extract_article

        return extract_article
    if name == "parse_arabic_date":
        from newscrawler.normalize.dates import parse_arabic_date

        return parse_arabic_date
    if name == "clean_authors":
        from newscrawler.normalize.bylines import clean_authors

        return clean_authors
    if name == "normalize_arabic":
        from newscrawler.normalize.text import normalize_arabic

        return normalize_arabic
    raise AttributeError(name)
