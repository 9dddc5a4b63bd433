"""Near-duplicate proposals: copy-paste campaigns, resubmissions, small edits.

1. Every text is normalised (lower case, accents and punctuation dropped, one space between words);
   equal normalised texts are exact duplicates and collapse to one representative.
2. Candidates: MinHash (word-bigram shingles, :data:`N_PERM` hash functions, numpy) with LSH banding
   (:data:`BAND_ROWS` rows per band): pairs of word-shingle Jaccard 0.5 become candidates with
   probability ~0.94, unrelated texts (Jaccard < 0.1) almost never. Inside a band bucket a document is
   compared to the bucket's first member only, so a campaign of 1,000 copies costs 1,000 checks, not
   500,000.
3. Verification: Jaccard of character 3-gram sets >= ``threshold``; character grams forgive typos and
   small insertions that break word shingles.
4. Groups: connected components (union-find) of verified pairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .preprocess import WORD_RE, clean_text, strip_accents
from .types import Document, DuplicateGroup

N_PERM = 63
BAND_ROWS = 3
DEFAULT_THRESHOLD = 0.7
#: Pairs whose MinHash estimate of word-shingle Jaccard is below this are not verified: light edits
#: of a text keep it above 0.5 (docs/nlp.md), the estimate's standard error is about 0.06.
MIN_ESTIMATE = 0.45
_PRIME = np.uint64((1 << 61) - 1)


def normalise_for_duplicates(text: str) -> str:
    """The comparison form of a text: lower case, no accents, no punctuation, single spaces.

    :raises TypeError: if ``text`` is not a string.
    """
    return " ".join(map(_bare, WORD_RE.findall(clean_text(text))))


@lru_cache(maxsize=200_000)
def _bare(word: str) -> str:
    return strip_accents(word)


def _char_grams(text: str) -> np.ndarray:
    """Sorted distinct character 3-grams of ``text``, each packed into one integer."""
    codes = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size < 3:
        return np.unique(codes)
    return np.unique((codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:])


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
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


def _signatures(norm_texts: Sequence[str], seed: int) -> np.ndarray:
    """MinHash signatures (documents x N_PERM) of word-bigram shingles (unigrams for 1-word texts)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, int(_PRIME), N_PERM, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), N_PERM, dtype=np.uint64)
    vocab: dict[str, int] = {}
    sig = np.full((len(norm_texts), N_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    for i, text in enumerate(norm_texts):
        words = text.split(" ")
        for w in dict.fromkeys(words):
            if w not in vocab:
                vocab[w] = len(vocab)
        ids = np.fromiter(map(vocab.__getitem__, words), np.uint64, len(words))
        if ids.size == 0:
            continue
        shingles = ids[:-1] * np.uint64(1_000_003) + ids[1:] if ids.size > 1 else ids
        shingles = np.unique(shingles)
        # (a*x + b) with wrap-around, then the high bits: a cheap universal-style hash family
        hashed = (shingles[:, None] * a[None, :] + b[None, :]) >> np.uint64(16)
        sig[i] = hashed.min(axis=0)
    return sig


def _candidate_pairs(sig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (bucket head, member) row pairs that share at least one LSH band."""
    n = sig.shape[0]
    codes: list[np.ndarray] = []
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    for band in range(N_PERM // BAND_ROWS):
        cols = np.ascontiguousarray(sig[:, band * BAND_ROWS : (band + 1) * BAND_ROWS])
        keys = cols.view(np.dtype((np.void, 8 * BAND_ROWS))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        new_bucket = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        head_pos = np.maximum.accumulate(np.where(new_bucket, np.arange(n), 0))
        member = ~new_bucket
        heads, others = order[head_pos[member]], order[member]
        codes.append(np.minimum(heads, others).astype(np.int64) * n + np.maximum(heads, others))
    pairs = np.unique(np.concatenate(codes))
    return pairs // n, pairs % n


def find_duplicates(
    docs: Sequence[Document], threshold: float = DEFAULT_THRESHOLD, seed: int = 0
) -> list[DuplicateGroup]:
    """Groups of documents that say the same thing, largest first.

    :param docs: the documents (ids unique); empty texts are never duplicates of anything.
    :param threshold: minimum character 3-gram Jaccard similarity of a linked pair, in (0, 1].
    :param seed: seed of the MinHash functions (results are deterministic for a seed).
    :returns: groups of 2+ documents; ``exact`` when all members are equal after normalisation.
    :raises TypeError: if ``docs`` does not hold :class:`Document` objects.
    :raises ValueError: if ``threshold`` is not in (0, 1] or ids repeat.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
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
    grams: dict[int, np.ndarray] = {}
    min_sim: dict[tuple[int, int], float] = {}

    def grams_of(i: int) -> np.ndarray:
        g = grams.get(i)
        if g is None:
            g = grams[i] = _char_grams(norms[i])
        return g

    heads, others = _candidate_pairs(sig)
    # cheap estimate first: the share of equal MinHash values estimates the word-shingle Jaccard;
    # only plausible pairs pay for the exact character-gram comparison
    agree = (sig[heads] == sig[others]).mean(axis=1) if heads.size else np.zeros(0)
    for h, o in zip(
        heads[agree >= MIN_ESTIMATE].tolist(), others[agree >= MIN_ESTIMATE].tolist(), strict=True
    ):
        a, b = reps[h], reps[o]
        sim = _jaccard(grams_of(a), grams_of(b))
        if sim >= threshold:
            uf.union(a, b)
            pair = (a, b) if a < b else (b, a)
            min_sim[pair] = sim
    # 3. groups
    root_min: dict[int, float] = {}
    for (p, _), v in min_sim.items():
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
        groups.append(
            DuplicateGroup(
                doc_ids=tuple(sorted(ids[i] for i in idx)),
                similarity=1.0 if exact else round(root_min.get(root, 1.0), 4),
                exact=exact,
            )
        )
    groups.sort(key=lambda g: (-len(g.doc_ids), g.doc_ids))
    return groups
