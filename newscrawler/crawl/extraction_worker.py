"""An extraction worker process: fetched pages in on stdin, normalized Articles out.

Started by ``newscrawler.crawl.extraction.ExtractionPool`` as
``python -m newscrawler.crawl.extraction_worker``. Frames both ways are a job number and a length
(``<II``) followed by a pickle: ``(FetchedPage, ReadSettings)`` in, ``ReadResult`` out. The
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

FRAME = struct.Struct("<II")


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not corrupt the frames
    frames_in = sys.stdin.buffer
    from newscrawler.extract.fetched import read_fetched_page

    try:
        while True:
            header = frames_in.read(FRAME.size)
            if len(header) < FRAME.size:
                return  # the crawl closed the pipe, or is gone
            job, size = FRAME.unpack(header)
            page, settings = pickle.loads(frames_in.read(size))
            data = pickle.dumps(read_fetched_page(page, settings), pickle.HIGHEST_PROTOCOL)
            frames_out.write(FRAME.pack(job, len(data)))
            frames_out.write(data)
            frames_out.flush()
    except (BrokenPipeError, EOFError):
        return  # the crawl went away while this page was read


if __name__ == "__main__":
    main()
