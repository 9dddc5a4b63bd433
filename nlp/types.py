"""Typed values that go in and out of :mod:`nlp`.

Everything here is a plain dataclass (frozen where it is a value) so the app can store, compare and
serialise results without importing spaCy or scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: Bumped whenever a change to preprocessing, features or clustering can change results; stored in every
#: :class:`AnalysisResult` so a stored synthesis says which code produced it.
CODE_VERSION = "nlp-2.0"


@dataclass(frozen=True)
class Document:
    """One text to analyse: a proposal, a comment, a sentence.

    :param id: caller's identifier, unique within one call.
    :param text: the raw text (any length; empty or unusable texts are assigned to no theme).
    :param meta: optional caller data carried through untouched.
    """

    id: str
    text: str
    meta: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SeedTheme:
    """A theme an analyst asks for by name and a few words (guided themes).

    :param name: the theme's label ("Raccolte fondi").
    :param words: words or short phrases its documents use ("raccolta fondi", "bonifico").
    """

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Member:
    """A document's membership of a theme; ``score`` in [0, 1] is the cosine of the document with
    the theme's centroid (1 = the theme's very centre)."""

    doc_id: str
    score: float


@dataclass(frozen=True)
class Assignment:
    """The theme of one document. ``theme`` is ``None`` (and ``score`` 0) when the text has no usable
    words: empty, punctuation only, numbers only, or only stop words."""

    doc_id: str
    theme: int | None
    score: float


@dataclass
class Theme:
    """A theme found in the documents.

    :param id: stable identifier: kept across re-runs when ``previous`` themes are given.
    :param label: a readable Italian keyphrase ("trasporto pubblico").
    :param keywords: the top surface keywords and keyphrases, best first.
    :param members: every document assigned to the theme, best first.
    :param representatives: ids of the documents that best represent the theme, best first.
    :param centroid: the theme's top feature weights (feature name -> weight); feature names are
        vocabulary-independent, which is what lets a later run match this theme.
    :param seed: the name of the guided seed theme it grew from, if any.
    :param label_coverage: share of members whose text contains the label's words.
    """

    id: int
    label: str
    keywords: list[str]
    members: list[Member]
    representatives: list[str]
    centroid: dict[str, float] = field(repr=False)
    seed: str | None = None
    label_coverage: float = 0.0

    @property
    def size(self) -> int:
        """Number of member documents."""
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (members as ``[doc_id, score]`` pairs)."""
        out = asdict(self)
        out["members"] = [[m.doc_id, round(m.score, 4)] for m in self.members]
        out["size"] = self.size
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Theme:
        """Rebuild a theme from :meth:`to_dict` output (for ``previous`` on a later run).

        :raises KeyError: if a required key is missing.
        :raises ValueError: if a value has the wrong shape.
        """
        members = [m if isinstance(m, Member) else Member(str(m[0]), float(m[1])) for m in data["members"]]
        return cls(
            id=int(data["id"]),
            label=str(data["label"]),
            keywords=[str(k) for k in data.get("keywords", [])],
            members=members,
            representatives=[str(r) for r in data.get("representatives", [])],
            centroid={str(k): float(v) for k, v in data.get("centroid", {}).items()},
            seed=data.get("seed"),
            label_coverage=float(data.get("label_coverage", 0.0)),
        )


@dataclass
class AnalysisResult:
    """What :func:`nlp.analyse` returns.

    :param themes: themes, largest first.
    :param assignments: one per input document, in input order.
    :param k: number of themes actually used.
    :param k_chosen_automatically: True when the caller passed ``k=None``.
    :param params: the parameters and measurements that produced the result (seed, k scores...).
    :param code_version: :data:`CODE_VERSION` of the code that ran.
    :param model: what :func:`nlp.assign` needs to place a new document into these themes.
    """

    themes: list[Theme]
    assignments: list[Assignment]
    k: int
    k_chosen_automatically: bool
    params: dict[str, Any]
    code_version: str = CODE_VERSION
    model: Any = field(default=None, repr=False, compare=False)

    def theme_by_id(self, theme_id: int) -> Theme:
        """The theme with this id.

        :raises KeyError: if there is none.
        """
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents that say the same thing. ``doc_ids`` are sorted; ``similarity`` is the lowest
    pairwise similarity that linked the group (1.0 = exact copies after normalisation).

    :param kind: ``"duplicate"`` (the default): the same text submitted again, by its author or by
        someone else — a moderator may merge the documents. ``"campaign"``: the same template sent
        by many distinct authors (``meta["author"]``, at least ``min_campaign_authors`` of them, 3
        by default) — each document is one person's support and must not be merged away. Documents
        without an author never make a campaign.
    :param authors: number of distinct authors among the members (0 when none was given).
    """

    doc_ids: tuple[str, ...]
    similarity: float
    exact: bool
    kind: Literal["duplicate", "campaign"] = "duplicate"
    authors: int = 0


@dataclass(frozen=True)
class DriverScore:
    """One Driver in a ranked suggestion; ``score`` is a probability-like value in [0, 1]."""

    driver: str
    title: str
    score: float


@dataclass(frozen=True)
class DriverSuggestion:
    """Drivers ranked for a text, best first. ``ranking`` is empty when the text has no usable words."""

    ranking: tuple[DriverScore, ...]

    @property
    def best(self) -> DriverScore | None:
        """The top Driver, or ``None`` for an unusable text."""
        return self.ranking[0] if self.ranking else None


@dataclass(frozen=True)
class DriverInfo:
    """A Driver with the text the suggestion model learns from (title, description, concept texts)."""

    id: str
    title: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class LabelledText:
    """A text already filed under a Driver (or any label), for training and evaluation."""

    id: str
    text: str
    label: str
