"""The stored raw responses as a WARC file, for standard web-archive tools (pywb, warcio…).

One ``warcinfo`` record, then one ``response`` record per stored page: the HTTP status line and
headers as kept, and the body exactly as received. Scrapy has already undone any
Content-Encoding/Transfer-Encoding, so those headers are dropped (and Content-Length set to the
stored length) — otherwise a reader would try to decode a body that is no longer encoded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import IO

from newscrawler.archive.db import Archive
from newscrawler.archive.rows import unpack_body

_DROP = {"content-encoding", "transfer-encoding", "content-length"}
WARC_VERSION = "1.1"  # what every record says (WARC/1.1) and the warcinfo's "format" names


def iter_pages(archive: Archive) -> Iterator[tuple[str, int, dict, bytes, str]]:
    """(url, status, headers, body, fetched_at) of every stored page, oldest first."""
    rows = archive.conn.execute(
        "SELECT coalesce(final_url, url), status, headers, body, fetched_at FROM pages "
        "ORDER BY fetched_at, id"
    )
    for url, status, headers, body, fetched_at in rows:
        yield url, status, json.loads(headers or "{}"), unpack_body(body), fetched_at


def _warc_date(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(archive: Archive, out: IO[bytes], *, gzip: bool = True) -> int:
    """Write the WARC records to the binary stream ``out``; return the number of pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=gzip, warc_version=WARC_VERSION)  # warcio's default: 1.0
    info = writer.create_warcinfo_record(
        archive.path.name + ".warc",
        {"software": "newscrawler", "format": f"WARC File Format {WARC_VERSION}",
         "description": "Responses stored in a newscrawler archive"},
    )
    writer.write_record(info)
    count = 0
    for url, status, headers, body, fetched_at in iter_pages(archive):
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        kept = [(k, v) for k, v in headers.items() if k.lower() not in _DROP]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)},
        )
        writer.write_record(record)
        count += 1
    return count
