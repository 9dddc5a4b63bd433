"""Statistical disclosure control of the public figures.

Counts of people (participants) from 1 to 4 are not shown: "< 5". Zero is shown — who is
silent is what the page is for, and an empty cell says nothing about anyone. Every rate
computed from a hidden count is hidden too (rate × population would give it back).

Secondary suppression: in a group of cells shown with their total (the comuni of one zone
with the zone's figure; the zones, Drivers, actor types or weeks with the scope's total), a
single hidden cell could be approached by subtracting the others from the total, so the
smallest other non-zero cell is hidden as well. Distinct participants do not exactly add up
(one person may act in two comuni), so this is stricter than needed, never looser.

The rules run on the exact figures the same way for the page, the map, CSV, XLSX and the
API, so no output shows what another hides.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

MIN_PEOPLE = 5


def is_small(count: int) -> bool:
    """A count of people that may point at someone: 1 to 4."""
    return 0 < count < MIN_PEOPLE


def hidden_cells(counts: Mapping[Hashable, int], total: int | None) -> set:
    """The keys of ``counts`` not to show, given the group's ``total`` (None: no total is
    shown next to them)."""
    hidden = {key for key, count in counts.items() if is_small(count)}
    total_shown = total is not None and not is_small(total)
    if total_shown and len(hidden) == 1:
        others = sorted(
            (count, str(key), key) for key, count in counts.items() if key not in hidden and count > 0
        )
        if others:
            hidden.add(others[0][2])
    return hidden
