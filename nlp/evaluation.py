"""Measurements shared by the CLI, the tests and the benchmark: clustering scores, the duplicate test
set and its precision/recall, cross-validated Driver suggestion accuracy."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from sklearn.metrics import (
    adjusted_rand_score,
    normalized_mutual_info_score,
    v_measure_score,
)
from sklearn.model_selection import StratifiedKFold

from .labels import LINK_WORDS, build_lexicon
from .preprocess import Normalizer, strip_accents
from .suggest import train_suggester
from .types import AnalysisResult, Document, DuplicateGroup, LabelledText


@dataclass(frozen=True)
class ClusterScores:
    """Agreement of an analysis with reference labels (unusable documents count as one cluster)."""

    nmi: float
    ari: float
    v_measure: float
    k: int


def cluster_scores(result: AnalysisResult, labels: Sequence[str]) -> ClusterScores:
    """NMI, ARI and V-measure of ``result``'s assignments against ``labels`` (same order).

    :raises ValueError: if the lengths differ.
    """
    if len(labels) != len(result.assignments):
        raise ValueError("one label per assignment is needed")
    pred = [-1 if a.theme is None else a.theme for a in result.assignments]
    return ClusterScores(
        nmi=float(normalized_mutual_info_score(labels, pred)),
        ari=float(adjusted_rand_score(labels, pred)),
        v_measure=float(v_measure_score(labels, pred)),
        k=result.k,
    )


# --- duplicates -----------------------------------------------------------------------------------

_TYPO_ALPHABET = "abcdefghilmnoprstuvz"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice(_TYPO_ALPHABET) + word[i + 1 :]


def light_edit(text: str, rng: random.Random) -> str:
    """A resubmission-like variant: a few typos, a word inserted or deleted, case and punctuation
    changes. Never a paraphrase: most words stay in place."""
    words = text.split()
    n_edits = max(1, len(words) // 15)
    for _ in range(n_edits):
        op = rng.randrange(4)
        if not words:
            break
        i = rng.randrange(len(words))
        if op == 0:
            words[i] = _typo(words[i], rng)
        elif op == 1 and len(words) > 3:
            del words[i]
        elif op == 2:
            words.insert(i, rng.choice(["anche", "molto", "davvero", "proprio", "inoltre"]))
        else:
            words[i] = words[i].upper() if rng.random() < 0.5 else words[i].strip(".,;:")
    out = " ".join(words)
    if rng.random() < 0.3:
        out = out.upper()
    if rng.random() < 0.3:
        out = out.rstrip(".") + "!!"
    return out


def duplicate_testset(
    texts: Sequence[str], n_groups: int = 40, seed: int = 0
) -> tuple[list[Document], list[set[str]]]:
    """A labelled near-duplicate set built from distinct ``texts``: ``n_groups`` groups (an original
    plus exact copies and light edits) and every other text once, as an unrelated distractor.

    :returns: the documents (shuffled) and the true groups (sets of ids).
    :raises ValueError: if there are fewer than ``n_groups`` texts.
    """
    if len(texts) < n_groups:
        raise ValueError("need at least n_groups texts")
    rng = random.Random(seed)
    pool = list(dict.fromkeys(texts))
    rng.shuffle(pool)
    docs: list[Document] = []
    groups: list[set[str]] = []
    for g, original in enumerate(pool[:n_groups]):
        ids = {f"g{g}-0"}
        docs.append(Document(f"g{g}-0", original))
        for v in range(1, rng.randint(2, 4)):
            variant = original if rng.random() < 0.3 else light_edit(original, rng)
            docs.append(Document(f"g{g}-{v}", variant))
            ids.add(f"g{g}-{v}")
        groups.append(ids)
    for u, text in enumerate(pool[n_groups:]):
        docs.append(Document(f"u{u}", text))
    rng.shuffle(docs)
    return docs, groups


def pair_precision_recall(
    predicted: Sequence[DuplicateGroup], truth: Sequence[set[str]]
) -> tuple[float, float]:
    """Precision and recall over the pairs of documents put together."""
    pred_pairs = {p for g in predicted for p in combinations(sorted(g.doc_ids), 2)}
    true_pairs = {p for g in truth for p in combinations(sorted(g), 2)}
    hit = len(pred_pairs & true_pairs)
    precision = hit / len(pred_pairs) if pred_pairs else 1.0
    recall = hit / len(true_pairs) if true_pairs else 1.0
    return precision, recall


# --- Driver suggestion -------------------------------------------------------------------------------


def suggestion_accuracy(
    items: Sequence[LabelledText], folds: int = 5, seed: int = 0, use_filed: bool = True
) -> dict[str, float]:
    """Top-1 and top-3 accuracy by stratified cross-validation: each fold is predicted by a model
    trained on the packaged Driver texts plus (when ``use_filed``) the other folds.

    :raises ValueError: if a label has fewer members than ``folds``.
    """
    labels = np.array([i.label for i in items])
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    top1 = top3 = 0
    for train_idx, test_idx in skf.split(np.zeros(len(items)), labels):
        filed = [items[i] for i in train_idx] if use_filed else []
        model = train_suggester(filed)
        for i in test_idx:
            ranking = [s.driver for s in model.suggest(items[i].text).ranking]
            top1 += int(ranking[:1] == [items[i].label])
            top3 += int(items[i].label in ranking[:3])
    n = len(items)
    return {"top1": top1 / n, "top3": top3 / n, "folds": folds}


# --- the development set of real text and label checks -------------------------------------------


def dev_halves(rows: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """The fixed split of a development set: ids whose number is even (choose methods and settings
    on these) and odd (report on these). Ids look like ``tci-00102``.

    :raises ValueError: if an id has no number.
    """
    tune: list[dict] = []
    report: list[dict] = []
    for row in rows:
        digits = "".join(ch for ch in str(row["id"]) if ch.isdigit())
        if not digits:
            raise ValueError(f"id {row['id']!r} has no number to split on")
        (tune if int(digits) % 2 == 0 else report).append(row)
    return tune, report


@dataclass(frozen=True)
class LabelCheck:
    """How one theme label fares against the rules an analyst expects (docs/nlp.md)."""

    label: str
    coverage: float
    outside: float
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """No rule broken."""
        return not self.problems


_NOT_WORDS = re.compile(r"[@#/\\:\d]|https?|www\.|\.(?:com|it|org|net)\b", re.I)


def check_labels(result: AnalysisResult, texts_by_id: Mapping[str, str]) -> list[LabelCheck]:
    """Check every theme label of ``result``: no e-mail, URL, hashtag or number; not headed by a verb
    form or an adverb; not a name alone unless most of the theme's members use it; found in at least
    10 % of the theme's members and at least twice as often inside the theme as outside.

    :param texts_by_id: the analysed texts by document id.
    :raises KeyError: if a member's id is not in ``texts_by_id``.
    """
    normalizer = result.model.vectorizer.normalizer if result.model is not None else Normalizer()
    lexicon = build_lexicon(texts_by_id.values())
    features = {doc_id: set(normalizer.tokenize(text)) for doc_id, text in texts_by_id.items()}
    out = []
    for theme in result.themes:
        members = {m.doc_id for m in theme.members}
        words = [w for w in re.findall(r"[^\W\d_]+", theme.label.lower()) if w not in LINK_WORDS]
        label_feats = {normalizer.feature(w) for w in words} - {None}
        inside = [doc for doc in members if label_feats and label_feats <= features[doc]]
        outside_docs = [doc for doc in features if doc not in members]
        outside = [doc for doc in outside_docs if label_feats and label_feats <= features[doc]]
        coverage = len(inside) / len(members) if members else 0.0
        rest = len(outside) / len(outside_docs) if outside_docs else 0.0
        problems = []
        if _NOT_WORDS.search(theme.label):
            problems.append("address, tag or number")
        bare = [strip_accents(w) for w in words]
        if not bare or not lexicon.can_head(bare[0]) or any(lexicon.is_verb_or_adverb(w) for w in bare):
            problems.append("verb form, adverb or no word")
        if bare and all(lexicon.is_name(w) for w in bare) and coverage < 0.5:
            problems.append("a name alone")
        if coverage < 0.1:
            problems.append("in fewer than 10 % of the members")
        if coverage < 2 * rest:
            problems.append("not distinctive")
        out.append(LabelCheck(theme.label, round(coverage, 3), round(rest, 3), tuple(problems)))
    return out
