"""A page of results, shared by every list view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from app.inputs import parse_int

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


MAX_PAGE = 100_000


def page_number(raw: str | None, default: int = 1) -> int:
    """Parse a ``?page=`` value (ASCII digits); anything odd means page ``default``."""
    value = parse_int(raw, minimum=0, maximum=10**18)
    if value is None:
        return default
    return min(max(value, 1), MAX_PAGE)
