"""The code stays lint-clean (ruff, configured in pyproject.toml): part of the suite, so CI
checks it with the README's one test command."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import ROOT, skip_or_fail


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    if not shutil.which(ruff):
        candidates = [sys.executable, "-m", "ruff"]
    else:
        candidates = [ruff]
    try:
        result = subprocess.run([*candidates, "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        skip_or_fail("ruff is not installed (pip install -e '.[test]')")
    assert result.returncode == 0, result.stdout[-4000:]


MAX_MODULE_LINES = 450
DATA_TABLES: set[str] = set()  # modules that are tables of data, not code, may be longer


def test_no_module_is_over_450_lines():
    """The developers' guide: small modules, one reason to change each. A module
    that grows past the limit is split by reason to change, not trimmed of its docstrings."""
    package = ROOT / "newscrawler"
    too_long = {}
    for path in sorted(package.rglob("*.py")):
        name = str(path.relative_to(ROOT))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and name not in DATA_TABLES:
            too_long[name] = lines
    assert not too_long, f"over {MAX_MODULE_LINES} lines: {too_long}"
