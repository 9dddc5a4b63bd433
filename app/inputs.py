"""Numbers and uploads from outside: parsed strictly, refused with a 400 or a 404.

Three kinds of odd input used to reach the database or the view code and end in a 500:

- **ids beyond the integer range** in URLs (``/proposte/3000000000`` is "integer out of
  range" on PostgreSQL; twenty digits overflow SQLite's 64-bit integers). Every
  ``<int:...>`` of the URL map accepts only ASCII digits up to :data:`MAX_ID` (the largest
  PostgreSQL ``INTEGER``, which every id column is): anything larger is a plain 404.
- **digits that are not ASCII digits** in query strings and forms: ``"²".isdigit()`` is
  true but ``int("²")`` fails, and ``int("١٢")`` quietly reads Arabic-Indic digits.
  :func:`parse_int` accepts ``[0-9]`` only, within a range.
- **a file part** (a multipart upload) where a text field is expected: WTForms then hands
  a file object to code that expects a string. Only the upload routes of documents
  (:data:`UPLOAD_ENDPOINTS`) take files; a request carrying one anywhere else is refused
  with a 400 before any view runs. Those routes alone may receive up to
  ``ATTACHMENT_MAX_BYTES`` (plus the form around the file): the global ``MAX_CONTENT_LENGTH``
  stays for every other route.
- **a line break in the URL** (``/lingua/it?next=/%0d%0a``): no link or single-line field of
  the platform makes one, and one copied into a ``Location`` header would split it: 400.
"""

from __future__ import annotations

import re

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

# The largest value of a PostgreSQL INTEGER (and so of every id column).
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


class IdConverter(IntegerConverter):
    """``<int:...>`` restricted to ASCII digits and to :data:`MAX_ID`."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_int(raw, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``raw`` as an integer if it is ASCII digits within ``[minimum, maximum]``, else ``None``."""
    if not isinstance(raw, str) or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


# The endpoints that take a file (app.documents.routes; an action's update may carry one,
# app.actions.staff_routes.report), and room for the form around it.
UPLOAD_ENDPOINTS = frozenset({"documents.upload", "actions.report"})
UPLOAD_FORM_OVERHEAD = 64 * 1024


def _allow_large_uploads():
    """Before anything reads the body (the CSRF check does): raise the size limit of this
    request only, on the upload routes only."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["ATTACHMENT_MAX_BYTES"] + UPLOAD_FORM_OVERHEAD


def _refuse_file_parts():
    """Only the upload routes take a file: elsewhere a request carrying one is malformed."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        return
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype == "multipart/form-data":
        if request.files:
            abort(400)


def _refuse_line_breaks_in_url():
    texts = (request.path, *(key + value for key, value in request.args.items(multi=True)))
    if any("\r" in text or "\n" in text for text in texts):
        abort(400)


def init_inputs(app: Flask) -> None:
    """Install the id converter (before any blueprint adds its rules) and the request checks."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_line_breaks_in_url)
    app.before_request(_allow_large_uploads)
    app.before_request(_refuse_file_parts)
