"""Jinja filters for numbers in the reader's language (Flask-Babel gives the date ones).

``{{ 1234567|number }}`` → "1.234.567" in Italian, "1,234,567" in English;
``{{ 3.14159|number(1) }}`` → "3,1" / "3.1"; ``{{ 0.256|percent }}`` → "26%".
Dates: ``{{ d|dateformat }}``, ``{{ dt|datetimeformat('short') }}`` (Europe/Rome).
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import format_decimal, format_number, format_percent


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


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(number, "number")
    bp.add_app_template_filter(percent, "percent")
