"""Where rendered pages are kept: Redis (shared by every worker) or an in-process LRU.

An entry remembers the content generation it was rendered under; it is served only
while that generation is still current, so a write never has to find and delete the
pages it changed. The Redis store reads the generation and the page in one round trip
(``MGET``). Entries also expire after ``PAGE_CACHE_TTL`` seconds, the safety net for
what no write announces (a consultation changing phase at a given hour).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from time import monotonic

from redis.exceptions import RedisError

from app.pagecache.versions import CONTENT, FileVersions, RedisVersions, VersionsUnavailable


@dataclass(frozen=True)
class Entry:
    generation: int
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def dump(self) -> bytes:
        # JSON escapes newlines, so the first b"\n" ends the metadata.
        meta = json.dumps([self.generation, self.status, self.headers], separators=(",", ":"))
        return meta.encode() + b"\n" + self.body

    @classmethod
    def load(cls, raw: bytes) -> Entry:
        meta, _, body = raw.partition(b"\n")
        generation, status, headers = json.loads(meta)
        return cls(generation, status, [(name, value) for name, value in headers], body)


class RedisStore:
    """Pages in Redis under ``<prefix>:page:<key>``, each with its own expiry."""

    def __init__(self, versions: RedisVersions):
        self.versions = versions

    def _page_key(self, key: str) -> str:
        return f"{self.versions.prefix}:page:{key}"

    def lookup(self, key: str) -> tuple[int, Entry | None]:
        """The current generation and the entry for ``key`` if it belongs to it.

        :raises VersionsUnavailable: Redis did not answer.
        """
        try:
            raw_generation, raw_entry = self.versions.client.mget(
                self.versions.key(CONTENT), self._page_key(key)
            )
        except RedisError as error:
            raise VersionsUnavailable(str(error)) from error
        generation = int(raw_generation or 0)
        if raw_entry is None:
            return generation, None
        try:
            entry = Entry.load(raw_entry)
        except (ValueError, TypeError):
            return generation, None  # not written by this code: render it again
        return generation, entry if entry.generation == generation else None

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

    def __init__(self, versions: FileVersions, max_bytes: int):
        self.versions, self.max_bytes = versions, max_bytes
        self._entries: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self._bytes = 0
        self._generation_seen = 0
        self._lock = threading.Lock()  # gthread workers serve several requests at once

    def lookup(self, key: str) -> tuple[int, Entry | None]:
        generation = self.versions.read(CONTENT)
        with self._lock:
            if generation != self._generation_seen:
                # Everything kept belongs to an older generation: free it at once.
                self._entries.clear()
                self._bytes = 0
                self._generation_seen = generation
            found = self._entries.get(key)
            if found is None:
                return generation, None
            expires_at, entry = found
            if expires_at < monotonic() or entry.generation != generation:
                self._drop(key)
                return generation, None
            self._entries.move_to_end(key)
            return generation, entry

    def save(self, key: str, entry: Entry, ttl: int) -> None:
        size = len(entry.body)
        if size > self.max_bytes:
            return
        with self._lock:
            if entry.generation != self._generation_seen:
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
