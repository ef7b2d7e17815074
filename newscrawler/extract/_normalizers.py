"""The normalizers this package relies on, with tiny stand-ins while they are not importable.

``newscrawler.normalize`` owns date and byline parsing. The stand-ins only keep extraction usable
(ISO/RFC dates, plain comma-separated names) if those modules are missing or broken.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime

from newscrawler.normalize.bylines import Author

try:
    from newscrawler.normalize.dates import parse_arabic_date as _parse_date
except Exception:  # pragma: no cover - until normalize.dates lands
    _parse_date = None

try:
    from newscrawler.normalize.bylines import clean_authors as _clean_authors
except Exception:  # pragma: no cover - until clean_authors lands
    _clean_authors = None

try:
    from newscrawler.normalize.text import clean_text as _clean_text
except Exception:  # pragma: no cover
    _clean_text = None


def _fallback_date(text: str, tz: str | tzinfo | None) -> datetime | None:
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        zone = tz
        if isinstance(zone, str):
            from zoneinfo import ZoneInfo

            try:
                zone = ZoneInfo(zone)
            except Exception:
                zone = UTC
        value = value.replace(tzinfo=zone or UTC)
    return value


def parse_date(
    text: str | None, *, now: datetime | None = None, tz: str | tzinfo | None = None
) -> datetime | None:
    """``parse_arabic_date`` that never raises."""
    if not text or not text.strip():
        return None
    try:
        if _parse_date is not None:
            return _parse_date(text, now=now, tz=tz)
        return _fallback_date(text, tz)
    except Exception:
        return None


_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bund\b|&| و)\s*")


def clean_authors(raw: str | list[str] | None, *, site_name: str | None = None) -> list[Author]:
    """``clean_authors`` that never raises."""
    if not raw:
        return []
    try:
        if _clean_authors is not None:
            return _clean_authors(raw, site_name=site_name)
    except Exception:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    out = []
    for item in items:
        for name in _SPLIT.split(item):
            name = re.sub(r"^(?:by|von|par|بقلم|كتب|كتبت)\s*:?\s*", "", name.strip(), flags=re.I)
            if name:
                out.append(Author(name=name, raw=item))
    return out


def clean_text(text: str | None) -> str | None:
    """``clean_text`` that never raises."""
    if text is None:
        return None
    try:
        if _clean_text is not None:
            return _clean_text(text)
    except Exception:
        pass
    return text.replace("\x00", "").strip()
