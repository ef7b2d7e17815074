"""Per-site selector overrides: where a site profile says where a field is, believe it.

The generic extraction runs first; an override replaces only the fields it names, and only
when its selector finds something (a broken selector never empties a field).
"""

from __future__ import annotations

from parsel import Selector

from newscrawler.items import Article
from newscrawler.normalize.text import clean_text


def _split(value: str) -> tuple[str, str]:
    text = value.strip()
    for kind in ("xpath", "css"):
        if text.lower().startswith(kind + ":"):
            return kind, text[len(kind) + 1 :].strip()
    return ("xpath", text) if text.startswith(("/", "./", "(")) else ("css", text)


def _texts(selector: Selector, expression: str, *, paragraphs: bool = False) -> list[str]:
    """The text of every match: an attribute or text node as it is, an element as its text
    (as paragraphs, one per block child, when ``paragraphs``)."""
    kind, expr = _split(expression)
    found = selector.xpath(expr) if kind == "xpath" else selector.css(expr)
    texts = []
    for node in found:
        if isinstance(node.root, str):
            value = node.root
        elif paragraphs:
            blocks = node.xpath("./p | ./h2 | ./h3 | ./h4 | ./li | ./ul/li | ./ol/li | ./blockquote")
            parts = blocks or [node]
            value = "\n\n".join(" ".join(b.xpath(".//text()").getall()) for b in parts)
        else:
            value = " ".join(node.xpath(".//text()").getall())
        text = clean_text(value or "")
        if text:
            texts.append(text)
    return texts


def apply_selectors(article: Article, html: str, selectors: dict[str, str]) -> Article:
    """``article`` with the fields named in ``selectors`` (title, body, authors, published,
    section) taken from ``html`` where the selector matches."""
    if not selectors or not html:
        return article
    try:
        page = Selector(text=html)
    except (ValueError, TypeError):
        return article
    for field, expression in selectors.items():
        try:
            values = _texts(page, expression, paragraphs=field == "body")
        except ValueError:
            continue
        if not values:
            continue
        if field == "authors":
            article.authors_raw = values
        elif field == "published":
            article.published_raw = values[0]
            article.published_source = "selector"
        elif field == "body":
            article.body = "\n\n".join(values)
        elif field in ("title", "section"):
            setattr(article, field, values[0])
    return article
