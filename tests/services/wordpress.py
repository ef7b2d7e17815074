"""A real WordPress (Debian 12's package) on 127.0.0.1, as a peer for crawl tests.

Discovery through category archives, feeds, the sitemap and the REST API is only worth testing
against the real thing, so ``ensure_wordpress()`` installs nginx + php8.2-fpm + MariaDB +
WordPress from Debian when missing, starts them as plain daemons (the machine may have no
systemd), and seeds deterministic Arabic content. Everything listens on 127.0.0.1 or on unix
sockets only. A second call finds it all running and returns in well under a second.

Use the session fixture ``wordpress``; ``posts(site)`` gives the truth from the database, and
``add_posts(site, n)`` publishes new posts for incremental-crawl tests.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGES = (
    "wordpress",
    "wordpress-l10n",
    "wordpress-theme-twentytwentyone",
    "nginx",
    "php8.2-fpm",
    "php-mysql",
    "php-xml",
    "php-mbstring",
    "mariadb-server",
)  # php8.2-fpm by name, or apt satisfies WordPress's php dependency with Apache + mod_php
HOST = "127.0.0.1"
DEFAULT_PORT = 8089
DB_NAME = "newscrawler_wp"
DB_USER = "newscrawler_wp"
DB_PASSWORD = "newscrawler-wp-test"
SEED_SCRIPT = Path(__file__).with_name("wordpress_seed.php")
STATE_DIR = Path("/var/lib/newscrawler-wordpress")
LOG_DIR = Path(tempfile.gettempdir()) / "newscrawler-wordpress"
WP_CONFIG = Path(f"/etc/wordpress/config-{HOST}.php")
FPM_SOCKET = Path("/run/php/php8.2-fpm.sock")
FPM_CONFIG = Path("/etc/php/8.2/fpm/php-fpm.conf")
MARIADB_SOCKET = Path("/run/mysqld/mysqld.sock")
JSON_MARKER = "@@NEWSCRAWLER-JSON@@"


class WordPressUnavailable(RuntimeError):
    """The peer cannot be stood up here (not root, no apt, no mirror, a daemon would not start)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class WordPressSite:
    """Where the running peer is, and the ids tests need to build its URLs."""

    base_url: str
    port: int
    db_name: str = DB_NAME
    db_user: str = DB_USER
    category_urls: dict[str, str] = field(default_factory=dict)
    category_ids: dict[str, int] = field(default_factory=dict)
    version: str = ""
    locale: str = ""
    log_dir: Path = LOG_DIR

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed/"

    @property
    def sitemap_url(self) -> str:
        return f"{self.base_url}/wp-sitemap.xml"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/wp-json/wp/v2"


def wordpress_port() -> int:
    return int(os.environ.get("NEWSCRAWLER_WP_PORT", DEFAULT_PORT))


def ensure_wordpress() -> WordPressSite:
    """Install, start and seed the peer as needed; cheap when it is already up."""
    if os.name != "posix" or os.geteuid() != 0:
        raise WordPressUnavailable("standing up WordPress needs root (apt-get, daemons, /etc)")
    port = wordpress_port()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with _locked(STATE_DIR / "lock"):  # parallel sessions would race apt and the seed
        _install_packages()
        _start_mariadb()
        _create_database()
        _write_wp_config(port)
        _start_php_fpm()
        _start_nginx(port)
        if not _wordpress_installed():
            _php("install", port)
        info = _php("ensure", port)
        _wait_http(f"http://{HOST}:{port}/", "WordPress home page")
    categories = info["categories"]
    return WordPressSite(
        base_url=f"http://{HOST}:{port}",
        port=port,
        category_urls={name: c["url"] for name, c in categories.items()},
        category_ids={name: int(c["id"]) for name, c in categories.items()},
        version=info["version"],
        locale=info["locale"],
    )


def posts(site: WordPressSite) -> list[dict]:
    """Every published post as WordPress itself has it: the truth a crawl is checked against."""
    return _php("posts", site.port)


def add_posts(site: WordPressSite, n: int, category: str = "مجتمع") -> list[dict]:
    """Publish ``n`` posts newer than all others, as a site does between two crawls."""
    return _php("add", site.port, str(n), category)


@pytest.fixture(scope="session")
def wordpress() -> WordPressSite:
    """The running peer; skips (fails in CI) when this machine cannot stand it up."""
    try:
        return ensure_wordpress()
    except WordPressUnavailable as exc:
        from conftest import skip_or_fail  # late: conftest imports this module

        skip_or_fail(f"no WordPress peer: {exc.reason}")
        raise


# --- packages ---------------------------------------------------------------------------------


def _missing_packages() -> list[str]:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *PACKAGES],
        capture_output=True,
        text=True,
    )  # exits 1 when some are unknown; the lines for the known ones are still printed
    installed = {line.split()[0] for line in out.stdout.splitlines() if line.endswith(" installed")}
    return [name for name in PACKAGES if name not in installed]


