"""Jinja filters for numbers in the reader's language (Flask-Babel gives the date ones).

``{{ 1234567|number }}`` → "1.234.567" in Italian, "1,234,567" in English;
``{{ 3.14159|number(1) }}`` → "3,1" / "3.1"; ``{{ 0.256|percent }}`` → "26%".
Dates: ``{{ d|dateformat }}``, ``{{ dt|datetimeformat('short') }}`` (Europe/Rome).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_percent,
    to_user_timezone,
)

# Phase dates (issue 15): a four-digit year and the day before the month in both languages,
# so "11/27/26" can never be read as another day ("27 nov 2026" / "27 Nov 2026"), with a
# 24-hour time only when the phase does not start at midnight.
PHASE_DATE = "d MMM y"
PHASE_DATETIME = "d MMM y, HH:mm"


def number(value, digits: int | None = None) -> str:
    """An integer, or a decimal rounded to ``digits`` places, with the locale's separators."""
    if value is None:
        return ""
    if digits is None:
        return format_number(value)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern)


def percent(value, digits: int = 0) -> str:
    """A fraction (0.25) as a percentage ("25%" / "25 %" as the locale writes it)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(value, format=pattern)


def _is_midnight(value: datetime) -> bool:
    local = to_user_timezone(value)
    return (local.hour, local.minute, local.second) == (0, 0, 0)


def phase_start(value: datetime | None) -> str:
    """When a phase starts, in the reader's time zone: the date alone when it is midnight."""
    if value is None:
        return ""
    return format_date(value, PHASE_DATE) if _is_midnight(value) else format_datetime(value, PHASE_DATETIME)


def phase_end(value: datetime | None) -> str:
    """The last moment of a phase that ends where the next begins (``value``).

    A phase ending at midnight is written as the day before: "from 1 Mar to 14 Mar" when
    the next one starts on 15 Mar, as a reader expects the last day included.
    """
    if value is None:
        return ""
    if _is_midnight(value):
        return format_date(value - timedelta(seconds=1), PHASE_DATE)
    return format_datetime(value, PHASE_DATETIME)


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(number, "number")
    bp.add_app_template_filter(percent, "percent")
    bp.add_app_template_filter(phase_start, "phase_start")
    bp.add_app_template_filter(phase_end, "phase_end")
