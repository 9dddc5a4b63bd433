"""Cross-readings of a theme run: contingency tables, over/under-representation, gaps.

Pure computations on plain rows (no database access here: the rows come from
:mod:`app.synthesis.readings.queries`), so every statistic can be tested on hand-made tables.

Definitions (shown to analysts on the cross-readings page):

* **expected count** of a cell: ``row total × column total / grand total`` — what the cell
  would hold if themes were spread over the columns in the same proportions as the whole run.
* **lift** = observed / expected: 1 means "as expected", 2 "twice as often", 0.5 "half as often";
  undefined when the expected count is 0.
* **chi-square test of independence** per table (Pearson, without Yates' continuity correction,
  as :func:`scipy.stats.chi2_contingency` with ``correction=False``) on the rows and columns that
  are not all zero; the p-value by :func:`chi2_survival` (importing scipy.stats alone took longer
  than the whole page should). The table is *significant* when ``p < SIGNIFICANCE``; it is
  *approximate* when more than 20 % of the expected counts are below ``MIN_EXPECTED`` (Cochran's rule).
* **cell flag**: in a significant table, a cell is flagged "over" (or "under") when its adjusted
  standardized residual ``(O − E) / sqrt(E · (1 − row/N) · (1 − col/N))`` (Haberman) is at least
  ``RESIDUAL_THRESHOLD`` (or at most its opposite) — about a 5 % two-sided level per cell.
* **gaps**: for each Driver, the zones, comuni and actor types with no contribution, and with
  "few" (1 to ``GAP_FEW_MAX``) contributions. A proposal about the whole metropolitan area counts
  for no single zone or comune; one about some comuni counts for those comuni and their zones.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

SIGNIFICANCE = 0.05
RESIDUAL_THRESHOLD = 1.96
MIN_EXPECTED = 5
GAP_FEW_MAX = 2
# A near-duplicate group with at least this many distinct authors is shown as a campaign.
CAMPAIGN_MIN_AUTHORS = 3


@dataclass(frozen=True)
class Category:
    """A row or a column of a table: a stable key and a readable label."""

    key: Hashable
    label: str


@dataclass(frozen=True)
class Cell:
    observed: float
    expected: float
    lift: float | None
    residual: float | None
    flag: str  # "over", "under" or ""


@dataclass
class TableStatistics:
    """What :func:`table_statistics` computes on an observed matrix."""

    expected: list[list[float]]
    lift: list[list[float | None]]
    residuals: list[list[float | None]]
    flags: list[list[str]]
    chi2: float | None = None
    dof: int | None = None
    p_value: float | None = None
    is_significant: bool = False
    is_approximate: bool = False

    @property
    def is_tested(self) -> bool:
        return self.p_value is not None


@dataclass
class CrossTable:
    """A contingency table with its statistics, ready to show (rows × columns)."""

    rows: list[Category]
    columns: list[Category]
    cells: list[list[Cell]]
    row_totals: list[float]
    column_totals: list[float]
    total: float
    statistics: TableStatistics = field(repr=False)

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def chi2_survival(statistic: float, dof: int) -> float:
    """P(X ≥ ``statistic``) for a chi-square variable with ``dof`` degrees of freedom.

    The regularised upper incomplete gamma function Q(dof/2, statistic/2): its series below
    ``a + 1``, its continued fraction (modified Lentz) above, as in Numerical Recipes §6.2;
    agrees with :func:`scipy.stats.chi2.sf` to 1e-12 (tests/synthesis/test_crossreadings.py).
    """
    a, x = dof / 2.0, statistic / 2.0
    if x <= 0:
        return 1.0
    log_prefactor = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-16:
            n += 1
            term *= x / n
            total += term
        return max(0.0, 1.0 - total * math.exp(log_prefactor))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    fraction = d
    for i in range(1, 10_000):
        step = -i * (i - a)
        b += 2
        d = step * d + b
        d = d if abs(d) > tiny else tiny
        c = b + step / c
        c = c if abs(c) > tiny else tiny
        d = 1 / d
        fraction *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return math.exp(log_prefactor) * fraction


def table_statistics(observed: Sequence[Sequence[float]], test: bool = True) -> TableStatistics:
    """Expected counts, lift, adjusted residuals, chi-square test and cell flags of a table.

    :param observed: the observed counts, a list of rows (all of the same length).
    :param test: False to skip the chi-square test and the cell flags (for counts that are not
        independent observations, such as several supports by one person).
    """
    matrix = (
        np.asarray(observed, dtype=float).reshape(len(observed), -1) if len(observed) else np.zeros((0, 0))
    )
    n_rows, n_cols = matrix.shape
    total = matrix.sum()
    row_totals = matrix.sum(axis=1)
    col_totals = matrix.sum(axis=0)
    expected = np.outer(row_totals, col_totals) / total if total else np.zeros_like(matrix)
    lift: list[list[float | None]] = [[None] * n_cols for _ in range(n_rows)]
    residuals: list[list[float | None]] = [[None] * n_cols for _ in range(n_rows)]
    for i in range(n_rows):
        for j in range(n_cols):
            e = expected[i, j]
            if e > 0:
                lift[i][j] = float(matrix[i, j] / e)
                variance = e * (1 - row_totals[i] / total) * (1 - col_totals[j] / total)
                if variance > 0:
                    residuals[i][j] = float((matrix[i, j] - e) / math.sqrt(variance))
    stats = TableStatistics(
        expected=expected.tolist(),
        lift=lift,
        residuals=residuals,
        flags=[[""] * n_cols for _ in range(n_rows)],
    )
    keep_rows, keep_cols = row_totals > 0, col_totals > 0
    if not test or keep_rows.sum() < 2 or keep_cols.sum() < 2:
        return stats
    reduced = matrix[np.ix_(keep_rows, keep_cols)]
    reduced_expected = np.outer(reduced.sum(axis=1), reduced.sum(axis=0)) / total
    stats.chi2 = float(((reduced - reduced_expected) ** 2 / reduced_expected).sum())
    stats.dof = (reduced.shape[0] - 1) * (reduced.shape[1] - 1)
    stats.p_value = chi2_survival(stats.chi2, stats.dof)
    stats.is_significant = stats.p_value < SIGNIFICANCE
    small = (reduced_expected < MIN_EXPECTED).sum()
    stats.is_approximate = bool(small > 0.2 * reduced.size)
    if stats.is_significant:
        for i in range(n_rows):
            for j in range(n_cols):
                r = residuals[i][j]
                if r is not None and r >= RESIDUAL_THRESHOLD:
                    stats.flags[i][j] = "over"
                elif r is not None and r <= -RESIDUAL_THRESHOLD:
                    stats.flags[i][j] = "under"
    return stats


def cross_table(
    rows: Sequence[Category],
    columns: Sequence[Category],
    pairs: Iterable[tuple[Hashable, Hashable] | tuple[Hashable, Hashable, float]],
    test: bool = True,
    drop_empty_columns: bool = True,
) -> CrossTable:
    """Count ``(row key, column key[, weight])`` pairs into a table and compute its statistics.

    Pairs whose keys are not among ``rows``/``columns`` are ignored. Columns with no count are
    dropped when ``drop_empty_columns`` (they carry no information and widen the table).
    """
    row_index = {r.key: i for i, r in enumerate(rows)}
    col_index = {c.key: j for j, c in enumerate(columns)}
    counts = [[0.0] * len(columns) for _ in rows]
    for pair in pairs:
        i, j = row_index.get(pair[0]), col_index.get(pair[1])
        if i is not None and j is not None:
            counts[i][j] += pair[2] if len(pair) == 3 else 1
    kept = list(range(len(columns)))
    if drop_empty_columns:
        kept = [j for j in kept if any(row[j] for row in counts)]
    columns = [columns[j] for j in kept]
    counts = [[row[j] for j in kept] for row in counts]
    stats = table_statistics(counts, test=test)
    cells = [
        [
            Cell(
                counts[i][j], stats.expected[i][j], stats.lift[i][j], stats.residuals[i][j], stats.flags[i][j]
            )
            for j in range(len(columns))
        ]
        for i in range(len(rows))
    ]
    return CrossTable(
        rows=list(rows),
        columns=list(columns),
        cells=cells,
        row_totals=[sum(r) for r in counts],
        column_totals=[sum(row[j] for row in counts) for j in range(len(columns))],
        total=sum(sum(r) for r in counts),
        statistics=stats,
    )


# -- territory ------------------------------------------------------------------------------

METROPOLITAN = "metropolitan"
SEVERAL_ZONES = "several"


def territory_key(zone_id: int | None, comuni_zone_ids: Iterable[int | None]) -> Hashable:
    """One territorial category per proposal, so each counts once in a theme × zone table.

    The proposal's zone; else the zone of its comuni when they all lie in one; else
    :data:`SEVERAL_ZONES`; a proposal about the whole area (no zone, no comune) is
    :data:`METROPOLITAN`.
    """
    if zone_id is not None:
        return zone_id
    zones = {z for z in comuni_zone_ids if z is not None}
    if len(zones) == 1:
        return zones.pop()
    if zones:
        return SEVERAL_ZONES
    return METROPOLITAN


# -- gaps -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """A published proposal as the gaps see it."""

    driver_id: int | None
    zone_ids: frozenset[int]
    comune_ids: frozenset[int]
    actor_type_id: int


@dataclass
class Gap:
    """What one Driver lacks: categories with no contribution and with few (name, count)."""

    driver: Category
    contributions: int
    zones_none: list[str]
    zones_few: list[tuple[str, int]]
    actor_types_none: list[str]
    actor_types_few: list[tuple[str, int]]
    comuni_none: list[str]
    comuni_few: list[tuple[str, int]]

    @property
    def comuni_reached(self) -> int:
        return self.comuni_total - len(self.comuni_none)

    comuni_total: int = 0


def _split(categories: Sequence[Category], counts: dict) -> tuple[list[str], list[tuple[str, int]]]:
    none = [c.label for c in categories if counts.get(c.key, 0) == 0]
    few = [(c.label, counts[c.key]) for c in categories if 0 < counts.get(c.key, 0) <= GAP_FEW_MAX]
    return none, few


def find_gaps(
    drivers: Sequence[Category],
    zones: Sequence[Category],
    comuni: Sequence[Category],
    actor_types: Sequence[Category],
    contributions: Iterable[Contribution],
) -> list[Gap]:
    """For each Driver, the zones, comuni and actor types with no or few contributions."""
    by_driver: dict = defaultdict(
        lambda: {"n": 0, "zone": defaultdict(int), "comune": defaultdict(int), "actor": defaultdict(int)}
    )
    for c in contributions:
        bucket = by_driver[c.driver_id]
        bucket["n"] += 1
        for z in c.zone_ids:
            bucket["zone"][z] += 1
        for m in c.comune_ids:
            bucket["comune"][m] += 1
        bucket["actor"][c.actor_type_id] += 1
    gaps = []
    for d in drivers:
        bucket = by_driver[d.key]
        zones_none, zones_few = _split(zones, bucket["zone"])
        actors_none, actors_few = _split(actor_types, bucket["actor"])
        comuni_none, comuni_few = _split(comuni, bucket["comune"])
        gaps.append(
            Gap(
                driver=d,
                contributions=bucket["n"],
                zones_none=zones_none,
                zones_few=zones_few,
                actor_types_none=actors_none,
                actor_types_few=actors_few,
                comuni_none=comuni_none,
                comuni_few=comuni_few,
                comuni_total=len(comuni),
            )
        )
    return gaps


# -- near-duplicates and campaigns -----------------------------------------------------------


@dataclass(frozen=True)
class DuplicateText:
    proposal_id: int
    author_id: int | None
    text: str


@dataclass
class DuplicateFinding:
    """A group of proposals saying the same thing; a *campaign* when many authors filed it."""

    proposal_ids: list[int]
    similarity: float
    exact: bool
    authors: int

    @property
    def is_campaign(self) -> bool:
        return self.authors >= CAMPAIGN_MIN_AUTHORS


def describe_duplicates(groups: Sequence[dict], texts: Sequence[DuplicateText]) -> list[DuplicateFinding]:
    """Near-duplicate groups among proposals, largest first, with their number of authors.

    ``groups`` are computed by the theme run in the background (:func:`nlp.find_duplicates`,
    character 3-gram Jaccard at its default threshold) and stored in the run's parameters
    as ``{"ids": [...], "similarity": float, "exact": bool}``: the web process never loads
    the NLP stack. Proposals no longer among ``texts`` (hidden since the run) are dropped,
    and a group left with one proposal is no group.
    """
    authors = {t.proposal_id: t.author_id for t in texts}
    findings = []
    for group in groups:
        ids = sorted(int(i) for i in group["ids"] if int(i) in authors)
        if len(ids) < 2:
            continue
        findings.append(
            DuplicateFinding(
                proposal_ids=ids,
                similarity=float(group["similarity"]),
                exact=bool(group["exact"]),
                authors=len({authors[i] for i in ids}),
            )
        )
    findings.sort(key=lambda f: (-len(f.proposal_ids), f.proposal_ids))
    return findings
