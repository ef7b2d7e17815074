"""The layers of docs/architecture.md hold: every import of one of our modules by another, at
the top of a file or inside a function, is an arrow the document draws, every arrow it draws
is a real import, and the arrows only run down (no cycle)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "newscrawler"
API = "newscrawler"  # the package's own __init__: the public API
METADATA = {"__version__"}  # read from the package by any layer: it imports nothing


def layer_of(dotted: str) -> str:
    """``newscrawler.crawl.spiders.section`` -> ``crawl``; the package itself is the public API."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else API


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, source: str | None = None) -> list[tuple[str, int]]:
    """Every module of ours that ``path`` imports (``from newscrawler import x`` names module
    ``newscrawler.x`` when there is one), with its line; relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    source = path.read_text(encoding="utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                is_module = any((ROOT / sub.replace(".", "/")).with_suffix(s).exists()
                                for s in (".py", "")) if base else False
                if base == API and alias.name in METADATA:
                    continue
                found.append((sub if is_module else base, node.lineno))
    return [(mod, line) for mod, line in found if mod == API or mod.startswith(API + ".")]


def real_arrows() -> dict[tuple[str, str], list[str]]:
    """(importing layer, imported layer) -> where, for every import that crosses layers."""
    arrows: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = layer_of(module_name(path))
        for target, line in imported(path):
            if layer_of(target) != source:
                where = f"{path.relative_to(ROOT)}:{line}"
                arrows.setdefault((source, layer_of(target)), []).append(where)
    return arrows


def drawn() -> tuple[set[str], set[tuple[str, str]]]:
    """The layers and arrows of the code block under "### Arrows" in docs/architecture.md:
    lines ``a, b → c, d`` (or ``a → nothing of ours``); backquotes and parentheses are comments."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"^### Arrows\n.*?```\n(.*?)```", text, re.S | re.M)
    assert block, "docs/architecture.md has no code block under '### Arrows'"
    layers, arrows = set(), set()
    for line in block.group(1).splitlines():
        if "→" not in line:
            continue
        left, right = (re.sub(r"\(.*?\)|`", "", side) for side in line.split("→", 1))
        sources = [s.strip() for s in left.split(",") if s.strip()]
        targets = [] if "nothing" in right else [t.strip() for t in right.split(",") if t.strip()]
        layers |= {*sources, *targets}
        arrows |= {(s, t) for s in sources for t in targets}
    return layers, arrows


def test_every_import_across_layers_is_an_arrow_the_architecture_draws():
    _, arrows = drawn()
    undrawn = {arrow: where for arrow, where in real_arrows().items() if arrow not in arrows}
    assert not undrawn, "imports that docs/architecture.md does not draw (if it runs down, " \
        "draw it; if it runs up, move the code): " + "; ".join(
            f"{a} → {b} ({', '.join(where[:3])})" for (a, b), where in sorted(undrawn.items()))


def test_every_arrow_drawn_is_a_real_import():
    stale = drawn()[1] - set(real_arrows())
    assert not stale, f"docs/architecture.md draws arrows no module has: {sorted(stale)}"


def test_every_layer_is_placed_and_the_arrows_only_run_down():
    layers, arrows = drawn()
    on_disk = {layer_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert on_disk <= layers, f"layers docs/architecture.md does not place: {on_disk - layers}"
    # the arrows have an order: peel off the layers that import none of those left, until
    # none are left; a circle would leave some that all import one another
    left = set(layers)
    while left:
        bottom = {layer for layer in left if not any(a == layer and b in left for a, b in arrows)}
        assert bottom, f"the arrows run in a circle among {sorted(left)}"
        left -= bottom


@pytest.mark.parametrize("source, expected", [
    ("from newscrawler.items import Article\n", [("newscrawler.items", 1)]),
    ("def f():\n    from newscrawler.crawl import runner\n", [("newscrawler.crawl.runner", 2)]),
    ("from . import rows\n", [("newscrawler.archive.rows", 1)]),
    ("from ..normalize.text import clean_text\n", [("newscrawler.normalize.text", 1)]),
    ("from newscrawler import settings, items\n", [("newscrawler.settings", 1), ("newscrawler.items", 1)]),
    ("import newscrawler.cli\n", [("newscrawler.cli", 1)]),
    ("from newscrawler import __version__\nimport scrapy\n", []),
])
def test_imports_are_read_wherever_they_are_even_inside_functions(source, expected):
    """The reader of imports itself, on a module standing at newscrawler/archive/probe.py."""
    assert imported(PACKAGE / "archive" / "probe.py", source) == expected


def test_an_import_that_runs_up_is_caught():
    """An archive module that imports the crawl is not an arrow the document draws."""
    _, arrows = drawn()
    (target, _), = imported(PACKAGE / "archive" / "probe.py", "from newscrawler.crawl import lock\n")
    assert ("archive", layer_of(target)) not in arrows


def test_no_test_module_imports_another():
    """What tests share lives in tests/helpers/ (fixtures in tests/conftest.py): importing a test
    module from another runs its tests' module-level code twice and hides where a helper is."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(re.fullmatch(r"tests\.test_\w+(\..*)?", name) for name in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"test modules imported from others: {offenders}"
