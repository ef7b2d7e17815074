"""Shared fixtures: the real-page corpus, and the rule that CI may not skip.

``NEWSCRAWLER_REQUIRE_ALL=1`` (set by ``.ci/run``) turns every skip into a failure, so that a
test which could not find its corpus or service fails loudly in CI instead of passing quietly.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from services.wordpress import (  # noqa: F401  (session fixtures: the WordPress peers)
    wordpress,
    wordpress_block,
    wordpress_services,
)

from tests.helpers.fixtures import crawled, crawled_db, demo_server  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSCRAWLER_CORPUS", ROOT.parent / "shared" / "corpus"))
REQUIRE_ALL = os.environ.get("NEWSCRAWLER_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip on a user's machine; fail in CI, where everything must run."""
    if REQUIRE_ALL:
        pytest.fail(f"NEWSCRAWLER_REQUIRE_ALL is set, so this may not skip: {reason}")
    pytest.skip(reason)


def load_truth() -> list[dict]:
    truth = CORPUS / "truth.jsonl"
    if not truth.exists():
        return []
    with truth.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_page(row: dict) -> bytes:
    return gzip.decompress((CORPUS / row["file"]).read_bytes())


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    rows = load_truth()
    if not rows:
        skip_or_fail(f"no corpus at {CORPUS} (a fresh clone has no ../shared/corpus)")
    return rows


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and call.when in ("setup", "call"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but NEWSCRAWLER_REQUIRE_ALL=1 forbids skips: {report.longrepr}"
