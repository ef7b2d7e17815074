"""Real WordPress sites (Debian 12's package) on 127.0.0.1, as peers for crawl tests.

Discovery through category archives, feeds, the sitemap and the REST API is only worth testing
against the real thing, so ``ensure_wordpress()`` installs nginx + php8.2-fpm + MariaDB +
WordPress from Debian when missing and starts a private set of daemons for this test session:
a MariaDB with its own data directory and socket, a php-fpm with its own pool socket, and one
nginx per site on a free loopback port. Nothing binds a fixed port, and everything is stopped
(and its files removed) when the session ends. Each site is a flavour:

- ``classic``: the twentytwentyone theme, REST API and feeds open (the fixture ``wordpress``);
- ``block``: the twentytwentythree block theme, the REST API closed to anonymous visitors and
  feeds switched off by an mu-plugin, so that only the HTML listing is left (``wordpress_block``).

Both are seeded with the same deterministic Arabic content; ``posts(site)`` gives the truth from
the database, and ``add_posts(site, n)`` publishes new posts for incremental-crawl tests.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from services.daemons import (
    HOST,
    ServiceUnavailable,
    free_port,
    install_packages,
    run_step,
    tail,
    tcp_alive,
    unix_socket_alive,
    wait,
    wait_http,
)

PACKAGES = (
    "wordpress",
    "wordpress-l10n",
    "wordpress-theme-twentytwentyone",
    "wordpress-theme-twentytwentythree",
    "nginx",
    "php8.2-fpm",
    "php-mysql",
    "php-xml",
    "php-mbstring",
    "mariadb-server",
)  # php8.2-fpm by name, or apt satisfies WordPress's php dependency with Apache + mod_php
DB_USER = "newscrawler_wp"
DB_PASSWORD = "newscrawler-wp-test"
SEED_SCRIPT = Path(__file__).with_name("wordpress_seed.php")
MU_PLUGIN = Path(__file__).with_name("wordpress_hardened.php")
JSON_MARKER = "@@NEWSCRAWLER-JSON@@"
FLAVOURS = {
    # name: (theme, hardened: REST API closed to anonymous visitors and feeds off)
    "classic": ("twentytwentyone", False),
    "block": ("twentytwentythree", True),
}


WordPressUnavailable = ServiceUnavailable  # the name tests and callers know


@dataclass(frozen=True)
class WordPressSite:
    """Where a running site is, and the ids tests need to build its URLs."""

    base_url: str
    port: int
    flavour: str = "classic"
    theme: str = "twentytwentyone"
    config_name: str = ""
    db_name: str = ""
    db_user: str = DB_USER
    category_urls: dict[str, str] = field(default_factory=dict)
    category_ids: dict[str, int] = field(default_factory=dict)
    version: str = ""
    locale: str = ""
    log_dir: Path = Path(tempfile.gettempdir())

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed/"

    @property
    def sitemap_url(self) -> str:
        return f"{self.base_url}/wp-sitemap.xml"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/wp-json/wp/v2"


class _Session:
    """The daemons and files of this test session; ``stop()`` takes them all down."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.token = secrets.token_hex(4)
        self.procs: list[subprocess.Popen] = []
        self.configs: list[Path] = []
        self.sites: dict[str, WordPressSite] = {}

    @property
    def log_dir(self) -> Path:
        assert self.root is not None
        return self.root / "log"

    def start(self) -> None:
        if self.root is not None:
            return
        self.root = Path(tempfile.mkdtemp(prefix="newscrawler-wp-"))
        self.root.chmod(0o755)  # mysql and www-data walk into it
        self.log_dir.mkdir()
        atexit.register(self.stop)
        install_packages(PACKAGES, self.log_dir)
        self._start_mariadb()
        self._start_php_fpm()

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.procs.clear()
        for config in self.configs:
            config.unlink(missing_ok=True)
        self.configs.clear()
        self.sites.clear()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    # --- MariaDB and php-fpm, shared by the sites --------------------------------------------

    @property
    def db_socket(self) -> Path:
        return self.root / "mysql-run" / "mysqld.sock"

    @property
    def fpm_socket(self) -> Path:
        return self.root / "php-fpm.sock"

    def _start_mariadb(self) -> None:
        data, run = self.root / "mysql", self.root / "mysql-run"  # the mysql user's to write
        for path in (data, run):
            path.mkdir()
            shutil.chown(path, "mysql", "mysql")
        run_step(["mariadb-install-db", "--user=mysql", f"--datadir={data}",
              "--auth-root-authentication-method=socket", "--skip-test-db"],
             self.log_dir, "mariadb-install-db")
        log = run / "mariadb.log"
        self._spawn(["mariadbd", "--no-defaults", "--user=mysql", f"--datadir={data}",
                     "--skip-networking", f"--socket={self.db_socket}",
                     "--innodb-buffer-pool-size=32M", f"--pid-file={run / 'mysqld.pid'}",
                     f"--log-error={log}"], "mariadbd")
        wait(self._mariadb_alive, "MariaDB", log)

    def _mariadb_alive(self) -> bool:
        out = subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={self.db_socket}",
                              "--connect-timeout=2", "ping"], capture_output=True)
        return out.returncode == 0

    def sql(self, statement: str) -> str:
        return run_step(["mariadb", "--no-defaults", f"--socket={self.db_socket}", "-N", "-B",
                     "-e", statement], self.log_dir, "mariadb-sql").strip()

    def _start_php_fpm(self) -> None:
        conf = self.root / "php-fpm.conf"
        conf.write_text(f"""[global]
pid = {self.root / "php-fpm.pid"}
error_log = {self.log_dir / "php-fpm.log"}
daemonize = no
[newscrawler]
user = www-data
group = www-data
listen = {self.fpm_socket}
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 4
""")
        run_step(["php-fpm8.2", "--test", "--fpm-config", str(conf)], self.log_dir, "php-fpm-test")
        self._spawn(["php-fpm8.2", "--nodaemonize", "--fpm-config", str(conf)], "php-fpm")
        wait(lambda: unix_socket_alive(self.fpm_socket), "php-fpm",
              self.log_dir / "php-fpm.log")

    def _spawn(self, cmd: list[str], log_name: str) -> None:
        with (self.log_dir / f"{log_name}.out").open("a") as log:
            try:
                proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
            except FileNotFoundError as exc:
                raise WordPressUnavailable(f"{cmd[0]} not found: {exc}") from exc
        self.procs.append(proc)

    # --- sites ---------------------------------------------------------------------------------

    def site(self, flavour: str) -> WordPressSite:
        if flavour in self.sites:
            return self.sites[flavour]
        self.start()
        theme, hardened = FLAVOURS[flavour]
        db_name = f"newscrawler_wp_{flavour}"
        config_name = f"newscrawler-{self.token}-{flavour}"
        self.sql(
            f"CREATE DATABASE IF NOT EXISTS {db_name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
            f" CREATE USER IF NOT EXISTS '{DB_USER}'@'localhost' IDENTIFIED BY '{DB_PASSWORD}';"
            f" GRANT ALL PRIVILEGES ON {db_name}.* TO '{DB_USER}'@'localhost';"
        )
        port = free_port()
        mu_dir = self.root / f"mu-{flavour}"
        mu_dir.mkdir()
        if hardened:
            shutil.copy(MU_PLUGIN, mu_dir / MU_PLUGIN.name)
        self._write_wp_config(config_name, db_name, port, mu_dir)
        self._start_nginx(flavour, config_name, port)
        env = {"NEWSCRAWLER_WP_CONFIG": config_name, "NEWSCRAWLER_WP_THEME": theme,
               "NEWSCRAWLER_WP_FLAVOUR": flavour}
        _php("install", port, env, self.log_dir)
        info = _php("ensure", port, env, self.log_dir)
        wait_http(f"http://{HOST}:{port}/", "WordPress home page", self.log_dir)
        categories = info["categories"]
        site = WordPressSite(
            base_url=f"http://{HOST}:{port}", port=port, flavour=flavour, theme=theme,
            config_name=config_name, db_name=db_name,
            category_urls={name: c["url"] for name, c in categories.items()},
            category_ids={name: int(c["id"]) for name, c in categories.items()},
            version=info["version"], locale=info["locale"], log_dir=self.log_dir,
        )
        self.sites[flavour] = site
        return site

    def _write_wp_config(self, name: str, db_name: str, port: int, mu_dir: Path) -> None:
        """/etc/wordpress/config-NAME.php, chosen by the WORDPRESS_CONFIG that nginx passes."""
        base = f"http://{HOST}:{port}"
        keys = "".join(f"define('{k}', 'newscrawler-test-{k.lower()}');\n" for k in (
            "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT",
            "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
        path = Path(f"/etc/wordpress/config-{name}.php")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.configs.append(path)
        path.write_text(f"""<?php
// Written by newscrawler's tests/services/wordpress.py for one test session; removed after it.
define('DB_NAME', '{db_name}');
define('DB_USER', '{DB_USER}');
define('DB_PASSWORD', '{DB_PASSWORD}');
define('DB_HOST', 'localhost:{self.db_socket}');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '{base}');
define('WP_SITEURL', '{base}');
define('WPMU_PLUGIN_DIR', '{mu_dir}');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
{keys}$table_prefix = 'wp_';
""")
        shutil.chown(path, "root", "www-data")
        path.chmod(0o640)

    def _start_nginx(self, flavour: str, config_name: str, port: int) -> None:
        state = self.root / f"nginx-{flavour}"
        state.mkdir()
        conf = state / "nginx.conf"
        conf.write_text(_nginx_conf(state, self.log_dir / f"nginx-{flavour}", port,
                                    config_name, self.fpm_socket))
        run_step(["nginx", "-t", "-c", str(conf)], self.log_dir, "nginx-test")
        self._spawn(["nginx", "-c", str(conf), "-g", "daemon off;"], f"nginx-{flavour}")
        wait(lambda: tcp_alive(port), "nginx", self.log_dir / f"nginx-{flavour}-error.log")


_SESSION = _Session()


def ensure_wordpress(flavour: str = "classic") -> WordPressSite:
    """Install, start and seed a site of this flavour as needed; cheap when it is already up."""
    if os.name != "posix" or os.geteuid() != 0:
        raise WordPressUnavailable("standing up WordPress needs root (apt-get, daemons, /etc)")
    try:
        return _SESSION.site(flavour)
    except WordPressUnavailable:
        _SESSION.stop()
        raise


def stop_wordpress() -> None:
    """Stop every daemon this session started and remove its files and configs."""
    _SESSION.stop()


def posts(site: WordPressSite) -> list[dict]:
    """Every published post as WordPress itself has it: the truth a crawl is checked against."""
    return _php("posts", site.port, _env(site), site.log_dir)


def add_posts(site: WordPressSite, n: int, category: str = "مجتمع") -> list[dict]:
    """Publish ``n`` posts newer than all others, as a site does between two crawls."""
    return _php("add", site.port, _env(site), site.log_dir, str(n), category)


def _env(site: WordPressSite) -> dict[str, str]:
    return {"NEWSCRAWLER_WP_CONFIG": site.config_name, "NEWSCRAWLER_WP_THEME": site.theme,
            "NEWSCRAWLER_WP_FLAVOUR": site.flavour}


def _fixture(flavour: str) -> WordPressSite:
    try:
        return ensure_wordpress(flavour)
    except WordPressUnavailable as exc:
        from conftest import skip_or_fail  # late: conftest imports this module

        skip_or_fail(f"no WordPress peer: {exc.reason}")
        raise


@pytest.fixture(scope="session")
def wordpress_services():
    """Owns the session's daemons: whatever site was started, it is stopped at session end."""
    yield _SESSION
    stop_wordpress()


@pytest.fixture(scope="session")
def wordpress(wordpress_services) -> WordPressSite:
    """The classic-theme site (twentytwentyone, REST API and feeds open)."""
    return _fixture("classic")


@pytest.fixture(scope="session")
def wordpress_block(wordpress_services) -> WordPressSite:
    """The block-theme site (twentytwentythree), REST API closed and feeds off."""
    return _fixture("block")


def _nginx_conf(state: Path, log: Path, port: int, config_name: str, fpm_socket: Path) -> str:
    return f"""# Written by newscrawler's tests/services/wordpress.py: one loopback-only site.
user www-data;  # php-fpm's socket is www-data's, mode 0660
worker_processes 1;
pid {state / "nginx.pid"};
error_log {log}-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {log}-access.log;
    client_body_temp_path {state / "body"};
    fastcgi_temp_path {state / "fastcgi"};
    proxy_temp_path {state / "proxy"};
    uwsgi_temp_path {state / "uwsgi"};
    scgi_temp_path {state / "scgi"};
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
            # Debian's wp-config.php reads /etc/wordpress/config-$WORDPRESS_CONFIG.php
            fastcgi_param WORDPRESS_CONFIG {config_name};
            fastcgi_pass unix:{fpm_socket};
        }}
    }}
}}
"""


def _php(action: str, port: int, env: dict[str, str], log_dir: Path, *args: str) -> dict | list:
    out = run_step(["php", str(SEED_SCRIPT), action, str(port), *args], log_dir, f"php-{action}",
               env={**os.environ, **env}, timeout=300)
    if JSON_MARKER not in out:
        raise WordPressUnavailable(
            f"wordpress_seed.php {action} printed no result:\n{out[-2000:]}"
            f"{tail(log_dir / f'php-{action}.log')}"
        )
    return json.loads(out.rsplit(JSON_MARKER, 1)[1])


