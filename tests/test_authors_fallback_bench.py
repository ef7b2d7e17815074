"""benchmarks/authors_fallback.py takes away exactly the author metadata of each stage."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import ROOT

PAGE = b"""<html><head><title>Schlagzeile</title>
<meta name="author" content="Jana Muster"><meta property="article:author" content="Jana Muster">
<meta property="og:title" content="Schlagzeile"><link rel="author" href="/autor/jana-muster">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Schlagzeile",
"author": {"@type": "Person", "name": "Jana Muster"}}</script></head>
<body><h1>Schlagzeile</h1><span itemprop="author">Jana Muster</span>
<a rel="author" href="/autor/jana-muster">Jana Muster</a></body></html>"""


def _bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(
        "authors_fallback", ROOT / "benchmarks" / "authors_fallback.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stage_a_removes_author_metadata_and_keeps_the_rest():
    out = _bench().strip(PAGE, "a").decode()
    assert 'name="author"' not in out and "article:author" not in out
    assert '<link rel="author"' not in out and '"author": ' not in out
    assert '"headline": "Schlagzeile"' in out and "og:title" in out
    assert 'itemprop="author"' in out  # the body is stage b's


def test_stage_b_removes_author_attributes_in_the_body_and_keeps_the_names():
    out = _bench().strip(PAGE, "b").decode()
    assert 'itemprop="author"' not in out and 'rel="author"' not in out
    assert out.count("Jana Muster") == 2  # the visible names stay
    assert _bench().strip(PAGE, "0") == PAGE
