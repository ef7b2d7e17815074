"""Daemons for test services: package installs, setup steps with logs, waits, free ports.

Shared by ``wordpress`` (and any later service); nothing here knows WordPress.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


class ServiceUnavailable(RuntimeError):
    """A service cannot be stood up here (not root, no apt, no mirror, a daemon would not start)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- packages ---------------------------------------------------------------------------------


def missing_packages(packages: tuple[str, ...]) -> list[str]:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )  # exits 1 when some are unknown; the lines for the known ones are still printed
    installed = {line.split()[0] for line in out.stdout.splitlines() if line.endswith(" installed")}
    return [name for name in packages if name not in installed]


def install_packages(packages: tuple[str, ...], log_dir: Path) -> None:
    missing = missing_packages(packages)
    if not missing:
        return
    if not shutil.which("apt-get"):
        raise ServiceUnavailable(f"packages missing ({', '.join(missing)}) and no apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Package scripts must not start daemons with stock configs (nginx would bind *:80):
    # policy-rc.d answering 101 forbids it; we start each daemon ourselves below.
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = not policy.exists()
    if made_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        run_step(["apt-get", "update", "-q"], log_dir, "apt-get-update", env=env, timeout=600)
        run_step(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
            log_dir,
            "apt-get-install",
            env=env,
            timeout=1200,
        )
    finally:
        if made_policy:
            policy.unlink(missing_ok=True)


# --- helpers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run_step(
    cmd: list[str], log_dir: Path, log_name: str, env: dict[str, str] | None = None,
    timeout: float = 120,
) -> str:
    """Run a setup step, logging to ``log_dir``; a failure carries the log's tail."""
    log = log_dir / f"{log_name}.log"
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise ServiceUnavailable(f"{cmd[0]} not found: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise ServiceUnavailable(f"{' '.join(cmd)} timed out after {timeout}s") from exc
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n{out.stdout}{out.stderr}[exit {out.returncode}]\n")
    if out.returncode != 0:
        raise ServiceUnavailable(f"{' '.join(cmd[:3])} failed (exit {out.returncode}){tail(log)}")
    return out.stdout


def tail(log: Path, lines: int = 25) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return f"\n--- last lines of {log} ---\n" + "\n".join(text)


def wait(check, what: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise ServiceUnavailable(f"{what} did not come up within {timeout}s{tail(log)}")


def wait_http(url: str, what: str, log_dir: Path, timeout: float = 30) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

    def ok() -> bool:
        try:
            with opener.open(url, timeout=5) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    wait(ok, what, log_dir / "php-fpm.log", timeout)


def tcp_alive(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def unix_socket_alive(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        try:
            sock.connect(str(path))
            return True
        except OSError:
            return False
