"""Serving and storing pages: a WSGI middleware around the Flask app, and one
after-request hook inside it.

A hit is answered by the middleware without entering Flask at all (no request context,
no session, no hooks): about a quarter of a millisecond, where the same answer from a
``before_request`` hook cost a millisecond. So the middleware stores the *final* response
— status, every header the app's hooks added (security headers included), body — and
replays it.

The decision to store belongs to the app, which knows what the page did: the
after-request hook :func:`mark_storable` flags the response when it is a 200 of a cached
endpoint that set no cookie, left the session alone and was rendered in the locale the
key names; the middleware then keeps it. The locale of the key is computed from the
request the way the app's locale selector computes it for a visitor (language cookie,
then Accept-Language); the check in :func:`mark_storable` guarantees a page is never
stored under another language's key even if the two were to disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from time import time

from flask import Flask, Response, request, session
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from app.pagecache.store import Entry, Stamp
from app.pagecache.versions import VersionsUnavailable

# Set by the middleware on a miss worth storing, read by the after-request hook.
PENDING = "forum.pagecache.pending"
# Set by the after-request hook when the response may be kept.
STORABLE = "forum.pagecache.storable"
# Headers that belong to one response only (the server adds its own Date).
NOT_STORED = frozenset({"set-cookie", "content-length", "date", "x-cache"})


class PageCacheMiddleware:
    """Answer cache hits before Flask; keep the responses the app marked storable."""

    def __init__(self, wsgi_app: Callable, app: Flask, endpoints: frozenset[str], locale_for: Callable):
        self.wsgi_app, self.app, self.endpoints, self.locale_for = wsgi_app, app, endpoints, locale_for

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        candidate = self._candidate(environ)
        if candidate is None:
            return self.wsgi_app(environ, start_response)
        key, locale = candidate
        store = self.app.extensions["pagecache_store"]
        try:
            stamp, entry = store.lookup(key)
        except VersionsUnavailable:
            return self.wsgi_app(environ, start_response)  # Redis down: render, keep nothing
        if entry is not None:
            return self._replay(entry, environ, start_response)
        environ[PENDING] = (stamp, locale)
        return self._render_and_keep(environ, start_response, key, stamp)

    def _candidate(self, environ: dict) -> tuple[str, str] | None:
        """The cache key and locale of an anonymous GET/HEAD of a cached endpoint, else None."""
        config = self.app.config
        if not config.get("PAGE_CACHE_ENABLED", True) or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        incoming = Request(environ, populate_request=False, shallow=True)
        cookies = incoming.cookies
        if (
            config.get("SESSION_COOKIE_NAME", "session") in cookies
            or config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies
            or "HTTP_AUTHORIZATION" in environ
        ):
            return None
        try:
            endpoint, _arguments = self.app.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return None  # not found, redirect to the slash URL...
        if endpoint not in self.endpoints:
            return None
        locale = self.locale_for(incoming)
        query = incoming.query_string.decode("latin-1")
        return f"{locale}|{incoming.scheme}://{incoming.host}{incoming.path}?{query}", locale

    @staticmethod
    def _replay(entry: Entry, environ: dict, start_response: Callable) -> Iterable[bytes]:
        headers = [*entry.headers, ("X-Cache", "hit"), ("Content-Length", str(len(entry.body)))]
        start_response(f"{entry.status} {_reason(entry.status)}", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    def _render_and_keep(self, environ: dict, start_response: Callable, key: str, stamp: Stamp):
        answered: dict = {}

        def remember(status: str, headers: list, exc_info=None):
            answered["status"], answered["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        if not environ.get(STORABLE) or environ["REQUEST_METHOD"] != "GET":
            return body
        headers = answered.get("headers", [])
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return body  # belt and braces: the app said storable, the cookie says otherwise
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        kept = [(name, value) for name, value in headers if name.lower() not in NOT_STORED]
        status = int(answered["status"].split(" ", 1)[0])
        ttl = int(self.app.config.get("PAGE_CACHE_TTL", 60))
        entry = Entry(stamp, status, kept, content, stored_at=time())
        self.app.extensions["pagecache_store"].save(key, entry, ttl)
        return [content]


def _reason(status: int) -> str:
    return HTTPStatus(status).phrase


def mark_storable(endpoints: frozenset[str]) -> Callable[[Response], Response]:
    """The after-request hook: say ``X-Cache: miss`` on cached endpoints, and tell the
    middleware whether this response may be kept."""

    def hook(response: Response) -> Response:
        if request.endpoint not in endpoints or request.method not in ("GET", "HEAD"):
            return response
        response.headers["X-Cache"] = "miss"
        pending = request.environ.get(PENDING)
        if pending is not None and _storable(response) and str(get_locale()) == pending[1]:
            request.environ[STORABLE] = True
        return response

    return hook


def _storable(response: Response) -> bool:
    cache_control = response.cache_control
    return (
        response.status_code == 200
        and not response.is_streamed
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified
        and not cache_control.no_store
        and not cache_control.private
    )
