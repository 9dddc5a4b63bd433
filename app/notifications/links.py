"""Absolute links for e-mails (and the API's records), always on ``PUBLIC_URL``.

A link is never built from the request: its ``Host`` (or an ``X-Forwarded-Host``) is
chosen by whoever sends the request, and a password-reset link pointing at their host
would hand them the token. The same function serves requests, background jobs and CLI
commands, so a digest sent by cron links to the same site as a mail sent by a request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

from app.settings import public_url


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` on the site's ``PUBLIC_URL``.

    :raises werkzeug.routing.BuildError: for an unknown endpoint or missing values.
    """
    base = urlsplit(public_url(current_app.config))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
