"""Absolute links for e-mails, built in a request, a background job or a CLI command alike."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

# Used only outside a request when no SERVER_NAME is configured (CLI, workers).
DEFAULT_PUBLIC_URL = "http://localhost:5000"


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint``: the request's host, else ``SERVER_NAME``, else
    ``PUBLIC_URL`` (the address people use to reach the site, for e-mails sent by jobs)."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    base_url = current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL
    with current_app.test_request_context(base_url=base_url):
        return url_for(endpoint, _external=True, **values)
