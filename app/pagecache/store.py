"""Where rendered pages are kept: Redis (shared by every worker) or an in-process LRU.

An entry remembers the :class:`Stamp` it was rendered under — the content generation and
the activity generation read before rendering — so a write never has to find and delete
the pages it changed:

* a page is served only while the **content** generation is the same (a moderator's
  hide, an edit, an answer, anything but everyday participation: visible at once);
* and while the **activity** generation is the same *or* the page is at most
  ``grace`` seconds old (``PAGE_CACHE_ACTIVITY_GRACE``): a support, a comment or a new
  proposal reaches visitors within that time. Without the grace every support would
  empty the cache, and under a steady stream of supports (a consultation's last days)
  no page would ever be served from it.

The Redis store reads both generations and the page in one round trip (``MGET``).
Entries also expire after ``PAGE_CACHE_TTL`` seconds, the safety net for what no write
announces (a consultation changing phase at a given hour).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from time import monotonic, time

from redis.exceptions import RedisError

from app.pagecache.versions import ACTIVITY, CONTENT, FileVersions, RedisVersions, VersionsUnavailable


@dataclass(frozen=True)
class Stamp:
    """The generations current when a page was looked up (and then rendered)."""

    content: int
    activity: int


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    # Wall-clock time (shared by every process and host) the page was kept at.
    stored_at: float = 0.0

    def is_fresh(self, current: Stamp, grace: float) -> bool:
        """May this page still be served, the generations being ``current`` now?"""
        if self.stamp.content != current.content:
            return False
        return self.stamp.activity == current.activity or time() - self.stored_at <= grace

    def dump(self) -> bytes:
        # JSON escapes newlines, so the first b"\n" ends the metadata.
        meta = [self.stamp.content, self.stamp.activity, self.stored_at, self.status, self.headers]
        return json.dumps(meta, separators=(",", ":")).encode() + b"\n" + self.body

    @classmethod
    def load(cls, raw: bytes) -> Entry:
        meta, _, body = raw.partition(b"\n")
        content, activity, stored_at, status, headers = json.loads(meta)
        return cls(
            Stamp(content, activity), status, [(name, value) for name, value in headers], body, stored_at
        )


class RedisStore:
    """Pages in Redis under ``<prefix>:page:<key>``, each with its own expiry."""

    def __init__(self, versions: RedisVersions, grace: float):
        self.versions, self.grace = versions, grace

    def _page_key(self, key: str) -> str:
        return f"{self.versions.prefix}:page:{key}"

    def lookup(self, key: str) -> tuple[Stamp, Entry | None]:
        """The current generations and the entry for ``key`` if it may be served.

        :raises VersionsUnavailable: Redis did not answer.
        """
        try:
            raw_content, raw_activity, raw_entry = self.versions.client.mget(
                self.versions.key(CONTENT), self.versions.key(ACTIVITY), self._page_key(key)
            )
        except RedisError as error:
            raise VersionsUnavailable(str(error)) from error
        current = Stamp(int(raw_content or 0), int(raw_activity or 0))
        if raw_entry is None:
            return current, None
        try:
            entry = Entry.load(raw_entry)
        except (ValueError, TypeError):
            return current, None  # not written by this code: render it again
        return current, entry if entry.is_fresh(current, self.grace) else None

    def save(self, key: str, entry: Entry, ttl: int) -> None:
        try:
            self.versions.client.set(self._page_key(key), entry.dump(), ex=ttl)
        except RedisError:
            pass  # a page not cached is only a slower next view

    def clear(self) -> None:
        try:
            keys = list(self.versions.client.scan_iter(match=self._page_key("*"), count=500))
            if keys:
                self.versions.client.delete(*keys)
        except RedisError:
            pass


class LocalStore:
    """A per-process LRU bounded in bytes; the generation comes from :class:`FileVersions`."""

    def __init__(self, versions: FileVersions, max_bytes: int, grace: float):
        self.versions, self.max_bytes, self.grace = versions, max_bytes, grace
        self._entries: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self._bytes = 0
        self._content_seen = 0
        self._lock = threading.Lock()  # gthread workers serve several requests at once

    def lookup(self, key: str) -> tuple[Stamp, Entry | None]:
        current = Stamp(self.versions.read(CONTENT), self.versions.read(ACTIVITY))
        with self._lock:
            if current.content != self._content_seen:
                # Everything kept belongs to an older generation: free it at once.
                self._entries.clear()
                self._bytes = 0
                self._content_seen = current.content
            found = self._entries.get(key)
            if found is None:
                return current, None
            expires_at, entry = found
            if expires_at < monotonic() or not entry.is_fresh(current, self.grace):
                self._drop(key)
                return current, None
            self._entries.move_to_end(key)
            return current, entry

    def save(self, key: str, entry: Entry, ttl: int) -> None:
        size = len(entry.body)
        if size > self.max_bytes:
            return
        with self._lock:
            if entry.stamp.content != self._content_seen:
                return  # rendered under a generation that has already changed
            self._drop(key)
            self._entries[key] = (monotonic() + ttl, entry)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= len(found[1].body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
