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
* **freshness**: each entry carries the generations it was rendered under
  (:class:`app.pagecache.store.Stamp`); :mod:`app.pagecache.invalidation` bumps them
  after every commit that wrote public content. The *content* generation (moderation,
  edits, answers, syntheses, consultations, reference data... anything but everyday
  participation) makes every kept page stale at once; the *activity* generation
  (supports, comments, new proposals and their counters) lets a page be served for
  ``PAGE_CACHE_ACTIVITY_GRACE`` seconds more, so a steady stream of supports does not
  empty the cache. ``PAGE_CACHE_TTL`` seconds is the safety net for what no write
  announces (a phase that starts at a given hour);
* **where**: Redis when ``REDIS_URL`` is set (one copy for every worker, one round trip
  per request), else an LRU inside each process (``PAGE_CACHE_LOCAL_MAX_BYTES``);
* **how**: a WSGI middleware (:mod:`app.pagecache.serving`) answers hits before Flask
  and keeps the final responses (security headers included) of ``GET`` misses the app
  marked storable; ``HEAD`` is answered from a kept ``GET``;
* responses say ``X-Cache: hit`` or ``X-Cache: miss`` on the cached endpoints.

``PAGE_CACHE_ENABLED`` switches the page cache off; the version counters stay on, the
per-process reference data (:mod:`app.reference.snapshot`) needs them. The package also
remembers the dates the templates format (:mod:`app.pagecache.dates`).
"""

from __future__ import annotations

from collections.abc import Callable
from time import time

from flask import Flask, current_app, g, has_request_context
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Request

from app.main.locale import COOKIE_NAME as LANGUAGE_COOKIE
from app.main.locale import DEFAULT_LANGUAGE, LANGUAGES
from app.pagecache import dates, invalidation
from app.pagecache.serving import PageCacheMiddleware, mark_storable
from app.pagecache.store import Entry, LocalStore, RedisStore
from app.pagecache.versions import (
    ACTIVITY,
    CONTENT,
    REFERENCE,
    RedisVersions,
    VersionsUnavailable,
    versions_for,
)

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
        "statistics.index",
        # From the Forum to the plan (issue 17): any write to the actions' tables bumps the
        # content generation (app/pagecache/invalidation.py), so no rule of their own is needed.
        "actions.index",
        "actions.detail",
        "meetings.index",
        "meetings.detail",
        # The calendars (.ics): building the time zone costs ~5 ms each; a meeting's own file is
        # fetched by everyone who registers and the feeds by every calendar app polling them.
        "meetings.ics",
        "meetings.feed",
        "meetings.consultation_feed",
        "meetings.zone_feed",
    }
)
_VERSIONS = "pagecache_versions"


def init_app(app: Flask) -> None:
    """Install the version counters, the invalidation listeners, the remembered dates, the
    serving middleware and its after-request hook."""
    versions = versions_for(app.config)
    app.extensions["pagecache_versions"] = versions
    grace = float(app.config.get("PAGE_CACHE_ACTIVITY_GRACE", 10))
    if isinstance(versions, RedisVersions):
        app.extensions["pagecache_store"] = RedisStore(versions, grace)
    else:
        app.extensions["pagecache_store"] = LocalStore(
            versions, int(app.config.get("PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024)), grace
        )
    invalidation.install()
    dates.install(app)
    app.before_request(_forget_versions_read)
    app.after_request(mark_storable(CACHED_ENDPOINTS))
    # Inside the proxy fix, if any: keys are made of the client's scheme and host.
    outer = app.wsgi_app
    if isinstance(outer, ProxyFix):
        outer.app = PageCacheMiddleware(outer.app, app, CACHED_ENDPOINTS, visitor_locale)
    else:
        app.wsgi_app = PageCacheMiddleware(outer, app, CACHED_ENDPOINTS, visitor_locale)


def visitor_locale(incoming: Request) -> str:
    """The language a visitor's page is rendered in, as :func:`app.main.locale.select_locale`
    chooses it for someone not logged in: the language cookie, then Accept-Language."""
    chosen = incoming.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return incoming.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


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


def remembered_count(key: str, count: Callable[[], int]) -> int:
    """``count()``, remembered in the page store under the same freshness rules as a page
    (:class:`app.pagecache.store.Entry`): how many proposals match a filter or a search
    costs PostgreSQL a scan of every match (tens of milliseconds for a common word), and
    the same filters are asked again and again — by logged-in people too, whose pages are
    never cached — until content changes.

    A count may lag behind everyday participation by ``PAGE_CACHE_ACTIVITY_GRACE``
    seconds, like a visitor's page; moderation and every other write refresh it at once.
    Redis down: counted every time.
    """
    store = current_app.extensions["pagecache_store"]
    stored_key = f"count|{key}"
    try:
        stamp, entry = store.lookup(stored_key)
    except VersionsUnavailable:
        return count()
    if entry is not None:
        return int(entry.body)
    value = count()
    entry = Entry(stamp, 200, [], str(value).encode(), stored_at=time())
    store.save(stored_key, entry, int(current_app.config.get("PAGE_CACHE_TTL", 60)))
    return value


def reference_version() -> int | None:
    return version(REFERENCE)


def forget_everything(app: Flask) -> None:
    """Drop every cached page and reference snapshot (tests swap the whole database)."""
    invalidation.bump(app, CONTENT, ACTIVITY, REFERENCE)
    app.extensions["pagecache_store"].clear()
    app.extensions.pop("reference_snapshot", None)


def _forget_versions_read() -> None:
    # Tests keep one application context (so one ``g``) across requests: start afresh.
    g.pop(_VERSIONS, None)
