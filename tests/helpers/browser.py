"""Headless Chromium for the browser tests, and free ports for the servers they drive."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

from tests.conftest import skip_or_fail


def chromium() -> str:
    """The Chromium binary, installed with apt-get when missing and allowed (root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        install = ["apt-get", "install", "-y", "-q", "chromium"]
        if subprocess.run(install, capture_output=True, timeout=900).returncode != 0:
            # a new machine has no package lists yet: fetch them once, then try again
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=900)
            subprocess.run(install, capture_output=True, timeout=900)
        found = shutil.which("chromium")
    if not found:
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    return found


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