def _install_packages() -> None:
    missing = _missing_packages()
    if not missing:
        return
    if not shutil.which("apt-get"):
        raise WordPressUnavailable(f"packages missing ({', '.join(missing)}) and no apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Package scripts must not start daemons with stock configs (nginx would bind *:80):
    # policy-rc.d answering 101 forbids it; we start each daemon ourselves below.
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = not policy.exists()
    if made_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        _run(["apt-get", "update", "-q"], "apt-get-update", env=env, timeout=600)
        _run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES],
            "apt-get-install",
            env=env,
            timeout=1200,
        )
    finally:
        if made_policy:
            policy.unlink(missing_ok=True)


# --- daemons ----------------------------------------------------------------------------------


def _start_mariadb() -> None:
    if _mariadb_alive():
        _check_mariadb_loopback()
        return
    MARIADB_SOCKET.parent.mkdir(parents=True, exist_ok=True)
    shutil.chown(MARIADB_SOCKET.parent, "mysql", "mysql")
    if not Path("/var/lib/mysql/mysql").is_dir():
        _run(
            ["mariadb-install-db", "--user=mysql", "--datadir=/var/lib/mysql"], "mariadb-install-db"
        )
    _spawn(
        [
            "mariadbd",
            "--user=mysql",
            f"--bind-address={HOST}",
            "--port=3306",
            f"--socket={MARIADB_SOCKET}",
            f"--log-error={LOG_DIR / 'mariadb.log'}",
        ],
        "mariadbd",
    )
    _wait(_mariadb_alive, "MariaDB", LOG_DIR / "mariadb.log")
    _check_mariadb_loopback()


def _mariadb_alive() -> bool:
    out = subprocess.run(
        ["mariadb-admin", f"--socket={MARIADB_SOCKET}", "--connect-timeout=2", "ping"],
        capture_output=True,
    )
    return out.returncode == 0


def _check_mariadb_loopback() -> None:
    """A MariaDB someone else started must still be unreachable from outside this machine."""
    bind = _sql("SELECT @@bind_address, @@skip_networking").split()
    if bind[-1] != "1" and bind[0] not in (HOST, "localhost", "::1"):
        raise WordPressUnavailable(f"the running MariaDB listens on {bind[0]}, not {HOST}")


def _sql(statement: str) -> str:
    out = _run(
        ["mariadb", f"--socket={MARIADB_SOCKET}", "-N", "-B", "-e", statement], "mariadb-sql"
    )
    return out.strip()


def _create_database() -> None:
    _sql(
        f"CREATE DATABASE IF NOT EXISTS {DB_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
        f" CREATE USER IF NOT EXISTS '{DB_USER}'@'localhost' IDENTIFIED BY '{DB_PASSWORD}';"
        f" GRANT ALL PRIVILEGES ON {DB_NAME}.* TO '{DB_USER}'@'localhost';"
    )


def _wordpress_installed() -> bool:
    """The cheap form of is_blog_installed(), sparing a PHP run on the warm path."""
    try:
        return bool(
            _sql(f"SELECT option_value FROM {DB_NAME}.wp_options WHERE option_name='siteurl'")
        )
    except WordPressUnavailable:  # no table yet
        return False


def _write_wp_config(port: int) -> None:
    base = f"http://{HOST}:{port}"
    text = f"""<?php
// Written by newscrawler's tests/services/wordpress.py: a local test peer, never public.
define('DB_NAME', '{DB_NAME}');
define('DB_USER', '{DB_USER}');
define('DB_PASSWORD', '{DB_PASSWORD}');
define('DB_HOST', 'localhost:{MARIADB_SOCKET}');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '{base}');
define('WP_SITEURL', '{base}');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
define('AUTH_KEY', 'newscrawler-test-auth');
define('SECURE_AUTH_KEY', 'newscrawler-test-secure-auth');
define('LOGGED_IN_KEY', 'newscrawler-test-logged-in');
define('NONCE_KEY', 'newscrawler-test-nonce');
define('AUTH_SALT', 'newscrawler-test-auth-salt');
define('SECURE_AUTH_SALT', 'newscrawler-test-secure-auth-salt');
define('LOGGED_IN_SALT', 'newscrawler-test-logged-in-salt');
define('NONCE_SALT', 'newscrawler-test-nonce-salt');
$table_prefix = 'wp_';
"""
    if _write_if_changed(WP_CONFIG, text):
        shutil.chown(WP_CONFIG, "root", "www-data")
        WP_CONFIG.chmod(0o640)


