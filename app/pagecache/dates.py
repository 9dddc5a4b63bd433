"""Dates formatted by the templates, remembered per process.

A proposal page formats one date per comment (a hundred on a busy page), a list one per
card, each a Babel call of about 0.1 ms (locale data, pattern, time zone); the same dates
come back on every view of the same page. The Jinja filters ``datetimeformat``,
``dateformat`` and ``timeformat`` installed by Flask-Babel are wrapped in an LRU keyed by
the value, the format, the locale and the time zone, so a page rendered again (for a
logged-in reader, or after a write invalidated the page cache) formats only new dates.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask
from flask_babel import format_date, format_datetime, format_time, get_locale, get_timezone

# About 100 bytes each: a few hundred kilobytes per process at most.
MAX_REMEMBERED = 4096


def install(app: Flask) -> None:
    """Replace Flask-Babel's date filters on ``app`` by remembering ones."""
    app.jinja_env.filters["datetimeformat"] = remembering(format_datetime)
    app.jinja_env.filters["dateformat"] = remembering(format_date)
    app.jinja_env.filters["timeformat"] = remembering(format_time)


def remembering(formatter: Callable) -> Callable:
    """``formatter(value, format, rebase)``, remembered for each locale and time zone."""

    @lru_cache(maxsize=MAX_REMEMBERED)
    def remembered(value, format, rebase, _locale: str, _timezone: str) -> str:
        # The locale and zone are part of the key; the formatter reads the same ones
        # from the request.
        return formatter(value, format, rebase)

    def format_filter(value=None, format=None, rebase=True) -> str:
        if value is None:
            return formatter(value, format, rebase)  # "now" is never the same twice
        return remembered(value, format, rebase, str(get_locale()), str(get_timezone()))

    return format_filter
