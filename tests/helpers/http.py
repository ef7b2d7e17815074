"""Plain HTTP GETs for tests that check a server itself, with urllib only: no proxies, and no
redirects followed (a redirect is a finding, not a detour)."""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is a finding here (the port-dropping trap), not a detour


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fetch(url: str) -> tuple[int, Message, str]:
    """GET without proxies or redirects, so a 301 shows up as what it is."""
    try:
        with _OPENER.open(url, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")
