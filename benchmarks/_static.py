"""A small keep-alive static file server, for machines without nginx.

``python benchmarks/_static.py ROOT PORT``: serves ROOT on 127.0.0.1:PORT from memory (every file
is read once at start), with the same lookup as the benchmark's nginx config
(``try_files $uri $uri/index.html``). asyncio and HTTP/1.1 keep-alive, so it is not the
bottleneck of a single-client crawl at a few hundred pages a second.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit


def load(root: Path) -> dict[str, bytes]:
    files = {}
    for path in root.rglob("*"):
        if path.is_file():
            key = "/" + path.relative_to(root).as_posix()
            files[key] = path.read_bytes()
            if path.name == "index.html":
                files[key.removesuffix("/index.html") or "/"] = files[key]
    return files


def main() -> None:
    root, port = Path(sys.argv[1]), int(sys.argv[2])
    files = load(root)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("latin-1")
                body = files.get(unquote(urlsplit(target).path))
                status = b"200 OK" if body is not None else b"404 Not Found"
                body = body if body is not None else b"not found"
                kind = b"text/plain" if target.endswith(".txt") else b"text/html; charset=utf-8"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + kind
                             + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)  # fmt: skip
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            writer.close()

    async def serve() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=256)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
