"""What the bench scripts share: the bench database, its accounts, a progress bar.

The bench scripts are run from the repository root (``python bench/seed_large.py``);
they import the app, so they need the project installed in the virtualenv.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/forum_bench"
# Every seeded account has this password (bench databases only, never a real server).
BENCH_PASSWORD = "Bench-Forum-2026"
BENCH_EMAIL_DOMAIN = "bench.forum.example"


def bench_url(cli_value: str | None = None) -> str:
    """The bench database URL: the command-line value, ``BENCH_DATABASE_URL`` or the default."""
    return cli_value or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_BENCH_URL


def user_email(number: int) -> str:
    """The e-mail address of seeded user ``number`` (1-based)."""
    return f"utente{number}@{BENCH_EMAIL_DOMAIN}"


def psycopg_dsn(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as a libpq connection string."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class Progress:
    """A one-line progress bar on stderr (no dependency): ``label [#####.....] 50%``."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done = 0
        self.started = time.perf_counter()
        self._last_drawn = -1.0
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self._last_drawn >= 0.2 or self.done >= self.total:
            self._draw()

    def _draw(self) -> None:
        self._last_drawn = time.perf_counter()
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = self._last_drawn - self.started
        self.stream.write(
            f"\r{self.label:<22} [{bar}] {share:6.1%} {self.done:>9,}/{self.total:,} {elapsed:6.1f}s"
        )
        self.stream.flush()

    def finish(self) -> None:
        self.done = self.total
        self._draw()
        self.stream.write("\n")
        self.stream.flush()
