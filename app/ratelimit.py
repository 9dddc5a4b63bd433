"""Rate-limit counters in the database, for installations without Redis.

Flask-Limiter keeps its counters in Redis when ``REDIS_URL`` is set; without Redis its
default would be each process's memory, and under gunicorn every worker would count on
its own (the penetration test passed 19 of 25 login attempts through a "5 per minute"
limit with 4 workers). So without Redis the counters live in this table, which every
worker and every host shares: ``RATELIMIT_STORAGE_URI = "forumdb://"``
(:func:`app.security.limiter_storage_uri`).

Fixed windows only (the strategy the app uses). Each increment is one ``INSERT ... ON
CONFLICT DO UPDATE ... RETURNING`` in its own short transaction on its own connection,
committed at once whatever the request does afterwards; the key is stored as a digest
(it holds the e-mail address typed in the login form). Expired rows are reused by their
key and, now and then, deleted.
"""

from __future__ import annotations

import hashlib
import random
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# One increment in this many also deletes the rows expired for an hour.
CLEAN_UP_ONE_IN = 200


class RateLimitCounter(db.Model):
    """One fixed-window counter: how many hits under ``key`` until ``expires_at``."""

    __tablename__ = "rate_limit_counters"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    # Seconds since the epoch (what the limits library speaks).
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """A :mod:`limits` storage on the app's database (``forumdb://``)."""

    STORAGE_SCHEME = ["forumdb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
            statement = insert(table).values(key=_digest(key), count=amount, expires_at=now + expiry)
            expired = table.c.expires_at <= now
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((expired, amount), else_=table.c.count + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            ).returning(table.c.count)
            count = connection.execute(statement).scalar_one()
            if random.randrange(CLEAN_UP_ONE_IN) == 0:
                connection.execute(delete(table).where(table.c.expires_at < now - 3600))
        return int(count)

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row is not None else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter.__table__).where(RateLimitCounter.key == _digest(key)))

    def _row(self, key: str):
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateLimitCounter.count, RateLimitCounter.expires_at).where(
                    RateLimitCounter.key == _digest(key)
                )
            ).first()
