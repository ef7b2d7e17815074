"""Near-copies of an article body: its MinHash signature and the check of a candidate pair.

Two articles are copies when their bodies are the same text, give or take the edits a site
makes when it republishes a dispatch: an agency line added or cut, a paragraph dropped, its own
boilerplate around it (the title is not compared: copies are retitled). Finding them is two
steps:

1. **Candidates** (cheap, approximate): the body's normalized words (``normalize_arabic``) are
   cut into ``SHINGLE``-word shingles, summarized by a MinHash of ``NUM_PERM`` permutations
   (datasketch), and the signature is cut into ``BANDS`` bands of ``ROWS`` values. Two bodies
   sharing one band are candidates. ``BANDS`` x ``ROWS`` is what datasketch's ``MinHashLSH``
   chooses for a Jaccard threshold of ``LSH_THRESHOLD`` weighted towards recall (a test checks
   it); the bands are stored as keys in an indexed table (``archive/stories.py``), so looking an
   article up costs ``BANDS`` index hits whatever the size of the archive.
2. **Check** (exact, on the candidates only): the two word sequences are aligned
   (``difflib.SequenceMatcher``) and the words in common runs of at least ``MIN_RUN`` words, in
   the same order, are counted. The similarity is that count over the shorter body; a pair is a
   copy when it is at least ``MIN_SIMILARITY`` and the common text is at least ``MIN_COVERAGE``
   of the longer body too (a one-paragraph brief is not a copy of a long feature).

The order matters: two independent reports of one event share names, numbers and set phrases,
and a site that writes from a pool of stock sentences shares whole sentences between articles,
but in another order and among other sentences; a copy keeps the dispatch's sentences in its
order. Pure functions: no database, no network.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from newscrawler.normalize.text import normalize_arabic

SHINGLE = 5
"""Words per shingle: long enough that a shingle in common is rarely a set phrase."""
NUM_PERM = 128
"""MinHash permutations (each signature is ``NUM_PERM`` 32-bit values)."""
SCHEME = "affine32"
"""datasketch's permutation scheme (its default since 2.0; named, as stored signatures need it)."""
LSH_THRESHOLD = 0.4
"""The Jaccard similarity (of shingle sets) at which LSH starts to find a pair: a copy with a
paragraph of five dropped and an agency line added is about 0.7."""
LSH_WEIGHTS = (0.2, 0.8)
"""False-positive and false-negative weights given to datasketch for the band layout: a missed
candidate is a missed copy, an extra one costs one check."""
BANDS, ROWS = 31, 3
"""``MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)``'s choice
(computing it needs scipy and 0.2 s, so it is kept here; a test checks they agree)."""
MIN_RUN = 8
"""Words in a run of common text for it to count: shorter runs are set phrases."""
MIN_SIMILARITY = 0.8
"""Common text over the shorter body for a copy (see ``docs/archive.md`` for the measured
precision and recall)."""
MIN_COVERAGE = 0.4
"""Common text over the longer body for a copy."""

MAX_WORDS = 5_000
"""Words of a body compared (its start): aligning costs up to the product of the two lengths,
and a page of tables or a hostile one must not stall the archive's writes. News bodies are a
few hundred to two thousand words."""

_WORD = re.compile(r"\w+", re.UNICODE)


def body_words(body: str | None) -> list[str]:
    """The normalized words of a body: what is compared (case, diacritics, letter variants and
    punctuation do not matter)."""
    return _WORD.findall(normalize_arabic(body or ""))


@dataclass(frozen=True)
class Signature:
    """What the archive stores to find an article's copies: its MinHash values (``NUM_PERM``
    little-endian uint32) and the keys of its LSH bands."""

    minhash: bytes
    bands: tuple[int, ...]


@cache
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(words: list[str]) -> Signature | None:
    """The signature of a body's words; None for a body too short to have a shingle."""
    if len(words) < SHINGLE:
        return None
    import numpy as np
    from datasketch import MinHash

    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8")
                for i in range(len(words) - SHINGLE + 1)}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(list(shingles))
    values = minhash.hashvalues.astype(np.uint32)
    return Signature(minhash=values.astype("<u4").tobytes(), bands=band_keys(values.tolist()))


def band_keys(values: list[int]) -> tuple[int, ...]:
    """One signed 64-bit key per band (band number and its ``ROWS`` values hashed)."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS:(band + 1) * ROWS]
        data = band.to_bytes(2, "little") + b"".join(v.to_bytes(4, "little") for v in chunk)
        keys.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little",
                                   signed=True))
    return tuple(keys)


def bands_of(minhash: bytes) -> tuple[int, ...]:
    """The band keys of a stored signature (to remove them when the body changes)."""
    values = [int.from_bytes(minhash[i:i + 4], "little") for i in range(0, len(minhash), 4)]
    return band_keys(values)


def common_words(a: list[str], b: list[str]) -> int:
    """Words of ``a`` and ``b`` in common runs of at least ``MIN_RUN`` words, in order (of
    their first ``MAX_WORDS``)."""
    matcher = SequenceMatcher(None, a[:MAX_WORDS], b[:MAX_WORDS], autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= MIN_RUN)


def is_copy(a: list[str], b: list[str]) -> tuple[bool, float]:
    """Whether two bodies are copies of one text, and their similarity: the common text over
    the shorter body, 0..1."""
    if not a or not b:
        return False, 0.0
    if a == b:
        return True, 1.0
    common = common_words(a, b)
    shorter, longer = sorted((min(len(a), MAX_WORDS), min(len(b), MAX_WORDS)))
    score = common / shorter
    return score >= MIN_SIMILARITY and common / longer >= MIN_COVERAGE, score
