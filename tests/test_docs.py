"""Documentation that the tests keep honest: Quick start, CI, commands, settings."""

from __future__ import annotations

import re

from newscrawler import settings
from newscrawler.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\w*\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "newscrawler demo" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert quick_start_commands()[1] in lines


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"newscrawler {name}" in README, name


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    ours = [name for name in dir(settings) if name.startswith("NEWSCRAWLER_")]
    assert ours
    for name in ours:
        assert f"`{name}`" in documented, name
