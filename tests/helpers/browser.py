"""Headless Chromium for the browser tests, and free ports for the servers they drive."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import skip_or_fail


def apt_tool(names: tuple[str, ...], package: str) -> str:
    """The first of ``names`` on the PATH, its Debian ``package`` installed with apt-get when
    missing and allowed (root); skip (fail in CI) when it cannot be had."""
    found = next(filter(None, map(shutil.which, names)), None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        install = ["apt-get", "install", "-y", "-q", package]
        if subprocess.run(install, capture_output=True, timeout=900).returncode != 0:
            # a new machine has no package lists yet: fetch them once, then try again
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=900)
            subprocess.run(install, capture_output=True, timeout=900)
        found = next(filter(None, map(shutil.which, names)), None)
    if not found:
        skip_or_fail(f"{names[0]} is not installed (apt-get install {package})")
    return found


def chromium() -> str:
    """The Chromium binary."""
    return apt_tool(("chromium", "chromium-browser"), "chromium")


def chromedriver() -> str:
    """Chromium's WebDriver, for Selenium."""
    return apt_tool(("chromedriver",), "chromium-driver")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(*args: str) -> Iterator[str]:
    """``python -m ARGS --port P --host 127.0.0.1`` (a Datasette, through our CLI or not),
    yielded as its base URL once ``/-/versions.json`` answers; stopped on leaving."""
    from tests.helpers.cli import clean_env

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", *args, "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=clean_env())
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read().decode())
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
