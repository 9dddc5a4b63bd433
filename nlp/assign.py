"""Incremental assignment: place one new document into existing themes without re-clustering."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import numpy as np

from .embed import Embedding
from .themes import nearest
from .types import AnalysisResult, Assignment, Document
from .vectorize import Vectorizer


@dataclass
class ThemeModel:
    """What a finished analysis needs to assign new texts: the fitted vectoriser, the space and the
    theme centroids (the same rule :func:`nlp.analyse` used for every document).

    :param centroids: k x dims unit rows, in the order of ``theme_ids``.
    """

    vectorizer: Vectorizer
    space: Embedding
    centroids: np.ndarray
    theme_ids: list[int]
    labels: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        """Serialise (pickle) for storage next to the analysis; load with :meth:`from_bytes`."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> ThemeModel:
        """Inverse of :meth:`to_bytes`. Only load bytes this application wrote (pickle).

        :raises TypeError: if the bytes do not hold a :class:`ThemeModel`.
        """
        # Our own stored model (written by to_bytes), never user input.
        obj = pickle.loads(data)  # noqa: S301  # nosec B301
        if not isinstance(obj, ThemeModel):
            raise TypeError("not a ThemeModel")
        return obj


def assign(model: ThemeModel | AnalysisResult, doc: Document | str) -> Assignment:
    """The theme of one new document (the rule the analysis used for its documents).

    :param model: a :class:`ThemeModel` or the :class:`AnalysisResult` that holds one.
    :param doc: a :class:`Document` or a bare text (its id is then ``""``).
    :returns: the assignment; ``theme`` is ``None`` with score 0 when the text has no usable word.
    :raises TypeError: if ``doc`` is neither a Document nor a string, or the result has no model.
    """
    return assign_many(model, [doc])[0]


def assign_many(model: ThemeModel | AnalysisResult, docs: list[Document | str]) -> list[Assignment]:
    """:func:`assign` for several documents at once (faster per document).

    :raises TypeError: see :func:`assign`.
    """
    if isinstance(model, AnalysisResult):
        model = model.model
    if not isinstance(model, ThemeModel):
        raise TypeError("assign() needs a ThemeModel or an AnalysisResult that carries one")
    ids: list[str] = []
    texts: list[str] = []
    for d in docs:
        if isinstance(d, Document):
            ids.append(d.id)
            texts.append(d.text)
        elif isinstance(d, str):
            ids.append("")
            texts.append(d)
        else:
            raise TypeError(f"expected Document or str, not {type(d).__name__}")
    vectors = model.space.transform(model.vectorizer.transform(texts))
    best, score = nearest(vectors, model.centroids)
    return [
        Assignment(i, model.theme_ids[b] if b >= 0 else None, float(s) if b >= 0 else 0.0)
        for i, b, s in zip(ids, best.tolist(), score.tolist(), strict=True)
    ]
