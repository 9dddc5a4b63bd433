"""The public theme page shows where its proposals come from, on the same map."""

from __future__ import annotations

from tests import factories
from tests.statistics.helpers import proposal_about
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme


def test_a_public_theme_maps_its_published_proposals_per_comune(client):
    consultation = factories.create_consultation(phase="synthesis")
    run = create_run(consultation)
    theme = create_theme(run, "Mobilità")
    members = [
        proposal_about(consultation, ["Rho"]),
        proposal_about(consultation, ["Rho", "Pero"]),
        proposal_about(consultation, ["Pero"], state="hidden"),
        factories.create_proposal(consultation),  # the whole area: on no comune
    ]
    add_members(run, theme, members)
    create_synthesis(consultation, run)
    page = client.get(f"/consultazioni/{consultation.slug}/sintesi/temi/{theme.id}").text
    assert page.count('class="map-comune') == 133
    assert 'aria-label="Rho: 2 proposte"' in page
    # The hidden proposal is not counted.
    assert 'aria-label="Pero: 1 proposta"' in page
    assert 'aria-label="Milano: 0 proposte"' in page
    rows = page.split('id="theme-origins-table"')[1].split("</table>")[0]
    assert "Rho" in rows and "Pero" in rows and "Milano" not in rows
    assert "Openpolis" in page
