"""Themes engine for the Forum metropolitano: Italian texts in, themes out.

A plain library (spaCy, scikit-learn, numpy, scipy and the standard library): no Flask, no app, no
network. See docs/nlp.md.
"""

from .analysis import analyse
from .assign import ThemeModel, assign, assign_many
from .types import (
    CODE_VERSION,
    AnalysisResult,
    Assignment,
    Document,
    DriverScore,
    DriverSuggestion,
    DuplicateGroup,
    LabelledText,
    Member,
    Theme,
)

__all__ = [
    "CODE_VERSION",
    "AnalysisResult",
    "Assignment",
    "Document",
    "DriverScore",
    "DriverSuggestion",
    "DuplicateGroup",
    "LabelledText",
    "Member",
    "Theme",
    "ThemeModel",
    "analyse",
    "assign",
    "assign_many",
]
