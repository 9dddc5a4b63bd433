"""A page of results, shared by every list view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw: str | None, default: int = 1) -> int:
    """Parse a ``?page=`` value; anything odd means page 1."""
    try:
        value = int(raw or default)
    except (TypeError, ValueError):
        return default
    return min(max(value, 1), 100_000)
