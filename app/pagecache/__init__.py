"""Full-page cache of the public pages for anonymous visitors.

A visitor who only reads (no session cookie, no "remember me" cookie) sees the same
page as every other visitor speaking the same language, so the rendered page is kept
and served again until public content changes:

* **what is cached**: ``GET``/``HEAD`` of the endpoints in :data:`CACHED_ENDPOINTS`,
  answered ``200``, by a request carrying neither the session nor the remember cookie,
  whose response sets no cookie, did not touch the session (a CSRF token or a flashed
  message would: such a page is never stored) and is not marked ``no-store``/``private``;
* **key**: scheme, host, path with the query string exactly as sent, and the locale the
  page was rendered in (chosen by the locale selector: language cookie, then
  Accept-Language);
* **freshness**: each entry carries the *content generation* it was rendered under and
  is served only while that generation is current; :mod:`app.pagecache.invalidation`
  bumps the generation after every commit that wrote public content (proposals and
  their states, supports, comments, moderation, answers, syntheses, consultations,
  reference data...). ``PAGE_CACHE_TTL`` seconds is the safety net for what no write
  announces (a phase that starts at a given hour);
* **where**: Redis when ``REDIS_URL`` is set (one copy for every worker, one round trip
  per request), else an LRU inside each process (``PAGE_CACHE_LOCAL_MAX_BYTES``);
* responses say ``X-Cache: hit`` or ``X-Cache: miss`` on the cached endpoints.

``PAGE_CACHE_ENABLED`` switches the page cache off; the version counters stay on, the
per-process reference data (:mod:`app.reference.snapshot`) needs them. The package also
remembers the dates the templates format (:mod:`app.pagecache.dates`).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask_babel import get_locale

from app.pagecache import dates, invalidation
from app.pagecache.store import Entry, LocalStore, RedisStore
from app.pagecache.versions import CONTENT, REFERENCE, RedisVersions, VersionsUnavailable, versions_for

# Public pages whose content is the same for every anonymous visitor of one language.
CACHED_ENDPOINTS = frozenset(
    {
        "main.home",
        "consultations.index",
        "consultations.detail",
        "proposals.detail",
        "synthesis_public.public",
        "synthesis_public.printable",
        "synthesis_public.theme",
        "entities.organisation",
        "entities.organisation_supports",
        "entities.comune",
        "entities.comune_supports",
    }
)
# Headers of a stored response that belong to one response only.
_NOT_STORED = frozenset({"set-cookie", "content-length", "date", "x-cache"})
_HIT = "pagecache_hit"
_KEY = "pagecache_key"
_VERSIONS = "pagecache_versions"


def init_app(app: Flask) -> None:
    """Install the version counters, the invalidation listeners and the request hooks.

    Call it last in ``create_app``: its after-request hook must see the response before
    the other hooks add their per-response headers.
    """
    versions = versions_for(app.config)
    app.extensions["pagecache_versions"] = versions
    if isinstance(versions, RedisVersions):
        app.extensions["pagecache_store"] = RedisStore(versions)
    else:
        app.extensions["pagecache_store"] = LocalStore(
            versions, int(app.config.get("PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024))
        )
    invalidation.install()
    dates.install(app)
    app.before_request(_serve_from_cache)
    app.after_request(_keep_in_cache)


def version(name: str) -> int | None:
    """The current value of a version counter for this request (read once), or ``None``
    when it cannot be read (Redis down)."""
    versions = current_app.extensions["pagecache_versions"]
    if not has_request_context():
        return _read(versions, name)  # a CLI command or a job: read it each time
    memo = g.setdefault(_VERSIONS, {})
    if name not in memo:
        memo[name] = _read(versions, name)
    return memo[name]


def _read(versions, name: str) -> int | None:
    try:
        return versions.read(name)
    except VersionsUnavailable:
        return None


def reference_version() -> int | None:
    return version(REFERENCE)


def forget_everything(app: Flask) -> None:
    """Drop every cached page and reference snapshot (tests swap the whole database)."""
    invalidation.bump(app, CONTENT, REFERENCE)
    app.extensions["pagecache_store"].clear()
    app.extensions.pop("reference_snapshot", None)


def _is_candidate() -> bool:
    if not current_app.config.get("PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHED_ENDPOINTS:
        return False
    cookies = request.cookies
    return (
        current_app.config.get("SESSION_COOKIE_NAME", "session") not in cookies
        and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
        and "Authorization" not in request.headers
    )


def _key() -> str:
    query = request.query_string.decode("latin-1")
    return f"{get_locale()}|{request.scheme}://{request.host}{request.path}?{query}"


def _serve_from_cache():
    # Tests keep one application context (so one ``g``) across requests: start afresh.
    for name in (_VERSIONS, _HIT, _KEY):
        g.pop(name, None)
    if not _is_candidate():
        return None
    key = _key()
    store = current_app.extensions["pagecache_store"]
    try:
        generation, entry = store.lookup(key)
    except VersionsUnavailable:
        return None  # Redis down: render, and do not store
    g.setdefault(_VERSIONS, {})[CONTENT] = generation
    g.pagecache_key = (key, generation)
    if entry is None:
        return None
    g.pagecache_hit = True
    response = Response(entry.body, status=entry.status, headers=entry.headers)
    response.headers["X-Cache"] = "hit"
    return response


def _keep_in_cache(response: Response) -> Response:
    if g.pop(_HIT, False):
        return response
    if request.endpoint in CACHED_ENDPOINTS and request.method in ("GET", "HEAD"):
        response.headers["X-Cache"] = "miss"
    cached = g.pop(_KEY, None)
    if cached is None or not _storable(response):
        return response
    key, generation = cached
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in _NOT_STORED]
    entry = Entry(generation, response.status_code, headers, response.get_data())
    ttl = int(current_app.config.get("PAGE_CACHE_TTL", 60))
    current_app.extensions["pagecache_store"].save(key, entry, ttl)
    return response


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
