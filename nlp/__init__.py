"""Themes engine for the Forum metropolitano: Italian texts in, themes out.

A plain library (spaCy, scikit-learn, numpy, scipy and the standard library): no Flask, no app, no
network. See docs/nlp.md.
"""

from .analysis import analyse
from .assign import ThemeModel, assign, assign_many
from .drivers import default_drivers
from .duplicates import find_duplicates
from .suggest import DriverSuggester, suggest_driver, train_suggester
from .types import (
    CODE_VERSION,
    AnalysisResult,
    Assignment,
    Document,
    DriverInfo,
    DriverScore,
    DriverSuggestion,
    DuplicateGroup,
    LabelledText,
    Member,
    SeedTheme,
    Theme,
)

__all__ = [
    "CODE_VERSION",
    "AnalysisResult",
    "Assignment",
    "Document",
    "DriverInfo",
    "DriverScore",
    "DriverSuggester",
    "DriverSuggestion",
    "DuplicateGroup",
    "LabelledText",
    "Member",
    "SeedTheme",
    "Theme",
    "ThemeModel",
    "analyse",
    "assign",
    "assign_many",
    "default_drivers",
    "find_duplicates",
    "suggest_driver",
    "train_suggester",
]