def _start_php_fpm() -> None:
    if _unix_socket_alive(FPM_SOCKET):
        return
    FPM_SOCKET.parent.mkdir(parents=True, exist_ok=True)
    _run(["php-fpm8.2", "--test", "--fpm-config", str(FPM_CONFIG)], "php-fpm-test")
    # php-fpm --daemonize detaches itself; its own log goes to /var/log/php8.2-fpm.log
    _run(["php-fpm8.2", "--daemonize", "--fpm-config", str(FPM_CONFIG)], "php-fpm")
    _wait(lambda: _unix_socket_alive(FPM_SOCKET), "php-fpm", Path("/var/log/php8.2-fpm.log"))


def _nginx_conf(port: int) -> str:
    return f"""# Written by newscrawler's tests/services/wordpress.py: one loopback-only site.
user www-data;  # php-fpm's socket is www-data's, mode 0660
worker_processes 1;
pid {STATE_DIR / "nginx.pid"};
error_log {LOG_DIR / "nginx-error.log"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {LOG_DIR / "nginx-access.log"};
    client_body_temp_path {STATE_DIR / "nginx-body"};
    fastcgi_temp_path {STATE_DIR / "nginx-fastcgi"};
    proxy_temp_path {STATE_DIR / "nginx-proxy"};
    uwsgi_temp_path {STATE_DIR / "nginx-uwsgi"};
    scgi_temp_path {STATE_DIR / "nginx-scgi"};
    server {{
        listen {HOST}:{port};
        server_name {HOST};
        root /usr/share/wordpress;
        index index.php;
        location / {{
            try_files $uri $uri/ /index.php?$args;
        }}
        location ~ \\.php$ {{
            try_files $uri =404;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            # Stock params drop the port, and WordPress then redirects every page to itself.
            fastcgi_param HTTP_HOST {HOST}:{port};
            fastcgi_param SERVER_NAME {HOST};
            fastcgi_param SERVER_PORT {port};
            fastcgi_pass unix:{FPM_SOCKET};
        }}
    }}
}}
"""


def _start_nginx(port: int) -> None:
    conf = STATE_DIR / "nginx.conf"
    changed = _write_if_changed(conf, _nginx_conf(port))
    pid = _read_pid(STATE_DIR / "nginx.pid")
    if pid and not changed:
        return
    _run(["nginx", "-t", "-c", str(conf)], "nginx-test")
    if pid:
        _run(["nginx", "-c", str(conf), "-s", "reload"], "nginx-reload")
        time.sleep(0.3)  # workers re-bind asynchronously
    else:
        _run(["nginx", "-c", str(conf)], "nginx")  # forks into the background by itself
    _wait(lambda: _tcp_alive(port), "nginx", LOG_DIR / "nginx-error.log")


# --- helpers ----------------------------------------------------------------------------------


def _php(action: str, port: int, *args: str) -> dict | list:
    out = _run(["php", str(SEED_SCRIPT), action, str(port), *args], f"php-{action}", timeout=300)
    if JSON_MARKER not in out:
        raise WordPressUnavailable(
            f"wordpress_seed.php {action} printed no result:\n{out[-2000:]}{_tail(f'php-{action}')}"
        )
    return json.loads(out.rsplit(JSON_MARKER, 1)[1])


def _run(
    cmd: list[str], log_name: str, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    """Run a setup step, logging to LOG_DIR; a failure carries the log's tail."""
    log = LOG_DIR / f"{log_name}.log"
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise WordPressUnavailable(f"{cmd[0]} not found: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise WordPressUnavailable(f"{' '.join(cmd)} timed out after {timeout}s") from exc
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n{out.stdout}{out.stderr}[exit {out.returncode}]\n")
    if out.returncode != 0:
        raise WordPressUnavailable(
            f"{' '.join(cmd[:3])} failed (exit {out.returncode}){_tail(log_name)}"
        )
    return out.stdout


def _spawn(cmd: list[str], log_name: str) -> None:
    """Start a daemon that stays in the foreground, detached from this process and pytest."""
    log = (LOG_DIR / f"{log_name}.log").open("a")
    try:
        subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise WordPressUnavailable(f"{cmd[0]} not found: {exc}") from exc
    finally:
        log.close()


def _tail(log_name: str | Path, lines: int = 25) -> str:
    log = log_name if isinstance(log_name, Path) else LOG_DIR / f"{log_name}.log"
    try:
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return f"\n--- last lines of {log} ---\n" + "\n".join(text)


def _wait(check, what: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise WordPressUnavailable(f"{what} did not come up within {timeout}s{_tail(log)}")


def _wait_http(url: str, what: str, timeout: float = 30) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

    def ok() -> bool:
        try:
            with opener.open(url, timeout=5) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    _wait(ok, what, LOG_DIR / "nginx-error.log", timeout)


def _tcp_alive(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def _unix_socket_alive(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        try:
            sock.connect(str(path))
            return True
        except OSError:
            return False


def _read_pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
