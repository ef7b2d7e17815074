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
