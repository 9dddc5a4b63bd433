"""HTTP hardening: security headers, trusted proxies and rate limits.

- Headers come from Flask-Talisman: a Content Security Policy without inline scripts or
  styles, ``frame-ancestors 'none'``, a same-origin referrer policy, ``nosniff``; HTTPS
  redirect, HSTS and ``Secure`` session cookies only when ``FORCE_HTTPS`` is on (the
  site is served behind TLS).
- Behind a reverse proxy, ``PROXY_COUNT`` says how many proxies to trust for
  ``X-Forwarded-For`` and ``X-Forwarded-Proto`` (Werkzeug's ProxyFix); 0 (the default)
  trusts none, so a client cannot fake its address to escape the per-IP limits.
  ``X-Forwarded-Host`` is never trusted: the proxy passes ``Host`` itself, and only the
  hosts of ``TRUSTED_HOSTS`` (app.settings) are answered.
- Rate limits (Flask-Limiter) are read from the configuration at each request, so they
  can be tuned without code changes; the counters live in Redis when ``REDIS_URL`` is
  set and in the database otherwise (:mod:`app.ratelimit_storage`): either way every
  worker process and every host shares them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import limiter
from app.ratelimit import DatabaseStorage

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
HSTS_MAX_AGE = 365 * 24 * 3600


def limiter_storage_uri(config) -> str:
    """Where the rate-limit counters live: Redis when ``REDIS_URL`` is set, else the
    database (:class:`app.ratelimit.DatabaseStorage`) — never one process's memory, which
    each gunicorn worker would have for itself."""
    explicit = config.get("RATELIMIT_STORAGE_URI")
    if explicit:
        return explicit
    return config.get("REDIS_URL") or DatabaseStorage.STORAGE_SCHEME[0] + "://"


def init_security(app: Flask) -> None:
    """Install the proxy fix, the rate limiter and the security headers on ``app``."""
    proxies = int(app.config.get("PROXY_COUNT", 0) or 0)
    if proxies > 0:
        # Not x_host: a client's X-Forwarded-Host would choose the host of the links.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)

    app.config["RATELIMIT_STORAGE_URI"] = limiter_storage_uri(app.config)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "forum")
    limiter.init_app(app)

    https = bool(app.config.get("FORCE_HTTPS"))
    if https:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    Talisman(
        app,
        force_https=https,
        strict_transport_security=https,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=https,
        session_cookie_http_only=True,
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        x_content_type_options=True,
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
    app.before_request(_refuse_nul_in_url)
    app.after_request(_private_pages_are_not_cached)


def _refuse_nul_in_url():
    """A NUL byte in the path or the query string is never legitimate (and PostgreSQL
    cannot compare text with it): a clear 400 instead of a database error."""
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        abort(400)


def _private_pages_are_not_cached(response):
    """A page built for a logged-in person must not be kept by shared caches: one sent
    with the session cookie, or with only the "remember me" cookie (its first visit since
    the browser closed: Flask-Login logs the person in from it and the page is theirs)."""
    if request.endpoint and request.method in ("GET", "HEAD") and _personal(request):
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def _personal(incoming) -> bool:
    config = current_app.config
    cookies = incoming.cookies
    if config.get("SESSION_COOKIE_NAME", "session") in cookies:
        return True
    if config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
        return True
    user = g.get("_login_user")  # loaded by this request (never loaded here)
    return bool(user is not None and user.is_authenticated)


# --- rate limits ------------------------------------------------------------------------


def _configured(key: str) -> Callable[[], str]:
    """A limit read from the configuration at each request (tests and ops can tune it)."""
    return lambda: current_app.config[key]


def posted_account_key() -> str:
    """The account a login attempt is for: the e-mail posted, normalised."""
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + (email or "-")


def user_key() -> str:
    """The logged-in person (their IP when anonymous: the route will refuse them anyway)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "ip:" + get_remote_address()


def ip_key() -> str:
    return "ip:" + get_remote_address()


def _failed(response) -> bool:
    return response.status_code >= 400


def _succeeded(response) -> bool:
    return response.status_code < 400


def _only_post() -> bool:
    return request.method != "POST"


def _pair(name: str, per_account_key: Callable[[], str], deduct_when) -> Callable:
    """Decorator applying ``<NAME>_LIMIT_PER_ACCOUNT`` and ``<NAME>_LIMIT_PER_IP`` to POSTs.

    Shared scopes: the limits count across every route they decorate (both flag routes
    share one counter).
    """
    per_account = limiter.shared_limit(
        _configured(f"{name}_LIMIT_PER_ACCOUNT"),
        scope=f"{name.lower()}-account",
        key_func=per_account_key,
        exempt_when=_only_post,
        deduct_when=deduct_when,
    )
    per_ip = limiter.shared_limit(
        _configured(f"{name}_LIMIT_PER_IP"),
        scope=f"{name.lower()}-ip",
        key_func=ip_key,
        exempt_when=_only_post,
        deduct_when=deduct_when,
    )

    def decorate(view):
        return per_ip(per_account(view))

    return decorate


def _saved(response) -> bool:
    """The proposal form's "check" button (intent=assist) re-renders the form and saves nothing."""
    return _succeeded(response) and request.form.get("intent") != "assist"


# Failed logins count (a correct password is never slowed down by someone else's typos
# beyond the per-IP limit); content limits count what was saved.
limit_login = _pair("LOGIN", posted_account_key, _failed)
limit_submit = _pair("SUBMIT", user_key, _saved)
limit_comment = _pair("COMMENT", user_key, _succeeded)
limit_flag = _pair("FLAG", user_key, _succeeded)
# The proposal form's suggestions (Driver, similar proposals): every request counts.
limit_assist = _pair("ASSIST", user_key, None)
# Forms that send e-mail to an address typed by the visitor (register, resend, reset).
limit_mail = limiter.shared_limit(
    _configured("MAIL_LIMIT_PER_IP"), scope="mail-ip", key_func=ip_key, exempt_when=_only_post
)


# The open-data API, per address: every request counts toward API_LIMIT_PER_IP; downloads
# (CSV, XLSX: many rows each, the costly requests) also toward API_DOWNLOAD_LIMIT_PER_IP.
def _not_a_download() -> bool:
    fmt = (request.view_args or {}).get("fmt") or request.args.get("format") or "json"
    return fmt not in ("csv", "xlsx")


_api_per_ip = limiter.shared_limit(_configured("API_LIMIT_PER_IP"), scope="api-ip", key_func=ip_key)
_api_downloads_per_ip = limiter.shared_limit(
    _configured("API_DOWNLOAD_LIMIT_PER_IP"),
    scope="api-download-ip",
    key_func=ip_key,
    exempt_when=_not_a_download,
)


def limit_api(view):
    return _api_per_ip(_api_downloads_per_ip(view))
