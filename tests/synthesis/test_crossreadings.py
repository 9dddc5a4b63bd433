"""Cross-readings: the statistics on hand-made tables, the gaps, duplicates, and the analysts' page."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chi2

import nlp
from app.synthesis.readings.crossreadings import (
    GAP_FEW_MAX,
    METROPOLITAN,
    SEVERAL_ZONES,
    Category,
    Contribution,
    DuplicateText,
    chi2_survival,
    cross_table,
    describe_duplicates,
    find_gaps,
    table_statistics,
    territory_key,
)
from app.synthesis.readings.services import read_gaps, read_run
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import add_members, create_run, create_theme


def chi2_sf_1dof(x: float) -> float:
    """Survival function of chi-square with 1 degree of freedom, by hand: erfc(sqrt(x / 2))."""
    return math.erfc(math.sqrt(x / 2))


# -- statistics on hand-made tables ----------------------------------------------------------


def test_the_chi_square_p_value_agrees_with_scipy_for_every_table_size_the_pages_meet():
    """The p-value is computed without scipy (importing scipy.stats cost more than the page's
    budget); it must agree with it, from tiny to huge statistics and 1 to 300 degrees of freedom."""
    for dof in (1, 2, 3, 4, 7, 12, 30, 99, 300):
        for statistic in (0.0, 1e-6, 0.3, 1.0, 2.5, dof - 0.5, dof, dof + 1.5, 2 * dof, 5 * dof + 40, 700):
            expected = float(chi2.sf(statistic, dof))
            assert chi2_survival(statistic, dof) == pytest.approx(expected, rel=1e-9, abs=1e-13), (
                statistic,
                dof,
            )


def test_expected_counts_lift_and_chi_square_of_a_2x2_table_match_a_hand_computation():
    stats = table_statistics([[10, 20], [30, 40]])
    # N = 100, rows 30 / 70, columns 40 / 60: E = row × column / N.
    assert np.array(stats.expected, dtype=float) == pytest.approx(np.array([[12, 18], [28, 42]], dtype=float))
    assert np.array(stats.lift, dtype=float) == pytest.approx(
        np.array([[10 / 12, 20 / 18], [30 / 28, 40 / 42]], dtype=float)
    )
    hand_chi2 = 2**2 / 12 + 2**2 / 18 + 2**2 / 28 + 2**2 / 42
    assert stats.chi2 == pytest.approx(hand_chi2)  # 0.7937, no Yates correction
    assert stats.dof == 1
    assert stats.p_value == pytest.approx(chi2_sf_1dof(hand_chi2))
    assert not stats.is_significant
    assert not stats.is_approximate
    assert stats.flags == [["", ""], ["", ""]]  # nothing flagged when the table is not significant


def test_a_strong_association_is_significant_and_flags_over_and_under_cells():
    stats = table_statistics([[20, 0], [0, 20]])
    assert np.array(stats.expected, dtype=float) == pytest.approx(np.array([[10, 10], [10, 10]], dtype=float))
    assert np.array(stats.lift, dtype=float) == pytest.approx(np.array([[2, 0], [0, 2]], dtype=float))
    assert stats.chi2 == pytest.approx(40.0)
    assert stats.p_value == pytest.approx(chi2_sf_1dof(40.0))
    assert stats.is_significant
    # Adjusted residual: (20 - 10) / sqrt(10 × (1 - 20/40) × (1 - 20/40)) = 6.3246.
    assert stats.residuals[0][0] == pytest.approx(10 / math.sqrt(2.5))
    assert stats.residuals[0][1] == pytest.approx(-10 / math.sqrt(2.5))
    assert stats.flags == [["over", "under"], ["under", "over"]]


def test_a_3x3_table_matches_the_pearson_formula_and_flags_only_cells_beyond_the_threshold():
    observed = [[8, 2, 0], [2, 8, 0], [0, 0, 10]]
    n = 30
    rows = [sum(r) for r in observed]
    cols = [sum(r[j] for r in observed) for j in range(3)]
    hand = sum(
        (observed[i][j] - rows[i] * cols[j] / n) ** 2 / (rows[i] * cols[j] / n)
        for i in range(3)
        for j in range(3)
    )
    stats = table_statistics(observed)
    assert stats.chi2 == pytest.approx(hand)  # 35.0
    assert stats.dof == 4
    assert stats.is_significant
    assert stats.is_approximate  # every expected count is 10/3 < 5
    assert stats.flags[2][2] == "over"
    assert stats.flags[0][2] == "under"
    # 8 observed against 10/3 expected: residual (8 - 10/3) / sqrt(10/3 × 2/3 × 2/3) = 3.13.
    assert stats.residuals[0][0] == pytest.approx((8 - 10 / 3) / math.sqrt(10 / 3 * 4 / 9))
    assert stats.flags[0][0] == "over"


def test_small_expected_counts_make_the_test_approximate():
    stats = table_statistics([[3, 1], [1, 3]])
    assert np.array(stats.expected, dtype=float) == pytest.approx(np.array([[2, 2], [2, 2]], dtype=float))
    assert stats.chi2 == pytest.approx(2.0)
    assert stats.p_value == pytest.approx(chi2_sf_1dof(2.0))  # 0.157
    assert stats.is_approximate
    assert not stats.is_significant


def test_empty_rows_and_columns_have_no_lift_and_are_left_out_of_the_test():
    stats = table_statistics([[5, 0, 5], [0, 0, 0], [5, 0, 5]])
    assert stats.lift[1] == [None, None, None]
    assert stats.lift[0][1] is None
    assert stats.lift[0][0] == pytest.approx(1.0)
    assert stats.chi2 == pytest.approx(0.0)
    assert stats.dof == 1  # the 2 × 2 table left once the empty row and column are dropped
    assert stats.p_value == pytest.approx(1.0)


def test_a_table_with_one_row_is_not_tested():
    stats = table_statistics([[4, 6]])
    assert not stats.is_tested
    assert np.array(stats.lift, dtype=float) == pytest.approx(np.array([[1.0, 1.0]], dtype=float))
    assert not table_statistics([[4, 6], [1, 2]], test=False).is_tested


def test_cross_table_counts_pairs_ignores_unknown_keys_and_drops_empty_columns():
    rows = [Category("t1", "Tema 1"), Category("t2", "Tema 2")]
    columns = [Category("a", "A"), Category("b", "B"), Category("c", "C")]
    pairs = [("t1", "a")] * 20 + [("t2", "b")] * 20 + [("t3", "a"), ("t1", "zzz")]
    table = cross_table(rows, columns, pairs)
    assert [c.key for c in table.columns] == ["a", "b"]
    assert [[c.observed for c in row] for row in table.cells] == [[20, 0], [0, 20]]
    assert table.row_totals == [20, 20] and table.column_totals == [20, 20] and table.total == 40
    assert table.cells[0][0].flag == "over" and table.cells[0][1].flag == "under"
    assert table.cells[0][0].expected == pytest.approx(10)
    weighted = cross_table(rows, columns, [("t1", "a", 3), ("t2", "c", 2)], test=False)
    assert [[c.observed for c in row] for row in weighted.cells] == [[3, 0], [0, 2]]
    assert not weighted.statistics.is_tested


def test_each_proposal_falls_in_one_territory():
    assert territory_key(4, [1, 2]) == 4
    assert territory_key(None, [3, 3]) == 3
    assert territory_key(None, [3, 5]) == SEVERAL_ZONES
    assert territory_key(None, []) == METROPOLITAN
    assert territory_key(None, [None]) == METROPOLITAN


# -- gaps --------------------------------------------------------------------------------------


def test_gaps_list_zones_comuni_and_actor_types_with_no_or_few_contributions_per_driver():
    drivers = [Category(1, "D1"), Category(2, "D2")]
    zones = [Category(10, "Alto"), Category(11, "Basso"), Category(12, "Centro")]
    comuni = [Category(100, "Xcomune"), Category(101, "Ycomune")]
    actors = [Category(1, "cittadino"), Category(2, "associazione")]
    many = GAP_FEW_MAX + 1
    contributions = [Contribution(1, frozenset({10}), frozenset({100}), 1)] * many
    contributions.append(Contribution(1, frozenset({11}), frozenset(), 2))
    contributions.append(Contribution(1, frozenset(), frozenset(), 2))  # whole area: no zone
    gaps = find_gaps(drivers, zones, comuni, actors, contributions)
    d1, d2 = gaps
    assert d1.contributions == many + 2
    assert d1.zones_none == ["Centro"]
    assert d1.zones_few == [("Basso", 1)]
    assert d1.actor_types_none == []
    assert d1.actor_types_few == [("associazione", 2)]
    assert d1.comuni_none == ["Ycomune"] and d1.comuni_reached == 1 and d1.comuni_total == 2
    assert d2.contributions == 0
    assert d2.zones_none == ["Alto", "Basso", "Centro"]
    assert d2.actor_types_none == ["cittadino", "associazione"]
    assert d2.comuni_none == ["Xcomune", "Ycomune"]


def test_gaps_read_from_the_database_count_only_published_proposals(app):
    consultation = factories.create_consultation(drivers=[factories.driver(1), factories.driver(2)])
    rho = factories.comune("Rho")
    factories.create_proposal(consultation, driver_number=1, scope="comuni", comuni=[rho])
    factories.create_proposal(consultation, driver_number=2, scope="comuni", comuni=[rho], state="hidden")
    gaps = {g.driver.label.split(" ·")[0]: g for g in read_gaps(consultation)}
    assert gaps["D1"].contributions == 1
    assert rho.zone.name not in gaps["D1"].zones_none
    assert (rho.zone.name, 1) in gaps["D1"].zones_few
    assert "Rho" not in gaps["D1"].comuni_none
    assert gaps["D2"].contributions == 0  # the hidden proposal does not count
    assert "Rho" in gaps["D2"].comuni_none


# -- near-duplicates and campaigns -------------------------------------------------------------


def test_duplicates_group_copies_and_mark_campaigns_by_distinct_authors():
    campaign = "Chiediamo una pista ciclabile sicura lungo il Naviglio Grande da Milano ad Abbiategrasso"
    near = "Aprire le palestre delle scuole superiori alle associazioni sportive del quartiere la sera"
    texts = [
        DuplicateText(1, 11, campaign),
        DuplicateText(2, 12, campaign + "."),
        DuplicateText(3, 13, campaign.upper()),
        DuplicateText(4, 14, near),
        DuplicateText(5, 14, near + " e nel fine settimana"),
        DuplicateText(6, 15, "Un testo del tutto diverso sul lavoro e la formazione professionale"),
    ]
    groups = [
        {"ids": [int(i) for i in g.doc_ids], "similarity": g.similarity, "exact": g.exact}
        for g in nlp.find_duplicates([nlp.Document(str(t.proposal_id), t.text) for t in texts])
    ]
    findings = describe_duplicates(groups, texts)
    assert [f.proposal_ids for f in findings] == [[1, 2, 3], [4, 5]]
    assert findings[0].is_campaign and findings[0].authors == 3 and findings[0].exact
    assert not findings[1].is_campaign and findings[1].authors == 1
    assert 0.7 <= findings[1].similarity < 1  # nlp.find_duplicates links pairs from 0.7


# -- the data behind the pages -----------------------------------------------------------------


def _world():
    consultation = factories.create_consultation(drivers=[factories.driver(1), factories.driver(5)])
    nord_ovest = factories.zone("nord-ovest")
    run = create_run(consultation)
    mobility = create_theme(run, "Mobilità")
    schools = create_theme(run, "Scuole")
    p = [
        factories.create_proposal(consultation, driver_number=5, scope="zone", zone_id=nord_ovest.id),
        factories.create_proposal(
            consultation, driver_number=5, scope="comuni", comuni=[factories.comune("Rho")]
        ),
        factories.create_proposal(consultation, driver_number=1),
        factories.create_proposal(consultation, driver_number=1, state="hidden"),
        factories.create_proposal(consultation, driver_number=1),
    ]
    add_members(run, mobility, p[:2])
    add_members(run, schools, p[2:])
    return consultation, run, mobility, schools, p


def test_read_run_counts_published_members_by_driver_zone_and_actor_type(app):
    consultation, run, mobility, schools, p = _world()
    reading = read_run(run, consultation)
    assert reading.total == 4  # the hidden proposal is not counted
    assert [(t.theme.label, t.size) for t in reading.themes] == [("Mobilità", 2), ("Scuole", 2)]
    by_driver = reading.by_driver
    assert [c.label.split(" ·")[0] for c in by_driver.columns] == ["D1", "D5"]
    assert [[c.observed for c in row] for row in by_driver.cells] == [[0, 2], [2, 0]]
    zone_labels = [c.label for c in reading.by_zone.columns]
    assert zone_labels[0] == factories.zone("nord-ovest").name  # both mobility proposals
    assert [[c.observed for c in row] for row in reading.by_zone.cells] == [[2, 0], [0, 2]]
    assert [[c.observed for c in row] for row in reading.by_actor_type.cells] == [[2], [2]]


def test_the_analysts_page_shows_tables_heatmaps_gaps_and_escapes_hostile_labels(app, client):
    consultation, run, mobility, schools, p = _world()
    mobility.label_curated = "<script>alert('x')</script> Mobilità"
    factories.create_support(p[0], actor_type_id=factories.actor_type("associazione").id)
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    english(client)
    response = client.get(f"/sintesi/consultazioni/{consultation.slug}/letture")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert html.count('class="chart-svg"') == 4  # sizes + three heatmaps (not the UI icons)
    assert "<style" not in html and ' style="' not in html  # the CSP forbids inline styles
    assert "Supports per theme" in html and "Gaps: where to reach out" in html
    assert 'id="gaps-table"' in html and 'id="by-driver-table"' in html
    assert "Chi-square test of independence" in html


def test_the_analysts_page_is_for_analysts_only(app, client):
    consultation = factories.create_consultation()
    url = f"/sintesi/consultazioni/{consultation.slug}/letture"
    assert client.get(url).status_code == 302
    sign_in(client, factories.create_user())
    assert client.get(url).status_code == 403
    sign_in(client, factories.create_user(roles=["analyst"]))
    assert client.get(url).status_code == 200  # no run yet: the page says so
    assert client.get(url + "?ambito=D99").status_code == 404
