"""A real ``redis-server`` (Debian's package) on 127.0.0.1, for the distributed-crawl tests.

``RedisServer`` starts one on a free port with its own data folder and no persistence, and
stops it (``kill()`` mid-test stands for Redis lost mid-crawl). The session fixture
``redis_server`` installs the package with apt-get when it is missing (as root), and otherwise
skips (fails under NEWSCRAWLER_REQUIRE_ALL).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

PACKAGE = "redis-server"


class RedisUnavailable(RuntimeError):
    """No redis-server here and none can be installed."""


def ensure_redis_server() -> str:
    """The path of ``redis-server``, installed from Debian's package when missing."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RedisUnavailable("redis-server is not installed and cannot be (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    policy = Path("/usr/sbin/policy-rc.d")  # the package must not start a daemon on *:6379
    made_policy = not policy.exists()
    if made_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        for command in (["apt-get", "update", "-q"],
                        ["apt-get", "install", "-y", "-q", "--no-install-recommends", PACKAGE]):
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
            if done.returncode:
                raise RedisUnavailable(f"{' '.join(command)} failed: {done.stderr[-500:]}")
    finally:
        if made_policy:
            policy.unlink(missing_ok=True)
    found = shutil.which("redis-server")
    if not found:
        raise RedisUnavailable("redis-server still missing after apt-get install")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One redis-server process of the test's own."""

    def __init__(self, binary: str):
        self.dir = Path(tempfile.mkdtemp(prefix="newscrawler-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--save", "", "--appendonly", "no", "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RedisUnavailable(f"redis-server did not start: {self.log()[-500:]}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def log(self) -> str:
        path = self.dir / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def flush(self) -> None:
        self.client().flushall()

    def kill(self) -> None:
        """Redis lost: SIGKILL, nothing saved."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def start_redis() -> RedisServer:
    """A fresh redis-server, or a skip (a failure under NEWSCRAWLER_REQUIRE_ALL)."""
    try:
        return RedisServer(ensure_redis_server())
    except RedisUnavailable as e:
        skip_or_fail(str(e))
        raise


@pytest.fixture(scope="session")
def redis_server():
    server = start_redis()
    yield server
    server.stop()
