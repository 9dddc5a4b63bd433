"""Driver suggestion: rank the Drivers for the text of a proposal being written.

A multinomial logistic regression on the same word features as the themes (lemma stems, bigrams),
trained on the Driver texts (:mod:`nlp.drivers`, or the app's own descriptions) plus the proposals
already filed under each Driver. Each Driver text is one training example per paragraph, so a Driver
with no filed proposal still has several examples. Filed proposals are the strongest signal once
there are some; the Driver texts keep the model useful from day one.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from .drivers import default_drivers
from .types import DriverInfo, DriverScore, DriverSuggestion, LabelledText
from .vectorize import Vectorizer, VectorizerConfig

#: Inverse regularisation of the classifier; chosen by cross-validation on the dev set among
#: 1, 3, 10, 30 and 100 (flat between 10 and 100).
C_VALUE = 10.0


@dataclass
class DriverSuggester:
    """A trained suggestion model; build it with :func:`train_suggester`."""

    vectorizer: Vectorizer
    classifier: LogisticRegression
    drivers: tuple[DriverInfo, ...]

    def suggest(self, text: str, top: int | None = None) -> DriverSuggestion:
        """The Drivers ranked for ``text``, best first (all of them unless ``top`` is given).

        :raises TypeError: if ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        x = self.vectorizer.transform([text])
        if x.nnz == 0:
            return DriverSuggestion(ranking=())
        proba = self.classifier.predict_proba(x)[0]
        titles = {d.id: d.title for d in self.drivers}
        order = np.argsort(-proba, kind="stable")
        ranking = tuple(
            DriverScore(
                driver=str(self.classifier.classes_[i]),
                title=titles.get(str(self.classifier.classes_[i]), ""),
                score=float(proba[i]),
            )
            for i in order
        )
        return DriverSuggestion(ranking=ranking[:top] if top else ranking)


def train_suggester(
    filed: Sequence[LabelledText] = (),
    drivers: Sequence[DriverInfo] | None = None,
    config: VectorizerConfig | None = None,
) -> DriverSuggester:
    """Train a suggestion model.

    :param filed: proposals already filed, with their Driver id as ``label`` (may be empty).
    :param drivers: the Drivers and their texts; default: the packaged Italian texts.
    :param config: vectoriser settings; by default every word counts (no frequency cut-off)
        (the classifier learns the Drivers directly).
    :raises ValueError: if there are fewer than two Drivers, or a filed label is not a Driver id.
    """
    drivers = tuple(drivers) if drivers is not None else default_drivers()
    if len(drivers) < 2:
        raise ValueError("at least two Drivers are needed")
    known = {d.id for d in drivers}
    texts: list[str] = []
    labels: list[str] = []
    for d in drivers:
        for t in d.texts:
            texts.append(t)
            labels.append(d.id)
    for item in filed:
        if item.label not in known:
            raise ValueError(f"filed text {item.id!r} has unknown Driver {item.label!r}")
        texts.append(item.text)
        labels.append(item.label)
    cfg = config or VectorizerConfig(max_df=1.0, min_df=1)
    vec = Vectorizer(cfg)
    with threadpool_limits(limits=1):
        x = vec.fit_transform(texts)
        clf = LogisticRegression(C=C_VALUE, max_iter=2000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(x, labels)
    return DriverSuggester(vec, clf, drivers)


def suggest_driver(text: str, model: DriverSuggester | None = None) -> DriverSuggestion:
    """Rank the Drivers for ``text`` with ``model`` (default: a model trained on the packaged Driver
    texts only, built once per process).

    :raises TypeError: if ``text`` is not a string.
    """
    return (model or _default_model()).suggest(text)


_DEFAULT: list[DriverSuggester] = []


def _default_model() -> DriverSuggester:
    if not _DEFAULT:
        _DEFAULT.append(train_suggester())
    return _DEFAULT[0]
