"""Near-duplicate proposals: resubmissions, rewordings, moved clauses, copy-paste campaigns.

1. Every text is normalised (lower case, accents and punctuation dropped, one space between words);
   equal normalised texts are exact duplicates and collapse to one representative.
2. Candidates: MinHash of the *set* of character :data:`SHINGLE_CHARS`-grams of the normalised text
   (densified one-permutation hashing into :data:`N_PERM` bins, numpy), with LSH banding
   (:data:`BAND_ROWS` bins per band, so 64 bands). A set of character grams does not care where a
   clause stands, and a changed word only changes the grams that overlap it, so rewordings and
   moved clauses stay candidates; the word bigrams used before lost most of them. The lowest 5-gram
   Jaccard of a pair that passes the default verification is about 0.39 (fixture and the
   TerremotoCentroItalia set); such a pair shares a band with probability 0.9999. Inside a band
   bucket each document is compared with the bucket's first member and with the member before it,
   so a campaign of 1,000 copies costs about 2,000 checks per band, not 500,000.
3. Verification: Jaccard of the sets of character 3-grams >= ``threshold`` (default
   :data:`DEFAULT_THRESHOLD`). A set ignores order (a moved clause keeps almost every 3-gram) and
   3-grams forgive typos, inflections and small insertions. Candidates whose MinHash estimate is far
   below anything that could pass (:data:`MIN_ESTIMATE`) are not verified; the others are verified
   most similar first, and a pair whose documents are already in one group is skipped.
4. Groups: connected components (union-find) of verified pairs.
5. Campaigns: a group whose documents carry ``meta["author"]`` from at least
   ``min_campaign_authors`` distinct authors is reported as ``kind="campaign"``: the same template
   sent by many people is support to count, not a duplicate to merge.

The threshold, gram lengths and band shape were chosen by measurement (docs/nlp.md): on the
committed fixture of real texts with hand-written rewordings and moved clauses
(``tests/nlp/data/duplicates_fixture.jsonl``), on pairs of the whole TerremotoCentroItalia set
labelled by hand, and on 100,000 synthetic proposals for time. The candidate stage is tuned for
thresholds of 0.6 and above: with a lower ``threshold`` some pairs that would pass are never
candidates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from .preprocess import WORD_RE, clean_text, strip_accents
from .types import Document, DuplicateGroup

#: MinHash bins (a power of two); :data:`BAND_ROWS` consecutive bins form one LSH band. Over 10 seeds,
#: 64 bins in bands of 2 missed 6 of the 109 true pairs x 10, 128 in bands of 2 none (docs/nlp.md).
N_PERM = 128
BAND_ROWS = 2
#: Length of the character grams hashed for candidates: long enough that two unrelated texts rarely
#: share a band (3-grams such as " di" are in every Italian text), short enough that a changed word
#: leaves most grams of its neighbours intact.
SHINGLE_CHARS = 5
#: Default minimum 3-gram Jaccard (measured, docs/nlp.md).
DEFAULT_THRESHOLD = 0.6
#: Candidates whose share of equal MinHash values (an estimate of the 5-gram Jaccard, standard error
#: about 0.04 at 128 bins) is below this are not verified: the lowest 5-gram Jaccard of a pair passing
#: the default verification is about 0.39.
MIN_ESTIMATE = 0.2
#: Distinct authors from which a group is a campaign rather than a duplicate.
MIN_CAMPAIGN_AUTHORS = 3
#: Characters of text hashed together (bounds the temporary arrays to a few tens of MB).
_CHUNK_CHARS = 500_000
#: One-permutation hashing: the top bits of a gram's hash choose its bin, the rest is its value.
_BIN_BITS = N_PERM.bit_length() - 1
assert 1 << _BIN_BITS == N_PERM, "N_PERM must be a power of two"
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_EMPTY = np.uint64(1 << 63)
#: Candidate pairs compared at once (bounds the gathered signatures to about 50 MB).
_PAIR_CHUNK = 50_000
_ROLL = np.uint64(0x100000001B3)  # FNV-64 prime: multiplier of the rolling gram hash


def normalise_for_duplicates(text: str) -> str:
    """The comparison form of a text: lower case, no accents, no punctuation, single spaces.

    :raises TypeError: if ``text`` is not a string.
    """
    return " ".join(map(_bare, WORD_RE.findall(clean_text(text))))


@lru_cache(maxsize=200_000)
def _bare(word: str) -> str:
    return strip_accents(word)


def _char_grams(text: str) -> np.ndarray:
    """Sorted distinct character 3-grams of ``text`` (padded with a space), each packed into one
    integer."""
    codes = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size >= 3:
        codes = (codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:]
    return _distinct(codes)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values, in place (np.unique's hash table is several times slower here)."""
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if values.size else values


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    if a.size > b.size:
        a, b = b, a
    at = np.searchsorted(b, a)
    at[at == b.size] = 0
    inter = int(np.count_nonzero(b[at] == a))
    union = a.size + b.size - inter
    return inter / union if union else 1.0


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, in place: turns structured integers into uniform 64-bit hashes."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _shingle_hashes(texts: Sequence[str], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded 64-bit hashes of the character :data:`SHINGLE_CHARS`-grams of ``texts`` (each padded
    with spaces) and, for each hash, the index of its text (every text has at least one gram)."""
    k = SHINGLE_CHARS
    padded = [f" {t} ".ljust(k) for t in texts]
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, padded), np.int64, len(padded))
    m = codes.size - k + 1
    h = codes[:m].copy()
    for j in range(1, k):
        h *= _ROLL
        h ^= codes[j : j + m]
    # keep the grams that lie inside one text: a text of length L starts L - k + 1 of them
    owner = np.repeat(np.arange(len(texts)), lengths)[:m]
    starts = np.cumsum(lengths) - lengths
    keep = np.arange(m) - starts[owner] <= (lengths - k)[owner]
    h = h[keep]
    h ^= np.uint64((seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % (1 << 64))
    return _mix(h), owner[keep]


def _signatures(norm_texts: Sequence[str], seed: int) -> np.ndarray:
    """Densified one-permutation MinHash signatures (documents x :data:`N_PERM`, 32-bit) of the sets
    of character :data:`SHINGLE_CHARS`-grams.

    Each gram is hashed once; the top bits of its hash choose one of :data:`N_PERM` bins and the
    document keeps the smallest hash of each bin (Li, Owen & Zhang 2012, "One permutation
    hashing"). A bin left empty (short texts) borrows the value of the next non-empty bin to its
    right, shifted by the distance (Shrivastava & Li 2014, "Densifying one permutation hashing").
    The share of equal values of two signatures estimates the Jaccard similarity of the two sets,
    as :data:`N_PERM` independent hash functions would, at a fraction of the cost. Values are
    folded to 32 bits at the end: a chance collision (2**-32 per comparison) is irrelevant here.
    """
    n, bins = len(norm_texts), N_PERM
    sig = np.empty((n, bins), dtype=np.uint32)
    start = 0
    while start < n:
        stop, size = start, 0
        while stop < n and (size < _CHUNK_CHARS or stop == start):
            size += len(norm_texts[stop]) + 2
            stop += 1
        hashes, owner = _shingle_hashes(norm_texts[start:stop], seed)
        block = np.full((stop - start) * bins, _EMPTY, dtype=np.uint64)
        slots = owner * bins + (hashes >> np.uint64(_VALUE_BITS)).astype(np.int64)
        np.minimum.at(block, slots, hashes & np.uint64(_VALUE_MASK))
        block = block.reshape(stop - start, bins)
        # rotation densification: the next non-empty bin to the right (cyclically), its distance
        filled = np.tile(block != _EMPTY, 2)
        pos = np.where(filled, np.arange(2 * bins, dtype=np.int16), np.int16(2 * bins))
        nxt = np.minimum.accumulate(pos[:, ::-1], axis=1)[:, ::-1][:, :bins]
        dist = (nxt - np.arange(bins, dtype=np.int16)).astype(np.uint64)
        block = np.take_along_axis(block, (nxt % bins).astype(np.intp), axis=1)
        block += dist << np.uint64(_VALUE_BITS)
        sig[start:stop] = _mix(block).astype(np.uint32)
        start = stop
    return sig


def _candidate_pairs(sig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct row pairs that share an LSH band: each bucket member with the bucket's first member
    and with the member before it."""
    n = sig.shape[0]
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes: list[np.ndarray] = []
    positions = np.arange(n)
    for band in range(N_PERM // BAND_ROWS):
        cols = sig[:, band * BAND_ROWS : (band + 1) * BAND_ROWS]
        keys = cols[:, 0].astype(np.uint64)
        for c in range(1, BAND_ROWS):
            keys = (keys * _ROLL) ^ cols[:, c]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        new_bucket = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        member = ~new_bucket
        head_pos = np.maximum.accumulate(np.where(new_bucket, positions, 0))
        others = order[member]
        for partner in (order[head_pos[member]], order[positions[member] - 1]):
            codes.append(np.minimum(partner, others).astype(np.int64) * n + np.maximum(partner, others))
    pairs = _distinct(np.concatenate(codes))
    return pairs // n, pairs % n


def _author(meta: Mapping[str, Any] | None) -> Hashable | None:
    """A document's author: ``meta["author"]`` when given and not empty, else ``None``."""
    author = meta.get("author") if meta else None
    if author is None or author == "":
        return None
    try:
        hash(author)
    except TypeError:  # a list or a dict: compare its text
        return repr(author)
    return author


def find_duplicates(
    docs: Sequence[Document],
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
    *,
    min_campaign_authors: int = MIN_CAMPAIGN_AUTHORS,
) -> list[DuplicateGroup]:
    """Groups of documents that say the same thing, largest first.

    :param docs: the documents (ids unique); empty texts are never duplicates of anything. A
        document's ``meta["author"]``, when present, is used to tell campaigns from duplicates.
    :param threshold: minimum character 3-gram Jaccard similarity of a linked pair, in (0, 1].
    :param seed: seed of the MinHash functions (results are deterministic for a seed).
    :param min_campaign_authors: a group with at least this many distinct authors is a campaign.
    :returns: groups of 2+ documents; ``exact`` when all members are equal after normalisation;
        ``kind`` is ``"campaign"`` or ``"duplicate"`` (see :class:`~nlp.types.DuplicateGroup`).
    :raises TypeError: if ``docs`` does not hold :class:`Document` objects.
    :raises ValueError: if ``threshold`` is not in (0, 1], ids repeat, or ``min_campaign_authors``
        is below 2.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    if min_campaign_authors < 2:
        raise ValueError("min_campaign_authors must be at least 2")
    ids: list[str] = []
    norms: list[str] = []
    for d in docs:
        if not isinstance(d, Document):
            raise TypeError(f"expected Document, not {type(d).__name__}")
        ids.append(d.id)
        norms.append(normalise_for_duplicates(d.text))
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    n = len(docs)
    uf = _UnionFind(n)
    # 1. exact duplicates
    first_of: dict[bytes, int] = {}
    reps: list[int] = []
    for i, text in enumerate(norms):
        if not text:
            continue
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        j = first_of.setdefault(key, i)
        if j == i:
            reps.append(i)
        else:
            uf.union(j, i)
    # 2. LSH candidates among representatives
    sig = _signatures([norms[i] for i in reps], seed)
    heads, others = _candidate_pairs(sig)
    # cheap estimate first: the share of equal MinHash values estimates the 5-gram Jaccard; only
    # plausible pairs pay for the exact comparison, the most similar first
    agree = np.zeros(heads.size, dtype=np.int64)
    for lo in range(0, heads.size, _PAIR_CHUNK):
        hi = lo + _PAIR_CHUNK
        agree[lo:hi] = (sig[heads[lo:hi]] == sig[others[lo:hi]]).sum(axis=1)
    plausible = agree >= MIN_ESTIMATE * N_PERM
    heads, others, agree = heads[plausible], others[plausible], agree[plausible]
    order = np.lexsort((others, heads, -agree))
    # 3. verification
    grams: dict[int, np.ndarray] = {}
    min_sim: dict[int, float] = {}  # lowest similarity of a link, by the link's smaller member

    def grams_of(i: int) -> np.ndarray:
        g = grams.get(i)
        if g is None:
            g = grams[i] = _char_grams(norms[i])
        return g

    for h, o in zip(heads[order].tolist(), others[order].tolist(), strict=True):
        a, b = reps[h], reps[o]
        if uf.find(a) == uf.find(b):
            continue
        sim = _jaccard(grams_of(a), grams_of(b))
        if sim >= threshold:
            uf.union(a, b)
            min_sim[min(a, b)] = min(sim, min_sim.get(min(a, b), 1.0))
    # 4. groups
    root_min: dict[int, float] = {}
    for p, v in min_sim.items():
        r = uf.find(p)
        root_min[r] = min(v, root_min.get(r, 1.0))
    members: dict[int, list[int]] = {}
    for i in range(n):
        if norms[i]:
            members.setdefault(uf.find(i), []).append(i)
    groups: list[DuplicateGroup] = []
    for root, idx in members.items():
        if len(idx) < 2:
            continue
        exact = len({norms[i] for i in idx}) == 1
        authors = {a for a in (_author(docs[i].meta) for i in idx) if a is not None}
        groups.append(
            DuplicateGroup(
                doc_ids=tuple(sorted(ids[i] for i in idx)),
                similarity=1.0 if exact else round(root_min.get(root, 1.0), 4),
                exact=exact,
                kind="campaign" if len(authors) >= min_campaign_authors else "duplicate",
                authors=len(authors),
            )
        )
    groups.sort(key=lambda g: (-len(g.doc_ids), g.doc_ids))
    return groups
