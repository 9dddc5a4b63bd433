"""Which language a page is shown in, and how a visitor's choice is remembered.

The choice lives in a long-lived cookie of its own, not in the Flask session: an anonymous
visitor who only reads pages then carries no session and no CSRF token, so those pages are
the same for everyone speaking the language and can be cached (see the perf notes in
docs/ui.md). A logged-in person's choice is also saved on their profile, so it follows them
to other devices and into e-mails.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, has_request_context, request, url_for
from flask_login import current_user

LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "it"
LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}  # each in its own language, never translated
COOKIE_NAME = "forum_locale"
COOKIE_MAX_AGE = 2 * 365 * 24 * 3600


def select_locale() -> str:
    """The profile's language for a logged-in person, then the cookie, then the browser's
    Accept-Language, then Italian."""
    if not has_request_context():
        return DEFAULT_LANGUAGE  # CLI commands and background jobs
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = chosen_language()
    if chosen:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def chosen_language() -> str | None:
    """The language picked with the switch on this browser, if any."""
    chosen = request.cookies.get(COOKIE_NAME)
    return chosen if chosen in LANGUAGES else None


def remember_language(response: Response, language: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        language,
        max_age=COOKIE_MAX_AGE,
        secure=bool(current_app.config.get("FORCE_HTTPS")),
        httponly=True,  # read by the server only
        samesite="Lax",
    )


def vary_on_language(response: Response) -> Response:
    """Pages differ by Accept-Language (and by the cookie): say so to any shared cache."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def from_this_site(incoming) -> bool:
    """True when the browser says the request comes from one of this site's pages (or
    was typed by the person): ``Sec-Fetch-Site`` when the browser sends it, else the
    ``Origin`` or ``Referer``. Without any of them we cannot tell: False."""
    fetch_site = incoming.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    source = incoming.headers.get("Origin") or incoming.headers.get("Referer") or ""
    parts = urlsplit(source)
    return bool(parts.netloc) and f"{parts.scheme}://{parts.netloc}" == incoming.host_url.rstrip("/")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed (no open redirect); a control character
    (``/%0d%0a``: a header split) is never put in a ``Location``."""
    if target and "\\" not in target and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.home")
