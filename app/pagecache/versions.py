"""Version counters that every worker process reads: the content generation and the
reference-data version.

A counter only has to *change* when the data changes (readers compare it for equality),
so two back-ends suffice:

* :class:`RedisVersions` (``PAGE_CACHE_REDIS_URL``, else ``REDIS_URL``): ``INCR`` on a
  shared key, seen at once by every worker on every host;
* :class:`FileVersions` (no Redis): the modification time, in nanoseconds, of one small
  file per counter next to the SQLite database (or in the temporary directory, named
  after the database URL). Every process of one host sees a bump at once, which keeps
  several gunicorn workers correct without Redis; several hosts need Redis.

Both are read once per request at most (the caller memoises the value in ``g``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CONTENT = "content"
# Bumped by the writes of everyday participation only (supports, comments, new
# proposals, their counters): pages may lag behind it by PAGE_CACHE_ACTIVITY_GRACE.
ACTIVITY = "activity"
REFERENCE = "reference"
COUNTERS = (CONTENT, ACTIVITY, REFERENCE)
# A Redis that does not answer within this time is treated as down: the page is served
# uncached rather than late.
REDIS_TIMEOUT_SECONDS = 0.25


class VersionsUnavailable(Exception):
    """The shared counters cannot be read (Redis down): nothing may be served from cache."""


class RedisVersions:
    def __init__(self, url: str, prefix: str):
        self.url, self.prefix = url, prefix
        self._client: Redis | None = None

    @property
    def client(self) -> Redis:
        # Created on first use, so each gunicorn worker opens its own connections.
        if self._client is None:
            self._client = Redis.from_url(
                self.url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
            )
        return self._client

    def key(self, name: str) -> str:
        return f"{self.prefix}:version:{name}"

    def read(self, name: str) -> int:
        """:raises VersionsUnavailable: Redis did not answer."""
        try:
            value = self.client.get(self.key(name))
        except RedisError as error:
            raise VersionsUnavailable(str(error)) from error
        return int(value or 0)

    def bump(self, *names: str) -> None:
        """:raises VersionsUnavailable: Redis did not answer."""
        try:
            pipe = self.client.pipeline(transaction=False)
            for name in names:
                pipe.incr(self.key(name))
            pipe.execute()
        except RedisError as error:
            raise VersionsUnavailable(str(error)) from error


class FileVersions:
    def __init__(self, directory: Path, stem: str):
        self.directory, self.stem = directory, stem

    def path(self, name: str) -> Path:
        return self.directory / f"{self.stem}.{name}-version"

    def read(self, name: str) -> int:
        try:
            return os.stat(self.path(name)).st_mtime_ns
        except FileNotFoundError:
            return 0

    def bump(self, *names: str) -> None:
        for name in names:
            path = self.path(name)
            path.touch(exist_ok=True)
            # Always a new value, even if the clock did not move since the last bump.
            new = max(time.time_ns(), self.read(name) + 1)
            os.utime(path, ns=(new, new))


def versions_for(config) -> RedisVersions | FileVersions:
    """The counters of the application configured by ``config``."""
    prefix = config.get("PAGE_CACHE_KEY_PREFIX", "forum:pagecache")
    redis_url = config.get("PAGE_CACHE_REDIS_URL") or config.get("REDIS_URL")
    if redis_url:
        return RedisVersions(redis_url, prefix)
    database = str(config.get("SQLALCHEMY_DATABASE_URI", ""))
    if database.startswith("sqlite:///") and not database.endswith(":memory:"):
        sqlite_file = Path(database.removeprefix("sqlite:///"))
        return FileVersions(sqlite_file.parent, sqlite_file.name)
    digest = hashlib.sha256(f"{prefix}|{database}".encode()).hexdigest()[:16]
    return FileVersions(Path(tempfile.gettempdir()), f"forum-pagecache-{digest}")
