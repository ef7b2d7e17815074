"""The test WordPress is a good neighbour: each test session gets its own MariaDB, php-fpm and
nginx on free loopback ports, and they are all stopped, and their files and configs removed,
when the session ends (it used to bind port 8089 and leave every daemon running)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from conftest import skip_or_fail

TESTS = Path(__file__).resolve().parent
PROBE = '''
import json, os, pathlib

def test_probe(wordpress, wordpress_block):
    sites = [{"port": s.port, "root": str(s.log_dir.parent), "config": s.config_name}
             for s in (wordpress, wordpress_block)]
    pathlib.Path(os.environ["PROBE_OUT"]).write_text(json.dumps(sites))
'''


def processes_under(root: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if root in cmdline:
            found.append(f"{proc.name}: {cmdline}")
    return found


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_session_starts_its_own_daemons_on_free_ports_and_stops_them(tmp_path):
    if os.geteuid() != 0:
        skip_or_fail("standing up WordPress needs root")
    (tmp_path / "test_probe.py").write_text(PROBE)
    out = tmp_path / "sites.json"
    env = {**os.environ, "PROBE_OUT": str(out), "PYTHONPATH": str(TESTS)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "services.wordpress",
         "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    sites = json.loads(out.read_text())
    ports = {site["port"] for site in sites}
    assert len(ports) == 2 and 8089 not in ports
    for site in sites:
        assert not listening(site["port"])
        assert not Path(site["root"]).exists()
        assert not Path(f"/etc/wordpress/config-{site['config']}.php").exists()
        assert processes_under(site["root"]) == []
