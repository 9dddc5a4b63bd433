"""The disclosure rules, on their own."""

from __future__ import annotations

from app.statistics.suppression import hidden_cells, is_small


def test_counts_of_one_to_four_people_are_small_zero_and_five_are_not():
    assert [is_small(n) for n in (0, 1, 4, 5, 40)] == [False, True, True, False, False]


def test_a_lone_hidden_cell_takes_the_smallest_other_non_zero_cell_with_it():
    # 20 - 9 - 7 would give the 3 back.
    assert hidden_cells({"a": 9, "b": 3, "c": 7, "d": 0}, total=19) == {"b", "c"}


def test_two_hidden_cells_protect_each_other():
    assert hidden_cells({"a": 9, "b": 3, "c": 2}, total=14) == {"b", "c"}


def test_no_complement_when_the_total_is_hidden_or_not_shown():
    assert hidden_cells({"a": 3, "b": 0}, total=3) == {"a"}
    assert hidden_cells({"a": 3, "b": 12}, total=None) == {"a"}


def test_nothing_hidden_when_nothing_is_small():
    assert hidden_cells({"a": 5, "b": 0, "c": 12}, total=17) == set()
