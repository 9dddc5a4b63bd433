"""The Scope value type: the one reader and writer of scope codes ("all", "D<n>")."""

from __future__ import annotations

import pytest

from app.synthesis.scope import Scope


@pytest.mark.parametrize(
    ("code", "driver"), [("all", None), ("", None), (None, None), ("D1", 1), ("D10", 10)]
)
def test_a_scope_code_reads_as_every_driver_or_one(code, driver):
    scope = Scope.parse(code)
    assert scope.driver == driver
    assert Scope.parse(scope.code) == scope


@pytest.mark.parametrize("code", ["D", "Dx", "d3", "3", "all ", "D-1", "<script>"])
def test_anything_else_is_not_a_scope(code):
    with pytest.raises(ValueError):
        Scope.parse(code)
    assert Scope.parse_or_all(code) == Scope()


def test_codes_sort_as_people_read_them():
    assert sorted(["D10", "D2", "all", "D1"], key=Scope.sort_key) == ["all", "D1", "D2", "D10"]


def test_a_scope_fits_a_consultation_that_covers_its_driver():
    class Driver:
        def __init__(self, number):
            self.number = number

    class Consultation:
        drivers = [Driver(2), Driver(5)]

    assert Scope().fits(Consultation)
    assert Scope(5).fits(Consultation)
    assert not Scope(3).fits(Consultation)
    assert Scope.for_driver(None) == Scope() and Scope.for_driver(4).code == "D4"
