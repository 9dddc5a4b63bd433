"""Themes engine for the Forum metropolitano: Italian texts in, themes out.

A plain library (spaCy, scikit-learn, numpy, scipy and the standard library): no Flask, no app, no
network. See docs/nlp.md.

The names below are loaded on first use (PEP 562): ``import nlp`` and ``import nlp.drivers`` or
``nlp.stopwords`` cost nothing, so the web app can read the Driver texts and the stop lists
while only the processes that analyse texts load spaCy and scikit-learn.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING

# name -> the submodule that defines it
_EXPORTS = {
    "analyse": "analysis",
    "ThemeModel": "assign",
    "assign": "assign",
    "assign_many": "assign",
    "default_drivers": "drivers",
    "find_duplicates": "duplicates",
    "DriverSuggester": "suggest",
    "suggest_driver": "suggest",
    "train_suggester": "suggest",
    **{
        name: "types"
        for name in (
            "CODE_VERSION",
            "AnalysisResult",
            "Assignment",
            "Document",
            "DriverInfo",
            "DriverScore",
            "DriverSuggestion",
            "DuplicateGroup",
            "LabelledText",
            "Member",
            "SeedTheme",
            "Theme",
        )
    },
}

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

if TYPE_CHECKING:  # what tools and readers follow; at run time __getattr__ loads them
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


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """Keeps ``nlp.assign`` the function when the submodule of the same name is imported.

    Python binds every imported submodule on its package (``nlp.assign`` = the module), which
    would hide the function of that name; the eager ``from .assign import assign`` used to bind
    it back, and this does the same lazily.
    """

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
