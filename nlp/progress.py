"""A minimal progress bar on stderr (standard library only), silent unless enabled."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Progress of one long step, e.g. ``Progress("vettorizzazione", total=100_000)``.

    Redraws at most a few times a second so that the bar itself costs nothing measurable.
    """

    def __init__(self, label: str, total: int, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(int(total), 1)
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self._last = 0.0
        self._start = time.monotonic()

    def update(self, done: int) -> None:
        """Show ``done`` of ``total`` (throttled)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.2 and done < self.total:
            return
        self._last = now
        frac = min(max(done / self.total, 0.0), 1.0)
        width = 30
        bar = "#" * int(frac * width)
        self.stream.write(f"\r{self.label:<18} [{bar:<{width}}] {frac:6.1%} {now - self._start:6.1f}s")
        self.stream.flush()

    def step(self, label: str) -> None:
        """Switch to a new named step (keeps the same total)."""
        if self.enabled:
            self.finish()
        self.label = label
        self._last = 0.0

    def finish(self) -> None:
        """Complete the bar and end the line."""
        if not self.enabled:
            return
        self._last = 0.0
        self.update(self.total)
        self.stream.write("\n")
        self.stream.flush()
