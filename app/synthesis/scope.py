"""The scope of a theme run or synthesis: every Driver of a consultation, or one Driver.

Stored as a short code in the ``scope`` columns (``"all"`` or ``"D<number>"``) and read from
``?ambito=`` and forms; this value type is the one place that code is parsed and written.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.synthesis.models import ALL_DRIVERS


@dataclass(frozen=True)
class Scope:
    """Every Driver (``driver is None``) or the Driver numbered ``driver``."""

    driver: int | None = None

    @classmethod
    def parse(cls, code: str | None) -> Scope:
        """The scope written ``code``; an empty code means every Driver.

        :raises ValueError: if the code is neither ``all`` nor ``D<number>``.
        """
        if not code or code == ALL_DRIVERS:
            return cls()
        if not code.startswith("D") or not code[1:].isdigit():
            raise ValueError(f"not a scope: {code!r}")
        return cls(int(code[1:]))

    @classmethod
    def parse_or_all(cls, code: str | None) -> Scope:
        """The scope written ``code``, or every Driver when it is not a scope code."""
        try:
            return cls.parse(code)
        except ValueError:
            return cls()

    @classmethod
    def for_driver(cls, number: int | None) -> Scope:
        return cls(int(number) if number else None)

    @property
    def code(self) -> str:
        return ALL_DRIVERS if self.driver is None else f"D{self.driver}"

    def __str__(self) -> str:
        return self.code

    def name(self) -> str:
        """How the scope is called on pages: "All Drivers" or "Driver 5"."""
        return _("All Drivers") if self.driver is None else _("Driver %(number)d", number=self.driver)

    def fits(self, consultation) -> bool:
        """Whether the consultation covers this scope (every consultation covers "all")."""
        return self.driver is None or self.driver in {d.number for d in consultation.drivers}

    @staticmethod
    def sort_key(code: str) -> tuple:
        """Order scope codes as people read them: "all" first, then D1, D2 … D10."""
        return (code != ALL_DRIVERS, len(code), code)
