"""An extraction worker process: fetched pages in on stdin, normalized Articles out.

Started by ``newscrawler.crawl.extraction.ExtractionPool`` as
``python -m newscrawler.crawl.extraction_worker``. Frames both ways are a job number and a length
(``<II``) followed by a pickle: ``(FetchedPage, ReadSettings)`` in, ``PageRead`` out. The
worker ends when its stdin ends, which is also what happens when the crawl is killed: no
orphan outlives it. Its real stdout is kept for the frames; anything a library prints goes to
stderr instead.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscrawler.workers import block_imports

if TYPE_CHECKING:
    from newscrawler.archive.rows import PreparedArticle
    from newscrawler.extract.fetched import ReadResult, ReadSettings
    from newscrawler.items import FetchedPage

FRAME = struct.Struct("<II")


@dataclass
class PageRead:
    """A worker's answer: the page read, and what the archive will write for it, made here so
    that the crawl's process (the busier one: Scrapy's reactor and the archive thread share
    its GIL) only writes rows: the body's SHA-1 and compressed bytes, the article's rows."""

    result: ReadResult
    packed: tuple[str, bytes] | None = None
    prepared: PreparedArticle | None = None


def read_page(page: FetchedPage, settings: ReadSettings) -> PageRead:
    """``read_fetched_page``, then the archive's rows of the page and its article."""
    from newscrawler.archive.rows import PreparedArticle, pack_page
    from newscrawler.extract.fetched import read_fetched_page

    result = read_fetched_page(page, settings)
    article = result.article
    return PageRead(result, pack_page(page), PreparedArticle(article) if article else None)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not corrupt the frames
    frames_in = sys.stdin.buffer
    # itemloaders' itemadapter imports all of Scrapy (0.4 s, as long as the rest of the
    # extraction) only to recognize scrapy.Item, and nothing read here is one.
    block_imports("scrapy")
    # Run as __main__, this module's PageRead would pickle as __main__.PageRead: use the one of
    # the importable module (which also imports the extraction before the first page comes).
    import newscrawler.archive.rows  # noqa: F401
    import newscrawler.extract.fetched  # noqa: F401
    from newscrawler.crawl.extraction_worker import read_page

    try:
        while True:
            header = frames_in.read(FRAME.size)
            if len(header) < FRAME.size:
                return  # the crawl closed the pipe, or is gone
            job, size = FRAME.unpack(header)
            page, settings = pickle.loads(frames_in.read(size))
            data = pickle.dumps(read_page(page, settings), pickle.HIGHEST_PROTOCOL)
            frames_out.write(FRAME.pack(job, len(data)))
            frames_out.write(data)
            frames_out.flush()
    except (BrokenPipeError, EOFError):
        return  # the crawl went away while this page was read


if __name__ == "__main__":
    main()
